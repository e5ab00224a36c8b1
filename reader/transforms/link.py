"""Annotation as a transform, Edition -> Edition: a glossary link around every match in the original.

:func:`linkable_runs` finds every linkable text run of the original (not inside an existing link, a
foreign word, a hyperlink or a note). :func:`link_edition` matches all runs in one automaton pass and
returns the edition with a :class:`~reader.model.TermRef` around each linked match, plus every match,
each placed by unit and offset on demand (a report of 30,000 links needs the places of only the few
it lists). :func:`match_record` is the report's record of one match; the TEI writer's annotation in
place (:mod:`reader.writers.tei.annotate`) uses it too, so both report alike.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import accumulate, count
from typing import Any

from ..model import (
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
    TermRef,
    Text,
    Unit,
    new_sentence,
    new_text,
    plain_text,
)
from ..text.match import Match, Matcher

SCAN_CHARS = 1 << 20  #: characters scanned at a time: the next piece is scanned while this one is linked


#: where a linkable text run is: its unit and its offset in the unit (for the report), then where its
#: Text node is: the block's number in :func:`original_units` order, the sentence's number in the
#: block and the node's offset in the sentence (for the rewrite). A plain tuple: a large text has tens
#: of thousands of runs, and a named tuple takes ten times as long to make.
_Run = tuple[str, int, int, int, int]


def original_units(nodes: tuple[Node, ...]) -> Iterator[Block]:
    """The blocks of the original in document order (a section's heading before its content)."""
    for node in nodes:
        if isinstance(node, Block):
            yield node
        else:
            if node.head is not None:
                yield node.head
            yield from original_units(node.children)


def _length(node: TermRef | Foreign | Link | Note) -> int:
    """How many characters of its unit a node takes (a note's too: the report counts every one)."""
    return len(plain_text(node.children, notes=True))


class _SentenceRuns(InlineVisitor[None]):
    """Records the linkable runs of one sentence of the original (the ``block``-th block's
    ``sentence``-th) that starts at offset ``at`` of its unit; ``at`` ends after the sentence."""

    def __init__(self, texts: list[str], runs: list[_Run], unit: str, at: int, block: int, sentence: int) -> None:
        self.texts, self.runs, self.unit, self.at, self.start = texts, runs, unit, at, at
        self.block, self.sentence = block, sentence

    def text(self, node: Text) -> None:
        if node.text and not node.text.isspace():  # nothing to link in a blank run
            self.texts.append(node.text)
            self.runs.append((self.unit, self.at, self.block, self.sentence, self.at - self.start))
        self.at += len(node.text)

    def emph(self, node: Emph) -> None:
        self.visit_all(node.children)

    def _skipped(self, node: TermRef | Foreign | Link | Note) -> None:
        self.at += _length(node)  # an existing link, a foreign word, a hyperlink or a note: never linked into

    term = foreign = link = note = _skipped


@dataclass(frozen=True, slots=True)
class Runs:
    """The linkable text runs of an edition's original that hold more than whitespace (not inside an
    existing link, a foreign word, a hyperlink or a note), in document order."""

    texts: list[str]  #: each run's text
    where: list[_Run]  #: where each run is
    #: every unit (a sentence with an id, else its block) holds one run of plain text, all of its text
    #: (what imported plain text gives), and no two runs share a unit
    one_per_unit: bool


def linkable_runs(edition: Edition) -> Runs:
    """The linkable runs of the edition's original."""
    texts: list[str] = []
    runs: list[_Run] = []
    offsets: dict[str, int] = {}  # a unit's offset so far (a block without sentence ids is one unit)
    plain = True  # every sentence is plain text, and a unit (a block cut into sentences has ids for all)
    for b, block in enumerate(original_units(edition.children)):
        block_unit = block.original.id or ""
        sentences = block.original.sentences
        for k, sentence in enumerate(sentences):
            if not sentence.id and len(sentences) > 1:
                plain = False
            unit = sentence.id or block_unit  # the unit a match is reported in
            at = offsets.get(unit, 0)
            inlines = sentence.inlines
            if len(inlines) == 1 and type(inlines[0]) is Text:  # plain text, what imports give
                text = inlines[0].text
                if text and not text.isspace():
                    texts.append(text)
                    runs.append((unit, at, b, k, 0))
                offsets[unit] = at + len(text)
            else:
                plain = plain and not inlines
                walk = _SentenceRuns(texts, runs, unit, at, b, k)
                walk.visit_all(inlines)
                offsets[unit] = walk.at
    units = {unit for unit, _, _, _, _ in runs}
    return Runs(texts, runs, plain and len(units) == len(runs) and "" not in units)


def _scan(texts: list[str], starts: list[int], matcher: Matcher) -> Iterator[tuple[int, list[Match]]]:
    """The matches of the runs joined by line breaks, piece by piece: (the piece's start, its matches).

    The text is scanned in pieces of about :data:`SCAN_CHARS` (runs never straddle pieces, so the
    matches are the same): the automaton scans the next piece in a thread (it releases the GIL)
    while this one's matches are resolved."""
    pieces: list[tuple[int, int]] = []
    lo = size = 0
    for k, text in enumerate(texts):
        size += len(text) + 1
        if size >= SCAN_CHARS:
            pieces.append((lo, k + 1))
            lo, size = k + 1, 0
    if lo < len(texts):
        pieces.append((lo, len(texts)))
    joined = ["\n".join(texts[a:b]) for a, b in pieces]
    with ThreadPoolExecutor(1) as pool:
        scans = [pool.submit(matcher.hits, t) for t in joined]
        for (a, _), text, scan in zip(pieces, joined, scans, strict=True):
            yield starts[a], matcher.find_all(text, scan.result())


class _Linker:
    """Wraps the linked matches of the original's runs in TermRefs, run by run, and collects what
    :func:`_rebuild` puts in place of their Text nodes: by block, (the sentence's number, the node's
    offset in the sentence, the nodes that replace it).

    Nodes are immutable, so one TermRef serves every match of the same entry and surface: a large text
    has tens of thousands of links and a few hundred surfaces (a surface that links to another entry
    elsewhere gets a TermRef of its own there)."""

    def __init__(self, texts: list[str], runs: list[_Run], starts: list[int]) -> None:
        self.texts, self.runs, self.starts = texts, runs, starts  # and where each starts in them joined by "\n"
        self.terms: dict[str, TermRef] = {}  # the TermRef of each surface
        self.rewrite: dict[int, list[tuple[int, int, tuple[Inline, ...]]]] = {}
        self.links: list[str] = []  # the entry of each link made, in document order

    def piece(self, shift: int, found: list[Match]) -> None:
        """Link the matches of one scanned piece, which starts at ``shift``. Matches come in order, so
        a run's linked matches come together: a run's nodes are complete when a match lies past its end
        or the piece ends."""
        texts, starts, terms, links = self.texts, self.starts, self.terms, self.links
        run, text, base, end = 0, "", 0, -1  # the current run: its number, text, start and end in the piece
        out: list[Inline] = []  # the current run's nodes so far, up to pos in its text
        pos = 0
        for m in found:
            if m.status != "linked":
                continue
            if m.start >= end:  # the first linked match of a run
                if out:
                    self._done(run, out, pos)
                run = bisect_right(starts, m.start + shift) - 1
                text, base = texts[run], starts[run] - shift
                end = base + len(text)
                out, pos = [], 0
            a = m.start - base
            if a > pos:
                out.append(new_text(text[pos:a]))
            surface, entry = m.surface, m.entry
            term = terms.get(surface)
            if term is None or term.ref != entry:  # an entry has one category: the ref decides
                term = terms[surface] = TermRef(entry, m.category, (Text(surface),))
            out.append(term)
            links.append(entry)
            pos = m.end - base
        if out:
            self._done(run, out, pos)

    def _done(self, number: int, out: list[Inline], pos: int) -> None:
        """The run's nodes are complete up to ``pos``: add the rest of its text, and keep them."""
        text = self.texts[number]
        _, _, block, sentence, at = self.runs[number]
        if pos < len(text):
            out.append(new_text(text[pos:]))
        self.rewrite.setdefault(block, []).append((sentence, at, tuple(out)))


@dataclass(frozen=True, slots=True)
class Placement:
    """Every match in the original (linked or not: the report says why not), in document order, and
    where each one is: :meth:`where` gives its unit (a sentence's id, else its block's) and its offset
    from that unit's start, counting every character of the unit."""

    pieces: list[tuple[int, list[Match]]]  #: (a scanned piece's start, its matches: offsets in the piece)
    links: list[str]  #: the entry of each link made, in document order
    runs: list[_Run]
    starts: list[int]  #: each run's start in the runs joined by line breaks

    def where(self, shift: int, m: Match) -> tuple[str, int]:
        """The unit and offset of a match of the piece that starts at ``shift``."""
        i = bisect_right(self.starts, m.start + shift) - 1
        unit, offset, _, _, _ = self.runs[i]
        return unit, offset + m.start + shift - self.starts[i]


def link_edition(edition: Edition, matcher: Matcher, runs: Runs | None = None) -> tuple[Edition, Placement]:
    """The edition with every linked match of its original wrapped in a TermRef, and every match
    (``runs``: the edition's :func:`linkable_runs`, when the caller has them)."""
    if runs is None:
        runs = linkable_runs(edition)
    texts, where = runs.texts, runs.where
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))  # in the texts joined by "\n"
    pieces: list[tuple[int, list[Match]]] = []
    linker = _Linker(texts, where, starts)
    for shift, found in _scan(texts, starts, matcher) if texts else ():
        pieces.append((shift, found))
        linker.piece(shift, found)
    linked = _rebuild(edition, linker.rewrite) if linker.rewrite else edition
    return linked, Placement(pieces, linker.links, where, starts)


