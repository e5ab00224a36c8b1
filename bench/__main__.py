"""``python -m bench [--quick]``: run every benchmark and print one table of figures, ratios and
budgets (PASS or MISS), with the machine's description. ``--quick`` uses tiny inputs and one run of
each figure, to check in seconds that the benchmark works (the test suite runs it); its figures mean
nothing. The exit status is 1 only if a benchmark could not run (an ERROR row), never for a MISS."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable

from . import align_bench, annotate_bench, epub_serve, html_page, pdf_rows, rebuild, scaling, startup
from .harness import Row, machine_description, render_table

SECTIONS: list[tuple[str, str, Callable[[bool], list[Row]]]] = [
    ("1", "cold start", startup.measure),
    ("2", "PDF", pdf_rows.measure),
    ("3", "annotate", annotate_bench.measure),
    ("4", "rebuilds", rebuild.measure),
    ("5", "align", align_bench.measure),
    ("6", "HTML page", html_page.measure),
    ("7", "EPUB and serve", epub_serve.measure),
    ("8", "scaling on hostile input", scaling.measure),
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("--quick", action="store_true", help="tiny inputs, one run each (seconds; figures meaningless)")
    p.add_argument(
        "--only",
        metavar="N[,N]",
        help="run only these sections (1 startup, 2 PDF, 3 annotate, 4 rebuilds, 5 align, 6 HTML page, 7 EPUB and serve, 8 scaling)",
    )
    args = p.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    rows: list[Row] = []
    start = time.monotonic()
    for number, title, fn in SECTIONS:
        if only and number not in only:
            continue
        t0 = time.monotonic()
        print(f"bench: section {number}, {title} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(fn(args.quick))
        except Exception as exc:  # report and go on: one broken section must not hide the others
            traceback.print_exc(file=sys.stderr)
            rows.append(Row(number, title, "not measured", status="ERROR", note=f"{type(exc).__name__}: {exc}"[:160]))
        print(f"bench: section {number} took {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)
    total = time.monotonic() - start
    print("\n".join(machine_description()))
    mode = "quick mode: tiny inputs, figures meaningless" if args.quick else "figures are medians of several runs"
    print(f"bench took {total:.0f} s ({mode})\n")
    print(render_table(rows))
    return 1 if any(r.status == "ERROR" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
