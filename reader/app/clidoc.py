"""``docs/cli.md``: the command-line reference, generated from the parsers' own ``--help`` texts.

``python -m reader.app.clidoc > docs/cli.md`` regenerates it; tests/test_docs.py fails when the file
is stale, so the reference cannot drift from the command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .cli import build_parser

WIDTH = "100"  #: help texts are wrapped at this many columns, whatever the terminal


@contextmanager
def _fixed_width() -> Iterator[None]:
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def _commands(parser: argparse.ArgumentParser, prefix: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, f"{prefix} {name}")


def cli_markdown() -> str:
    """The whole reference as Markdown: one section per command, its help text verbatim."""
    out = [
        "# Command-line reference",
        "",
        "Generated from `reader --help` and each command's `--help` by `python -m reader.app.clidoc > docs/cli.md`;",
        "`tests/test_docs.py` fails when this file is out of date.",
    ]
    with _fixed_width():
        for name, parser in _commands(build_parser(), "reader"):
            out += ["", f"## {name}", "", "```text", parser.format_help().rstrip(), "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(cli_markdown())
