"""The view (reader.writers.html.view, reader.writers.shared.inline) and the readings (reader.text.pinyin): model -> template data."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES

from reader.model import (
    Block,
    Edition,
    Foreign,
    Form,
    Glossary,
    GlossaryEntry,
    Metadata,
    Note,
    Sentence,
    TermRef,
    Text,
    Unit,
)
from reader.readers.glossary import load_glossary
from reader.readers.tei.read import load_text
from reader.text.pinyin import readings, sort_key, split_reading
from reader.writers.html.view import chinese_text, edition_view


@pytest.fixture(scope="module")
def mini() -> tuple[Edition, Glossary]:
    glossary = load_glossary(FIXTURES / "glossary" / "glossary.xml")
    return load_text(FIXTURES / "mini.xml", set(glossary.by_id)), glossary


def _edition(*sentences: Sentence, lang: str = "zh-Hant-TW") -> Edition:
    """A one-paragraph edition from hand-made sentences (for cases the fixture does not have)."""
    unit = Unit("zh-p1", lang, tuple(sentences))
    return Edition(Metadata(slug="t", title="標題"), (Block("p", unit),))


def _strip_tags(html: str) -> str:
    return re.sub(r"<rt>.*?</rt>|<[^>]+>", "", html)


# --- rows, anchors and alignment ------------------------------------------------------------------


def test_rows_follow_the_document_with_heading_levels(mini):
    view = edition_view(*mini)
    assert [(r.kind, r.level, r.zh.id) for r in view.rows] == [
        ("title", 1, "t-zh-title"),
        ("byline", 0, "t-zh-byline"),
        ("head", 2, "t-zh-s1-head"),
        ("p", 0, "t-zh-s1-p1"),
        ("p", 0, "t-zh-s1-p2"),
        ("note", 0, "t-zh-ednote"),
    ]
    assert view.rows[3].section == "t-zh-s1"
    assert view.rows[4].en == ()  # untranslated paragraph


def test_counterparts_link_both_ways(mini):
    rows = {r.zh.id: r for r in edition_view(*mini).rows}
    p1 = rows["t-zh-s1-p1"]
    assert [(s.id, s.links) for s in p1.zh.sentences] == [
        ("t-zh-s1-p1-s1", ("t-en-s1-p1-s1",)),
        ("t-zh-s1-p1-s2", ("t-en-s1-p1-s2",)),
    ]
    assert [(s.id, s.links) for s in p1.en[0].sentences] == [
        ("t-en-s1-p1-s1", ("t-zh-s1-p1-s1",)),
        ("t-en-s1-p1-s2", ("t-zh-s1-p1-s2",)),
    ]
    title = rows["t-zh-title"]  # undivided units link unit to unit
    assert title.zh.sentences[0].id is None and title.zh.sentences[0].links == ("t-en-title",)
    assert title.en[0].sentences[0].links == ("t-zh-title",)
    assert rows["t-zh-s1-p2"].zh.sentences[0].links == ()


def test_units_without_ids_get_stable_generated_anchors():
    sentence = Sentence(None, (Text("沒有編號。"),))
    ed = Edition(Metadata(slug="t", title="t"), (Block("p", Unit(None, "zh-Hant-TW", (sentence,))),))
    assert edition_view(ed, Glossary(())).rows[0].zh.id == "t-zh-u1"


# --- script, ruby, terms -----------------------------------------------------------------------------


def test_default_script_is_the_source_and_the_model_text_survives(mini):
    edition, glossary = mini
    view = edition_view(edition, glossary)
    for row, block in zip(view.rows, edition.blocks(), strict=True):
        shown = "".join(_strip_tags(s.variants[0].html) for s in row.zh.sentences)
        assert shown == chinese_text(block.original)


def test_simplified_converts_running_text_but_keeps_the_authors_names(mini):
    view = edition_view(*mini, script="hans", scripts=("hant", "hans"))
    assert view.scripts == ("hans", "hant") and view.lang == "zh-Hans"
    s1 = next(r for r in view.rows if r.zh.id == "t-zh-s1-p1").zh.sentences
    hans = s1[0].variants[0]
    assert hans.script == "hans" and hans.lang == "zh-Hans"
    assert "俄罗斯总统蒲亭" in _strip_tags(hans.html)  # 蒲亭 stays, not the mainland's 普京
    assert _strip_tags(s1[1].variants[0].html) == "这是第二句。"
    assert _strip_tags(s1[1].variants[1].html) == "這是第二句。"


def test_ruby_uses_the_glossarys_reading_for_linked_names():
    # pypinyin reads 長 in 長安 as cháng; the entry says zhǎng (deliberately), so the glossary must win
    entry = GlossaryEntry(
        "x", "place", (Form("長安", "zh-Hant-TW", "main", "Zhǎng'ān"), Form("X", "en", "main")), "X", "a test"
    )
    ed = _edition(Sentence("s1", (Text("長安，"), TermRef("x", "place", (Text("長安"),)))))
    html = edition_view(ed, Glossary((entry,)), ruby=True).rows[0].zh.sentences[0].variants[0].html
    rts = re.findall(r"<rt>(.*?)</rt>", html)
    assert rts == ["cháng", "ān", "Zhǎng", "ān"]


def test_readings_of_traditional_text_use_the_phrase_dictionary():
    assert readings("銀行行長") == ["yín", "háng", "háng", "zhǎng"]


def test_ruby_reading_of_the_fixture_name(mini):
    view = edition_view(*mini, ruby=True)
    html = view.rows[3].zh.sentences[0].variants[0].html
    assert "<ruby>蒲<rt>Pú</rt></ruby><ruby>亭<rt>tíng</rt></ruby>" in html
    assert '<span lang="en">Vladimir Putin</span>' in html  # no ruby over Latin text


def test_terms_link_to_entries_and_nested_terms_do_not_nest_links():
    g = Glossary(
        (
            GlossaryEntry("beijing", "place", (Form("北京", "zh-Hant-TW", "main", "Běijīng"),), "Beijing", "city"),
            GlossaryEntry("olympics", "event", (Form("北京冬奧", "zh-Hant-TW", "main"),), "Beijing 2022", "games"),
        )
    )
    inner = TermRef("beijing", "place", (Text("北京"),))
    ed = _edition(Sentence("s1", (TermRef("olympics", "event", (inner, Text("冬奧"))),)))
    html = str(edition_view(ed, g).rows[0].zh.sentences[0].variants[0].html)
    assert html.count("<a ") == 1
    assert html.startswith('<a class="term" href="#gl-olympics" data-ref="olympics">')
    assert '<span class="term name" data-ref="beijing">北京</span>' in html


def test_user_text_is_escaped():
    ed = _edition(Sentence("s1", (Text('<script>alert("x")</script>'), Foreign('en"><b', (Text("&"),)))))
    html = str(edition_view(ed, Glossary(())).rows[0].zh.sentences[0].variants[0].html)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'lang="en&#34;&gt;&lt;b"' in html and "&amp;" in html


# --- glossary section and notes ----------------------------------------------------------------------


def test_entries_used_in_pinyin_order_with_occurrences(mini):
    view = edition_view(*mini, scripts=("hant", "hans"))
    assert [e.id for e in view.entries] == ["russia", "putin", "xi_jinping", "belt_and_road"]
    putin = view.entries[1]
    assert [o.href for o in putin.occurrences] == ["#t-zh-title", "#t-en-title", "#t-zh-s1-p1-s1", "#t-en-s1-p1-s1"]
    assert [(o.href, o.number) for o in putin.in_original] == [("#t-zh-title", 1), ("#t-zh-s1-p1-s1", 2)]
    assert [(o.href, o.number) for o in putin.in_translation] == [("#t-en-title", 1), ("#t-en-s1-p1-s1", 2)]
    # issue 14: the headword is the form the text itself writes (蒲亭), in either script
    assert [(h.script, str(h.html)) for h in putin.headword] == [("hant", "蒲亭"), ("hans", "蒲亭")]
    assert [str(h.html) for h in putin.headword_pinyin] == ["Pútíng", "Pútíng"]
    assert [(f.text, f.label, f.type) for f in putin.forms][:2] == [
        ("普丁", "Traditional (Taiwan)", "main"),
        ("蒲亭", "Traditional (Taiwan)", "variant"),
    ]
    assert putin.forms[-1].label == "English"
    assert '<a rel="noopener noreferrer" href="https://en.wikipedia.org/wiki/Vladimir_Putin">' in putin.note[0].html


def test_translator_notes_are_numbered_and_linked_back(mini):
    view = edition_view(*mini)
    assert [(n.id, n.number, n.ref_id) for n in view.notes] == [("t-tn1", 1, "ref-t-tn1")]
    assert str(view.notes[0].html) == "A translator’s note with <em>emphasis</em>."
    en = str(view.rows[3].en[0].sentences[0].variants[0].html)
    assert '<a id="ref-t-tn1" href="#t-tn1"' in en


def test_second_script_does_not_duplicate_note_anchors():
    ed = _edition(Sentence("s1", (Text("甲"), Note("n1", "translator", (Text("note"),)))))
    view = edition_view(ed, Glossary(()), scripts=("hant", "hans"))
    html = "".join(str(v.html) for v in view.rows[0].zh.sentences[0].variants)
    assert html.count('id="ref-t-n1"') == 1 and len(view.notes) == 1


# --- pinyin helpers ------------------------------------------------------------------------------------


def test_split_reading_keeps_the_glossarys_spelling():
    assert split_reading("習近平", "Xí Jìnpíng") == ["Xí", "Jìn", "píng"]
    assert split_reading("西安", "Xī'ān") == ["Xī", "ān"]
    assert split_reading("伊姆蘭·汗", "Yīmǔlán Hàn") == ["Yī", "mǔ", "lán", "Hàn"]
    assert split_reading("一帶一路", "Yi dai yi lu") == ["Yi", "dai", "yi", "lu"]  # toneless fallback
    assert split_reading("北京", "Shànghǎi") is None


def test_readings_cover_han_only():
    assert readings("習近平說OK。") == ["xí", "jìn", "píng", "shuō", None, None, None]


def test_sort_key_orders_by_toneless_reading_first():
    keys = sorted(["Xí Jìnpíng", "Éluósī", "Pǔdīng", "pú"], key=sort_key)
    assert keys == ["Éluósī", "pú", "Pǔdīng", "Xí Jìnpíng"]
