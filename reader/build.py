"""``reader build``: texts -> model -> HTML and PDF editions in an output directory.

Each text is read with the glossary its ``gl:`` prefix names (or ``--glossary``), rendered in memory
and written atomically. The HTML path never imports WeasyPrint.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import ReaderError
from .glossary import load_glossary_cached
from .model import Edition, Glossary
from .output import write_atomic
from .tei.read import load_text

FORMATS = ("html", "pdf")
DEFAULT_GLOSSARY = Path("glossary") / "glossary.xml"


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how."""

    outdir: Path  #: output directory
    formats: tuple[str, ...] = FORMATS  #: html and/or pdf
    script: str = "hant"  #: hant (as written) or hans (converted to Simplified)
    paper: str = "a4"  #: PDF paper size
    glossary: Path | None = None  #: glossary override


def parse_formats(value: str) -> tuple[str, ...]:
    """``html,pdf`` -> ('html', 'pdf'), refusing unknown formats."""
    out = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise ReaderError(f"unknown format {','.join(bad) or value!r}: use html, pdf or html,pdf")
    return out


def load_for_build(text: Path, glossary_override: Path | None = None) -> tuple[Edition, Glossary]:
    """Read a text and its glossary, checking every glossary reference."""
    from .tei.parse import parse_xml
    from .tei.read import glossary_path_of

    if glossary_override is not None:
        gpath: Path | None = glossary_override
    else:
        found = glossary_path_of(str(text), parse_xml(text).getroot())
        gpath = Path(found) if found else (DEFAULT_GLOSSARY if DEFAULT_GLOSSARY.is_file() else None)
    if gpath is None:
        glossary = Glossary(())
    else:
        if not gpath.is_file():
            raise ReaderError(
                f"glossary {str(gpath)!r} does not exist (named by the text's gl: prefix)", str(text), 1, 1
            )
        glossary = load_glossary_cached(gpath)
    edition = load_text(text, set(glossary.by_id))
    return edition, glossary


def output_name(edition: Edition, fmt: str, script: str) -> str:
    """``<slug>.html``, or ``<slug>.hans.html`` for the Simplified edition."""
    suffix = "" if script == "hant" else f".{script}"
    return f"{edition.metadata.slug}{suffix}.{fmt}"


def build_one(text: Path, opts: BuildOptions) -> list[Path]:
    """Build the editions of one text; return the files written."""
    edition, glossary = load_for_build(text, opts.glossary)
    rendered: list[tuple[Path, bytes | str]] = []
    for fmt in opts.formats:
        target = opts.outdir / output_name(edition, fmt, opts.script)
        if fmt == "html":
            from .html import render_html

            rendered.append((target, render_html(edition, glossary, script=opts.script)))
        else:
            from .pdf import render_pdf

            rendered.append((target, render_pdf(edition, glossary, script=opts.script, paper=opts.paper)))
    for target, data in rendered:
        write_atomic(target, data)
    return [t for t, _ in rendered]


def build_command(args: argparse.Namespace) -> int:
    """Run ``reader build``."""
    texts = [Path(t) for t in args.texts] or sorted(Path("texts").glob("*.xml"))
    if not texts:
        raise ReaderError("nothing to build: no TEXT given and no texts/*.xml here", ".")
    opts = BuildOptions(
        outdir=Path(args.output),
        formats=parse_formats(args.format),
        script=args.script,
        paper=args.paper,
        glossary=Path(args.glossary) if args.glossary else None,
    )
    failed = 0
    for text in texts:
        try:
            for out in build_one(text, opts):
                print(f"wrote {out}", file=sys.stderr)
        except ReaderError as exc:
            failed += 1
            print(exc, file=sys.stderr)
    return 1 if failed else 0
