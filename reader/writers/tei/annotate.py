"""Annotating a TEI tree in place: find the runs of the original that may be linked, match them in
one automaton pass, and write the links in as escaped text in one serialisation (or splice elements).

Used by :mod:`reader.app.annotate`; nothing else in the file changes, existing links are kept, and the
characters of the text are never changed.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from typing import Any

from lxml import etree

from ...errors import InputError
from ...model import Glossary
from ...readers.tei.vocab import ANNOTATE_SKIP, NOTE, TEI_NS, UNIT_TAGS, XML_ID, E
from ...text.match import Match, Matcher
from ...transforms.link import match_record
from .write import escape_text, name_element, name_tags, serialise

SKIP = ANNOTATE_SKIP  #: elements whose content is never annotated


class _Slot:
    """One text run: ``el.text`` (tail False) or ``el.tail`` (tail True), in unit ``unit`` at ``offset``."""

    __slots__ = ("el", "tail", "text", "unit", "line", "offset")

    def __init__(self, el: etree._Element, tail: bool, text: str, unit: str, line: int, offset: int) -> None:
        self.el, self.tail, self.text, self.unit, self.line, self.offset = el, tail, text, unit, line, offset


def _collect(root: etree._Element) -> tuple[list[_Slot], int]:
    """The linkable text runs of the original, in document order, and the count of existing links."""
    body = root.find(f"{E}text/{E}body")
    if body is None:
        raise InputError("the TEI document has no <text><body>", "", root.sourceline or 1, 1)
    original = body.find(f"{E}div[@type='original']")
    if original is None:
        if body.find(f"{E}div[@type='translation']") is not None:
            return [], 0  # a translation file: its original lives elsewhere
        original = body
    slots: list[_Slot] = []
    existing = sum(1 for el in original.iter() if (el.get("ref") or "").startswith("gl:"))
    counters: dict[str, int] = {}

    def walk(el: etree._Element, unit: str) -> None:
        # each lxml property read makes a new Python object: read each once, and only when needed
        if el.tag in UNIT_TAGS:
            unit = el.get(XML_ID) or unit
        line = -1
        text = el.text
        if text:
            line = el.sourceline or 0
            at = counters.get(unit, 0)
            slots.append(_Slot(el, False, text, unit, line, at))
            counters[unit] = at + len(text)
        if not len(el):
            return
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                pass
            elif tag in SKIP and not (tag == NOTE and child.get("type") == "publisher"):
                counters[unit] = counters.get(unit, 0) + len("".join(child.itertext()))
            else:
                walk(child, unit)
            tail = child.tail
            if tail:
                if line < 0:
                    line = el.sourceline or 0
                at = counters.get(unit, 0)
                slots.append(_Slot(child, True, tail, unit, child.sourceline or line, at))
                counters[unit] = at + len(tail)

    walk(original, "")
    return [s for s in slots if s.text.strip()], existing


def _splice(slot: _Slot, matches: list[Match], base: int) -> None:
    """Replace a text run by text and name elements around ``matches`` (offsets relative to ``base``)."""
    text = slot.text
    pieces: list[etree._Element] = []
    pos = 0
    lead = ""
    for m in matches:
        a, b = m.start - base, m.end - base
        gap = text[pos:a]
        if pieces:
            pieces[-1].tail = gap
        else:
            lead = gap
        el = name_element(m.category, m.entry)
        el.text = text[a:b]
        pieces.append(el)
        pos = b
    pieces[-1].tail = text[pos:] or None
    if slot.tail:
        slot.el.tail = lead or None
        anchor = slot.el
        anchor.addnext(pieces[0])
    else:
        slot.el.text = lead or None
        slot.el.insert(0, pieces[0])
    anchor = pieces[0]
    for p in pieces[1:]:  # chained: each insertion is O(1), however many links a run gets
        anchor.addnext(p)
        anchor = p


def _scan(slots: list[_Slot], matcher: Matcher) -> tuple[list[int], list[Match]]:
    """Match every run in one automaton pass over the runs joined by line breaks: each run's offset
    in the joined text, and the matches."""
    starts: list[int] = []
    pos = 0
    for s in slots:
        starts.append(pos)
        pos += len(s.text) + 1
    return starts, matcher.find_all("\n".join(s.text for s in slots))


def _match_slots(
    root: etree._Element, matcher: Matcher, records: bool
) -> tuple[list[_Slot], list[int], dict[int, list[Match]], list[dict[str, Any]], list[dict[str, Any]], int]:
    """Find the matches of every linkable run (one automaton pass): the runs, their offsets in the
    joined text, linked matches per run, the report's records (linked, not linked) and existing links."""
    slots, existing = _collect(root)
    if not slots:
        return slots, [], {}, [], [], existing
    starts, found = _scan(slots, matcher)
    pos = starts[-1] + len(slots[-1].text) + 1  # the joined text's length, as the last run's bound
    linked: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    by_slot: dict[int, list[Match]] = {}
    glossary = matcher.glossary
    locales: dict[tuple[str, str], list[str]] = {}
    i, bound, last = 0, (starts[1] if len(starts) > 1 else pos), len(starts) - 1
    run: list[Match] = []
    for m in found:
        if m.start >= bound:  # matches come in order: find the run only when a match leaves the current one
            i = bisect_right(starts, m.start) - 1
            bound = starts[i + 1] if i < last else pos
            run = []
        if m.status == "linked":
            if not run:
                by_slot[i] = run
            run.append(m)
            linked.append(
                _record(m, slots[i], m.start - starts[i], glossary, locales) if records else {"entry": m.entry}
            )
        else:
            other.append(_record(m, slots[i], m.start - starts[i], glossary, locales))
    return slots, starts, by_slot, linked, other, existing


