"""Inline model nodes -> escaped HTML, in either script, with optional pinyin ruby.

Part of the view (:mod:`reader.writers.html.view`): names and terms become glossary links, foreign runs get their
own ``lang``, translator's notes become numbered reference marks collected as :class:`NoteView`.
Conversion between scripts happens here, at build time: running text by phrase (OpenCC), names and
terms character by character so the author's names stay as written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ...model import Emph, Foreign, Glossary, Inline, InlineVisitor, Link, Note, TermRef, Text
from ...text import pinyin as py
from ...text.script import to_hans, to_hans_chars, to_hant
from .markup import element
from .typography import curly

#: The kinds of term reference that are names (people, organisations, places), not terms or events.
NAME_KINDS = frozenset({"person", "org", "place"})


@dataclass(frozen=True)
class NoteView:
    """A translator's (or other) note, numbered, with its anchor and the anchor of its reference."""

    id: str  #: anchor id of the note
    ref_id: str  #: anchor id of the reference mark in the text
    number: int  #: 1, 2, 3 … in document order
    kind: str  #: translator, publisher, …
    html: Markup  #: escaped inline HTML of the note's content


@dataclass
class RenderContext:
    """Mutable state while rendering one edition: note numbers and term occurrences."""

    glossary: Glossary
    ruby: bool
    notes: list[NoteView] = field(default_factory=list)
    occurrences: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    record: bool = True  #: record notes and occurrences (off for the second script)
    glossary_readings: dict[tuple[str, str], str] = field(default_factory=dict)  #: memo of sentence_readings
    zh_variants: list[tuple[str, str, tuple[Inline, ...]]] = field(default_factory=list)
    """(anchor, script, inlines) of every Chinese sentence variant rendered, for the learner's data"""
    seen: set[tuple[str, str, str]] = field(default_factory=set)  #: (ref, anchor, side) already recorded
    id_prefix: str = ""  #: put before every id taken from the text (and its ``#fragment`` links)
    note_numbers: dict[str, int] = field(default_factory=dict)  #: note id -> its number

    def occur(self, ref: str, anchor: str, side: str) -> None:
        """Record that ``ref`` is linked in the element ``anchor`` (once; a set, so linear in the
        number of occurrences, not quadratic as a search of the list was: issue #19)."""
        if not self.record:
            return
        key = (ref, anchor, side)
        if key not in self.seen:
            self.seen.add(key)
            self.occurrences.setdefault(ref, []).append((anchor, side))


def source_script(lang: str) -> str:
    """``hans`` for a Simplified-script language tag, else ``hant``."""
    return "hans" if lang.startswith(("zh-Hans", "zh-CN", "zh-SG")) else "hant"


