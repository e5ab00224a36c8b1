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
from itertools import repeat
from pathlib import Path
from typing import Any

from ..errors import InputError, ReaderError, quote
from ..model import Edition, Glossary
from ..readers.tei.parse import parse_xml
from ..readers.tei.vocab import ROOT
from ..runtime.gcpause import gc_paused
from ..runtime.safeio import MAX_BYTES, display_name, is_regular
from ..text.match import Match, Matcher
from ..transforms.link import annotate_text, link_edition, linkable_runs, match_record  # noqa: F401  (annotate_text re-exported)
from ..writers.tei.annotate import MARK, annotate_root, annotate_tree  # noqa: F401  (re-exported)
from ..writers.tei.write import XML_DECLARATION, Run, edition_markup
from .defaults import DEFAULT_GLOSSARY


def _unit_lines(out: list[str], starts: list[Run], wanted: set[str]) -> dict[str, int]:
    """The line of each wanted unit (its start tag's) in the file written of the markup ``out``, which
    the XML declaration precedes: line breaks are counted once, and only up to the last wanted unit
    (a report without records wants the units of the few matches left unlinked)."""
    lines: dict[str, int] = {}
    line, counted = 1 + XML_DECLARATION.count("\n"), 0  # the line after the pieces counted so far
    for idx, unit in starts:
        if unit in wanted:
            line += sum(map(str.count, out[counted:idx], repeat("\n")))
            counted = idx
            lines[unit] = line
    return lines


def annotate_edition(
    edition: Edition, glossary_href: str, source_note: str, matcher: Matcher, records: bool = True
) -> tuple[bytes, list[dict[str, Any]], list[dict[str, Any]], int] | None:
    """An imported edition linked by the transform (:func:`reader.transforms.link.link_edition`) and
    written as TEI markup, with its report: the same bytes and report as :func:`annotate_root` on
    :func:`edition_to_tree`. None when a unit of the original holds more than one run of plain text
    (emphasis, links, notes): then the report's lines come from the lxml tree instead."""
    runs = linkable_runs(edition)
    if not runs.one_per_unit:
        return None
    linked_edition, placement = link_edition(edition, matcher, runs)
    starts: list[Run] = []
    out = edition_markup(linked_edition, glossary_href, source_note, starts)
    glossary = matcher.glossary
    locales: dict[tuple[str, str], list[str]] = {}

    def record(shift: int, m: Match) -> dict[str, Any]:
        unit, offset = placement.where(shift, m)
        return match_record(m, unit, 0, offset, glossary, locales)  # its line is set below

    # without records, the count of links by entry is all that is reported of them
    linked = [] if records else [{"entry": entry} for entry in placement.links]
    other: list[dict[str, Any]] = []
    for shift, found in placement.pieces:
        if records:
            linked += [record(shift, m) for m in found if m.status == "linked"]
        other += [record(shift, m) for m in found if m.status != "linked"]
    placed = (linked + other) if records else other
    lines = _unit_lines(out, starts, {r["unit"] for r in placed})
    for r in placed:
        r["line"] = lines.get(r["unit"], 0)
    out.insert(0, XML_DECLARATION)
    out.append("\n")
    return "".join(out).encode("utf-8"), linked, other, 0


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
        note = f"Imported from {display_name(p.name)} by reader annotate."
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
        "input": display_name(p),
        "glossary": display_name(glossary.source),
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
        if found:  # the text names its glossary: that one or an error, never the default (as check, build)
            if not is_regular(found):
                raise ReaderError(f"the gl: prefix points at {found!r}, which does not exist", str(path), 1, 1)
            return Path(found)
    return DEFAULT_GLOSSARY


def annotate_command(args: argparse.Namespace) -> int:
    """Run ``reader annotate INPUT [-o OUT.xml] [--report FILE.json]``."""
    from ..readers.glossary import load_glossary
    from .output import STDOUT, check_target, write_output

    path = Path(args.input)
    for target in (args.output, args.report):
        if target:
            check_target(target)  # a device, FIFO or symlink: one line before any work
    if args.report == STDOUT and args.output in (None, STDOUT):
        raise ReaderError("--report - and the TEI cannot both go to standard output: give -o OUT.xml", str(path))
    gpath = _glossary_for(path, args.glossary)
    if not gpath.is_file():
        raise ReaderError(f"no glossary at {str(gpath)!r}: pass --glossary FILE", str(path))
    with gc_paused():
        glossary = load_glossary(gpath)
        data, report = annotate_file(path, glossary, output=args.output, glossary_path=gpath, records=bool(args.report))
    write_output(args.output or STDOUT, data, limit=MAX_BYTES)  # first: a TEI over the cap writes nothing
    if args.report:
        write_output(args.report, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    top = ", ".join(f"{k} {v}" for k, v in list(report["counts"].items())[:5])
    skipped = Counter(r.get("status") for r in report["not_linked"])
    print(
        f"{quote(path)}: {report['links_added']} links added to {len(report['counts'])} entries"
        f" ({report['links_kept']} existing kept; {skipped.get('ambiguous', 0)} ambiguous,"
        f" {skipped.get('skipped', 0) + skipped.get('excluded', 0)} inside longer words left alone)"
        + (f"; most: {top}" if top else ""),
        file=sys.stderr,
    )
    return 0
