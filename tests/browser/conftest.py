"""Browser fixtures: Debian's Chromium driven by Playwright, and the HTML editions under test.

One Chromium per test session (launched here only, from /usr/bin/chromium or $CHROMIUM; Playwright's
own browser downloads are never used). Each test gets a fresh browser context, so localStorage starts
empty, and every request the page makes is recorded.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = {
    "mini": (FIXTURES / "mini.xml", FIXTURES / "glossary" / "glossary.xml"),
    "article": (ROOT / "texts" / "beijing-winter-olympics-home-summit.xml", ROOT / "glossary" / "glossary.xml"),
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """The system Chromium (Debian's package), or $CHROMIUM."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(path).exists(), "the browser tests need Debian's chromium package (apt-get install chromium)"
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def sources() -> dict[str, tuple[Path, Path]]:
    """(text, glossary) paths of each edition under test."""
    return SOURCES


@pytest.fixture(scope="session")
def editions(tmp_path_factory) -> dict[str, Path]:
    """The HTML editions of the fixture and of the real article, written to a temporary directory."""
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html

    out = tmp_path_factory.mktemp("editions")
    paths = {}
    for name, (text, gloss) in SOURCES.items():
        glossary = load_glossary(gloss)
        edition = load_text(text, set(glossary.by_id))
        paths[name] = out / f"{name}.html"
        paths[name].write_text(render_html(edition, glossary), encoding="utf-8")
    return paths


@dataclass
class Opened:
    """A page opened on an edition, with the URLs of every request it made."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture()
def open_edition(browser, editions) -> Iterator[Callable[..., Opened]]:
    """open_edition(name="mini", width=1280, height=900, hash="", js=True, color_scheme="light", touch=False)."""
    contexts: list[Any] = []

    def open_(
        name: str = "mini",
        width: int = 1280,
        height: int = 900,
        hash: str = "",
        js: bool = True,
        color_scheme: str = "light",
        touch: bool = False,
        context: Any = None,
    ) -> Opened:
        if context is None:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                java_script_enabled=js,
                color_scheme=color_scheme,
                has_touch=touch,
            )
            contexts.append(context)
        page = context.new_page()
        url = editions[name].as_uri() + (f"#{hash}" if hash else "")
        opened = Opened(page, url)
        page.on("request", lambda req: opened.requests.append(req.url))
        page.goto(url)
        return opened

    yield open_
    for c in contexts:
        c.close()
