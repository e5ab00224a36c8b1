"""The benchmark's machinery: timing subprocesses (median of runs, peak memory), rows with budgets,
the machine's description, and the table printed at the end."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READER = [sys.executable, "-m", "reader.app.cli"]  # the installed console script is equivalent but may be absent


@dataclass
class Row:
    """One figure of the table: a measurement, what it is compared with, and its budget."""

    section: str  #: 1 startup, 2 PDF, 3 annotate, 4 rebuild
    name: str  #: what was measured
    value: str  #: the figure, formatted (e.g. "0.31 s", "9.2 MB/s")
    reference: str = ""  #: the baseline it is compared with, formatted
    ratio: str = ""  #: value / reference, formatted ("1.7×")
    budget: str = ""  #: the budget, in words ("≤ 2× floor")
    status: str = ""  #: PASS, MISS, or empty when the figure has no budget
    note: str = ""  #: anything that qualifies the figure (sample size, runs)


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("PASS" if ok else "MISS")


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_ratio(r: float) -> str:
    return f"{r:.2f}×"


@dataclass(frozen=True)
class Child:
    """What one run of a command cost."""

    wall: float  #: seconds
    cpu: float  #: CPU seconds of the child, user + system
    peak_mib: float  #: its peak resident memory


def run_child(argv: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Child:
    """Run a command once (output discarded, ``env`` added to this process's) and measure it with
    ``wait4``. Fails loudly: a non-zero exit raises with the end of its standard error."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {err.strip()[-500:]}")
    return Child(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB


def run_timed(
    argv: Sequence[str], cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> tuple[float, float]:
    """Run a command once: (wall seconds, peak resident memory of the child in MiB). Fails loudly."""
    child = run_child(argv, cwd, env)
    return child.wall, child.peak_mib


def median_of(runs: int, fn: Callable[[], float], warmup: int = 1) -> float:
    """The median of ``runs`` calls of ``fn`` (which returns seconds), after ``warmup`` unmeasured calls."""
    for _ in range(warmup):
        fn()
    return statistics.median(fn() for _ in range(runs))


def median_cmd(argv: Sequence[str], runs: int, cwd: Path | None = None, warmup: int = 1) -> tuple[float, float]:
    """Median wall time and the largest peak memory over ``runs`` runs of a command."""
    for _ in range(warmup):
        run_timed(argv, cwd)
    results = [run_timed(argv, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError):
        pass
    return "RAM unknown"


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "absent"


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def machine_description() -> list[str]:
    """A few lines saying where the figures were measured."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    chromium = "absent"
    if binary := chromium_binary():
        try:
            chromium = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            chromium = "present (version unknown)"
    return [
        f"machine: {_cpu_model()}, {cpus} CPUs, {_mem_total()}, {platform.system()} {platform.release()}",
        f"python {platform.python_version()}; reader {_version('reader')}, weasyprint {_version('weasyprint')}, "
        f"lxml {_version('lxml')}, ahocorasick-rs {_version('ahocorasick-rs')}; {chromium}",
    ]


def render_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table (also valid Markdown)."""
    head = ["#", "figure", "value", "reference", "ratio", "budget", "status", "note"]
    body = [[r.section, r.name, r.value, r.reference, r.ratio, r.budget, r.status, r.note] for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(head)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out.extend(line(b) for b in body)
    return "\n".join(out)
