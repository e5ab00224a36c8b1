"""Annotation as a transform, Edition -> Edition: a glossary link around every match in the original.

:func:`link_edition` finds every linkable text run of the original (not inside an existing link, a
foreign word, a hyperlink or a note), matches all runs in one automaton pass, and returns the edition
with a :class:`~reader.model.TermRef` around each linked match, plus every match placed by unit and
offset. :func:`match_record` is the report's record of one match; the TEI writer's annotation in
place (:mod:`reader.writers.tei.annotate`) uses it too, so both report alike.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from itertools import count
from typing import Any, NamedTuple

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
    Sentence,
    TermRef,
    Text,
    Unit,
    new_sentence,
    new_text,
    plain_text,
)
from ..text.match import Match, Matcher

SCAN_CHARS = 1 << 20  #: characters scanned at a time: the next piece is scanned while this one is linked


class Placed(NamedTuple):
    """The matches in one text run of the original, placed: the unit holding the run (a sentence's id,
    else its block's) and the shift from a match's start to its offset from that unit's start, counting
    every character of the unit (linked or not): a match's offset is ``m.start + shift``."""

    unit: str
    shift: int
    matches: list[Match]


class _Run(NamedTuple):
    """A linkable text run: its text, its unit and offset in the unit (for the report), and where its
    Text node is: the block's number in :func:`original_units` order, the sentence's number in the
    block and the offset in the sentence (for the rewrite)."""

    text: str
    unit: str
    offset: int
    block: int
    sentence: int
    at: int


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

    def __init__(self, runs: list[_Run], unit: str, at: int, block: int, sentence: int) -> None:
        self.runs, self.unit, self.at, self.start = runs, unit, at, at
        self.block, self.sentence = block, sentence

    def text(self, node: Text) -> None:
        if node.text and not node.text.isspace():  # nothing to link in a blank run
            self.runs.append(_Run(node.text, self.unit, self.at, self.block, self.sentence, self.at - self.start))
        self.at += len(node.text)

    def emph(self, node: Emph) -> None:
        self.visit_all(node.children)

    def _skipped(self, node: TermRef | Foreign | Link | Note) -> None:
        self.at += _length(node)  # an existing link, a foreign word, a hyperlink or a note: never linked into

    term = foreign = link = note = _skipped


def _runs(edition: Edition) -> list[_Run]:
    """The linkable runs of the original that hold more than whitespace, in document order."""
    runs: list[_Run] = []
    offsets: dict[str, int] = {}  # a unit's offset so far (a block without sentence ids is one unit)
    for b, block in enumerate(original_units(edition.children)):
        block_unit = block.original.id or ""
        for k, sentence in enumerate(block.original.sentences):
            unit = sentence.id or block_unit  # the unit a match is reported in
            at = offsets.get(unit, 0)
            inlines = sentence.inlines
            if len(inlines) == 1 and type(inlines[0]) is Text:  # plain text, what imports give
                text = inlines[0].text
                if text and not text.isspace():
                    runs.append(_Run(text, unit, at, b, k, 0))
                offsets[unit] = at + len(text)
            else:
                walk = _SentenceRuns(runs, unit, at, b, k)
                walk.visit_all(inlines)
                offsets[unit] = walk.at
    return runs


def _scan(runs: list[_Run], starts: list[int], matcher: Matcher) -> Iterator[tuple[int, list[Match]]]:
    """The matches of the runs joined by line breaks, piece by piece: (the piece's start, its matches).

    The text is scanned in pieces of about :data:`SCAN_CHARS` (runs never straddle pieces, so the
    matches are the same): the automaton scans the next piece in a thread (it releases the GIL)
    while this one's matches are resolved."""
    pieces: list[tuple[int, int]] = []
    lo = size = 0
    for k, r in enumerate(runs):
        size += len(r.text) + 1
        if size >= SCAN_CHARS:
            pieces.append((lo, k + 1))
            lo, size = k + 1, 0
    if lo < len(runs):
        pieces.append((lo, len(runs)))
    texts = ["\n".join(r.text for r in runs[a:b]) for a, b in pieces]
    with ThreadPoolExecutor(1) as pool:
        scans = [pool.submit(matcher.hits, t) for t in texts]
        for (a, _), text, scan in zip(pieces, texts, scans, strict=True):
            yield starts[a], matcher.find_all(text, scan.result())


def _linked(
    text: str, matches: list[Match], base: int = 0, terms: dict[str, TermRef] | None = None
) -> tuple[Inline, ...] | None:
    """``text`` with a TermRef around each linked match (the matches in order; one starts at
    ``m.start - base`` in ``text``); None when no match is linked.

    Nodes are immutable, so one TermRef serves every match of the same entry and surface: ``terms``
    keeps them by surface across calls (a large text has tens of thousands of links and a few hundred
    surfaces; a surface that links to another entry elsewhere gets a TermRef of its own there)."""
    if terms is None:
        terms = {}
    out: list[Inline] = []
    pos = 0
    for m in matches:
        if m.status != "linked":
            continue
        a = m.start - base
        if a > pos:
            out.append(new_text(text[pos:a]))
        surface = m.surface
        term = terms.get(surface)
        if term is None or term.ref != m.entry:  # an entry has one category: the ref decides
            term = terms[surface] = TermRef(m.entry, m.category, (Text(surface),))
        out.append(term)
        pos = a + len(surface)
    if not out:
        return None
    if pos < len(text):
        out.append(new_text(text[pos:]))
    return tuple(out)


def link_edition(edition: Edition, matcher: Matcher) -> tuple[Edition, list[Placed]]:
    """The edition with every linked match of its original wrapped in a TermRef, and every match placed
    (linked or not: the report says why not), run by run."""
    runs = _runs(edition)
    if not runs:
        return edition, []
    starts: list[int] = []  # each run's start in the runs joined by line breaks
    pos = 0
    for r in runs:
        starts.append(pos)
        pos += len(r.text) + 1
    placed: list[Placed] = []
    of_run: list[_Run] = []  # the run of each item of placed
    matches: list[Match] = []
    for shift, found in _scan(runs, starts, matcher):
        next_start = -1  # where the run after the current match's run starts, in the scanned piece
        for m in found:
            if m.start >= next_start:  # matches come in order: look the run up only when the last one is passed
                i = bisect_right(starts, m.start + shift) - 1
                next_start = starts[i + 1] - shift if i + 1 < len(starts) else sys.maxsize
                run, base, matches = runs[i], starts[i] - shift, []
                placed.append(Placed(run.unit, run.offset - base, matches))
                of_run.append(run)
            matches.append(m)
    terms: dict[str, TermRef] = {}
    rewrite: dict[int, dict[int, dict[int, tuple[Inline, ...]]]] = {}  # block -> sentence -> offset -> inlines
    for run, p in zip(of_run, placed, strict=True):
        linked = _linked(run.text, p.matches, run.offset - p.shift, terms)  # the run's start in its piece
        if linked is not None:
            rewrite.setdefault(run.block, {}).setdefault(run.sentence, {})[run.at] = linked
    return (_rebuild(edition, rewrite) if rewrite else edition), placed


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


def _rebuild(edition: Edition, rewrite: dict[int, dict[int, dict[int, tuple[Inline, ...]]]]) -> Edition:
    """The edition with the Text nodes named in ``rewrite`` replaced: by the block's number (in
    :func:`original_units` order), the sentence's number and the node's offset in the sentence. Blocks
    with nothing to replace are kept as they are."""

    def sentence(s: Sentence, new: dict[int, tuple[Inline, ...]]) -> Sentence:
        if len(s.inlines) == 1 and type(s.inlines[0]) is Text:  # plain text, what imports give
            linked = new[0]
        else:
            linked = _Relinked(new).inlines(s.inlines)
        # constructors, not dataclasses.replace: a large text has tens of thousands of these
        return new_sentence(s.id, linked, s.corresp, s.line)

    numbers = count()

    def block(b: Block) -> Block:
        sentences = rewrite.get(next(numbers))
        if sentences is None:
            return b
        u = b.original
        linked = list(u.sentences)
        for k, new in sentences.items():
            linked[k] = sentence(linked[k], new)
        return Block(b.kind, Unit(u.id, u.lang, tuple(linked), u.line), b.translation)

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
    matches = matcher.find(text)
    return (_linked(text, matches) or (Text(text),)) if text else (), matches


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
