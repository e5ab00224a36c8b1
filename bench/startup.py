"""Section 1: cold start. ``reader --version`` and ``reader build --format html`` of the article, each
against the import floor (the time a fresh Python needs just to import lxml, Jinja2, OpenCC and
markdown-it, which any HTML build must load).

The HTML build is measured twice, always as a fresh process with ``--force``: with a cold text cache
(``.reader-cache/`` removed before every run, so pypinyin and OpenCC load: a first build, or a build
after the Chinese changed) and with a warm one (left from the previous run: a rebuild whose Chinese is
unchanged). The budget is judged on the cold cache (see docs/performance.md). Every process runs as
on a user's machine, with Python's bytecode caching on (``PYTHONDONTWRITEBYTECODE`` cleared), after
one unmeasured run, the four commands taking turns. Wall time is the figure; CPU time is given too, because on a busy machine waiting
for a CPU inflates a longer process's wall time more than the floor's.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .harness import Row, fmt_ratio, fmt_s, run_child, verdict
from .synth import ARTICLE, FIXTURE

FLOOR = [sys.executable, "-c", "import lxml.etree, jinja2, opencc, markdown_it"]
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}  #: bytecode cached, as on a user's machine
#: the HTML build may take at most this many times the floor, the dictionary included (issue 13 set 4×
#: when the edition gained every word's data). The indexes of the packages' data in the user cache
#: (CC-CEDICT, jieba's dictionary, OpenCC's phrases, the HSK tables: reader.text.cedict, jiebadict,
#: ccphrases, levels) are built once per installation, in the unmeasured first run; the cold row's
#: note also gives one build with every user cache cleared (a first build after installing)
BUDGET = 4.0


def reader_argv() -> list[str]:
    """How a user runs reader: the console script beside this Python, else ``python -m reader.app.cli``."""
    script = Path(sys.executable).with_name("reader")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "reader.app.cli"]


def _run(argv: Sequence[str]) -> tuple[float, float, float]:
    """One run: (wall seconds, CPU seconds, peak MiB). Fails loudly."""
    child = run_child(argv, env=ENV)
    return child.wall, child.cpu, child.peak_mib


def _first_ever(argv: Sequence[str]) -> float:
    """One run with an empty user cache (``XDG_CACHE_HOME``): the dictionary indexes built first."""
    with tempfile.TemporaryDirectory(prefix="reader-bench-xdg-") as xdg:
        start = time.perf_counter()
        subprocess.run(list(argv), env={**ENV, "XDG_CACHE_HOME": xdg}, capture_output=True, check=True)
        return time.perf_counter() - start


def _interleaved(commands: dict[str, tuple[Sequence[str], Callable[[], None]]], runs: int) -> dict[str, list[float]]:
    """Each command once unmeasured, then ``runs`` rounds of every command in turn (so a change in the
    machine's load falls on all of them alike): name -> [median wall s, median CPU s, peak MiB]."""
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for rnd in range(runs + 1):
        for name, (argv, before) in commands.items():
            before()
            got = _run(argv)
            if rnd:
                results[name].append(got)
    return {
        name: [statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), max(r[2] for r in rs)]
        for name, rs in results.items()
    }


def measure(quick: bool) -> list[Row]:
    runs = 1 if quick else 7
    text = FIXTURE if quick or not ARTICLE.is_file() else ARTICLE
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        build = [*reader_argv(), "build", str(text), "--format", "html", "-o", tmp, "--force", "-j", "1"]
        cache = Path(tmp) / ".reader-cache"
        got = _interleaved(
            {
                "floor": (FLOOR, lambda: None),
                "version": ([*reader_argv(), "--version"], lambda: None),
                "cold": (build, lambda: shutil.rmtree(cache, ignore_errors=True)),
                "warm": (build, lambda: None),  # runs right after "cold", which filled the cache
            },
            runs,
        )
        shutil.rmtree(cache, ignore_errors=True)
        first_ever = _first_ever(build)
    floor, floor_cpu, _ = got["floor"]
    rows = [
        Row(
            "1",
            "import floor (lxml, jinja2, opencc, markdown_it)",
            fmt_s(floor),
            note=f"median of {runs}; CPU {fmt_s(floor_cpu)}",
        )
    ]
    version = got["version"][0]
    rows.append(Row("1", "reader --version", fmt_s(version), fmt_s(floor), fmt_ratio(version / floor)))
    for key, label, budget in (
        ("cold", "cold text cache", f"≤ {BUDGET:g}× floor"),
        ("warm", "warm text cache", f"(≤ {BUDGET:g}× floor)"),
    ):
        wall, cpu, mem = got[key]
        ratio = wall / floor
        judged = (
            f"; with every user cache cleared (indexes built first, one run): {fmt_s(first_ever)}"
            if budget.startswith("≤")
            else "; not the budget's figure: a rebuild, Chinese unchanged"
        )
        rows.append(
            Row(
                "1",
                f"reader build --format html ({text.stem}), {label}",
                fmt_s(wall),
                fmt_s(floor),
                fmt_ratio(ratio),
                budget,
                verdict(ratio <= BUDGET),
                f"CPU {fmt_s(cpu)} ({fmt_ratio(cpu / floor_cpu)} floor's); peak {mem:.0f} MiB{judged}",
            )
        )
    return rows
