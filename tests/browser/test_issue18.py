"""Issue 18: the reading edition polished the way readers use it, one test (or more) per numbered defect.

Each test drives Debian's Chromium (conftest.py) at the width where the defect showed: 1280 px for the
desktop defects, 390 px for the phone ones, A4 and Letter paper for printing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

PUTIN_ZH = '#t-zh-s1-p1-s1 .v-hant a.term[data-ref="putin"]'


def _active(page, js: str = "e => e"):
    return page.evaluate(f"() => ({js})(document.activeElement)")


def _in_popover(page) -> bool:
    return page.evaluate("() => document.getElementById('popover').contains(document.activeElement)")


# --- 1. focus stays with an open popover; it returns to the term ---------------------------------------


def test_1_tab_cycles_inside_the_popover_and_focus_returns_to_the_term(open_edition):
    page = open_edition("article").page
    term = page.locator('.col.zh .v-hant a.term[data-ref="putin"]').first
    term.focus()
    y = page.evaluate("() => scrollY")
    page.keyboard.press("Enter")
    seen = []
    for _ in range(6):
        page.keyboard.press("Tab")
        assert _in_popover(page) and page.is_visible("#popover")
        seen.append(_active(page, "e => e.textContent"))
    assert len(set(seen)) >= 2  # it moves between the popover's controls, and wraps round
    page.keyboard.press("Shift+Tab")
    assert _in_popover(page)
    assert page.evaluate("() => scrollY") == y  # no jump to the glossary
    page.keyboard.press("Escape")
    assert page.is_hidden("#popover")
    assert _active(page, "e => e.dataset.ref") == "putin"


def test_1_nested_entries_are_reachable_by_keyboard(open_edition):
    page = open_edition("article").page
    page.locator('.v-hant a.term[data-ref="beijing_2022"]').first.focus()
    page.keyboard.press("Enter")
    for _ in range(8):
        page.keyboard.press("Tab")
        if _active(page, "e => e.closest('.pop-related') !== null"):
            break
    else:
        pytest.fail("Tab never reached the name inside 北京冬奧")
    page.keyboard.press("Enter")
    assert page.inner_text("#popover .pop-head .en-name") == "Beijing"
    assert _in_popover(page)


# --- 2. a way around the page ----------------------------------------------------------------------


def test_2_contents_menu_from_the_skip_link_reaches_the_glossary_in_a_few_keys(open_edition):
    page = open_edition("article").page
    presses = 0
    for _ in range(3):
        page.keyboard.press("Tab")
        presses += 1
        if _active(page, "e => e.textContent") == "Skip to the contents":
            break
    page.keyboard.press("Enter")
    presses += 1
    assert page.is_visible("#toc") and _active(page, "e => e.closest('#toc') !== null")
    labels = page.eval_on_selector_all("#toc a", "as => as.map(a => a.textContent)")
    assert {"Translator’s notes", "Glossary", "About this edition"} <= set(labels)
    assert sum(1 for a in labels if re.search(r"[\u4e00-\u9fff]", a)) >= 3  # the title and sections
    while _active(page, "e => e.textContent") != "Glossary":
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 40
    page.keyboard.press("Enter")
    presses += 1
    box = page.locator("#glossary .entry").first.bounding_box()
    assert box and 0 <= box["y"] < 900 and page.is_visible("#glossary .entry >> nth=0")
    assert presses < 30  # was 613
    print(f"\nkeys from the top of the page to the glossary: {presses}")


def test_2_contents_menu_from_the_toolbar(open_edition):
    page = open_edition("article").page
    page.click(".toc-button")
    assert page.get_attribute(".toc-button", "aria-expanded") == "true"
    page.click("#toc a >> nth=2")
    assert page.is_hidden("#toc")
    target = page.evaluate("() => location.hash.slice(1)")
    box = page.locator(f"#{target}").bounding_box()
    assert box and 0 <= box["y"] < 300


def test_2_notes_open_in_place_and_the_list_stays_at_the_end(open_edition):
    page = open_edition("article").page
    mark = page.locator("#ref-t-tn1")
    mark.scroll_into_view_if_needed()
    y = page.evaluate("() => scrollY")
    mark.click()
    assert page.is_visible("#popover") and "home-court diplomacy" in page.inner_text("#popover")
    assert page.evaluate("() => scrollY") == y and "#t-tn1" not in page.url
    box, pop = mark.bounding_box(), page.locator("#popover").bounding_box()
    assert box and pop  # beside the mark: just below it, or just above it near the window's foot
    assert min(abs(pop["y"] - (box["y"] + box["height"])), abs(pop["y"] + pop["height"] - box["y"])) < 20
    assert page.evaluate(
        "() => document.getElementById('text').compareDocumentPosition(document.getElementById('t-tn1')) & 4"
    )


def test_2_the_scroll_bar_measures_the_text(open_edition):
    page = open_edition("article").page
    share = page.evaluate(
        """() => { const main = document.getElementById('text').getBoundingClientRect();
        const h = document.documentElement.scrollHeight; return (h - (main.bottom + scrollY)) / h; }"""
    )
    print(f"\nback matter: {share:.0%} of the page height")
    assert share < 0.15  # was 88%


def test_2_reading_progress(open_edition):
    page = open_edition("article").page
    assert page.get_attribute(".progress", "data-progress") == "0"
    page.evaluate(
        "() => { const m = document.getElementById('text'); scrollTo(0, m.offsetTop + (m.offsetHeight - innerHeight) / 2); }"
    )
    page.wait_for_function("() => Math.abs(document.querySelector('.progress').dataset.progress - 50) <= 2")
    page.evaluate("() => scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => document.querySelector('.progress').dataset.progress === '100'")


# --- 3. layout, text size and script keep the place ---------------------------------------------------

TOP_SENTENCE = """() => { const bar = document.querySelector('.toolbar').getBoundingClientRect().bottom;
  const ss = [...document.querySelectorAll('.col.zh .s[id]')];
  const s = ss[Math.floor(ss.length / 2)];
  scrollTo(0, s.getBoundingClientRect().top + scrollY - bar - 20);
  return s.id; }"""
WHERE = """id => { const s = document.getElementById(id);
  const links = s.dataset.links.split(' ').map(i => document.getElementById(i));
  const el = [s, ...links].find(e => e && e.getClientRects().length);
  return el.getBoundingClientRect().top; }"""
A_PLUS = """async () => {
  const b = document.querySelector('button[data-pref=size][data-value="1"]');
  const t0 = performance.now(); b.click(); void document.body.offsetHeight;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0; }"""


def test_3_every_change_keeps_the_sentence_at_the_top(open_edition):
    page = open_edition("article").page
    sid = page.evaluate(TOP_SENTENCE)
    page.wait_for_timeout(100)
    y = page.evaluate(WHERE, sid)
    steps = [
        ('button[data-pref="size"][data-value="1"]', "A+"),
        ('button[data-pref="size"][data-value="1"]', "A+ again"),
        ('button[data-pref="layout"][data-value="zh"]', "中文 only"),
        ('button[data-pref="script"][data-value="hans"]', "简"),
        ('button[data-pref="pinyin"]', "pinyin"),
        ('button[data-pref="layout"][data-value="en"]', "English only"),
        ('button[data-pref="layout"][data-value="both"]', "both"),
        ('button[data-pref="size"][data-value="-1"]', "A−"),
    ]
    for selector, what in steps:
        page.click(selector)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert abs(page.evaluate(WHERE, sid) - y) < 3, what


def test_3_text_size_is_fast_on_the_article(open_edition):
    page = open_edition("article").page
    page.evaluate(TOP_SENTENCE)
    page.wait_for_timeout(200)
    times = [page.evaluate(A_PLUS) for _ in range(3)]
    print("\nA+ on the article, click to second frame (ms):", [round(t) for t in times])


# --- 4. each edition keeps its own settings ---------------------------------------------------------


@pytest.fixture(scope="module")
def two_editions(editions):
    """The fixture text built twice into the editions' directory: Traditional (default) and Simplified."""
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html

    from .conftest import SOURCES

    text, gloss = SOURCES["mini"]
    glossary = load_glossary(gloss)
    edition = load_text(text, set(glossary.by_id))
    hans = editions["mini"].parent / "mini-hans.html"
    hans.write_text(render_html(edition, glossary, script="hans"), encoding="utf-8")
    return editions["mini"], hans