class _Converted(InlineVisitor[Inline]):
    """Inline nodes in script ``dst`` (from ``src``); inside a name or term (``in_term``) to Simplified
    character by character, so the author's names stay as written. Foreign runs and notes are kept."""

    def __init__(self, src: str, dst: str, in_term: bool) -> None:
        self.src, self.dst, self.in_term = src, dst, in_term

    def _all(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(self.visit_all(nodes))

    def text(self, node: Text) -> Inline:
        if self.in_term and self.dst == "hans":
            return Text(to_hans_chars(node.text))
        return Text(convert_text(node.text, self.src, self.dst))

    def term(self, node: TermRef) -> Inline:
        inside = self if self.in_term else _Converted(self.src, self.dst, True)
        return TermRef(node.ref, node.kind, inside._all(node.children))

    def emph(self, node: Emph) -> Inline:
        return Emph(self._all(node.children))

    def link(self, node: Link) -> Inline:
        return Link(node.href, self._all(node.children))

    def _kept(self, node: Foreign | Note) -> Inline:
        return node

    foreign = note = _kept


def convert_inlines(inlines: tuple[Inline, ...], src: str, dst: str, in_term: bool = False) -> tuple[Inline, ...]:
    """The inline tree in another script: running text by phrase, names and terms char by char."""
    if src == dst:
        return inlines
    return _Converted(src, dst, in_term)._all(inlines)


def convert_text(text: str, src: str, dst: str) -> str:
    """Plain running text in another script."""
    if src == dst:
        return text
    return to_hans(text) if dst == "hans" else to_hant(text)


_RUBY: dict[tuple[str, str], str] = {}  #: markup of each (character, reading): a page repeats a few thousand


def _ruby(text: str, reads: list[str | None]) -> str:
    """``text`` escaped, each character with a reading as ``<ruby>`` (runs without one escaped whole)."""
    if len(reads) != len(text):
        raise ValueError(f"{len(reads)} readings for {len(text)} characters")
    out: list[str] = []
    start = 0
    memo = _RUBY
    for i, r in enumerate(reads):
        if r:
            if start < i:
                out.append(escape(text[start:i]))
            key = (text[i], r)
            markup = memo.get(key)
            if markup is None:
                markup = memo[key] = element("ruby", Markup(escape(text[i]) + element("rt", r)))
            out.append(markup)
            start = i + 1
    if start < len(text):
        out.append(escape(text[start:]))
    return "".join(out)


def render_inlines(
    inlines: tuple[Inline, ...],
    ctx: RenderContext,
    anchor: str,
    side: str,
    reads: list[str | None] | None = None,
    in_link: bool = False,
) -> Markup:
    """Inline nodes -> escaped HTML.

    Terms become ``<a class="term" href="#gl-ID" data-ref="ID">`` (nested terms ``<span class="term">``
    inside, since links cannot nest), foreign text a ``<span lang>``, notes a numbered reference mark.
    ``anchor`` is the id of the enclosing sentence or unit (recorded as the term's occurrence);
    ``reads`` holds one pinyin reading per character of the plain text when ruby is wanted.
    """
    return Markup("".join(_HtmlInlines(ctx, anchor, side, reads, in_link).visit_all(inlines)))


class _HtmlInlines(InlineVisitor[str]):
    """The HTML of each inline node; ``pos`` counts the plain characters passed (for ``reads``)."""

    def __init__(
        self, ctx: RenderContext, anchor: str, side: str, reads: list[str | None] | None, in_link: bool
    ) -> None:
        self.ctx, self.anchor, self.side, self.reads, self.in_link = ctx, anchor, side, reads, in_link
        self.pos = 0

    def _inside(self, nodes: tuple[Inline, ...], in_link: bool) -> Markup:
        outer, self.in_link = self.in_link, in_link
        try:
            return Markup("".join(self.visit_all(nodes)))
        finally:
            self.in_link = outer

    def text(self, node: Text) -> str:
        seg = node.text
        start, self.pos = self.pos, self.pos + len(seg)
        if self.reads is not None:
            return _ruby(seg, self.reads[start : self.pos])
        if self.side == "en":  # English prose gets curly apostrophes; Chinese stays as written
            seg = curly(seg)
        return str(escape(seg))

    def term(self, node: TermRef) -> str:
        self.ctx.occur(node.ref, self.anchor, self.side)
        known = self.ctx.glossary.get(node.ref) is not None
        inner = self._inside(node.children, True)
        cls = "term name" if node.kind in NAME_KINDS else "term"  # the "marks" toggle can show names only
        if self.in_link or not known:
            return element("span", inner, class_=cls, data_ref=node.ref)
        return element("a", inner, class_=cls, href=f"#gl-{node.ref}", data_ref=node.ref)

    def foreign(self, node: Foreign) -> str:  # Latin text inside Chinese: its own lang, no ruby
        inner = render_inlines(node.children, self.ctx, self.anchor, self.side, None, self.in_link)
        self.pos += len(py.plain_with_foreign(node.children))
        return element("span", inner, lang=node.lang)

    def emph(self, node: Emph) -> str:
        return element("em", self._inside(node.children, self.in_link))

    def link(self, node: Link) -> str:
        if self.in_link:
            return self._inside(node.children, True)
        href = f"#{self.ctx.id_prefix}{node.href[1:]}" if node.href.startswith("#") else node.href
        return element("a", self._inside(node.children, True), href=href, rel="noopener noreferrer")

    def note(self, node: Note) -> str:
        return _note_ref(node, self.ctx)


def _note_ref(n: Note, ctx: RenderContext) -> str:
    nid = ctx.id_prefix + n.id
    if ctx.record:
        ctx.note_numbers.setdefault(nid, len(ctx.notes) + 1)
        ctx.notes.append(
            NoteView(
                id=nid,
                ref_id=f"ref-{nid}",
                number=len(ctx.notes) + 1,
                kind=n.kind,
                html=render_inlines(n.children, ctx, nid, "en"),
            )
        )

    number = ctx.note_numbers.get(nid, 0)  # a dict: a search of the list was quadratic in the notes
    label = "Translator's note" if n.kind == "translator" else "Note"
    # the aria-label is our own words and a number, written as it always was (unescaped)
    mark = element(
        "a", number, id=f"ref-{nid}" if ctx.record else None, href=f"#{nid}", aria_label=Markup(f"{label} {number}")
    )
    return element("sup", mark, class_="noteref")