def annotate_tree(
    root: etree._Element, matcher: Matcher, records: bool = True
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Link the original's text in place; return (linked matches, matches not linked, existing links).

    With ``records=False`` a linked match is reported as ``{"entry": id}`` only (enough for counts).
    """
    slots, starts, by_slot, linked, other, existing = _match_slots(root, matcher, records)
    for i, ms in by_slot.items():
        _splice(slots[i], ms, starts[i])
    return linked, other, existing


#: stands for an annotated run while the tree is serialised (a noncharacter; see :func:`annotate_root`)
MARK = "\ufdd0"
_MARK_BYTES = MARK.encode("utf-8")


def _tei_prefix(slot: _Slot) -> str | None:
    """The prefix name elements get inside this run's parent ('' for the default namespace), or None
    when the namespaces in scope are unusual (then lxml itself must write the elements)."""
    parent = slot.el.getparent() if slot.tail else slot.el
    if parent is None:
        return None
    prefixes = [k for k, v in parent.nsmap.items() if v == TEI_NS]
    if prefixes == [None]:
        return ""
    return None


def _linked_runs(
    slots: list[_Slot], starts: list[int], found: list[Match], records: bool, glossary: Glossary
) -> tuple[list[int], list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """The runs that get links (in document order), each written out as XML text with its name
    elements (escaped as lxml escapes), and the report's records (linked, not linked)."""
    linked: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    locales: dict[tuple[str, str], list[str]] = {}
    by_run: dict[int, list[Match]] = {}  # run -> its linked matches, in order
    i, next_start = -1, -1  # the run holding the current match, and where the run after it starts
    run: list[Match] = []  # the current run's linked matches
    for m in found:
        start = m.start
        if start >= next_start:  # matches come in order: look the run up only when the last one is passed
            i = bisect_right(starts, start) - 1
            next_start = starts[i + 1] if i + 1 < len(starts) else sys.maxsize
            run = []
        if m.status != "linked":
            other.append(_record(m, slots[i], start - starts[i], glossary, locales))
            continue
        linked.append(_record(m, slots[i], start - starts[i], glossary, locales) if records else {"entry": m.entry})
        if not run:  # the run's first link
            by_run[i] = run
        run.append(m)
    elements: dict[str, str] = {}  # a linked surface is always the same entry: its element, written once
    written = [_run_markup(slots[i].text, starts[i], matches, elements) for i, matches in by_run.items()]
    return list(by_run), written, linked, other


def _run_markup(text: str, base: int, matches: list[Match], elements: dict[str, str]) -> str:
    """A run's text (starting at ``base`` in the scanned text) as XML text, with a name element around
    each match."""
    esc = escape_text if ("&" in text or "<" in text or ">" in text or "\r" in text) else str  # most need none
    out: list[str] = []
    append = out.append
    pos = 0
    for m in matches:
        offset, surface = m.start - base, m.surface
        if offset > pos:
            append(esc(text[pos:offset]))
        element = elements.get(surface)
        if element is None:
            open_tag, close_tag = name_tags(m.category, m.entry)
            element = elements[surface] = open_tag + escape_text(surface) + close_tag
        append(element)
        pos = offset + len(surface)
    append(esc(text[pos:]))
    return "".join(out)


def annotate_root(
    root: etree._Element, matcher: Matcher, records: bool = True
) -> tuple[bytes, list[dict[str, Any]], list[dict[str, Any]], int]:
    """The annotated document as TEI bytes (as :func:`annotate_tree` then :func:`serialise` would give).

    Creating an lxml element per link costs about 10 µs; instead each annotated run is replaced by a
    marker, the tree is serialised once, and each marker is replaced by the run's text with its name
    elements written out. If the document already holds the marker character, or a run's namespaces
    are unusual, the links are spliced into the tree instead (and the tree is changed).
    """
    slots, existing = _collect(root)
    if not slots:
        return serialise(root), [], [], existing
    starts, found = _scan(slots, matcher)
    order, written, linked, other = _linked_runs(slots, starts, found, records, matcher.glossary)
    if not order:
        return serialise(root), linked, other, existing
    if all(_tei_prefix(slots[i]) == "" for i in order):
        for i in order:
            slot = slots[i]
            if slot.tail:
                slot.el.tail = MARK
            else:
                slot.el.text = MARK
        data = serialise(root)
        for i in order:  # the tree is left as it was
            slot = slots[i]
            if slot.tail:
                slot.el.tail = slot.text
            else:
                slot.el.text = slot.text
        pieces = data.split(_MARK_BYTES)
        if len(pieces) == len(order) + 1:  # every marker is ours: runs are serialised in document order
            out = [pieces[0]]
            for run, piece in zip(written, pieces[1:], strict=True):
                out.append(run.encode("utf-8"))
                out.append(piece)
            return b"".join(out), linked, other, existing
    linked, other, existing = annotate_tree(root, matcher, records)  # rare: match again, splice elements
    return serialise(root), linked, other, existing


def _record(
    m: Match, slot: _Slot, rel: int, glossary: Glossary, locales: dict[tuple[str, str], list[str]]
) -> dict[str, Any]:
    """A match in a run, as the report gives it (the transform's record, placed by the run)."""
    return match_record(m, slot.unit, slot.line, slot.offset + rel, glossary, locales)