def _stored(watcher, value: str) -> None:
    """Wait until a second page of the context sees ``value`` stored. A page's localStorage write
    reaches the browser, and so the next page loaded, asynchronously: on a loaded machine the test
    navigated away before it had, and the next page read the older preferences."""
    watcher.wait_for_function("v => Object.values(localStorage).includes(v)", arg=value, timeout=10_000)


def test_4_editions_do_not_overwrite_each_others_script(browser, two_editions):
    hant, hans = two_editions
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        watcher = context.new_page()
        watcher.goto(hans.as_uri())
        page = context.new_page()
        page.goto(hant.as_uri())
        page.click('button[data-pref="pinyin"]')
        _stored(watcher, '{"pinyin":true}')
        page.goto(hans.as_uri())
        assert page.get_attribute("html", "data-script") == "hans"  # its own build default
        assert "pinyin" in page.evaluate("() => document.documentElement.className")
        stored = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
        assert list(stored.values()) == ['{"pinyin":true}']  # only what the reader changed
        page.click('button[data-pref="script"][data-value="hant"]')
        _stored(watcher, '{"script":"hant"}')
        page.goto(hant.as_uri())
        page.click('button[data-pref="script"][data-value="hans"]')
        _stored(watcher, '{"script":"hans"}')
        page.goto(hans.as_uri())
        assert page.get_attribute("html", "data-script") == "hant"
        page.goto(hant.as_uri())
        assert page.get_attribute("html", "data-script") == "hans"
    finally:
        context.close()


