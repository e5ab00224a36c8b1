"""Issue 14 in a real browser: in the TLS pair (典論·論文), a click on a Chinese segment lights its
English segment, not the whole paragraph, and a click on an English segment lights its Chinese one."""

from __future__ import annotations

from pathlib import Path

import pytest

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "tls"
SEG = "KR4h0001_tls_052-"
LIT = "() => [...document.querySelectorAll('.hl')].map(e => e.id).filter(Boolean)"


@pytest.fixture(scope="module")
def pair_page(tmp_path_factory) -> Path:
    from reader.model import Glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html

    edition = load_text(FIX / "KR4h0001-lunwen-en.xml", source=FIX / "KR4h0001-lunwen.xml")
    out = tmp_path_factory.mktemp("pair") / "lunwen.html"
    out.write_text(render_html(edition, Glossary(())), encoding="utf-8")
    return out


def test_click_on_a_chinese_segment_lights_its_english_segment(browser, pair_page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(pair_page.as_uri())
        zh = f"#t-{SEG}7a.3".replace(".", "\\.")  # page ids from a text carry the t- prefix (issue 19)
        page.click(zh)
        lit = set(page.evaluate(LIT))
        en = page.get_attribute(zh, "data-links")
        assert en and " " not in en
        assert lit == {f"t-{SEG}7a.3", en}  # one segment each side, not the paragraph
        assert "魯國孔融文舉" in page.inner_text(zh)
        assert "Kong Rong" in page.inner_text(f"#{en}".replace(".", "\\."))
        page.click(f"#{en}".replace(".", "\\."))
        assert set(page.evaluate(LIT)) == {f"t-{SEG}7a.3", en}
    finally:
        context.close()
