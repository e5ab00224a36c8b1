"""The print view: model -> the data the PDF templates need (title page, aligned rows, appendix).

Print-only concerns live here: every glossary occurrence gets a stable anchor id (``o1``, ``o2``, …)
so the PDF writer can find the pages it landed on; translator's notes become footnote spans; the
glossary appendix lists the entries used, with the pages measured after layout. Inline HTML is built
with :class:`markupsafe.Markup`, so every piece of user text is escaped exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ...model import Block, Edition, Emph, Foreign, Glossary, Inline, Link, Node, Note, Section, TermRef, Text, Unit
from ..shared.entries import entry_order, headword, text_forms
from ..shared.inline import convert_inlines, convert_text, source_script  # shared with the HTML edition
from ..shared.labels import SCRIPT_LANG, script_provenance
from ..shared.markup import element
from ..shared.visitor import InlineVisitor

SCRIPTS = ("hant", "hans")


@dataclass(frozen=True)
class Row:
    """One aligned pair as printed: the Chinese cell and the English cell."""

    kind: str  #: head, p or note
    level: int  #: section level for headings (1, 2, …), 0 otherwise
    zh: Markup  #: the Chinese cell's HTML (one paragraph)
    en: tuple[Markup, ...]  #: the English cell's paragraphs; empty when untranslated
    bookmark: str = ""  #: outline label for section headings
    anchor: str = ""  #: element id (the original's xml:id)
    notes: int = 0  #: footnotes the row calls (so a PDF laid out in chunks can number them on)
    size: int = 0  #: characters of HTML in both cells (a measure of its layout cost)


@dataclass(frozen=True)
class GlossaryRow:
    """One entry of the appendix."""

    id: str  #: glossary id
    hanzi: str  #: main Chinese form in the edition's script
    pinyin: str  #: its reading
    english: str  #: English name
    gloss: str  #: one line of English
    pages: tuple[tuple[int, str], ...]  #: (page number, anchor of the first occurrence on that page)

    @property
    def runs(self) -> list[tuple[tuple[int, str], tuple[int, str] | None]]:
        """The pages as printed: three or more consecutive pages become one range (first, last), as
        makeindex does; a page on its own or a pair stays as (page, None)."""
        groups: list[list[tuple[int, str]]] = []
        for page in self.pages:
            if groups and page[0] == groups[-1][-1][0] + 1:
                groups[-1].append(page)
            else:
                groups.append([page])
        out: list[tuple[tuple[int, str], tuple[int, str] | None]] = []
        for group in groups:
            if len(group) >= 3:
                out.append((group[0], group[-1]))
            else:
                out.extend((page, None) for page in group)
        return out


@dataclass
class PrintView:
    """Everything the print templates render, plus the occurrence map the writer measures."""

    script: str  #: hant or hans
    lang: str  #: BCP 47 tag of the Chinese in this edition
    title: str  #: Chinese title (in the edition's script)
    title_en: str  #: English title
    short_title: str  #: running-head title
    author: str  #: author (in the edition's script)
    affiliation: str  #: author's affiliation (in the edition's script)
    publisher: str  #: source's publisher (in the edition's script)
    translator: str  #: translation credit
    title_html: Markup = Markup("")  #: the original's title block, with its names linked
    title_en_html: Markup = Markup("")  #: the translation's title block
    byline_html: Markup = Markup("")  #: the original's byline block
    byline_en_html: Markup = Markup("")  #: the translation's byline block
    rows: list[Row] = field(default_factory=list)  #: the body, in order
    occurrences: dict[str, str] = field(default_factory=dict)  #: anchor id -> glossary id
    text_lang: str = "zh-Hant-TW"  #: the language tag of the original as published
    text_forms: dict[str, list[str]] = field(default_factory=dict)  #: entry id -> forms the text writes
    script_note: str = ""  #: what happened to the script ("source already Simplified; no conversion")
    translated: bool = True  #: False: no block has a translation (the Chinese-only layout)


class _InlineRenderer(InlineVisitor[Markup]):
    """Renders inline nodes to print HTML, numbering glossary occurrences."""

    def __init__(self, view: PrintView) -> None:
        self.view = view
        self.notes = 0  #: footnote spans rendered so far

    def render(self, nodes: tuple[Inline, ...]) -> Markup:
        return Markup("").join(self.visit_all(nodes))

    def text(self, node: Text) -> Markup:
        return escape(node.text)

    def term(self, node: TermRef) -> Markup:
        anchor = f"o{len(self.view.occurrences) + 1}"
        self.view.occurrences[anchor] = node.ref
        return element("span", self.render(node.children), class_="t", id=anchor)

    def foreign(self, node: Foreign) -> Markup:
        return element("span", self.render(node.children), lang=node.lang)

    def emph(self, node: Emph) -> Markup:
        return element("em", self.render(node.children))

    def link(self, node: Link) -> Markup:
        inner = self.render(node.children)
        if node.href.startswith(("http://", "https://")):
            return element("a", inner, href=node.href)
        return inner

    def note(self, node: Note) -> Markup:
        self.notes += 1
        return element("span", self.render(node.children), class_="fn", lang="en")

    def unit(self, unit: Unit, zh: bool) -> Markup:
        if not zh:
            return Markup(" ").join(self.render(s.inlines) for s in unit.sentences)
        # the same conversion as the HTML edition: running text by phrase, names character by character
        src = source_script(unit.lang)
        return Markup("").join(self.render(convert_inlines(s.inlines, src, self.view.script)) for s in unit.sentences)


def _plain(nodes: tuple[Inline, ...]) -> str:
    from ...model import plain_text

    return " ".join(plain_text(nodes).split())


def build_view(edition: Edition, script: str = "hant") -> PrintView:
    """The print view of an edition in one script (``hant`` as written, ``hans`` converted)."""
    md = edition.metadata
    src = source_script(md.lang)

    def convert(text: str) -> str:
        return convert_text(text, src, script)

    view = PrintView(
        script=script,
        lang=SCRIPT_LANG[script] if md.lang.startswith("zh") else md.lang,
        title=convert(md.title),
        title_en=md.title_en,
        short_title=md.short_title or md.title_en or convert(md.title),
        author=convert(md.author),
        affiliation=convert(md.affiliation),
        publisher=convert(md.publisher),
        translator=md.translator,
        text_lang=md.lang,
        text_forms=text_forms(edition),
        script_note=script_provenance(md.lang, script),
        translated=any(b.translated for b in edition.blocks()),
    )
    r = _InlineRenderer(view)

    def row(block: Block, level: int) -> Row:
        notes = r.notes
        zh = r.unit(block.original, zh=True)
        en = tuple(r.unit(u, zh=False) for u in block.translation)
        bookmark = ""
        if block.kind == "head":
            zh_label = convert(" ".join(_plain(s.inlines) for s in block.original.sentences))
            en_label = " ".join(_plain(s.inlines) for u in block.translation for s in u.sentences)
            bookmark = f"{zh_label} | {en_label}" if en_label else zh_label
        size = len(zh) + sum(len(p) for p in en)
        return Row(block.kind, level, zh, en, bookmark, block.original.id or "", r.notes - notes, size)

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                if node.head is not None:
                    view.rows.append(row(node.head, node.level))
                walk(node.children)
            elif node.kind == "title" and not view.title_html:  # the title page
                view.title_html = r.unit(node.original, zh=True)
                view.title_en_html = Markup(" ").join(r.unit(u, zh=False) for u in node.translation)
            elif node.kind == "byline" and not view.byline_html:
                view.byline_html = r.unit(node.original, zh=True)
                view.byline_en_html = Markup(" ").join(r.unit(u, zh=False) for u in node.translation)
            else:
                view.rows.append(row(node, 0))

    walk(edition.children)
    view.title_html = view.title_html or escape(view.title)
    view.title_en_html = view.title_en_html or escape(view.title_en)
    return view


def first_occurrences(occurrences: dict[str, str], pages: dict[str, int]) -> dict[str, dict[int, str]]:
    """Glossary id -> page -> the anchor of the entry's first occurrence on that page.

    ``occurrences`` maps anchors to glossary ids in document order; ``pages`` maps the anchors that
    were laid out to their page numbers.
    """
    first_on_page: dict[str, dict[int, str]] = {}
    for anchor, ref in occurrences.items():  # insertion order is document order
        if anchor in pages:
            first_on_page.setdefault(ref, {}).setdefault(pages[anchor], anchor)
    return first_on_page


def appendix_rows(
    glossary: Glossary,
    occurrences: dict[str, str],
    pages: dict[str, int],
    script: str,
    text_lang: str = "zh-Hant-TW",
    forms: dict[str, list[str]] | None = None,
) -> list[GlossaryRow]:
    """The appendix: each glossary entry used, with the distinct pages its occurrences landed on.

    ``pages`` maps occurrence anchors to 1-based page numbers. Entries come in pinyin order, each
    headed by the form the text uses (:func:`reader.writers.shared.entries.headword`).
    """
    first_on_page = first_occurrences(occurrences, pages)
    used = [e for e in (glossary.get(ref) for ref in first_on_page) if e is not None]
    out: list[GlossaryRow] = []
    heads = {e.id: headword(e, script, text_lang, (forms or {}).get(e.id), glossary.follows) for e in used}
    for entry in entry_order(used, lambda e: heads[e.id][1]):  # the HTML edition's order: by pinyin
        hanzi, reading = heads[entry.id]
        out.append(
            GlossaryRow(
                id=entry.id,
                hanzi=hanzi,
                pinyin=reading,
                english=entry.english,
                gloss=entry.gloss,
                pages=tuple(sorted(first_on_page[entry.id].items())),
            )
        )
    return out
