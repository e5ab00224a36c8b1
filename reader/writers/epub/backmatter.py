"""The EPUB's front and back matter: the colophon on the title page, the translator's notes and the
full glossary at the end, each with links back to where the text refers to it.

The glossary lists the entries the text links (and its author's entry), in the HTML edition's pinyin
order, each with its forms, gloss, note and numbered back-links to every occurrence, Chinese and
English apart. Entry notes come from the one Markdown renderer and are re-serialised as XML here, so
that a void element such as ``<br>`` cannot break the XHTML.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ...model import Edition, Form, Glossary, GlossaryEntry
from ..shared.entries import entry_note, entry_order, headword, text_forms
from ..shared.labels import CATEGORY_LABELS
from .content import SCRIPT_LANG, Content, ContentDoc, NavPoint, lang_attrs, safe_href


def xhtml_fragment(html: str, ids: dict[str, str] | None = None) -> Markup:
    """HTML from the Markdown renderer (element content) -> the same content as well-formed XML.

    Language tags become ``lang`` and ``xml:lang``; http(s) links are percent-encoded where needed; a
    ``#fragment`` link points into the document holding that id (``ids``: id -> document), or is
    dropped, its text kept, when the book has no such id."""
    from lxml import etree
    from lxml import html as lhtml

    if not html.strip():
        return Markup("")
    parts = lhtml.fragments_fromstring(html)
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(str(escape(part)))
        else:
            for el in list(part.iter()):
                if not isinstance(el.tag, str):
                    continue
                if el.get("lang") is not None:  # XHTML wants both attributes, and a valid tag
                    tag = str(lang_attrs(el.get("lang", ""))).split('"')[1]
                    el.set("lang", tag)
                    el.set("{http://www.w3.org/XML/1998/namespace}lang", tag)
                href = el.get("href")
                if el.tag == "a" and href is not None:
                    if href.startswith("#"):
                        doc = (ids or {}).get(href[1:])
                        if doc is None:
                            el.drop_tag()
                        else:
                            el.set("href", doc + href)
                    else:
                        el.set("href", safe_href(href))
            out.append(etree.tostring(part, method="xml", encoding="unicode", with_tail=True))
    return Markup("".join(out))


def colophon(edition: Edition, glossary: Glossary, script: str, font_note: str) -> str:
    """What the edition is: author, source, translation, rights, editorial principles, script and font."""
    m = edition.metadata
    zh = SCRIPT_LANG[script] if script != ("hans" if m.lang.startswith("zh-Hans") else "hant") else m.lang
    author_en = ""
    if m.author_ref and glossary.get(m.author_ref) is not None:
        author_en = glossary.by_id[m.author_ref].english
    rows: list[tuple[str, Markup]] = []

    def zh_value(text: str) -> Markup:
        return Markup("<span{}>{}</span>").format(lang_attrs(zh), text)

    if m.author:
        value = zh_value(m.author)
        if author_en:
            value += Markup(" ({})").format(author_en)
        if m.affiliation:
            value += Markup(", ") + zh_value(m.affiliation)
        rows.append(("Author", value))
    source = [x for x in (m.title,) if x]
    if source:
        pub = Markup(", ") + zh_value(m.publisher) if m.publisher else Markup("")
        rows.append(("Source", zh_value(m.title) + pub))
    if m.date:
        rows.append(("Date of the source", Markup(escape(m.date))))
    if m.translator:
        rows.append(("Translation", Markup(escape(m.translator))))
    if m.rights:
        rows.append(("Rights", Markup(escape(m.rights))))
    if m.editorial:
        rows.append(("Editorial principles", Markup(escape(m.editorial))))
    if script == "hans" and not m.lang.startswith("zh-Hans"):
        rows.append(("Script", Markup("The Chinese is shown in Simplified characters, converted with OpenCC.")))
    if font_note:
        rows.append(("Font", Markup(escape(font_note))))
    items = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        f'<section epub:type="colophon" class="colophon"{lang_attrs("en")}>'
        f"<h2>About this edition</h2><dl>{items}</dl></section>"
    )


def notes_doc(content: Content) -> ContentDoc | None:
    """The translator's notes in order, each linking back to its reference mark."""
    if not content.notes:
        return None
    items = "".join(
        f'<li id="tn-{escape(n.id)}"><p>{n.html} '
        f'<a href="{escape(n.doc)}#ref-{escape(n.id)}" role="doc-backlink">Back to the text</a></p></li>'
        for n in content.notes
    )
    body = (
        f'<section epub:type="endnotes" role="doc-endnotes" class="notes"{lang_attrs("en")}>'
        f"<h1>Translator’s notes</h1><ol>{items}</ol></section>"
    )
    return ContentDoc(
        "notes.xhtml", "Translator’s notes", Markup(body), NavPoint("notes.xhtml", "", "Translator’s notes"), "notes"
    )


