"""Section 1: cold start. ``reader --version`` and ``reader build --format html`` of the article, each
against the import floor (the time a fresh Python needs just to import lxml, Jinja2, OpenCC and
markdown-it, which any HTML build must load)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .harness import Row, fmt_ratio, fmt_s, median_cmd, verdict
from .synth import ARTICLE, FIXTURE

FLOOR = [sys.executable, "-c", "import lxml.etree, jinja2, opencc, markdown_it"]


def reader_argv() -> list[str]:
    """How a user runs reader: the console script beside this Python, else ``python -m reader.cli``."""
    script = Path(sys.executable).with_name("reader")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "reader.cli"]


def measure(quick: bool) -> list[Row]:
    runs = 1 if quick else 5
    text = FIXTURE if quick or not ARTICLE.is_file() else ARTICLE
    floor, _ = median_cmd(FLOOR, runs)
    rows = [Row("1", "import floor (lxml, jinja2, opencc, markdown_it)", fmt_s(floor), note=f"median of {runs}")]
    version, _ = median_cmd([*reader_argv(), "--version"], runs)
    rows.append(Row("1", "reader --version", fmt_s(version), fmt_s(floor), fmt_ratio(version / floor)))
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        argv = [*reader_argv(), "build", str(text), "--format", "html", "-o", tmp, "--force", "-j", "1"]
        html, mem = median_cmd(argv, runs)
    ratio = html / floor
    rows.append(
        Row(
            "1",
            f"reader build --format html ({text.stem})",
            fmt_s(html),
            fmt_s(floor),
            fmt_ratio(ratio),
            "≤ 2× floor",
            verdict(ratio <= 2),
            f"peak {mem:.0f} MiB",
        )
    )
    return rows
