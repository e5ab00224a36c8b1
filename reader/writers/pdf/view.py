"""The print view: model -> the data the PDF templates need (title page, aligned rows, appendix).

Print-only concerns live here: every glossary occurrence gets a stable anchor id (``o1``, ``o2``, …)
so the PDF writer can find the pages it landed on; translator's notes become footnote spans; the
glossary appendix lists the entries used, with the pages measured after layout. Inline HTML is built
with :class:`markupsafe.Markup`, so every piece of user text is escaped exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from ...model import (
    Block,
    Edition,
    Emph,
    Foreign,
    Glossary,
    Inline,
    InlineVisitor,
    Link,
    Node,
    Note,
    Section,
    TermRef,
    Text,
    Unit,
)
from ..shared.entries import text_forms
from ..shared.inline import convert_inlines, convert_text, source_script  # shared with the HTML edition
from ..shared.labels import SCRIPT_LANG, script_provenance
from ..shared.markup import element
from ..shared.typography import chinese_quotes, curly

SCRIPTS = ("hant", "hans")
MARKS = ("names", "all", "none")  #: --marks: what is underlined
QUOTES = ("script", "source")  #: --quotes: the Simplified edition's quotation marks
LAYOUTS = ("columns", "facing")  #: --layout: side by side, or Chinese verso and English recto
IMPOSITIONS = ("none", "booklet")  #: --imposition: booklet prints A5 pages 2-up on A4, folded


@dataclass(frozen=True)
class Sent:
    """One sentence as printed: its citation number, its HTML, and the notes its pair calls."""

    label: str  #: citation number (``2.1.3``), shown where the sentence starts; empty: none
    html: Markup  #: the sentence's inline HTML
    notes: tuple[tuple[int, str], ...] = ()  #: (number, note id) called by the other column's sentence
    key: str = ""  #: the id of the original's sentence (an English sentence: the one it renders)


@dataclass(frozen=True)
class Row:
    """One aligned pair as printed: the Chinese cell and the English cell."""

    kind: str  #: head, p or note
    level: int  #: section level for headings (1, 2, …), 0 otherwise
    zh: tuple[Sent, ...]  #: the Chinese cell (one paragraph), sentence by sentence
    en: tuple[tuple[Sent, ...], ...]  #: the English cell's paragraphs; empty when untranslated
    bookmark: str = ""  #: outline label for section headings
    anchor: str = ""  #: element id (the original's xml:id)
    notes: int = 0  #: footnotes the row calls (so a PDF laid out in chunks can number them on)
    size: int = 0  #: characters of HTML in both cells (a measure of its layout cost)
    section: str = ""  #: the running head's section number for a heading: ``§2 (一)``


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
    names: set[str] = field(default_factory=set)  #: anchors of proper names (persons, places, organisations, events)
    marks: str = "names"  #: which first occurrences are underlined: none, names or all
    text_lang: str = "zh-Hant-TW"  #: the language tag of the original as published
    text_forms: dict[str, list[str]] = field(default_factory=dict)  #: entry id -> forms the text writes
    script_note: str = ""  #: what happened to the script ("source already Simplified; no conversion")
    translated: bool = True  #: False: no block has a translation (the Chinese-only layout)
    quotes: str = "script"  #: script: quotation marks as the edition's script writes them; source: as written
    author_en: str = ""  #: the author's name, romanised (from the translation's byline)
    notes: int = 0  #: translator's notes in the body
    zh_share: float = 0.5  #: the Chinese column's share of the width (balances the columns' heights)
    layout: str = "columns"  #: columns (side by side) or facing (Chinese on the left page, English on the right)
    converted: bool = False  #: the Chinese was converted to the edition's script (OpenCC)
    line_numbers: bool = False  #: every fifth line of each column numbered in the margin (--line-numbers)

    def markable(self, anchors: set[str]) -> set[str]:
        """The occurrences among ``anchors`` that ``marks`` asks to underline."""
        if self.marks == "all":
            return anchors
        if self.marks == "none":
            return set()
        return anchors & self.names


#: the kinds of glossary reference that are proper names (underlined by default, as Chinese print does)
NAME_KINDS = frozenset({"person", "org", "place", "event"})
#: the last two Han characters of a paragraph (tags and closing punctuation may follow)
_LAST_TWO = re.compile(r"([\u3400-\u9fff])((?:<[^>]+>)*)([\u3400-\u9fff](?:<[^>]+>|[。，、！？」』）：；…])*)$")
_ENUMERATOR = re.compile(r"^\s*([(（][一二三四五六七八九十百]+[)）]|[一二三四五六七八九十百]+、)")


class _InlineRenderer(InlineVisitor[Markup]):
    """Renders inline nodes to print HTML, numbering glossary occurrences and notes."""

    def __init__(self, view: PrintView) -> None:
        self.view = view
        self.notes = 0  #: footnotes rendered so far
        self.last = ""  #: the last English character printed (a text run may start inside a word)
        self.called: list[tuple[int, str]] = []  #: notes called by the sentence being rendered
        self.zh = False  #: rendering Chinese text (else English)

    def render(self, nodes: tuple[Inline, ...], zh: bool) -> Markup:
        """Inline nodes as HTML; ``zh``: they are Chinese (else English) text."""
        outer, self.zh = self.zh, zh
        try:
            return Markup("").join(self.visit_all(nodes))
        finally:
            self.zh = outer

    def text(self, node: Text) -> Markup:
        text = node.text
        if not self.zh:
            text = curly(text, self.last, doubles=True)
        elif self.view.script == "hans" and self.view.quotes == "script":
            text = chinese_quotes(text)
        self.last = text[-1:] or self.last
        return escape(text)

    def term(self, node: TermRef) -> Markup:
        view = self.view
        anchor = f"o{len(view.occurrences) + 1}"
        view.occurrences[anchor] = node.ref
        if node.kind in NAME_KINDS:
            view.names.add(anchor)
        return element("span", self.render(node.children, self.zh), class_="t", id=anchor)

    def foreign(self, node: Foreign) -> Markup:
        children, lang = node.children, node.lang
        chinese = lang.startswith("zh")
        if chinese and source_script(lang) != self.view.script:  # Chinese quoted in an English note
            children = convert_inlines(children, source_script(lang), self.view.script)
            lang = SCRIPT_LANG[self.view.script]
        return element("span", self.render(children, chinese), lang=lang)

    def emph(self, node: Emph) -> Markup:
        return element("em", self.render(node.children, self.zh))

    def link(self, node: Link) -> Markup:
        inner = self.render(node.children, self.zh)
        if node.href.startswith(("http://", "https://")):
            return element("a", inner, href=node.href)
        return inner

    def note(self, node: Note) -> Markup:
        """The call (a link to the note) and the note, which links back to it: print.css floats the
        note to the foot of the page; the Chinese column repeats the call (see :meth:`sentences`)."""
        self.notes += 1
        number, ident = self.notes, node.id or f"note{self.notes}"
        self.called.append((number, ident))
        last = self.last
        inner = self.render(node.children, False)
        self.last = last
        back = element("a", f"{number}.", class_="nback", href=f"#ref-{ident}")
        call = element("a", str(number), class_="nref", id=f"ref-{ident}", href=f"#{ident}")
        return call + element("span", back + Markup(" ") + inner, class_="fn", id=ident, lang="en")

    def sentences(
        self, unit: Unit, zh: bool, labels: dict[str, str], notes: dict[str, list[tuple[int, str]]] | None = None
    ) -> tuple[Sent, ...]:
        """A unit sentence by sentence, each with its citation number (the first English sentence of
        a pair takes the number of the Chinese sentence it renders). ``notes``: on the English side,
        filled with the notes each Chinese sentence's translation calls; on the Chinese side, read."""
        out: list[Sent] = []
        src = source_script(unit.lang)
        for s in unit.sentences:
            self.called = []
            if zh:
                html = self.render(convert_inlines(s.inlines, src, self.view.script), zh)
                label = labels.get(s.id or "", "")
                out.append(Sent(label, html, tuple((notes or {}).get(s.id or "", ())), s.id or ""))
            else:
                self.last = " "
                html = self.render(s.inlines, zh)
                target = s.corresp[0] if s.corresp else ""
                label = labels.pop(f"en:{target}", "") if target else ""
                if notes is not None and target:
                    notes.setdefault(target, []).extend(self.called)
                out.append(Sent(label, html, (), target))
        if zh and out:  # no last line of a single character (奧, 場。): join the last two with U+2060
            last = _LAST_TWO.sub("\\1\\2\u2060\\3", str(out[-1].html), count=1)  # str: Markup.sub would escape
            out[-1] = replace(out[-1], html=Markup(last))
        return tuple(out)

    def unit(self, unit: Unit, zh: bool) -> Markup:
        """A unit as one run of HTML, without numbers (title page, byline)."""
        return Markup(" ").join(s.html for s in self.sentences(unit, zh, {}))


