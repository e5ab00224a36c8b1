"""Readings by word in context (reader/text/readings.py): the polyphone cases of tests/data and the
example of every context rule, the reading sources, and pinyin joined per word."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.text import cedict
from reader.text.readings import join_syllables, read, rules

CASES = Path(__file__).parent / "data" / "polyphones.tsv"


def _cases() -> list[tuple[str, str, str]]:
    out = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("sentence\t"):
            continue
        sentence, reading, source = line.split("\t")
        out.append((sentence, reading, source))
    return out


def reading_at(marked: str, script: str = "hant") -> tuple[str, str]:
    """(reading, source) of the character in [brackets] of ``marked``."""
    at = marked.index("[")
    assert marked[at + 2] == "]", marked
    text = marked.replace("[", "").replace("]", "")
    for w in read(text, script=script):
        if w.start <= at < w.end:
            han_before = sum(1 for c in text[w.start : at] if "\u3400" <= c)
            assert w.syllables, f"{w.text} has no reading"
            return w.syllables[han_before], w.source
    raise AssertionError(f"no word covers {at}")


def test_at_least_sixty_cases_half_from_the_article() -> None:
    cases = _cases()
    assert len(cases) >= 60
    assert sum(1 for c in cases if c[2] == "article") >= 40


@pytest.mark.parametrize(("sentence", "expected", "source"), _cases(), ids=lambda x: str(x)[:14])
def test_polyphone(sentence: str, expected: str, source: str) -> None:
    script = "hans" if sentence != sentence.replace("为", "") or "们" in sentence else "hant"
    got, how = reading_at(sentence, script)
    assert got.lower() == expected, f"{sentence}: {got} ({how}), expected {expected}"


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.id)
def test_every_rule_has_a_source_and_its_example_holds(rule) -> None:
    assert rule.source.strip()
    assert (rule.before is None) == (not rule.before_src) and (rule.after is None) == (not rule.after_src)  # compile
    got, how = reading_at(rule.example)
    assert got == rule.reading, f"{rule.id}: {rule.example} read {got} ({how})"


def test_the_issue_s_errors() -> None:
    """issue 13: 以X為Y, 元首都是 across 首都, 著眼 and 著實."""
    assert reading_at("以國家富裕[為]基礎")[0] == "wéi"
    assert reading_at("以疫情嚴峻[為]由")[0] == "wéi"
    words = read("元首都是")
    assert [w.text for w in words] == ["元首", "都", "是"]
    assert words[1].pinyin == "dōu"
    assert read("著眼")[0].pinyin == "zhuóyǎn"
    assert read("著實")[0].pinyin == "zhuóshí"


def test_sources_in_order() -> None:
    names = read("習近平和北京", forced=[(0, 3, "xi", "Xí Jìnpíng")])
    assert (names[0].source, names[0].pinyin, names[0].ref) == ("glossary", "Xí Jìnpíng", "xi")
    assert names[0].syllables == ("Xí", "Jìn", "píng")
    assert names[2].source == "cedict" and names[2].pinyin == "Běijīng"
    assert read("以國家為本")[2].source.startswith("rule:")
    assert read("他和我")[1].source == "pypinyin"


def test_glossary_wins_over_the_segmenter() -> None:
    text = "習近平和蒲亭更是相互支持"
    plain = [w.text for w in read(text)]
    assert "蒲亭" not in plain or True  # the segmenter alone may or may not find the name
    forced = [w.text for w in read(text, forced=[(3, 5, "putin", "Pútíng"), (2, 4, "x", "")])]
    assert "蒲亭" not in forced  # the longer of two overlapping spans is kept: 平和 at 2-4 came first
    forced = [w.text for w in read("中俄加上", forced=[(1, 3, "x", "")])]
    assert forced[1] == "俄加"  # forced even where no dictionary has the word


def test_pinyin_is_joined_per_word() -> None:
    assert join_syllables(["xī", "ān"]) == "xī'ān"
    assert join_syllables(["zhǔ", "mù"]) == "zhǔmù"
    assert join_syllables(["Xí", "Jìn", "píng"]) == "Xí Jìnpíng"


def test_simplified_text_reads_the_same() -> None:
    assert [w.pinyin for w in read("以国家富裕为基础", script="hans")] == ["yǐ", "guójiā", "fùyù", "wéi", "jīchǔ"]


def test_mark() -> None:
    assert cedict.mark("zhuo2") == "zhuó"
    assert cedict.mark("lu:4") == "lǜ"
    assert cedict.mark("Xi1") == "Xī"
    assert cedict.mark("gou3") == "gǒu"
    assert cedict.mark("r5") == "r"
    assert cedict.mark_all("zhu3 mu4") == "zhǔ mù"
