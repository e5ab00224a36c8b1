"""Regenerate the screenshots in docs/ from the real article (run on purpose): html-desktop.png,
html-phone.png, and the learner's learner-popover.png, learner-hsk.png and learner-words.png.

    reader build texts/beijing-winter-olympics-home-summit.xml --format html -o build
    python -m tests.browser.docs_screenshots build/beijing-winter-olympics-home-summit.html docs

Desktop (1280x800): pinyin on, a sentence pair highlighted, a glossary popover open. Phone (390x844 at
2x): the pairs stacked, a sentence pair highlighted. Learner (1280x800): a word's popover (矚目), words
above HSK 4 in colour with pinyin and tone colours, and the Words panel with two saved words.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from .conftest import CHROMIUM_ARGS, chromium_path

FIRST_SENTENCE_AT = (
    "top => window.scrollTo(0, document.querySelector('.col.zh .s[id]').getBoundingClientRect().top + scrollY - top)"
)
LOW_LEFT_TERM = """() => [...document.querySelectorAll('.col.zh a.term')].findIndex(t => {
    const r = t.getBoundingClientRect();
    return r.width > 0 && r.left < 200 && r.top > 620 && r.bottom < 780;
})"""


def main(page_path: str, out_dir: str) -> None:
    """Write the two screenshots of ``page_path`` into ``out_dir``."""
    src = Path(page_path).resolve().as_uri()
    out = Path(out_dir)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        desk = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        desk.goto(src)
        desk.click('button[data-pref="pinyin"]')
        desk.evaluate(FIRST_SENTENCE_AT, 200)
        desk.locator(".col.en .s[id]").nth(1).click()  # a tap pins the highlight on a sentence pair
        desk.locator(".col.zh a.term").nth(desk.evaluate(LOW_LEFT_TERM)).click()
        desk.mouse.move(1270, 790)
        desk.screenshot(path=str(out / "html-desktop.png"))
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, has_touch=True, is_mobile=True
        ).new_page()
        phone.goto(src)
        phone.evaluate(
            "() => window.scrollTo(0, document.getElementById('t-zh-s1-head').getBoundingClientRect().top + scrollY - 60)"
        )
        phone.evaluate(
            "() => document.querySelector('.col.zh .s[id]').dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))"
        )
        phone.screenshot(path=str(out / "html-phone.png"))
        learner(browser.new_context(viewport={"width": 1280, "height": 800}).new_page(), src, out)
        browser.close()


WORD = """([st, wt]) => {
    const s = [...document.querySelectorAll('.col.zh .s')].find(x => x.textContent.includes(st));
    s.dispatchEvent(new PointerEvent('pointerover', {bubbles: true}));
    return [...s.querySelectorAll(':scope > .v-hant .w')].find(w => w.textContent === wt);
}"""


def learner(page: object, src: str, out: Path) -> None:
    """The learner's three screenshots."""
    page.goto(src)  # type: ignore[attr-defined]
    page.evaluate(FIRST_SENTENCE_AT, 120)  # type: ignore[attr-defined]
    page.evaluate_handle(WORD, ["最受矚目", "矚目"]).as_element().click()  # type: ignore[attr-defined]
    page.screenshot(path=str(out / "learner-popover.png"))  # type: ignore[attr-defined]
    page.click("#popover .save-word")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.evaluate_handle(WORD, ["冬奧儼然是", "儼然"]).as_element().click()  # type: ignore[attr-defined]
    page.click("#popover .save-word")  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.click('button[data-pref="pinyin"]')  # type: ignore[attr-defined]
    page.click("#words-toggle")  # type: ignore[attr-defined]
    page.select_option("#lv-level", "4")  # type: ignore[attr-defined]
    page.check("#tone-colours")  # type: ignore[attr-defined]
    page.screenshot(path=str(out / "learner-words.png"))  # type: ignore[attr-defined]
    page.click("#words-toggle")  # type: ignore[attr-defined]
    page.evaluate(FIRST_SENTENCE_AT, 120)  # type: ignore[attr-defined]
    page.mouse.move(1270, 790)  # type: ignore[attr-defined]
    page.screenshot(path=str(out / "learner-hsk.png"))  # type: ignore[attr-defined]


if __name__ == "__main__":
    main(*sys.argv[1:3])
