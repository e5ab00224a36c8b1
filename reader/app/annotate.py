"""``reader annotate``: link glossary names and terms in a TEI text, plain text or Markdown.

TEI input is annotated in place: the tree is parsed safely, every text run of the original that is
not already inside a name, a foreign word, a note or a link is matched (all runs at once, one
automaton pass), and name elements are spliced in around the matches. Nothing else in the file
changes, existing links are kept, and the characters of the text are never changed (:mod:`reader.writers.tei.annotate`). Plain text and
Markdown are imported first (:mod:`reader.readers.plaintext`) and written as new TEI (:mod:`reader.writers.tei.write`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..errors import InputError, ReaderError
from ..gcpause import gc_paused
from ..model import Edition, Glossary, Inline, TermRef, Text
from ..readers.tei.parse import parse_xml
from ..readers.tei.vocab import ROOT
from ..text.match import Match, Matcher
from ..writers.tei.annotate import MARK, SKIP, E, _linked_runs, _record, _Slot, annotate_root, annotate_tree  # noqa: F401  (re-exported)
from ..writers.tei.write import Run, edition_markup
from .defaults import DEFAULT_GLOSSARY

SCAN_CHARS = 1 << 20  #: characters scanned at a time by :func:`annotate_edition`
_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"


def annotate_edition(
    edition: Edition, glossary_href: str, source_note: str, matcher: Matcher, records: bool = True
) -> tuple[bytes, list[dict[str, Any]], list[dict[str, Any]], int] | None:
    """An imported edition written as TEI with its links, in one pass and without an lxml tree: the
    same bytes and report as :func:`annotate_root` on :func:`edition_to_tree`. None when the original
    holds more than plain text in a unit (emphasis, links, notes): then the tree must be used."""
    runs: list[Run] = []
    out = edition_markup(edition, glossary_href, source_note, runs)
    if None in runs:
        return None
    # a run's line is its start tag's (the piece before it, which begins with its line break)
    ends = list(accumulate(piece.count("\n") for piece in out))
    slots: list[_Slot] = []
    where: list[int] = []
    for idx, text, unit in runs:  # type: ignore[misc]
        if text.strip():
            slots.append(_Slot(None, False, text, unit, 1 + ends[idx - 1], 0))  # type: ignore[arg-type]
            where.append(idx)
    if len({s.unit for s in slots}) != len(slots) or "" in {s.unit for s in slots}:
        return None  # two runs in one unit: offsets as the tree walk counts them are not tracked here
    linked: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    # pieces of about SCAN_CHARS: the automaton scans the next piece (in a thread: it releases the GIL)
    # while this one's matches are sorted and written; runs never straddle pieces, so nothing changes
    ranges: list[tuple[int, int]] = []
    lo = size = 0
    for k, s in enumerate(slots):
        size += len(s.text) + 1
        if size >= SCAN_CHARS:
            ranges.append((lo, k + 1))
            lo, size = k + 1, 0
    if lo < len(slots):
        ranges.append((lo, len(slots)))
    texts = ["\n".join(s.text for s in slots[a:b]) for a, b in ranges]
    with ThreadPoolExecutor(1) as pool:
        scans = [pool.submit(matcher.hits, t) for t in texts]
        for (a, b), text, scan in zip(ranges, texts, scans, strict=True):
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
    out.insert(0, _DECLARATION)
    out.append("\n")
    return "".join(out).encode("utf-8"), linked, other, 0


def annotate_text(text: str, matcher: Matcher) -> tuple[tuple[Inline, ...], list[Match]]:
    """A plain string -> model inlines with TermRef around each linked match, and the matches."""
    matches = matcher.find(text)
    out: list[Inline] = []
    pos = 0
    for m in matches:
        if m.start > pos:
            out.append(Text(text[pos : m.start]))
        out.append(TermRef(m.entry, m.category, (Text(m.surface),)))
        pos = m.end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out), matches


def annotate_file(
    path: str | Path,
    glossary: Glossary,
    *,
    output: str | Path | None = None,
    glossary_path: str | Path | None = None,
    **options: Any,
) -> tuple[bytes, dict[str, Any]]:
    """Annotate a .xml, .txt or .md file; return the TEI bytes and the report."""
    from ..readers.plaintext import load_input
    from ..writers.tei.write import edition_to_tree
    from .importer import glossary_href

    p = Path(path)
    fast = None
    records = bool(options.pop("records", True))
    matcher = options.pop("matcher", None) or Matcher(glossary, **options)
    if p.suffix.lower() == ".xml":
        root = parse_xml(p).getroot()
        if root.tag != ROOT:
            raise InputError("the root element is not a TEI <TEI>", str(p), root.sourceline or 1, 1)
    else:
        edition = load_input(p)
        gpath = Path(glossary_path or glossary.source or DEFAULT_GLOSSARY)
        href = glossary_href(gpath, Path(output) if output else Path("out.xml"))
        note = f"Imported from {p.name} by reader annotate."
        with gc_paused():
            fast = annotate_edition(edition, href, note, matcher, records)
        root = edition_to_tree(edition, href, note) if fast is None else None
    try:
        with gc_paused():
            data, linked, other, existing = fast or annotate_root(root, matcher, records)  # type: ignore[arg-type]
    except InputError as exc:
        raise InputError(exc.message, str(p), exc.line, exc.col) from None
    counts = Counter(r["entry"] for r in linked)
    report = {
        "input": str(p),
        "glossary": glossary.source,
        "links_added": len(linked),
        "links_kept": existing,
        "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "matches": linked,
        "not_linked": other,
    }
    return data, report


def _glossary_for(path: Path, override: str | None) -> Path:
    if override:
        return Path(override)
    if path.suffix.lower() == ".xml":
        from ..readers.tei.read import glossary_path_of

        found = glossary_path_of(str(path), parse_xml(path).getroot())
        if found and Path(found).is_file():
            return Path(found)
    return DEFAULT_GLOSSARY


def annotate_command(args: argparse.Namespace) -> int:
    """Run ``reader annotate INPUT [-o OUT.xml] [--report FILE.json]``."""
    from ..readers.glossary import load_glossary
    from .output import write_atomic

    path = Path(args.input)
    gpath = _glossary_for(path, args.glossary)
    if not gpath.is_file():
        raise ReaderError(f"no glossary at {str(gpath)!r}: pass --glossary FILE", str(path))
    with gc_paused():
        glossary = load_glossary(gpath)
        data, report = annotate_file(path, glossary, output=args.output, glossary_path=gpath, records=bool(args.report))
    if args.report:
        write_atomic(args.report, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    if args.output:
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    top = ", ".join(f"{k} {v}" for k, v in list(report["counts"].items())[:5])
    skipped = Counter(r.get("status") for r in report["not_linked"])
    print(
        f"{path}: {report['links_added']} links added to {len(report['counts'])} entries"
        f" ({report['links_kept']} existing kept; {skipped.get('ambiguous', 0)} ambiguous,"
        f" {skipped.get('skipped', 0) + skipped.get('excluded', 0)} inside longer words left alone)"
        + (f"; most: {top}" if top else ""),
        file=sys.stderr,
    )
    return 0
