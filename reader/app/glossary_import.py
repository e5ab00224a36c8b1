"""``reader glossary import FILE``: merge a conversion group or CSV table into the glossary, with provenance.

The table is read (:mod:`reader.readers.glossary_tables`), merged into the glossary's TEI tree
(:mod:`reader.writers.tei.glossary_merge`), and the result is read back as a glossary before it
replaces the file: a merge that would leave the glossary invalid writes nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from lxml import etree

from ..errors import GlossaryError, ProblemList, ReaderError
from ..readers.glossary import load_glossary, read_glossary
from ..readers.glossary_tables import read_table
from ..readers.tei.parse import parse_xml
from ..writers.tei.glossary_merge import merge_table


def _bibl_id(args: argparse.Namespace, table: Path) -> str:
    if args.source_id:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]*", args.source_id):
            raise ReaderError(f"--source-id {args.source_id!r} is not an XML name", str(table))
        return str(args.source_id)
    return "src_import_" + (re.sub(r"[^a-z0-9]+", "_", table.stem.lower()).strip("_") or "table")


def import_command(args: argparse.Namespace, path: Path) -> int:
    """Run ``reader glossary import FILE [--source LABEL] [--licence TEXT] [--force] [--dry-run]`` on
    the glossary at ``path``."""
    table = Path(args.file)
    items = read_table(table)
    glossary = load_glossary(path)
    tree = parse_xml(path)
    bibl = _bibl_id(args, table)
    label = args.source or table.name
    try:
        report = merge_table(tree.getroot(), glossary, items, bibl, label, args.licence or "", args.force)
    except ValueError as exc:
        raise GlossaryError(str(exc), str(path), 1, 1) from None
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(tree.getroot(), encoding="UTF-8") + b"\n"
    fd, tmp = tempfile.mkstemp(prefix=".import-", suffix=".xml", dir=str(path.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        _, problems = read_glossary(tmp)
        if problems:
            fixed: list[ReaderError] = [GlossaryError(p.message, str(path), p.line, p.col) for p in problems]
            raise ProblemList(fixed) if len(fixed) > 1 else fixed[0]
        if args.dry_run:
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    verb = "would merge" if args.dry_run else "merged"
    print(
        f"{table}: {verb} {len(items)} item(s) into {path}: {report.entries_joined} joined existing entries "
        f"({report.forms_added} forms added, {report.sources_added} forms gained the source, "
        f"{report.kept_as_variant} kept as variants beside curated main forms"
        + (f", {report.mains_replaced} main forms replaced (--force)" if report.mains_replaced else "")
        + f"), {len(report.entries_added)} new entries, {len(report.unmatched)} matched no entry, "
        f"{len(report.conflicts)} matched several; source #{bibl}",
        file=sys.stderr,
    )
    for line in report.conflicts[:20]:
        print(f"  several entries: {line}", file=sys.stderr)
    for line in report.unmatched[:20]:
        print(f"  no entry: {line}", file=sys.stderr)
    return 0
