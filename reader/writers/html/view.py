"""Model -> view data for the templates; shared by the HTML and the PDF editions.

The view flattens an :class:`~reader.model.Edition` into what a template iterates over: aligned rows
(one per block, section headings included, each with its heading level), the glossary entries used in
the text (in pinyin order, each with its occurrences), the translator's notes, and the colophon. The
inline content of each sentence is rendered here, once, as escaped HTML (:class:`markupsafe.Markup`),
because it is recursive (nested names, notes) and templates hold no logic beyond ``if``/``for``.

Chinese content comes as one :class:`Variant` per requested script (``hant``, ``hans``), converted at
build time; names and terms are converted character by character so the author's names stay as
written. With ``ruby=True`` every Han character carries its pinyin as ``<ruby>``, the glossary's
reading winning over pypinyin's for linked names and terms.

Stable API (reader/html.py and reader/pdf.py import it): :func:`edition_view`, the dataclasses below,
:data:`SCRIPT_LANG`, :func:`render_inlines`, :func:`used_entries`, :func:`entry_order`,
:func:`form_label`.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ...model import Block, Edition, Glossary, Section, Sentence, Unit, plain_text
from ...text import pinyin as py
from ...text.script import expect
from ..shared.entries import (  # noqa: F401  (entry_order re-exported)
    entry_order,
    entry_strings,
    headword,
    tag_han,  # noqa: F401  (render.py and tests import it from here)
    text_forms,
)
from ..shared.entries import han_runs as _han_runs  # noqa: F401  (tests/test_fast_paths.py checks it here)
from ..shared.inline import NoteView, RenderContext, convert_inlines, convert_text, render_inlines, source_script
from ..shared.labels import SCRIPT_LANG
from ..shared.typography import curly
from .entry_view import form_label, glossary_entry_view, used_entries  # noqa: F401  (form_label, used_entries re-exported)
from .view_types import (  # noqa: F401  (re-exported)
    ColophonItem,
    ContentsItem,
    EditionView,
    EntryView,
    FormView,
    Occurrence,
    RowView,
    SentenceView,
    UnitView,
    Variant,
)

__all__ = [
    "SCRIPT_LANG",
    "ColophonItem",
    "ContentsItem",
    "EditionView",
    "EntryView",
    "FormView",
    "NoteView",
    "Occurrence",
    "RowView",
    "SentenceView",
    "UnitView",
    "Variant",
    "chinese_text",
    "edition_view",
    "entry_order",
    "form_label",
    "render_inlines",
    "used_entries",
]

#: Put before every id that comes from a text (and every id made from one), so that no text can give
#: an element an id of the page's own (``popover``, ``glossary``, ``gl-putin``: DOM clobbering); the
#: page's own ids never start with it.
TEXT_ID = "t-"


def text_id(xml_id: str) -> str:
    """The page id of a TEI ``xml:id``."""
    return TEXT_ID + xml_id


class _Ids:
    """Anchor ids: the TEI xml:id where there is one, else a stable generated one; both prefixed."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def unit(self, unit: Unit, side: str) -> str:
        if unit.id:
            return text_id(unit.id)
        self.counts[side] = self.counts.get(side, 0) + 1
        return text_id(f"{side}-u{self.counts[side]}")


def _zh_links(sentence: Sentence, en: list[tuple[str, Sentence]], en_ids: list[str]) -> tuple[str, ...]:
    """The English sentences (by anchor) that render a Chinese one; its whole row when none says so."""
    if sentence.id:
        hits = [anchor for anchor, t in en if sentence.id in t.corresp]
        if hits:
            return tuple(hits)
    return tuple(en_ids)


def _sentence_anchors(unit: Unit, uid: str) -> list[str]:
    """An anchor per sentence: its xml:id, or one made from its unit's when it points somewhere.

    Translations published without ids on their segments (TLS) still align segment to segment.
    """
    out = []
    for i, s in enumerate(unit.sentences, 1):
        out.append(text_id(s.id) if s.id else (f"{uid}-s{i}" if s.corresp else ""))
    return out


def _unit_view(
    unit: Unit,
    uid: str,
    side: str,
    links: list[tuple[str, ...]],
    ctx: RenderContext,
    scripts: tuple[str, ...],
    anchors: list[str] | None = None,
) -> UnitView:
    sentences: list[SentenceView] = []
    for i, (s, slinks) in enumerate(zip(unit.sentences, links, strict=True)):
        sid = anchors[i] if anchors else (text_id(s.id) if s.id else None)
        anchor = sid or uid
        if side == "zh":
            src = source_script(unit.lang)
            variants: list[Variant] = []
            for i, script in enumerate(scripts):
                ctx.record = i == 0
                inl = convert_inlines(s.inlines, src, script)
                ctx.zh_variants.append((anchor, script, inl))
                reads = py.sentence_readings(inl, ctx.glossary, ctx.glossary_readings) if ctx.ruby else None
                html = render_inlines(inl, ctx, anchor, side, reads)
                lang = unit.lang if script == src else SCRIPT_LANG[script]
                variants.append(Variant(script, lang, html))
            ctx.record = True
        else:
            variants = [Variant("", unit.lang, render_inlines(s.inlines, ctx, anchor, side))]
        sentences.append(SentenceView(sid or None, slinks, tuple(variants)))
    return UnitView(uid, unit.lang, side, tuple(sentences))


