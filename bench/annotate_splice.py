"""The splice path: how ``reader annotate`` wrote imported plain text before it went through the link
transform (issue 12), kept here as the benchmark's reference and nowhere else.

The imported edition is written as TEI once, without links; then every run of the original is matched
(in pieces, the next scanned in a thread while this one is written) and each linked run's text, with
its name elements, is written straight into the piece that held it: no model nodes are made. The
loop is the pre-transform one (commit ee42590), unpacking each match once, with the report's records
made by :func:`reader.transforms.link.match_record` as the product makes them. Section 3 times it
against :func:`reader.app.annotate.annotate_edition` in one process, on the same edition, and checks
that both give the same bytes and report."""

from __future__ import annotations

from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate
from typing import Any

from reader.model import Edition, Glossary, Text
from reader.text.match import Match, Matcher
from reader.transforms.link import SCAN_CHARS, match_record, original_units
from reader.writers.tei.write import XML_DECLARATION, Run, edition_markup, escape_text, name_tags


class _Slot:
    """One unit's text run: its text, its unit id and the line of its start tag."""

    __slots__ = ("text", "unit", "line")

    def __init__(self, text: str, unit: str, line: int) -> None:
        self.text, self.unit, self.line = text, unit, line


def _unit_texts(edition: Edition) -> dict[str, str] | None:
    """Each unit's one run of plain text, by unit id; None when a unit holds anything else."""
    texts: dict[str, str] = {}
    for block in original_units(edition.children):
        sents = block.original.sentences
        if not sents:
            continue
        if len(sents) == 1 and not sents[0].id:
            units = [(block.original.id, sents[0].inlines)]
        elif all(s.id for s in sents):
            units = [(s.id, s.inlines) for s in sents]
        else:
            return None
        for unit, inlines in units:
            if not inlines:
                continue
            if len(inlines) != 1 or type(inlines[0]) is not Text:
                return None
            if not unit or unit in texts:
                return None
            texts[unit] = inlines[0].text
    return texts


def _linked_runs(
    slots: list[_Slot], starts: list[int], found: list[Match], records: bool, glossary: Glossary
) -> tuple[list[int], list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """One pass over the matches: the runs that get links, each written out with its name elements,
    and the report's records (the pre-transform loop)."""
    linked: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    order: list[int] = []
    written: list[str] = []
    elements: dict[str, str] = {}
    locales: dict[tuple[str, str], list[str]] = {}
    end_all = starts[-1] + len(slots[-1].text) + 1
    i, bound, last = 0, (starts[1] if len(starts) > 1 else end_all), len(starts) - 1
    cur = -1
    out: list[str] = []
    append = out.append
    text, base, pos = "", 0, 0
    esc: Any = str
    for m in found:
        start, _, surface, entry, category, _, _, _, status, _, _ = m
        if start >= bound:
            i = bisect_right(starts, start) - 1
            bound = starts[i + 1] if i < last else end_all
        slot = slots[i]
        if status != "linked":
            other.append(match_record(m, slot.unit, slot.line, start - starts[i], glossary, locales))
            continue
        if records:
            linked.append(match_record(m, slot.unit, slot.line, start - starts[i], glossary, locales))
        else:
            linked.append({"entry": entry})
        if i != cur:
            if cur >= 0:
                append(esc(text[pos:]))
                written.append("".join(out))
            cur, text, base, pos, out = i, slot.text, starts[i], 0, []
            append = out.append
            order.append(i)
            esc = escape_text if ("&" in text or "<" in text or ">" in text or "\r" in text) else str
        a = start - base
        if a > pos:
            append(esc(text[pos:a]))
        element = elements.get(surface)
        if element is None:
            open_tag, close_tag = name_tags(category, entry)
            element = elements[surface] = open_tag + escape_text(surface) + close_tag
        append(element)
        pos = a + len(surface)
    if cur >= 0:
        append(esc(text[pos:]))
        written.append("".join(out))
    return order, written, linked, other


def annotate_edition_splice(
    edition: Edition, glossary_href: str, source_note: str, matcher: Matcher, records: bool = True
) -> tuple[bytes, list[dict[str, Any]], list[dict[str, Any]], int] | None:
    """What :func:`reader.app.annotate.annotate_edition` returns, made by the splice path."""
    texts = _unit_texts(edition)
    if texts is None:
        return None
    runs: list[Run] = []
    out = edition_markup(edition, glossary_href, source_note, runs)
    ends = list(accumulate(piece.count("\n") for piece in out))
    slots: list[_Slot] = []
    where: list[int] = []
    for idx, unit in runs:
        text = texts.get(unit, "")
        if text.strip():
            slots.append(_Slot(text, unit, 2 + ends[idx - 1]))  # the XML declaration is line 1
            where.append(idx)
    linked: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    ranges: list[tuple[int, int]] = []
    lo = size = 0
    for k, s in enumerate(slots):
        size += len(s.text) + 1
        if size >= SCAN_CHARS:
            ranges.append((lo, k + 1))
            lo, size = k + 1, 0
    if lo < len(slots):
        ranges.append((lo, len(slots)))
    pieces = ["\n".join(s.text for s in slots[a:b]) for a, b in ranges]
    with ThreadPoolExecutor(1) as pool:
        scans = [pool.submit(matcher.hits, t) for t in pieces]
        for (a, b), text, scan in zip(ranges, pieces, scans, strict=True):
            part = slots[a:b]
            starts: list[int] = []
            pos = 0
            for s in part:
                starts.append(pos)
                pos += len(s.text) + 1
            found = matcher.find_all(text, scan.result())
            order, written, got, missed = _linked_runs(part, starts, found, records, matcher.glossary)
            linked += got
            other += missed
            for i, run in zip(order, written, strict=True):
                out[where[a + i]] = run
    out.insert(0, XML_DECLARATION)
    out.append("\n")
    return "".join(out).encode("utf-8"), linked, other, 0


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.annotate_splice annotate …``: the command line with the splice path in place of
    the transform (for the end-to-end comparison of section 3)."""
    import sys

    from reader.app import annotate, cli

    annotate.annotate_edition = annotate_edition_splice  # type: ignore[assignment]
    return cli.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    raise SystemExit(main())
