"""The benchmark runs (quick mode: tiny inputs) and prints a row for every figure. No timings are
checked here: speed is the benchmark's business, not the test suite's."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

FIGURES = [
    "import floor",
    "reader --version",
    "reader build --format html",
    "pdf",  # section 2 (its rows come from bench/pdf_bench.py)
    "reader annotate (50 entries",
    "reader annotate (1,000 entries",
    "reader annotate (20,000 entries",
    "bare automaton scan (20,000 entries",
    "regex alternation (20,000 entries",
    "annotate in process, link transform vs splice path",
    "reader annotate end to end, link transform vs splice path",
    "first build, -j 1",
    "rebuild, nothing changed",
    "rebuild, 1 of 3 texts changed",
    "reader align, 1×",
    "reader align, 10×",
    "reader align, rate at 10×",
    "HTML edition",  # section 5: size and elements at load
    "HTML build imports WeasyPrint",
    "reader build --format epub (",
    "reader build --format epub --script hans",
    "serve: rebuild after a save that changed nothing",
    "serve: save -> changed page in chromium",
    "resolve inputs",  # section 8: the stages that were quadratic, at 1× and 10×
    "HTML render",
    "reader import",
]


def test_quick_bench_prints_every_figure():
    res = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("machine: ")
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| # ")]
    for figure in FIGURES:
        assert any(figure.lower() in row.lower() for row in rows), f"no row for {figure!r}:\n{res.stdout}"
    sections = {row.split("|")[1].strip() for row in rows}
    assert sections == {"1", "2", "3", "4", "5", "6", "7", "8"}
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2] and cells[2] != "not measured" or cells[6] == "MISS", row
        assert cells[6] in ("", "PASS", "MISS"), row
