"""Section 4: incremental and parallel builds of several texts: the first build with one worker and
with one per CPU, a rebuild when nothing changed, and a rebuild after one text changed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .harness import Row, fmt_ratio, fmt_s, median_of, run_timed, verdict
from .startup import reader_argv
from .synth import text_set, touch_text


def measure(quick: bool) -> list[Row]:
    count = 3 if quick else 8
    runs = 1 if quick else 3
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        work = Path(tmp)
        texts = text_set(work, count, quick)
        what = f"{count} texts, html"

        def full(jobs: int) -> float:
            shutil.rmtree(work / "out", ignore_errors=True)
            return run_timed([*reader_argv(), "build", "--format", "html", "-o", "out", "-j", str(jobs)], work)[0]

        serial = median_of(runs, lambda: full(1), warmup=0)
        parallel = median_of(runs, lambda: full(cpus), warmup=0)
        rows.append(Row("4", f"first build, -j 1 ({what})", fmt_s(serial)))
        rows.append(
            Row("4", f"first build, -j {cpus} ({what})", fmt_s(parallel), fmt_s(serial), fmt_ratio(parallel / serial))
        )
        argv = [*reader_argv(), "build", "--format", "html", "-o", "out"]
        nochange = median_of(runs, lambda: run_timed(argv, work)[0])
        rows.append(
            Row(
                "4",
                f"rebuild, nothing changed ({what})",
                fmt_s(nochange),
                budget="< 0.3 s",
                status=verdict(nochange < 0.3),
            )
        )
        serial_no = iter(range(1, 1000))

        def one_changed() -> float:
            touch_text(texts[len(texts) // 2], next(serial_no))
            return run_timed(argv, work)[0]

        changed = median_of(runs, one_changed, warmup=0)
        rows.append(
            Row(
                "4",
                f"rebuild, 1 of {count} texts changed",
                fmt_s(changed),
                fmt_s(serial),
                fmt_ratio(changed / serial),
                note="vs first build -j 1",
            )
        )
    return rows