class _Relinked(InlineVisitor[tuple[Inline, ...]]):
    """A sentence's inline nodes with the Text nodes that start at the offsets in ``new`` (from the
    sentence's start) replaced by ``new``'s nodes."""

    def __init__(self, new: dict[int, tuple[Inline, ...]]) -> None:
        self.new = new
        self.at = 0

    def inlines(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(n for replaced in self.visit_all(nodes) for n in replaced)

    def text(self, node: Text) -> tuple[Inline, ...]:
        replaced = self.new.get(self.at, (node,)) if node.text else (node,)
        self.at += len(node.text)
        return replaced

    def emph(self, node: Emph) -> tuple[Inline, ...]:
        return (Emph(self.inlines(node.children)),)

    def _kept(self, node: TermRef | Foreign | Link | Note) -> tuple[Inline, ...]:
        self.at += _length(node)
        return (node,)

    term = foreign = link = note = _kept


def _rebuild(edition: Edition, rewrite: dict[int, list[tuple[int, int, tuple[Inline, ...]]]]) -> Edition:
    """The edition with the Text nodes named in ``rewrite`` replaced: by the block's number (in
    :func:`original_units` order), then the sentence's number and the node's offset in the sentence,
    with the nodes that replace it. Blocks with nothing to replace are kept as they are."""
    numbers = count()

    def block(b: Block) -> Block:
        new = rewrite.get(next(numbers))
        if new is None:
            return b
        u = b.original
        sentences = list(u.sentences)
        mixed: dict[int, dict[int, tuple[Inline, ...]]] = {}  # sentences with more than plain text
        for k, at, inlines in new:
            s = sentences[k]
            if len(s.inlines) == 1 and type(s.inlines[0]) is Text:  # plain text, what imports give: one run
                # constructors, not dataclasses.replace: a large text has tens of thousands of these
                sentences[k] = new_sentence(s.id, inlines, s.corresp, s.line)
            else:
                mixed.setdefault(k, {})[at] = inlines
        for k, runs in mixed.items():
            s = sentences[k]
            sentences[k] = new_sentence(s.id, _Relinked(runs).inlines(s.inlines), s.corresp, s.line)
        return Block(b.kind, Unit(u.id, u.lang, tuple(sentences), u.line), b.translation)

    def nodes(ns: tuple[Node, ...]) -> tuple[Node, ...]:
        out: list[Node] = []
        for n in ns:
            if isinstance(n, Block):
                out.append(block(n))
            else:  # numbered as original_units numbers them: the heading before the content
                head = block(n.head) if n.head is not None else None
                out.append(replace(n, head=head, children=nodes(n.children)))
        return tuple(out)

    return replace(edition, children=nodes(edition.children))


def annotate_text(text: str, matcher: Matcher) -> tuple[tuple[Inline, ...], list[Match]]:
    """A plain string -> model inlines with a TermRef around each linked match, and the matches."""
    if not text:
        return (), []
    matches = matcher.find(text)
    linker = _Linker([text], [("", 0, 0, 0, 0)], [0])
    linker.piece(0, matches)
    if not linker.rewrite:
        return (Text(text),), matches
    [(_, _, inlines)] = linker.rewrite[0]  # the one run's nodes
    return inlines, matches


def _locales(glossary: Glossary, entry_id: str, form: str) -> list[str]:
    """Every locale in which an entry writes ``form``."""
    entry = glossary.get(entry_id)
    return sorted({f.lang for f in entry.chinese_forms() if f.text == form}) if entry else []


def match_record(
    m: Match, unit: str, line: int, offset: int, glossary: Glossary, locales: dict[tuple[str, str], list[str]]
) -> dict[str, Any]:
    """A match as the annotation report gives it; ``locales`` caches the entry's locales of a form."""
    rec: dict[str, Any] = {
        "entry": m.entry,
        "surface": m.surface,
        "form": m.form,
        "lang": m.lang,
        "type": m.type,
        "unit": unit,
        "line": line,
        "offset": offset,
    }
    if m.entry:
        got = locales.get((m.entry, m.form))
        if got is None:
            got = locales[m.entry, m.form] = _locales(glossary, m.entry, m.form)
        rec["locales"] = got
    if m.status != "linked":
        rec["status"] = m.status
        rec["reason"] = m.reason or ("shared by " + ", ".join(m.candidates) if m.candidates else "")
        rec["candidates"] = list(m.candidates)
    return rec
