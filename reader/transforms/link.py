"""Annotation as a transform, Edition -> Edition: a glossary link around every match in the original.

:func:`link_edition` finds every linkable text run of the original (not inside an existing link, a
foreign word, a hyperlink or a note), matches all runs in one automaton pass, and returns the edition
with a :class:`~reader.model.TermRef` around each linked match, plus every match placed by unit and
offset. :func:`match_record` is the report's record of one match; the TEI writer's annotation in
place (:mod:`reader.writers.tei.annotate`) uses it too, so both report alike.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from ..model import Block, Edition, Emph, Glossary, Inline, Node, Sentence, TermRef, Text, Unit
from ..text.match import Match, Matcher

SCAN_CHARS = 1 << 20  #: characters scanned at a time: the next piece is scanned while this one is linked


class Placed(NamedTuple):
    """A match of the original, placed: the unit holding it (a sentence's id, else its block's) and the
    offset from that unit's start, counting every character of the unit (linked or not)."""

    match: Match
    unit: str
    offset: int


@dataclass
class _Run:
    """A linkable text run: the Text node, its unit, and its offset in the unit."""

    text: str
    unit: str
    offset: int


def original_units(nodes: tuple[Node, ...]) -> Iterator[Block]:
    """The blocks of the original in document order (a section's heading before its content)."""
    for node in nodes:
        if isinstance(node, Block):
            yield node
        else:
            if node.head is not None:
                yield node.head
            yield from original_units(node.children)


def _unit_of(block: Block, sentence: Sentence) -> str:
    return sentence.id or block.original.id or ""


def _inline_runs(inlines: tuple[Inline, ...], unit: str, at: int, runs: list[_Run]) -> int:
    """Record the linkable runs of ``inlines``; return the offset after them."""
    for node in inlines:
        if isinstance(node, Text):
            if node.text:
                runs.append(_Run(node.text, unit, at))
            at += len(node.text)
        elif isinstance(node, Emph):
            at = _inline_runs(node.children, unit, at, runs)
        else:  # an existing link, a foreign word, a hyperlink or a note: never linked into
            at += len(_plain(node.children))
    return at


def _plain(inlines: tuple[Inline, ...]) -> str:
    return "".join(n.text if isinstance(n, Text) else _plain(n.children) for n in inlines)


def _runs(edition: Edition) -> list[_Run]:
    runs: list[_Run] = []
    offsets: dict[str, int] = {}
    for block in original_units(edition.children):
        for sentence in block.original.sentences:
            unit = _unit_of(block, sentence)
            offsets[unit] = _inline_runs(sentence.inlines, unit, offsets.get(unit, 0), runs)
    return [r for r in runs if r.text.strip()]


def existing_links(edition: Edition) -> int:
    """How many glossary links the original already has."""

    def count(inlines: tuple[Inline, ...]) -> int:
        return sum(isinstance(n, TermRef) + (count(n.children) if not isinstance(n, Text) else 0) for n in inlines)

    return sum(count(s.inlines) for b in original_units(edition.children) for s in b.original.sentences)


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


def _linked(text: str, matches: list[tuple[int, Match]]) -> tuple[Inline, ...]:
    """``text`` with a TermRef around each match (``(offset in text, match)``, in order)."""
    out: list[Inline] = []
    pos = 0
    for a, m in matches:
        if a > pos:
            out.append(Text(text[pos:a]))
        out.append(TermRef(m.entry, m.category, (Text(m.surface),)))
        pos = a + len(m.surface)
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out)


def link_edition(edition: Edition, matcher: Matcher) -> tuple[Edition, list[Placed]]:
    """The edition with every linked match of its original wrapped in a TermRef, and every match placed
    (linked or not: the report says why not)."""
    runs = _runs(edition)
    if not runs:
        return edition, []
    starts: list[int] = []  # each run's start in the runs joined by line breaks
    pos = 0
    for r in runs:
        starts.append(pos)
        pos += len(r.text) + 1
    placed: list[Placed] = []
    links: dict[int, list[tuple[int, Match]]] = {}  # run -> its linked matches, (offset in the run, match)
    for shift, found in _scan(runs, starts, matcher):
        for m in found:
            i = bisect_right(starts, m.start + shift) - 1
            rel = m.start + shift - starts[i]
            placed.append(Placed(m, runs[i].unit, runs[i].offset + rel))
            if m.status == "linked":
                links.setdefault(i, []).append((rel, m))
    if not links:
        return edition, placed
    # (unit, offset) identifies a run
    rewrite = {(runs[i].unit, runs[i].offset): _linked(runs[i].text, ms) for i, ms in links.items()}
    return _rebuild(edition, rewrite), placed


def _rebuild(edition: Edition, rewrite: dict[tuple[str, int], tuple[Inline, ...]]) -> Edition:
    """The edition with the runs named in ``rewrite`` replaced (the same walk as :func:`_runs`)."""
    offsets: dict[str, int] = {}

    def inlines(nodes: tuple[Inline, ...], unit: str) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            at = offsets.get(unit, 0)
            if isinstance(node, Text):
                out.extend(rewrite.get((unit, at), (node,)) if node.text else (node,))
                offsets[unit] = at + len(node.text)
            elif isinstance(node, Emph):
                out.append(Emph(inlines(node.children, unit)))
            else:
                out.append(node)
                offsets[unit] = at + len(_plain(node.children))
        return tuple(out)

    touched = {unit for unit, _ in rewrite}

    def block(b: Block) -> Block:
        u = b.original
        if not any(_unit_of(b, s) in touched for s in u.sentences):
            for s in u.sentences:  # keep the offsets counting, as the walk would
                inlines(s.inlines, _unit_of(b, s))
            return b
        # constructors, not dataclasses.replace: a large text has tens of thousands of these
        sentences = tuple(Sentence(s.id, inlines(s.inlines, _unit_of(b, s)), s.corresp, s.line) for s in u.sentences)
        return Block(b.kind, Unit(u.id, u.lang, sentences, u.line), b.translation)

    def nodes(ns: tuple[Node, ...]) -> tuple[Node, ...]:
        return tuple(
            block(n)
            if isinstance(n, Block)
            else replace(n, head=block(n.head) if n.head is not None else None, children=nodes(n.children))
            for n in ns
        )

    return replace(edition, children=nodes(edition.children))


def annotate_text(text: str, matcher: Matcher) -> tuple[tuple[Inline, ...], list[Match]]:
    """A plain string -> model inlines with a TermRef around each linked match, and the matches."""
    matches = matcher.find(text)
    return _linked(text, [(m.start, m) for m in matches if m.status == "linked"]) if text else (), matches


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
