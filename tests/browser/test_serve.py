"""``reader serve`` as a translator uses it: a copy of the article served on a free port and opened in
Chromium, its English sentence edited (the page changes, at the same scroll position), a broken save
(the problems overlay), a fixed save (the edition comes back), then SIGINT (a clean stop, no temporary
file left). Every request the page makes stays on the loopback server.

The 2 s budget from save to changed page is measured in ``bench/serve_bench.py``; the waits here are
generous so that a busy machine cannot make them flaky.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLUG = "beijing-winter-olympics-home-summit"
SENTENCE = "opened on 4 February, attended by a total of 22 leaders"
WAIT_MS = 15000


@dataclass
class Served:
    """A ``reader serve`` process on a copy of the texts and glossary."""

    proc: subprocess.Popen[bytes]
    port: int
    root: Path  #: the working directory holding texts/, glossary/ and build/

    @property
    def log(self) -> str:
        """What the server printed (stderr)."""
        return (self.root.parent / "serve.log").read_text("utf-8")

    @property
    def text(self) -> Path:
        return self.root / "texts" / f"{SLUG}.xml"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{SLUG}.html"

    def edit(self, old: str, new: str) -> None:
        src = self.text.read_text("utf-8")
        assert old in src
        self.text.write_text(src.replace(old, new, 1), "utf-8")


def start_serve(root: Path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    """Start ``reader serve --port 0`` in ``root`` (its stderr to ``serve.log`` beside it); return the
    process and the port it printed."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = root.parent / "serve.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reader.app.cli", "serve", "--port", "0", *args],
            cwd=root,
            stderr=fh,
            stdout=subprocess.DEVNULL,
            env=env,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text("utf-8"))
        if m:
            return proc, int(m.group(1))
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"reader serve did not start: {log.read_text('utf-8')}")


def copy_project(root: Path) -> Path:
    shutil.copytree(ROOT / "texts", root / "texts")
    shutil.copytree(ROOT / "glossary", root / "glossary")
    return root


@pytest.fixture()
def served(tmp_path) -> Iterator[Served]:
    root = copy_project(tmp_path / "project")
    proc, port = start_serve(root)
    yield Served(proc, port, root)
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def wait_for(page, js: str, timeout_ms: int = WAIT_MS) -> None:
    """Wait until ``js`` is true in the page, across the reloads the server triggers (a Playwright wait
    inside the page would end with the page it started in)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        try:
            if page.evaluate(js):
                return
        except Exception:  # the page is being replaced
            pass
        time.sleep(0.05)
    raise AssertionError(f"not true within {timeout_ms} ms: {js}")


def first_visible_row(page) -> tuple[str, float]:
    return tuple(
        page.evaluate(
            """() => { for (const r of document.querySelectorAll("[id^='row-']")) {
                 const t = r.getBoundingClientRect().top; if (t >= 0) return [r.id, t]; } return ["", 0]; }"""
        )
    )


def test_edit_break_fix_and_stop(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        # the page is served, with its live-reload script
        page.goto(served.url)
        assert SENTENCE in page.inner_text("body")
        assert page.locator("script#reader-serve").count() == 1

        # scroll to the middle of the text, then save an edit of the English sentence
        page.evaluate("document.getElementById('row-t-zh-s2-2-p1').scrollIntoView()")
        page.evaluate("window.scrollBy(0, -37)")
        before = first_visible_row(page)
        assert before[0] and page.evaluate("window.scrollY") > 1000
        page.evaluate("window.__notReloaded = true")
        edited = SENTENCE.replace("22 leaders", "22 leaders (edited in the preview)")
        served.edit(SENTENCE, edited)
        wait_for(page, "document.body && document.body.innerText.includes('(edited in the preview)')")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__notReloaded === undefined")  # a reload, not a stale page
        # the same row at the same height (the edit above it made the page longer, so scrollY moved)
        row, top = before
        wait_for(page, f"Math.abs(document.getElementById({row!r}).getBoundingClientRect().top - {top}) < 4")
        assert first_visible_row(page)[0] == row

        # a broken save: the problems, with path:line:col, in an overlay over the stale edition
        served.edit("opened on 4 February", "opened on <b 4 February")
        overlay = page.locator("#reader-serve-problems")
        overlay.wait_for(state="visible", timeout=WAIT_MS)
        problems = overlay.inner_text()
        assert re.search(rf"{SLUG}\.xml:\d+:\d+: ", problems), problems
        box = overlay.bounding_box()
        assert box is not None and box["width"] >= 1270 and box["height"] >= 890  # covers the page

        # the next good save brings the edition back
        served.edit("opened on <b 4 February", "opened on 4 February (fixed)")
        wait_for(page, "document.body && document.body.innerText.includes('4 February (fixed)')")
        assert page.locator("#reader-serve-problems").count() == 0

        # no request left the loopback server
        assert requests
        assert all(u.startswith(f"http://127.0.0.1:{served.port}/") for u in requests), requests
    finally:
        context.close()

    # SIGINT stops it cleanly, and nothing temporary is left
    served.proc.send_signal(signal.SIGINT)
    assert served.proc.wait(timeout=30) == 0
    assert served.log.rstrip().endswith("reader serve: stopped")
    leftovers = [p for p in served.root.rglob("*") if ".tmp" in p.name]
    assert leftovers == []


def test_a_text_broken_from_the_start_shows_the_overlay_and_recovers(tmp_path, browser):
    root = copy_project(tmp_path / "project")
    text = root / "texts" / f"{SLUG}.xml"
    good = text.read_text("utf-8")
    text.write_text(good.replace("</TEI>", ""), "utf-8")
    proc, port = start_serve(root)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{port}/{SLUG}.html")
        overlay = page.locator("#reader-serve-problems")
        overlay.wait_for(state="visible", timeout=WAIT_MS)
        assert re.search(rf"{SLUG}\.xml:\d+:\d+: ", overlay.inner_text())
        text.write_text(good, "utf-8")
        wait_for(page, f"document.body && document.body.innerText.includes({SENTENCE!r})")
        assert page.locator("#reader-serve-problems").count() == 0
    finally:
        context.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