# --- 5. printing from the browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_edition_pages(sources, tmp_path_factory):
    """The page count of the PDF edition of the article (WeasyPrint, A4)."""
    from pypdf import PdfReader

    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.pdf.render import render_pdf

    text, gloss = sources["article"]
    glossary = load_glossary(gloss)
    out = tmp_path_factory.mktemp("pdf") / "article.pdf"
    out.write_bytes(render_pdf(load_text(text, set(glossary.by_id)), glossary))
    return len(PdfReader(out).pages)


def _half_text(path: Path, page: int, left: bool) -> str:
    width = 595 if "a4" in path.name else 612
    x = 0 if left else width // 2
    return subprocess.run(
        [
            "pdftotext",
            "-raw",
            "-f",
            str(page),
            "-l",
            str(page),
            "-x",
            str(x),
            "-y",
            "0",
            "-W",
            str(width // 2),
            "-H",
            "900",
            str(path),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_5_browser_print_has_two_columns_and_few_pages(open_edition, pdf_edition_pages, tmp_path, paper):
    from pypdf import PdfReader

    page = open_edition("article").page
    out = tmp_path / f"print-{paper.lower()}.pdf"
    page.pdf(path=str(out), format=paper, print_background=False)
    pages = len(PdfReader(out).pages)
    print(f"\nbrowser print ({paper}): {pages} pages; the PDF edition: {pdf_edition_pages} pages")
    assert pages <= 1.5 * pdf_edition_pages  # was 39
    left, right = _half_text(out, 2, True), _half_text(out, 2, False)
    han = lambda t: len(re.findall(r"[\u4e00-\u9fff]", t))  # noqa: E731
    latin = lambda t: len(re.findall(r"[A-Za-z]", t))  # noqa: E731
    assert han(left) > 300 and latin(left) < han(left) / 4  # Chinese on the left
    assert latin(right) > 1000 and han(right) < 20  # English on the right, side by side
    assert han(_half_text(out, 1, True)) > 200  # the first page is not left almost empty


def test_5_print_can_leave_out_the_end_matter(open_edition, tmp_path):
    from pypdf import PdfReader

    page = open_edition("article").page
    full = tmp_path / "with.pdf"
    page.pdf(path=str(full), format="A4")
    page.click('button[data-pref="endmatter"]')
    bare = tmp_path / "without.pdf"
    page.pdf(path=str(bare), format="A4")
    assert len(PdfReader(bare).pages) < len(PdfReader(full).pages)
    text = subprocess.run(["pdftotext", str(bare), "-"], capture_output=True, text=True, check=True).stdout
    assert "Glossary" not in text and "Translator’s notes" not in text


# --- 6. copying gives the visible script without pinyin ----------------------------------------------

COPY = """sel => { const el = document.querySelector(sel); const r = document.createRange();
  r.selectNodeContents(el); getSelection().removeAllRanges(); getSelection().addRange(r);
  let got = null;
  const grab = e => { got = e.clipboardData.getData('text/plain'); };
  window.addEventListener('copy', grab);
  document.execCommand('copy');
  window.removeEventListener('copy', grab);
  return got; }"""


def test_6_copy_with_pinyin_on_gives_the_characters_only(open_edition):
    page = open_edition("article").page
    page.click('button[data-pref="pinyin"]')
    first = page.evaluate("() => document.querySelector('.col.zh .s[id]').id")
    copied = page.evaluate(COPY, f"#{first}")
    shown = page.evaluate(
        f"() => {{ const c = document.querySelector('#{first} .v-hant').cloneNode(true);"
        " c.querySelectorAll('rt').forEach(r => r.remove()); return c.textContent; }"
    )
    assert copied == shown and copied.startswith("北京冬奧") and "Běi" not in copied and "jīng" not in copied
    page.click('button[data-pref="script"][data-value="hans"]')
    assert page.evaluate(COPY, f"#{first}").startswith("北京冬奥")


# --- 7. popovers ---------------------------------------------------------------------------------------


def test_7_headword_as_the_text_writes_it_and_a_name_in_one_language(open_edition):
    page = open_edition("article").page
    page.locator('.col.zh .v-hant a.term[data-ref="putin"]').first.click()
    written = page.locator('.col.zh .v-hant a.term[data-ref="putin"]').first.evaluate(
        "t => [...t.childNodes].map(n => n.nodeName === 'RUBY' ? n.firstChild.textContent : n.textContent).join('')"
    )
    assert page.inner_text("#popover .pop-head .hw") == written == "蒲亭"
    assert page.get_attribute("#popover", "aria-label") == "Vladimir Putin"


def test_7_compact_on_a_phone_with_more_and_a_link_to_the_full_entry(open_edition):
    page = open_edition("article", width=390, height=844, touch=True).page
    page.locator('.col.zh .v-hant a.term[data-ref="putin"]').first.tap()
    size = page.evaluate(
        "() => { const p = document.getElementById('popover'); return [p.offsetHeight, p.scrollHeight, p.clientHeight]; }"
    )
    print(f"\npopover on a phone: {size[0]} px tall")
    assert size[0] <= 844 * 0.35 and size[1] <= size[2]  # was 446 px with its own scroll bar
    page.tap("#popover button.more")
    assert "Wikidata" in page.inner_text("#popover") and "Pǔdīng" in page.inner_text("#popover")
    page.tap('#popover a[href="#gl-putin"]')
    assert page.is_hidden("#popover")
    box = page.locator("#gl-putin").bounding_box()
    assert box and 0 <= box["y"] < 844


def test_7_chinese_is_never_set_in_a_slanted_italic(open_edition):
    page = open_edition("article").page
    page.click("#glossary .fold-button")
    slanted = page.evaluate(
        """() => [...document.querySelectorAll('em, i')].flatMap(e => [e, ...e.querySelectorAll('*')])
          .filter(e => /[\\u4e00-\\u9fff]/.test([...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('')))
          .filter(e => getComputedStyle(e).fontStyle !== 'normal').map(e => e.textContent)"""
    )
    emphasised = page.evaluate(
        """() => [...document.querySelectorAll('em [lang^=zh]')].map(e => getComputedStyle(e).fontWeight)"""
    )
    assert emphasised and all(int(w) >= 600 for w in emphasised)
    assert slanted == []


# --- 8. phones -------------------------------------------------------------------------------------------


def test_8_no_horizontal_overflow_at_any_text_size(open_edition):
    page = open_edition("article", width=390, height=844).page
    for fold in ("#notes", "#glossary", "#about"):
        page.click(f"{fold} .fold-button")
    page.click('button[data-pref="size"][data-value="-1"]')
    widths = []
    for step in range(5):
        widths.append(page.evaluate("() => document.documentElement.scrollWidth"))
        if step < 4:
            page.click('button[data-pref="size"][data-value="1"]')
    assert widths == [390] * 5, widths


def test_8_toolbar_fits_or_scrolls_visibly_and_targets_are_44px(open_edition):
    page = open_edition("article", width=390, height=844, touch=True).page
    fits = "() => { const c = document.querySelector('.controls'); return c.scrollWidth <= c.clientWidth; }"
    assert page.evaluate(fits)  # it fits (was: A+ clipped, the scroll hidden)
    assert page.evaluate("() => document.querySelector('.toolbar').offsetHeight") < 70  # one row
    page.tap(".more-button")  # the rest of the options, wrapped below
    assert page.evaluate(fits) and page.is_visible('button[data-pref="marks"][data-value="none"]')
    small = page.evaluate(
        """() => [...document.querySelectorAll('.toolbar button')].map(b => b.getBoundingClientRect())
          .filter(r => r.width < 44 || r.height < 44).length"""
    )
    assert small == 0
    plus = page.locator('button[data-pref="size"][data-value="1"]')
    plus.scroll_into_view_if_needed()
    box = plus.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    plus.tap()
    page.locator('.col.zh .v-hant a.term[data-ref="putin"]').first.tap()
    page.tap("#popover button.more")  # and everything "More" shows
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('#popover button, #popover .pop-actions a')]
          .filter(b => b.checkVisibility()).map(b => [b.offsetWidth, b.offsetHeight])"""
    )
    assert len(sizes) >= 3 and all(w >= 44 and h >= 44 for w, h in sizes), sizes


# --- 9. settings apply before the first paint --------------------------------------------------------

AT_BODY = """() => { window.__atBody = null;
  new MutationObserver((_, obs) => { if (document.body && !window.__atBody) {
    const r = document.documentElement;
    window.__atBody = [r.getAttribute('data-layout'), r.className, r.style.getPropertyValue('--scale')];
    obs.disconnect(); } }).observe(document, {childList: true, subtree: true}); }"""


def test_9_saved_settings_are_there_before_the_body_is_parsed(browser, editions):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(editions["article"].as_uri())
        page.click('button[data-pref="layout"][data-value="zh"]')
        page.click('button[data-pref="pinyin"]')
        page.click('button[data-pref="size"][data-value="1"]')
        again = context.new_page()
        again.add_init_script(AT_BODY.join(["(", ")()"]))
        again.goto(editions["article"].as_uri())
        layout, classes, scale = again.evaluate("() => window.__atBody")
        assert layout == "zh" and "pinyin" in classes.split() and scale == "1.15"
    finally:
        context.close()


# --- 10. typography ----------------------------------------------------------------------------------------


def test_10_curly_apostrophes_and_the_chinese_untouched(open_edition):
    page = open_edition("article").page
    english = page.evaluate(
        "() => [...document.querySelectorAll('.col.en, .back, #toc')].map(e => e.textContent).join(' ')"
    )
    assert "'" not in english and english.count("’") >= 21
    assert "’" not in page.evaluate("() => [...document.querySelectorAll('.col.zh')].map(e => e.textContent).join('')")


def test_10_skip_link_is_styled(open_edition):
    page = open_edition("article").page
    page.keyboard.press("Tab")
    assert _active(page, "e => e.className") == "skip"
    style = page.evaluate(
        """() => { const s = document.activeElement, c = getComputedStyle(s), r = s.getBoundingClientRect();
          return [c.backgroundColor, r.top, r.height, c.textDecorationLine]; }"""
    )
    assert style[0] not in ("rgba(0, 0, 0, 0)", "transparent") and 0 <= style[1] < 10 and style[2] >= 44
    assert style[3] == "none"


def _underlined(page, selector: str) -> list[bool]:
    return page.eval_on_selector_all(
        selector, "ts => ts.map(t => getComputedStyle(t).textDecorationLine.includes('underline'))"
    )


def test_10_marks_toggle_names_all_or_nothing(open_edition):
    page = open_edition("article").page
    names, terms = ".col a.term.name", ".col a.term:not(.name)"
    assert all(_underlined(page, names)) and all(_underlined(page, terms))
    page.click('button[data-pref="marks"][data-value="names"]')
    assert all(_underlined(page, names)) and not any(_underlined(page, terms))
    page.click('button[data-pref="marks"][data-value="none"]')
    assert not any(_underlined(page, names + ", " + terms))
    page.locator(names).first.click()  # still a way to the entry
    assert page.is_visible("#popover")


# --- 11. a link and a citation for each sentence --------------------------------------------------------

CAPTURE = "() => { window.__copied = []; navigator.clipboard.writeText = t => { __copied.push(t); return Promise.resolve(); }; }"


def test_11_each_sentence_has_a_link_and_a_citation(open_edition):
    page = open_edition("article").page
    page.evaluate(CAPTURE)
    sid = page.evaluate("() => document.querySelectorAll('.col.zh .s[id]')[4].id")
    page.hover(f"#{sid}")
    page.click("#s-link")
    assert page.get_attribute("#popover a[href^='#']", "href") == f"#{sid}"
    page.click("#popover button:has-text('Copy link')")
    page.click("#popover button:has-text('Copy with citation')")
    page.wait_for_function("() => __copied.length === 2")
    link, cite = page.evaluate("() => __copied")
    assert link.endswith(f"#{sid}") and link.startswith("file://")
    zh = page.evaluate(
        f"() => {{ const c = document.getElementById('{sid}').querySelector('.v-hant').cloneNode(true);"
        " c.querySelectorAll('rt').forEach(r => r.remove()); return c.textContent; }"
    )
    en_id = page.get_attribute(f"#{sid}", "data-links").split()[0]
    en = page.inner_text(f"#{en_id}")
    assert zh[:10] in cite and en[:30] in cite and "sentence 5" in cite and "第5句" in cite
    assert "北京冬奧" in cite and "Beijing" in cite and cite.endswith(f"#{sid}")
    # by keyboard: Enter on a focused sentence
    page.keyboard.press("Escape")
    page.focus(f"#{en_id}")
    page.keyboard.press("Enter")
    assert page.is_visible("#popover") and _in_popover(page)


# --- axe-core: no violations in any state ------------------------------------------------------------------

STATES = ["contents", "entry-more", "nested", "note", "sentence", "glossary-open", "marks-none", "phone", "phone-entry"]


@pytest.mark.parametrize("state", STATES)
def test_axe_in_every_new_state(open_edition, state):
    from axe_playwright_python.sync_playwright import Axe

    phone = state.startswith("phone")
    name = "article" if state == "nested" else "mini"  # the fixture has no name inside a name
    page = open_edition(name, width=390 if phone else 1280, height=844 if phone else 900).page
    if state == "contents":
        page.click(".toc-button")
    elif state in ("entry-more", "phone-entry"):
        page.click(PUTIN_ZH)
        page.click("#popover button.more")
    elif state == "nested":
        page.locator(".v-hant span.term").first.click()
    elif state == "note":
        page.click("#ref-t-tn1")
    elif state == "sentence":
        page.focus("#t-zh-s1-p1-s2")
        page.keyboard.press("Enter")
    elif state == "glossary-open":
        page.click("#glossary .fold-button")
        page.click("#about .fold-button")
    elif state == "marks-none":
        page.click('button[data-pref="marks"][data-value="none"]')
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
