"""Hostile data in a real browser (issue #8): notes and names carrying script and dangerous URLs.

The hostile fixture (tests/bad_inputs/hostile/) puts ``<script>``, ``onerror`` handlers and
``javascript:`` links into glossary names, glosses and notes and into the text. Its HTML edition is
opened in Chromium and used the way a reader would: every popover opened, every toolbar button
pressed, every sentence hovered. No dialog may open, no request may leave the file, and the page's
hostile strings must still be shown as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HOSTILE = Path(__file__).resolve().parents[1] / "bad_inputs" / "hostile"


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html

    glossary = load_glossary(HOSTILE / "glossary.xml")
    edition = load_text(HOSTILE / "text.xml", set(glossary.by_id))
    out = tmp_path_factory.mktemp("hostile") / "hostile.html"
    out.write_text(render_html(edition, glossary), encoding="utf-8")
    return out


def test_using_the_hostile_edition_opens_no_dialog_and_makes_no_request(browser, hostile_page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    requests: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    url = hostile_page.as_uri()
    page.goto(url)

    terms = page.locator(".col a.term:visible")
    count = terms.count()
    assert count > 0, "the hostile fixture should have linked terms to open"
    for i in range(count):
        terms.nth(i).click()
        page.keyboard.press("Escape")
    for button in page.locator("header.toolbar button:visible").all():
        for _ in range(2):
            if button.is_enabled():
                button.click()
    for sentence in page.locator(".col [id]:visible").all()[:50]:
        sentence.hover()
    page.goto(url + "#glossary")
    page.wait_for_timeout(200)

    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert set(requests) <= {url, url + "#glossary"}, f"the page made requests: {requests}"
    assert errors == [], f"script errors: {errors}"
    # the hostile strings are shown as text, not run
    assert page.locator("text=alert(").count() > 0
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in links if h.strip().lower().startswith(("javascript:", "data:", "file:", "vbscript:"))]
    context.close()


def test_ids_from_a_text_cannot_clobber_the_popover(browser, tmp_path) -> None:
    """Issue #19: a text whose ids are ``popover`` and ``gl-putin`` (tests/bad_inputs/hostile/clobber.xml):
    the popover still opens with the glossary entry, and the script finds its own elements."""
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html

    glossary = load_glossary(HOSTILE.parent / "glossary.xml")
    edition = load_text(HOSTILE / "clobber.xml", set(glossary.by_id))
    out = tmp_path / "clobber.html"
    out.write_text(render_html(edition, glossary), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(out.as_uri())
    page.click('.col.zh a.term[data-ref="putin"] >> nth=0')
    popover = page.locator("div.popover")
    assert popover.is_visible()
    assert "Putin" in popover.inner_text()
    found = page.evaluate(
        "() => [document.getElementById('popover').className, document.getElementById('gl-putin').tagName]"
    )
    assert found == ["popover", "ARTICLE"]
    page.keyboard.press("Escape")
    assert popover.is_hidden()
    assert errors == []
    context.close()
