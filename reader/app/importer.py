"""``reader import INPUT -o OUT.xml``: read a plain-text or Markdown file (:mod:`reader.readers.plaintext`)
and write it as a new TEI text (:mod:`reader.writers.tei.write`), atomically."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import ReaderError, quote
from ..readers.plaintext import LANG_TAG, load_input
from ..runtime.safeio import MAX_BYTES, display_name
from ..writers.tei.write import write_tei
from .defaults import DEFAULT_GLOSSARY
from .output import check_target, write_output


def import_command(args: argparse.Namespace) -> int:
    """Run ``reader import INPUT -o OUT.xml``."""
    path = Path(args.input)
    check_target(args.output)  # a device, FIFO or symlink: one line before any work
    lang = getattr(args, "lang", None)
    if lang is not None and not LANG_TAG.match(lang):
        raise ReaderError(f"--lang {lang!r} is not a language tag such as zh-Hant-TW or zh-Hans", str(path))
    edition = load_input(path, lang, getattr(args, "title", None))
    out = Path(args.output)
    glossary = Path(args.glossary) if getattr(args, "glossary", None) else DEFAULT_GLOSSARY
    data = write_tei(
        edition, glossary_href(glossary, out), f"Imported from {display_name(path.name)} by reader import."
    )
    write_output(out, data, limit=MAX_BYTES)
    n = len(edition.blocks())
    print(f"wrote {quote(out)}: {len(edition.sections())} sections, {n} units", file=sys.stderr)
    return 0


def glossary_href(glossary: Path, out: Path) -> str:
    """The glossary's path relative to the output file's folder, with forward slashes."""
    rel = os.path.relpath(glossary.resolve(), out.resolve().parent)
    return rel.replace(os.sep, "/")