def used(edition: Edition, glossary: Glossary, content: Content) -> list[GlossaryEntry]:
    """The entries the glossary lists: those linked in the text, and the author's."""
    refs = list(content.occurrences)
    if edition.metadata.author_ref and edition.metadata.author_ref not in refs:
        refs.append(edition.metadata.author_ref)
    return entry_order([e for e in (glossary.get(r) for r in refs) if e is not None])


def glossary_doc(edition: Edition, glossary: Glossary, content: Content, script: str) -> ContentDoc | None:
    """The full glossary: every entry used, with its forms, gloss, note and back-links."""
    entries = used(edition, glossary, content)
    if not entries:
        return None
    zh = SCRIPT_LANG[script]
    out: list[str] = []
    forms_used = text_forms(edition)
    for entry in entries:
        form, reading = headword(entry, script, edition.metadata.lang, forms_used.get(entry.id), glossary.follows)
        content.chars.update(form)
        zh_forms: list[Form] = []
        for f in entry.chinese_forms():  # each written form once (both scripts often agree)
            if all(f.text != g.text for g in zh_forms):
                zh_forms.append(f)
        forms = " · ".join(f"<span{lang_attrs(f.lang)}>{escape(f.text)}</span>" for f in zh_forms)
        content.chars.update("".join(f.text for f in zh_forms))
        note = xhtml_fragment(str(entry_note(entry, script, edition)), content.ids)
        category = CATEGORY_LABELS.get(entry.category, entry.category)
        backs = []
        for side, label in (("zh", "In the Chinese"), ("en", "In the English")):
            occ = [o for o in content.occurrences.get(entry.id, []) if o.side == side]
            if occ:
                links = " ".join(
                    f'<a href="{escape(o.doc)}#{escape(o.anchor)}" role="doc-backlink">{i}</a>'
                    for i, o in enumerate(occ, 1)
                )
                backs.append(f"{label}: {links}")
        backlinks = f'<p class="backlinks">{". ".join(backs)}</p>' if backs else ""
        out.append(
            f'<dt id="gl-{escape(entry.id)}" epub:type="glossterm">'
            f'<span class="hw"{lang_attrs(zh)}>{escape(form)}</span> '
            f'<span class="py"{lang_attrs("zh-Latn-pinyin")}>{escape(reading)}</span> '
            f"<strong>{escape(entry.english)}</strong></dt>"
            f'<dd epub:type="glossdef"><p><span class="cat">{escape(category)}.</span> '
            f"{escape(entry.gloss)}</p>{note}"
            f'<p class="forms">Forms: {forms}</p>{backlinks}</dd>'
        )
    body = (
        f'<section epub:type="glossary" role="doc-glossary" class="glossary"{lang_attrs("en")}>'
        f"<h1>Glossary</h1><dl>{''.join(out)}</dl></section>"
    )
    return ContentDoc(
        "glossary.xhtml", "Glossary", Markup(body), NavPoint("glossary.xhtml", "", "Glossary"), "glossary"
    )
