"""EPUB content documents: the model -> XHTML chapters, with glossary terms and translator's notes as
EPUB 3 footnotes.

One document per top-level section (a chapter); the title and byline open a title page, and blocks
outside any section (a closing editor's note) get a document of their own. Inside a chapter the
Chinese and English come pair by pair (``interleaved``) or as two blocks (``blocks``): all the Chinese
of the section, then all the English. Every element that holds text carries both ``lang`` and
``xml:lang``.

A glossary term is a link ``<a epub:type="noteref">`` to an ``<aside epub:type="footnote">`` at the end
of the same document (one aside per entry and document), which reading systems show as a pop-up; a
translator's note is a numbered noteref to its own aside. Every term occurrence gets an id so that the
full glossary at the end links back to it (:mod:`.backmatter`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ...model import (
    Block,
    Edition,
    Glossary,
    GlossaryEntry,
    Inline,
    Section,
    plain_text,
)
from ...model import Unit as ModelUnit
from ..shared.entries import headword, text_forms
from ..shared.inline import convert_inlines, convert_text, source_script
from ..shared.labels import SCRIPT_LANG
from .inline import InlineState, NoteItem, Occurrence, lang_attrs, render_inlines, safe_href  # noqa: F401

LAYOUTS = ("interleaved", "blocks")


@dataclass(frozen=True)
class NavPoint:
    """An entry of the table of contents."""

    href: str  #: ``doc.xhtml`` or ``doc.xhtml#id``
    zh: str  #: the Chinese label (plain text, may be empty)
    en: str  #: the English label (plain text, may be empty)
    children: tuple[NavPoint, ...] = ()  #: subsections


@dataclass
class ContentDoc:
    """One XHTML content document before it is wrapped in the page skeleton."""

    name: str  #: file name inside the package, e.g. ``s1.xhtml``
    title: str  #: the document's ``<title>`` (plain text)
    body: Markup  #: the body's content
    nav: NavPoint | None = None  #: where the table of contents points at it (None: not listed there)
    kind: str = "chapter"  #: title, chapter, closing, notes or glossary


@dataclass
class Content:
    """Everything the text's content documents produced: the documents and what the back matter needs."""

    docs: list[ContentDoc] = field(default_factory=list)  #: title page and chapters, in reading order
    notes: list[NoteItem] = field(default_factory=list)  #: notes in document order
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)  #: glossary id -> occurrences
    chars: set[str] = field(default_factory=set)  #: every character of Chinese shown (for font subsetting)
    ids: dict[str, str] = field(default_factory=dict)  #: element id of every unit and sentence -> its document


