"""The PDF benchmark: ``reader``'s WeasyPrint edition against headless Chromium printing the same HTML.

For each size (1 = the bundled article, N = its sections repeated N times) it measures, in fresh
processes so that memory is honest: the seconds ``render_pdf`` takes (median of runs; Python start-up
and imports not included, the start of its worker processes included), the peak RSS of that process
and the largest peak RSS among the child processes it ran (a long text is laid out in chunks by one
worker process per CPU: ``getrusage(RUSAGE_CHILDREN)`` after they were reaped), the pages; and the same for
``chromium --headless --print-to-pdf`` on the same print HTML (whole process: Chromium has no warm
mode; its peak RSS is that of its main process and the children it reaped). Budgets from issue #6:
at most 1.5× Chromium's time for the article, 4× at 50×, peak memory under 600 MiB in every process.

``measure(sizes) -> list[dict]`` is what ``python -m bench`` calls; ``python -m bench.pdf_bench``
runs it standalone and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"
GLOSSARY = ROOT / "glossary" / "glossary.xml"
MEMORY_BUDGET_MIB = 600.0
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
)


def time_budget(size: int) -> float:
    """The allowed ratio to Chromium: 1.5 for the article, 4 for longer texts."""
    return 1.5 if size <= 1 else 4.0


def _scaled(size: int):  # type: ignore[no-untyped-def]
    """The article with its sections repeated ``size`` times, and its glossary."""
    from reader.model import Section
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text

    glossary = load_glossary(GLOSSARY)
    edition = load_text(ARTICLE, set(glossary.by_id))
    if size > 1:
        kids = edition.children
        first = next(i for i, n in enumerate(kids) if isinstance(n, Section))
        last = max(i for i, n in enumerate(kids) if isinstance(n, Section))
        body = kids[first : last + 1] * size
        edition = replace(edition, children=kids[:first] + body + kids[last + 1 :])
    return edition, glossary


def _worker(size: int, out_pdf: Path, html_dir: Path, layout: str = "columns") -> None:
    """In a fresh process: render the PDF (timed), and write the same print HTML for Chromium."""
    from reader.writers.pdf import render as pdf
    from reader.writers.pdf.appendix import appendix_rows
    from reader.writers.pdf.fetcher import print_templates
    from reader.writers.pdf.view import build_view

    edition, glossary = _scaled(size)
    start = time.perf_counter()
    data = pdf.render_pdf(edition, glossary, layout=layout)
    seconds = time.perf_counter() - start
    parent_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the largest child reaped: a chunk worker, or fc-list (the font check) when there were none
    workers_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out_pdf.write_bytes(data)
    # the same HTML for Chromium: body and appendix in one file (the page numbers are WeasyPrint's)
    view = build_view(edition)
    view.layout = layout
    if layout == "facing":  # the same spreads, planned once more (not timed)
        from reader.writers.pdf.facing import facing_html

        body = facing_html(view, "a4", None)
    else:
        body = pdf.print_html(view)
    entries = appendix_rows(glossary, view.occurrences, {a: 0 for a in view.occurrences}, view.script)
    appendix = pdf.print_html(view, "appendix", entries)
    html = body.replace("</body>", appendix.split("<body>", 1)[1].split("</body>", 1)[0] + "</body>")
    (html_dir / "print.html").write_text(html, encoding="utf-8")
    shutil.copy(print_templates() / "print.css", html_dir / "print.css")
    print(json.dumps({"seconds": seconds, "parent_mib": parent_mib, "workers_mib": workers_mib}))


def _run(argv: list[str]) -> tuple[float, float, str]:
    """Run a command; return (wall seconds, peak RSS MiB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024, out


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def chromium_binary() -> str | None:
    """The Chromium to compare against, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def measure(sizes: tuple[int, ...] = (1, 10, 50), runs: int = 3, layout: str = "columns") -> list[dict[str, object]]:
    """One dict of figures per size; runs are capped at 1 from 50× up (a WeasyPrint run takes minutes).
    ``layout``: columns (the default edition) or facing (``--layout facing``)."""
    chromium = chromium_binary()
    results: list[dict[str, object]] = []
    for size in sizes:
        n = 1 if size >= 50 else max(1, runs)
        with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
            work = Path(tmp)
            ours: list[float] = []
            our_rss: list[float] = []
            parent_rss: list[float] = []
            worker_rss: list[float] = []
            theirs: list[float] = []
            their_rss: list[float] = []
            for _ in range(n):
                _, rss, out = _run(
                    [sys.executable, "-m", "bench.pdf_bench", "--worker", str(size), str(work / "w.pdf"), tmp, layout]
                )
                figures = json.loads(out.strip().splitlines()[-1])
                ours.append(float(figures["seconds"]))
                parent_rss.append(float(figures["parent_mib"]))
                worker_rss.append(float(figures["workers_mib"]))
                # wait4 reports the largest of the process and the workers it reaped; take the max of all
                our_rss.append(max(rss, parent_rss[-1], worker_rss[-1]))
                if chromium:
                    wall, crss, _ = _run(
                        [chromium, *CHROMIUM_FLAGS, f"--print-to-pdf={work / 'c.pdf'}", (work / "print.html").as_uri()]
                    )
                    theirs.append(wall)
                    their_rss.append(crss)
            seconds = statistics.median(ours)
            row: dict[str, object] = {
                "name": (f"PDF, article ×{size}" if size > 1 else "PDF, the article")
                + (", --layout facing" if layout == "facing" else ""),
                "size": size,
                "seconds": seconds,
                "peak_rss_mib": round(max(our_rss), 1),
                # in words, so bench/pdf_rows.py shows it as it is in the table's note
                "memory": f"this process {max(parent_rss):.0f} MiB, largest child {max(worker_rss):.0f} MiB",
                "pages": _pages(work / "w.pdf"),
                "runs": n,
            }
            if theirs:
                reference = statistics.median(theirs)
                ratio = seconds / reference
                row.update(
                    chromium_s=reference,
                    ratio=ratio,
                    budget=f"≤ {time_budget(size)}×, < {MEMORY_BUDGET_MIB:.0f} MiB",
                    status=ratio <= time_budget(size) and max(our_rss) < MEMORY_BUDGET_MIB,
                    chromium_peak_rss_mib=round(max(their_rss), 1),
                    chromium_pages=_pages(work / "c.pdf"),
                )
            else:
                row.update(status="chromium not installed")
            results.append(row)
    return results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.pdf_bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1,10,50", help="comma-separated multiples of the article (default 1,10,50)")
    p.add_argument("--runs", type=int, default=3, help="runs per size below 50× (median reported)")
    p.add_argument("--layout", default="columns", choices=("columns", "facing"), help="PDF layout (default columns)")
    p.add_argument("--worker", nargs=4, metavar=("SIZE", "PDF", "DIR", "LAYOUT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        _worker(int(args.worker[0]), Path(args.worker[1]), Path(args.worker[2]), args.worker[3])
        return 0
    for row in measure(tuple(int(s) for s in args.sizes.split(",")), args.runs, args.layout):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
