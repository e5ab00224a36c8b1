"""The EPUB's content documents in a real rendering engine: Chromium opens the XHTML files of the
unzipped package (as a browser-based reading system such as Readium or Thorium does) and the tests
check what a reader meets: the language of every paragraph as the engine resolves it, the CJK text
drawn with a CJK font, noterefs that lead to their footnote and back, the glossary's back-links, and
no request beyond the package's own files.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> dict[str, Path]:
    """The article's EPUB in both scripts, unzipped: script -> the OEBPS directory."""
    from reader.app.build import load_for_build
    from reader.writers.epub import render_epub

    edition, glossary = load_for_build(ARTICLE)
    out = {}
    for script in ("hant", "hans"):
        root = tmp_path_factory.mktemp(f"epub-{script}")
        zipfile.ZipFile(BytesIO(render_epub(edition, glossary, script=script))).extractall(root)
        out[script] = root / "OEBPS"
    return out


@pytest.fixture()
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 600, "height": 900})
    pg = context.new_page()
    pg.requests = []  # type: ignore[attr-defined]
    pg.on("request", lambda r: pg.requests.append(r.url))  # type: ignore[attr-defined]
    yield pg
    context.close()


DOCS = ["title.xhtml", "s1.xhtml", "s2.xhtml", "s3.xhtml", "part4.xhtml", "notes.xhtml", "glossary.xhtml", "nav.xhtml"]


@pytest.mark.parametrize("script,zh_lang", [("hant", "zh-Hant-TW"), ("hans", "zh-Hans")])
def test_languages_as_the_engine_resolves_them(unpacked, page, script, zh_lang):
    for name in DOCS:
        page.goto((unpacked[script] / name).as_uri())
        assert page.evaluate("document.contentType") == "application/xhtml+xml"
        counts = page.evaluate(
            """lang => ({
                zh: document.querySelectorAll('.zh').length,
                zhLang: document.querySelectorAll(`.zh:lang(${lang})`).length,
                en: document.querySelectorAll('.en, aside, .glossary dd, .notes li').length,
                enLang: document.querySelectorAll('.en:lang(en), aside:lang(en), .glossary dd:lang(en), .notes li:lang(en)').length,
                pinyin: document.querySelectorAll('.py').length,
                pinyinLang: document.querySelectorAll('.py:lang(zh-Latn-pinyin)').length,
            })""",
            zh_lang,
        )
        assert counts["zh"] == counts["zhLang"], (name, counts)
        assert counts["en"] == counts["enLang"], (name, counts)
        assert counts["pinyin"] == counts["pinyinLang"], (name, counts)
    page.goto((unpacked[script] / "s1.xhtml").as_uri())
    assert page.evaluate("document.documentElement.lang") == zh_lang
    # the Chinese is set in a CJK face, the English is not
    fonts = page.evaluate(
        "() => [getComputedStyle(document.querySelector('p.zh')).fontFamily,"
        " getComputedStyle(document.querySelector('p.en')).fontFamily]"
    )
    assert "CJK" in fonts[0] and "CJK" not in fonts[1]


def test_noterefs_lead_to_their_footnotes_and_back(unpacked, page):
    page.goto((unpacked["hant"] / "s1.xhtml").as_uri())
    term = page.locator("a.term[role='doc-noteref']").first
    href = term.get_attribute("href")
    assert term.get_attribute("epub:type") == "noteref"
    term.click()
    assert page.evaluate("location.hash") == href
    aside = page.locator(f"aside{href}")
    assert aside.is_visible() and aside.get_attribute("epub:type") == "footnote"
    assert aside.evaluate("a => a.getBoundingClientRect().top") < 900  # scrolled into view
    # the footnote's link to the full glossary opens the entry there
    aside.locator("a[href^='glossary.xhtml']").click()
    page.wait_for_url("**/glossary.xhtml#gl-*")
    entry = page.evaluate("location.hash")
    assert page.locator(f"dt{entry}").is_visible()
    # and its back-links return to the text
    back = page.locator(f"dt{entry} + dd a[role='doc-backlink']").first
    target = back.get_attribute("href")
    back.click()
    page.wait_for_url(f"**/{target}")
    assert page.locator(f"#{target.split('#')[1]}").is_visible()

    # translator's notes: numbered marks, each leading to its aside, which leads back
    for name in ("s1.xhtml", "s2.xhtml", "s3.xhtml"):
        page.goto((unpacked["hant"] / name).as_uri())
        marks = page.locator("sup.noteref a")
        for i in range(marks.count()):
            mark = marks.nth(i)
            note = mark.get_attribute("href")
            mark.click()
            assert page.evaluate("location.hash") == note
            aside = page.locator(f"aside{note}")
            assert aside.is_visible() and aside.inner_text().strip()
            aside.locator("a[role='doc-backlink']").click()
            assert page.evaluate("location.hash") == "#" + mark.get_attribute("id")


def test_no_request_leaves_the_package(unpacked, page):
    base = unpacked["hant"].as_uri() + "/"
    for name in DOCS:
        page.goto((unpacked["hant"] / name).as_uri())
        page.wait_for_load_state("networkidle")
    assert page.requests and all(u.startswith(base) for u in page.requests), [
        u for u in page.requests if not u.startswith(base)
    ]
    assert any(u.endswith("css/epub.css") for u in page.requests)
