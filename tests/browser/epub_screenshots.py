"""Regenerate docs/epub-*.png: the EPUB edition's pages as Chromium renders its XHTML (run on purpose).

    reader build texts/beijing-winter-olympics-home-summit.xml --format epub -o build
    python -m tests.browser.epub_screenshots build/beijing-winter-olympics-home-summit.epub docs

Chromium stands in for a reading system here (Readium and Thorium render EPUB with a browser engine),
at an e-reader's page size (600x900 CSS pixels at 1.5x): a chapter opening, the footnotes a reading
system shows as pop-ups (Chromium shows them at the end of the chapter), and the glossary.
"""

from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from .conftest import CHROMIUM_ARGS, chromium_path


def main(epub: str, out_dir: str) -> None:
    out = Path(out_dir)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        zipfile.ZipFile(epub).extractall(tmp)
        book = Path(tmp) / "OEBPS"
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 600, "height": 900}, device_scale_factor=1.5).new_page()
        page.goto((book / "s1.xhtml").as_uri())
        page.screenshot(path=str(out / "epub-chapter.png"))
        page.goto((book / "s1.xhtml").as_uri() + "#fn-putin")
        page.evaluate("() => document.querySelector('aside').scrollIntoView()")
        page.screenshot(path=str(out / "epub-notes.png"))
        page.goto((book / "glossary.xhtml").as_uri())
        page.screenshot(path=str(out / "epub-glossary.png"))
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:3])
