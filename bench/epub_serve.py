"""Section 7: the EPUB edition and ``reader serve``.

- ``reader build --format epub`` of the article against ``reader build --format html`` of the same
  text, each a fresh process with ``--force -j 1`` and the text cache left warm by an unmeasured run
  (the HTML edition's usual rebuild), taking turns; budget: EPUB ≤ 1.5× HTML.
- A rebuild under ``serve`` when nothing changed: what the server does after a save that changed no
  content (a file touched): the incremental build's plan, in the warm server process; budget ≤ 0.3 s.
  The poll itself (a ``stat`` of each watched file) is given beside it.
- Save to changed page: ``reader serve`` on a copy of the article, the page open in Chromium, one
  English sentence edited; the time from the write until the page shows the new text (poll, rebuild,
  the page's own poll and reload); budget ≤ 2 s. Skipped, with a note, where Chromium is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .harness import Row, fmt_ratio, fmt_s, verdict
from .startup import _interleaved, reader_argv
from .synth import ARTICLE, FIXTURE, FIXTURE_GLOSSARY, GLOSSARY

EPUB_BUDGET = 1.5  #: EPUB build ≤ this × the HTML build
REBUILD_BUDGET = 0.3  #: seconds for a no-change rebuild under serve
RELOAD_BUDGET = 2.0  #: seconds from save to the changed page


def _builds(quick: bool, runs: int) -> list[Row]:
    text, glossary = (FIXTURE, FIXTURE_GLOSSARY) if quick else (ARTICLE, GLOSSARY)
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        base = [*reader_argv(), "build", str(text), "--glossary", str(glossary), "-o", tmp, "--force", "-j", "1"]
        got = _interleaved(
            {
                "html": ([*base, "--format", "html"], lambda: None),
                "epub": ([*base, "--format", "epub"], lambda: None),
                "epub-hans": ([*base, "--format", "epub", "--script", "hans"], lambda: None),
            },
            runs,
        )
        sizes = {p.suffix: p.stat().st_size for p in Path(tmp).iterdir() if p.is_file() and ".hans" not in p.name}
    html, html_cpu, _ = got["html"]
    rows = [
        Row(
            "7",
            f"reader build --format html ({text.stem}), warm text cache",
            fmt_s(html),
            note=f"median of {runs}; CPU {fmt_s(html_cpu)}",
        )
    ]
    for key, label in (
        ("epub", "reader build --format epub"),
        ("epub-hans", "reader build --format epub --script hans"),
    ):
        wall, cpu, mem = got[key]
        ratio = wall / html
        rows.append(
            Row(
                "7",
                f"{label} ({text.stem})",
                fmt_s(wall),
                fmt_s(html),
                fmt_ratio(ratio),
                f"≤ {EPUB_BUDGET}× HTML",
                verdict(ratio <= EPUB_BUDGET),
                f"CPU {fmt_s(cpu)}; peak {mem:.0f} MiB"
                + (
                    f"; {sizes.get('.epub', 0) / 1024:.0f} KiB vs HTML {sizes.get('.html', 0) / 1024:.0f} KiB"
                    if key == "epub"
                    else ""
                ),
            )
        )
    return rows


def _project(root: Path, quick: bool) -> Path:
    """A working copy with texts/ and glossary/, as a translator has it; returns the text."""
    (root / "texts").mkdir(parents=True)
    if quick:
        shutil.copytree(FIXTURE_GLOSSARY.parent, root / "glossary")
        text = root / "texts" / FIXTURE.name
        src = FIXTURE.read_text("utf-8").replace("glossary/glossary.xml", "../glossary/glossary.xml")
        text.write_text(src, "utf-8")
        return text
    shutil.copytree(GLOSSARY.parent, root / "glossary")
    shutil.copy(ARTICLE, root / "texts" / ARTICLE.name)
    return root / "texts" / ARTICLE.name


def _no_change(quick: bool, runs: int) -> list[Row]:
    from reader.app.build import BuildOptions
    from reader.app.watch import Site, snapshot

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        cwd = os.getcwd()
        try:
            os.chdir(tmp)
            _project(Path(tmp), quick)
            site = Site(
                sorted(Path("texts").glob("*.xml")),
                BuildOptions(outdir=Path("build"), formats=("html",), jobs=1),
                default_texts=True,
            )
            site.rebuild()  # the server's first build
            times, polls = [], []
            for _ in range(runs):
                for f in site.watched():
                    os.utime(f)  # saved without a change: the poll sees it, the build must not rebuild
                start = time.perf_counter()
                changed = site.rebuild()
                times.append(time.perf_counter() - start)
                assert not changed, "a no-change rebuild changed something"
                start = time.perf_counter()
                snapshot(site.watched())
                polls.append(time.perf_counter() - start)
        finally:
            os.chdir(cwd)
    t = statistics.median(times)
    return [
        Row(
            "7",
            "serve: rebuild after a save that changed nothing",
            f"{t * 1000:.1f} ms",
            budget=f"≤ {REBUILD_BUDGET} s",
            status=verdict(t <= REBUILD_BUDGET),
            note=f"median of {runs}; one poll of {len(site.watched())} files {statistics.median(polls) * 1000:.2f} ms",
        )
    ]


def _reload(quick: bool, runs: int) -> list[Row]:
    name = "serve: save -> changed page in Chromium"
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        return [Row("7", name, "not measured", budget=f"≤ {RELOAD_BUDGET} s", status="MISS", note="no Chromium here")]
    from playwright.sync_api import sync_playwright

    latencies: list[float] = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        text = _project(Path(tmp), quick)
        log = Path(tmp) / "serve.log"
        with open(log, "wb") as fh:
            proc = subprocess.Popen(
                [sys.executable, "-m", "reader.app.cli", "serve", "--port", "0"],
                cwd=tmp,
                stderr=fh,
                stdout=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        try:
            port = None
            deadline = time.monotonic() + 120
            while port is None and time.monotonic() < deadline and proc.poll() is None:
                m = re.search(r"127\.0\.0\.1:(\d+)/", log.read_text("utf-8"))
                port = int(m.group(1)) if m else None
                time.sleep(0.05)
            if port is None:
                raise RuntimeError(f"reader serve did not start: {log.read_text('utf-8')[-500:]}")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/{text.stem}.html")
                for i in range(runs + 1):
                    src = text.read_text("utf-8")
                    marker = f"bench-edit-{i}"
                    # the first English sentence gets a new word (the Chinese, so the text cache, is unchanged)
                    new = re.sub(r'(<s xml:id="en[^"]*"[^>]*>)', rf"\1{marker} ", src, count=1)
                    assert new != src
                    start = time.perf_counter()
                    text.write_text(new, "utf-8")
                    while time.perf_counter() - start < 30:
                        try:
                            if page.evaluate(f"document.body && document.body.innerText.includes({marker!r})"):
                                break
                        except Exception:  # the page is being reloaded
                            pass
                        time.sleep(0.01)
                    else:
                        raise RuntimeError("the page did not change within 30 s")
                    if i:  # the first edit warms the server's renderer
                        latencies.append(time.perf_counter() - start)
                    text.write_text(src, "utf-8")
                    time.sleep(1.0)  # let the revert be rebuilt and reloaded before the next edit
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    t = statistics.median(latencies)
    return [
        Row(
            "7",
            name,
            fmt_s(t),
            budget=f"≤ {RELOAD_BUDGET} s",
            status=verdict(t <= RELOAD_BUDGET),
            note=f"median of {runs}, max {fmt_s(max(latencies))}; polls every 0.2 s (server) and 0.25 s (page)",
        )
    ]


def measure(quick: bool) -> list[Row]:
    runs = 1 if quick else 5
    return _builds(quick, runs) + _no_change(quick, 3 if quick else 9) + _reload(quick, runs)