def _row(
    block: Block, level: int, section: str | None, ctx: RenderContext, ids: _Ids, scripts: tuple[str, ...]
) -> RowView:
    zh_id = ids.unit(block.original, "zh")
    en_ids = [ids.unit(u, "en") for u in block.translation]
    en_anchors = [_sentence_anchors(u, uid) for u, uid in zip(block.translation, en_ids, strict=True)]
    en_sents = [
        (a, t)
        for u, anchors in zip(block.translation, en_anchors, strict=True)
        for a, t in zip(anchors, u.sentences, strict=True)
        if a
    ]
    zh_links = [_zh_links(s, en_sents, en_ids) for s in block.original.sentences]
    zh = _unit_view(block.original, zh_id, "zh", zh_links, ctx, scripts)
    en = tuple(
        _unit_view(
            u, uid, "en", [tuple(map(text_id, t.corresp)) or (zh_id,) for t in u.sentences], ctx, scripts, anchors
        )
        for u, uid, anchors in zip(block.translation, en_ids, en_anchors, strict=True)
    )
    return RowView(f"row-{zh_id}", block.kind, level, section, zh, en)


def _rows(edition: Edition, ctx: RenderContext, scripts: tuple[str, ...]) -> list[RowView]:
    ids = _Ids()
    rows: list[RowView] = []

    def walk(nodes: tuple[Block | Section, ...], section: Section | None) -> None:
        for n in nodes:
            sid = text_id(section.id) if section and section.id else None
            if isinstance(n, Block):
                rows.append(_row(n, 1 if n.kind == "title" else 0, sid, ctx, ids, scripts))
            else:
                if n.head is not None:
                    head_sid = text_id(n.id) if n.id else None
                    rows.append(_row(n.head, min(n.level + 1, 6), head_sid, ctx, ids, scripts))
                walk(n.children, n)

    walk(edition.children, None)
    return rows


# --- glossary entries --------------------------------------------------------------------------


def _contents(edition: Edition, scripts: tuple[str, ...]) -> tuple[ContentsItem, ...]:
    """The title and the section headings, in order, as plain text for the contents menu."""
    src = source_script(edition.metadata.lang)
    out: list[ContentsItem] = []

    def item(block: Block, level: int) -> None:
        zh = chinese_text(block.original)
        en = " ".join(plain_text(s.inlines) for u in block.translation for s in u.sentences)
        variants = tuple(
            Variant(s, block.original.lang if s == src else SCRIPT_LANG[s], Markup(escape(convert_text(zh, src, s))))
            for s in scripts
        )
        out.append(ContentsItem(text_id(block.original.id) if block.original.id else "", level, curly(en), variants))

    def walk(nodes: tuple[Block | Section, ...]) -> None:
        for n in nodes:
            if isinstance(n, Block):
                if n.kind == "title":
                    item(n, 1)
            else:
                if n.head is not None:
                    item(n.head, min(n.level + 1, 6))
                walk(n.children)

    walk(edition.children)
    return tuple(i for i in out if i.id)


# --- the edition -------------------------------------------------------------------------------


def edition_view(
    edition: Edition,
    glossary: Glossary,
    *,
    script: str = "hant",
    scripts: tuple[str, ...] | None = None,
    ruby: bool = False,
) -> EditionView:
    """The view of an edition.

    ``script`` is the script shown by default; ``scripts`` the scripts rendered (default: just
    ``script``; the HTML edition renders both so the reader can switch). ``ruby`` adds pinyin over
    every Han character of the original.
    """
    if script not in SCRIPT_LANG:
        raise ValueError(f"unknown script {script!r}")
    scripts = scripts or (script,)
    scripts = (script, *[s for s in scripts if s != script])
    ctx = RenderContext(glossary, ruby, id_prefix=TEXT_ID)
    rows = _rows(edition, ctx, scripts)
    used = used_entries(edition, glossary)
    expect(entry_strings(used))  # their conversions to the other script load OpenCC's phrases once
    forms_used = text_forms(edition)
    entries = tuple(
        glossary_entry_view(e, ctx.occurrences.get(e.id, []), scripts, edition, forms_used, glossary.follows)
        for e in entry_order(
            used, lambda e: headword(e, script, edition.metadata.lang, forms_used.get(e.id), glossary.follows)[1]
        )
    )
    m = edition.metadata
    src = source_script(m.lang)
    title = tuple(
        Variant(s, m.lang if s == src else SCRIPT_LANG[s], Markup(escape(convert_text(m.title, src, s))))
        for s in scripts
    )
    about = [
        ColophonItem("Author", ", ".join(x for x in (m.author, m.affiliation) if x), m.lang),
        ColophonItem("Publisher", m.publisher, m.lang),
        ColophonItem("Translation", m.translator, "en"),
        ColophonItem("Editorial principles", m.editorial, "en"),
    ]
    about = [
        ColophonItem(c.label, tag_han(str(escape(curly(c.value))), m.lang) if c.lang == "en" else c.value, c.lang)
        for c in about
        if c.value
    ]
    return EditionView(
        slug=m.slug,
        script=script,
        scripts=scripts,
        lang=SCRIPT_LANG[script] if script != src else m.lang,
        title=title,
        title_plain=str(title[0].html.unescape()),
        title_en=curly(m.title_en),
        short_title=curly(m.short_title or m.title_en),
        rows=tuple(rows),
        entries=entries,
        notes=tuple(ctx.notes),
        ruby=ruby,
        about=tuple(about),
        zh_variants=tuple(ctx.zh_variants),
        translated=any(r.en for r in rows),
        contents=_contents(edition, scripts),
    )


def chinese_text(unit: Unit) -> str:
    """The plain text of a unit as the model holds it (what the page must show), notes excluded."""
    return "".join(plain_text(s.inlines) for s in unit.sentences)