def _plain(nodes: tuple[Inline, ...]) -> str:
    from ...model import plain_text

    return " ".join(plain_text(nodes).split())


def sentence_labels(edition: Edition) -> dict[str, str]:
    """Sentence id -> citation number: the numbers of its section and subsection, then its place in
    that (sub)section (``2.1.3``: section 2, subsection 1, third sentence), for the original's
    sentences; each also under ``en:`` + id, taken once by the first English sentence rendering it."""
    labels: dict[str, str] = {}

    def walk(nodes: tuple[Node, ...], path: tuple[str, ...]) -> None:
        count = 0
        for node in nodes:
            if isinstance(node, Section):
                walk(node.children, (*path, node.n or str(len(path) + 1)))
            elif node.kind == "p":
                for s in node.original.sentences:
                    if s.id:
                        count += 1
                        labels[s.id] = ".".join((*path, str(count)))

    walk(edition.children, ())
    labels.update({f"en:{k}": v for k, v in list(labels.items())})
    return labels


def build_view(
    edition: Edition,
    script: str = "hant",
    marks: str = "names",
    quotes: str = "script",
    glossary: Glossary | None = None,
) -> PrintView:
    """The print view of an edition in one script (``hant`` as written, ``hans`` converted).

    ``marks``: which glossary occurrences are underlined (none, names, all); ``quotes``: ``script``
    sets the Simplified edition's quotation marks as the mainland does (“” for 「」), ``source``
    keeps the original's. ``glossary``: for the author's romanised name in the metadata.
    """
    md = edition.metadata
    src = source_script(md.lang)

    def convert(text: str) -> str:
        return convert_text(text, src, script)

    author_entry = glossary.get(md.author_ref) if glossary is not None and md.author_ref else None
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
        marks=marks,
        quotes=quotes,
        author_en=author_entry.english if author_entry is not None else "",
        text_lang=md.lang,
        text_forms=text_forms(edition),
        script_note=script_provenance(md.lang, script),
        converted=src != script,
        translated=any(b.translated for b in edition.blocks()),
    )
    r = _InlineRenderer(view)
    labels = sentence_labels(edition)
    sections: list[str] = []

    def row(block: Block, level: int, number: str | None) -> Row:
        notes = r.notes
        called: dict[str, list[tuple[int, str]]] = {}
        en = tuple(r.sentences(u, False, labels, called) for u in block.translation)
        zh = r.sentences(block.original, True, labels, called)
        bookmark = section = ""
        if block.kind == "head":
            zh_label = convert(" ".join(_plain(s.inlines) for s in block.original.sentences))
            en_label = " ".join(_plain(s.inlines) for u in block.translation for s in u.sentences)
            bookmark = f"{zh_label} | {en_label}" if en_label else zh_label
            del sections[level - 1 :]
            enumerator = _ENUMERATOR.match(zh_label)
            sections.append(enumerator.group(1) if level > 1 and enumerator else (number or ""))
            numbers = " ".join(x for x in sections if x)
            section = "§" + numbers if numbers else ""  # a section without a number gets no bare §
        size = sum(len(x.html) for x in zh) + sum(len(x.html) for p in en for x in p)
        return Row(block.kind, level, zh, en, bookmark, block.original.id or "", r.notes - notes, size, section)

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                if node.head is not None:
                    view.rows.append(row(node.head, node.level, node.n))
                walk(node.children)
            elif node.kind == "title" and not view.title_html:  # the title page
                view.title_html = r.unit(node.original, zh=True)
                view.title_en_html = Markup(" ").join(r.unit(u, zh=False) for u in node.translation)
            elif node.kind == "byline" and not view.byline_html:
                view.byline_html = r.unit(node.original, zh=True)
                view.byline_en_html = Markup(" ").join(r.unit(u, zh=False) for u in node.translation)
            else:
                view.rows.append(row(node, 0, None))

    walk(edition.children)
    view.title_html = view.title_html or escape(view.title)
    view.title_en_html = view.title_en_html or escape(view.title_en)
    view.notes = r.notes
    view.zh_share = column_share(view.rows)
    return view


def column_share(rows: list[Row]) -> float:
    """The Chinese column's share of the width that gives both columns about the same height: the
    area each column's text needs (Chinese: 11.5 pt squares at 1.75 line height; English: about
    0.47 em a character at 10 pt and 1.5 line height), between 40% and 60%."""
    zh = en = 0.0
    for row in rows:
        zh += sum(len(_TAGS.sub("", s.html)) for s in row.zh) * 11.5 * 11.5 * 1.75
        en += sum(len(_TAGS.sub("", s.html)) for p in row.en for s in p) * 10 * 0.47 * 10 * 1.5
    if zh + en == 0:
        return 0.5
    return round(min(0.6, max(0.4, zh / (zh + en))), 3)


_TAGS = re.compile(r"<span class=\"fn\".*?</span>|<[^>]+>")
