"""``reader words TEXT [--known-words FILE] [--min-level N] [--format csv|tsv|json]``: a text's
vocabulary on standard output (see :mod:`reader.transforms.words`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..text import known as known_words
from ..transforms.words import format_vocabulary, vocabulary
from .build import load_for_build


def words_command(args: argparse.Namespace) -> int:
    """``reader words TEXT [--known-words FILE] [--min-level N] [--format csv|tsv|json]``."""
    known = known_words.load(Path(args.known_words)) if args.known_words else set()
    edition, glossary = load_for_build(Path(args.text))
    items = vocabulary(edition, glossary, known=known, min_level=args.min_level)
    sys.stdout.write(format_vocabulary(items, args.format))
    return 0
