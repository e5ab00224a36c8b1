"""Section 5: ``reader align`` end to end on a book-sized pair, at 1× (200,000 Chinese characters) and
10×, with the rate in Chinese characters per second at each size, by wall time and by CPU time (the
cost must grow linearly: the dynamic programming is banded; linearity is judged on CPU time, which
the machine's load moves less).

The pair is the PRC Constitution with its official English translation (tests/fixtures/align/
constitution), repeated until the Chinese side reaches the size; a fresh process runs the whole
command (read both files, load the glossary, align, link names, write TEI, report and review page)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .harness import ROOT, Row, fmt_ratio, fmt_s, run_child, verdict
from .startup import reader_argv

FIXTURE = ROOT / "tests" / "fixtures" / "align" / "constitution"
TARGET = 200_000  #: Chinese characters in the 1× book
BUDGET_S, BUDGET_MIB = 10.0, 500.0


def _book(dest: Path, chars: int) -> int:
    """Write zh.txt and en.txt of at least ``chars`` Chinese characters; return the count."""
    zh = (FIXTURE / "zh.txt").read_text(encoding="utf-8").strip()
    en = (FIXTURE / "en.txt").read_text(encoding="utf-8").strip()
    copies = max(1, -(-chars // len(zh)))
    (dest / "zh.txt").write_text("\n\n".join([zh] * copies) + "\n", encoding="utf-8")
    (dest / "en.txt").write_text("\n\n".join([en] * copies) + "\n", encoding="utf-8")
    return len(zh) * copies


def _run(argv: Sequence[str]) -> tuple[float, float, float]:
    """One run: (wall seconds, CPU seconds of the child, peak MiB). Fails loudly."""
    child = run_child(argv, cwd=ROOT)
    return child.wall, child.cpu, child.peak_mib


def measure(quick: bool) -> list[Row]:
    rows: list[Row] = []
    rates: list[float] = []
    sizes = (TARGET // 20, TARGET // 10) if quick else (TARGET, 10 * TARGET)
    for k, size in enumerate(sizes):
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp)
            n = _book(d, size)
            argv = [*reader_argv(), "align", str(d / "zh.txt"), str(d / "en.txt"), "-o", str(d / "out.xml")]
            argv += ["--report", str(d / "r.json"), "--review", str(d / "r.html")]
            seconds, cpu, mib = _run(argv)
        rate = n / seconds
        rates.append(n / cpu)  # linearity is judged on CPU time: wall time moves with the machine's load
        label = "1×" if k == 0 else "10×"
        ok = seconds <= BUDGET_S and mib <= BUDGET_MIB if k == 0 and not quick else None
        rows.append(
            Row(
                "5",
                f"reader align, {label} ({n:,} Chinese chars)",
                f"{fmt_s(seconds)}, {mib:.0f} MiB",
                reference=f"{rate:,.0f} chars/s",
                budget="≤ 10 s and ≤ 500 MiB" if k == 0 else "",
                status=verdict(ok),
                note=f"one run, end to end; CPU {cpu:.1f} s ({n / cpu:,.0f} chars/s); load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
            )
        )
    rows.append(
        Row(
            "5",
            "reader align, rate at 10× / rate at 1× by CPU time (1.0 = linear)",
            fmt_ratio(rates[1] / rates[0]),
            budget="≥ 0.7× (linear)",
            status=verdict(None if quick else rates[1] / rates[0] >= 0.7),
        )
    )
    return rows