class _Writer:
    """Renders the model into content documents, keeping note numbers and term occurrences."""

    def __init__(self, edition: Edition, glossary: Glossary, script: str, layout: str) -> None:
        self.edition, self.glossary, self.script, self.layout = edition, glossary, script, layout
        self.used = text_forms(edition)  #: entry id -> the forms the text writes (headwords)
        self.src = source_script(edition.metadata.lang)
        self.out = Content()
        self.state = InlineState(glossary)  #: what the inline content records (shared with self.out)
        self.out.notes, self.out.occurrences, self.out.chars = (
            self.state.notes,
            self.state.occurrences,
            self.state.chars,
        )
        self.generated = 0  #: ids made up for units without an xml:id

    # --- inline content ---------------------------------------------------------------------

    def zh_lang(self, unit_lang: str) -> str:
        return unit_lang if self.script == self.src else SCRIPT_LANG[self.script]

    def inlines(self, nodes: tuple[Inline, ...], side: str, in_link: bool = False, in_note: bool = False) -> str:
        """Inline nodes -> escaped XHTML (``side``: zh or en; inside a link; inside a note's pop-up)."""
        return render_inlines(self.state, nodes, side, in_link, in_note)

    # --- units and blocks -------------------------------------------------------------------

    def unit_id(self, unit: ModelUnit) -> str:
        if unit.id:
            return unit.id
        self.generated += 1
        return f"u{self.generated}"

    def unit(self, unit: ModelUnit, side: str, tag: str, cls: str) -> str:
        """One unit as an element: its sentences as spans with their ids, so back-links can find them."""
        lang = self.zh_lang(unit.lang) if side == "zh" else unit.lang
        parts: list[str] = []
        uid = self.unit_id(unit)
        self.out.ids[uid] = self.state.doc
        for s in unit.sentences:
            if s.id:
                self.out.ids[s.id] = self.state.doc
            nodes = convert_inlines(s.inlines, source_script(unit.lang), self.script) if side == "zh" else s.inlines
            html = self.inlines(nodes, side)
            parts.append(f'<span id="{escape(s.id)}">{html}</span>' if s.id else html)
        sep = "" if side == "zh" else " "
        return f'<{tag} id="{escape(uid)}" class="{cls}"{lang_attrs(lang)}>{sep.join(parts)}</{tag}>'

    def pair(self, block: Block) -> str:
        """A block interleaved: the original, then its translation units (or a mark that there are none)."""
        cls = "p" if block.kind == "p" else f"p {block.kind}"
        zh = self.unit(block.original, "zh", "p", f"zh {cls}")
        en = "".join(self.unit(u, "en", "p", f"en {cls}") for u in block.translation)
        if not block.translation:
            en = f'<p class="en untranslated"{lang_attrs("en")}>(not translated)</p>'
        return f'<div class="pair">{zh}{en}</div>'

    def heading(self, block: Block, level: int) -> str:
        """A heading pair in one ``h``: the Chinese line, then the English line."""
        tag = f"h{min(max(level, 1), 6)}"
        zh = self.unit(block.original, "zh", "span", "zh")
        en = "".join(self.unit(u, "en", "span", "en") for u in block.translation)
        return f"<{tag}>{zh}{en}</{tag}>"

    def one_side(self, nodes: tuple[Block | Section, ...], side: str, level: int) -> str:
        """The blocks layout: one language of a section's content, subsection headings included."""
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Section):
                if node.head is not None:
                    tag = f"h{min(level + 1, 6)}"
                    units = [node.head.original] if side == "zh" else list(node.head.translation)
                    out.extend(self.unit(u, side, tag, side) for u in units)
                out.append(self.one_side(node.children, side, level + 1))
            else:
                units = [node.original] if side == "zh" else list(node.translation)
                cls = "p" if node.kind == "p" else f"p {node.kind}"
                out.extend(self.unit(u, side, "p", f"{side} {cls}") for u in units)
        return "".join(out)

    def section(self, sec: Section, level: int) -> str:
        head = self.heading(sec.head, level) if sec.head is not None else ""
        attrs = f' id="{escape(sec.id)}"' if sec.id else ""
        etype = ' epub:type="chapter" role="doc-chapter"' if level == 1 else ""
        if self.layout == "blocks" and level == 1:
            zh = self.one_side(sec.children, "zh", level)
            en = self.one_side(sec.children, "en", level)
            lang_zh = self.zh_lang(self.edition.metadata.lang)
            body = (
                f'<div class="block zh"{lang_attrs(lang_zh)}>{zh}</div>'
                f'<div class="block en"{lang_attrs(self.edition.metadata.translation_lang)}>{en}</div>'
            )
        else:
            body = "".join(self.section(c, level + 1) if isinstance(c, Section) else self.pair(c) for c in sec.children)
        return f"<section{attrs}{etype}>{head}{body}</section>"

    # --- documents --------------------------------------------------------------------------

    def begin(self, name: str) -> None:
        self.state.begin(name)

    def asides(self) -> str:
        """The footnotes of the current document: one per glossary entry used in it, one per note."""
        out: list[str] = []
        for ref in self.state.doc_terms:
            entry = self.glossary.get(ref)
            if entry is not None:
                out.append(self.term_aside(entry))
        for item in self.state.doc_notes:
            nid = escape(item.id)
            label = "Translator's note" if item.kind == "translator" else "Note"
            out.append(
                f'<aside epub:type="footnote" role="doc-footnote" id="note-{nid}" class="note"{lang_attrs("en")}>'
                f'<p><a href="#ref-{nid}" role="doc-backlink">{item.number}</a> '
                f'<span class="label">{label}.</span> {item.html}</p></aside>'
            )
        return "".join(out)

    def term_aside(self, entry: GlossaryEntry) -> str:
        form, reading = headword(
            entry, self.script, self.edition.metadata.lang, self.used.get(entry.id), self.glossary.follows
        )
        self.out.chars.update(form)
        ref = escape(entry.id)
        return (
            f'<aside epub:type="footnote" role="doc-footnote" id="fn-{ref}" class="gloss"{lang_attrs("en")}>'
            f'<p><span class="hw"{lang_attrs(SCRIPT_LANG[self.script])}>{escape(form)}</span> '
            f'<span class="py"{lang_attrs("zh-Latn-pinyin")}>{escape(reading)}</span> '
            f"<strong>{escape(entry.english)}</strong>: {escape(entry.gloss)} "
            f'<a href="glossary.xhtml#gl-{ref}">Glossary</a></p></aside>'
        )

    def finish(self, title: str, body: str, nav: NavPoint | None, kind: str) -> None:
        self.out.docs.append(ContentDoc(self.state.doc, title, Markup(body + self.asides()), nav, kind))

    def title_page(self, blocks: list[Block], colophon: str) -> None:
        self.begin("title.xhtml")
        md = self.edition.metadata
        parts: list[str] = []
        for b in blocks:
            tag, cls = ("h1", "title") if b.kind == "title" else ("p", b.kind)
            parts.append(self.unit(b.original, "zh", tag, f"zh {cls}"))
            parts.extend(self.unit(u, "en", "p", f"en {cls}") for u in b.translation)
        if not any(b.kind == "title" for b in blocks):
            zh = convert_text(md.title, self.src, self.script)
            self.out.chars.update(zh)
            parts.insert(0, f'<h1 class="zh title"{lang_attrs(self.zh_lang(md.lang))}>{escape(zh)}</h1>')
            if md.title_en:
                parts.insert(1, f'<p class="en title"{lang_attrs("en")}>{escape(md.title_en)}</p>')
        body = f'<section epub:type="titlepage" class="titlepage">{"".join(parts)}</section>{colophon}'
        title = convert_text(md.title, self.src, self.script)
        self.finish(title, body, NavPoint("title.xhtml", title, md.title_en), "title")

    def chapter(self, name: str, sec: Section) -> None:
        self.begin(name)
        body = self.section(sec, 1)
        zh, en = self.head_labels(sec.head)
        subs = tuple(self.sub_nav(name, c) for c in sec.children if isinstance(c, Section))
        self.finish(zh or en or name, body, NavPoint(name, zh, en, subs), "chapter")

    def sub_nav(self, name: str, sec: Section) -> NavPoint:
        zh, en = self.head_labels(sec.head)
        target = sec.head.original.id if sec.head is not None and self.layout == "blocks" else sec.id
        href = f"{name}#{target}" if target else name
        subs = tuple(self.sub_nav(name, c) for c in sec.children if isinstance(c, Section))
        return NavPoint(href, zh, en, subs)

    def loose(self, name: str, blocks: list[Block]) -> None:
        """Blocks outside any section (a closing note): one document, labelled by their first words."""
        self.begin(name)
        body = "".join(self.pair(b) for b in blocks)
        first = blocks[0]
        zh = _label(convert_text(plain_text(first.original.sentences[0].inlines), self.src, self.script), 16)
        en = _label(" ".join(plain_text(s.inlines) for u in first.translation[:1] for s in u.sentences), 40)
        self.finish(
            zh or en, f'<section class="{escape(first.kind)}">{body}</section>', NavPoint(name, zh, en), "closing"
        )

    def head_labels(self, head: Block | None) -> tuple[str, str]:
        if head is None:
            return "", ""
        zh = " ".join(plain_text(s.inlines) for s in head.original.sentences)
        en = " ".join(plain_text(s.inlines) for u in head.translation for s in u.sentences)
        return " ".join(convert_text(zh, self.src, self.script).split()), " ".join(en.split())


def _label(text: str, limit: int = 24) -> str:
    """The first words of a text as a short navigation label."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"


def render_content(edition: Edition, glossary: Glossary, *, script: str, layout: str, colophon: str) -> Content:
    """The title page and chapter documents of an edition, with their notes and term occurrences."""
    w = _Writer(edition, glossary, script, layout)
    front: list[Block] = []
    loose: list[Block] = []
    chapters = 0
    started = False

    def flush_loose() -> None:
        if loose:
            w.loose(f"part{len(w.out.docs)}.xhtml", list(loose))
            loose.clear()

    for node in edition.children:
        if isinstance(node, Block):
            if not started and node.kind in ("title", "byline"):
                front.append(node)
            else:
                loose.append(node)
            continue
        if not started:
            started = True
            w.title_page(front, colophon)
        flush_loose()
        chapters += 1
        w.chapter(f"s{chapters}.xhtml", node)
    if not started:
        w.title_page(front, colophon)
    flush_loose()
    return w.out
