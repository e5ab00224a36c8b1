"""The glossary matcher: either script, regional forms, separators, leftmost-longest, traps.

The fixture cases (tests/fixtures/reuse/cases.txt) follow how mainland, Hong Kong and Taiwan news
write the names; precision and recall over them are printed and must both be 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Form, Glossary, GlossaryEntry
from reader.readers.glossary import load_glossary
from reader.text.match import Matcher, normalise_chars, spellings

REUSE = Path(__file__).parent / "fixtures" / "reuse"


def read_cases(path: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """``text`` paragraphs each followed by ``=> entry surface`` lines."""
    cases: list[tuple[str, list[tuple[str, str]]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("=> "):
            entry, surface = line[3:].split(" ", 1)
            cases[-1][1].append((entry, surface))
        else:
            cases.append((line, []))
    return cases


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_glossary(REUSE / "glossary.xml"))


def test_fixture_cases_precision_and_recall(matcher: Matcher) -> None:
    cases = read_cases(REUSE / "cases.txt")
    assert len(cases) >= 8
    tp = fp = fn = 0
    for text, expected in cases:
        got = [(m.entry, m.surface) for m in matcher.find(text)]
        for m in matcher.find(text):
            assert text[m.start : m.end] == m.surface  # offsets point into the text as written
        exp = list(expected)
        for g in got:
            if g in exp:
                exp.remove(g)
                tp += 1
            else:
                fp += 1
        fn += len(exp)
        assert got == expected, text
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"\nannotation fixtures: {tp} correct, {fp} wrong, {fn} missed; precision {precision:.3f}, recall {recall:.3f}"
    )
    assert precision == 1.0 and recall == 1.0


def test_which_form_and_locale_matched(matcher: Matcher) -> None:
    [m] = matcher.find("普京说")
    assert (m.entry, m.form, m.lang, m.type) == ("putin", "普京", "zh-Hans", "main")
    [m] = matcher.find("上合組織")
    assert (m.form, m.type) == ("上合組織", "abbreviation")
    [m] = matcher.find("上合组织")  # Simplified text, Traditional glossary form
    assert (m.entry, m.surface, m.form) == ("sco", "上合组织", "上合組織")


def test_leftmost_longest() -> None:
    def entry(eid: str, *forms: str) -> GlossaryEntry:
        return GlossaryEntry(eid, "term", tuple(Form(f, "zh-Hant-TW", "main") for f in forms), eid, "gloss")

    g = Glossary((entry("ab", "北京"), entry("abc", "北京冬奧"), entry("bc", "京冬"), entry("c", "冬奧會")))
    m = Matcher(g)
    assert [(x.entry, x.surface) for x in m.find("北京冬奧會")] == [("abc", "北京冬奧")]
    assert [(x.entry, x.surface) for x in m.find("在北京冬季")] == [("ab", "北京")]
    assert [(x.entry, x.surface) for x in m.find("東京冬奧會")] == [("bc", "京冬")]


def test_traps_are_reported_not_linked(matcher: Matcher) -> None:
    statuses = {(m.surface, m.status) for m in matcher.find_all("杜達美、卡達菲、喬治·華盛頓")}
    assert statuses == {("杜達美", "excluded"), ("卡達", "skipped"), ("華盛頓", "skipped")}
    assert matcher.find("杜達美、卡達菲、喬治·華盛頓") == []
    plain = Matcher(load_glossary(REUSE / "glossary.xml"), heuristics=False)
    assert [m.surface for m in plain.find("卡達菲")] == ["卡達"]


def test_ambiguous_forms_are_not_linked() -> None:
    forms = (Form("中共", "zh-Hant-TW", "main"),)
    g = Glossary(
        (
            GlossaryEntry("ccp", "org", forms, "CCP", "g", ambiguity="x"),
            GlossaryEntry("ccp_central", "org", forms, "Central Committee", "g", ambiguity="x"),
        )
    )
    [m] = Matcher(g).find_all("中共中央")
    assert m.status == "ambiguous" and set(m.candidates) == {"ccp", "ccp_central"}
    assert Matcher(g).find("中共中央") == []


def test_characters_outside_the_bmp_keep_offsets(matcher: Matcher) -> None:
    text = "𠀀𠀁普京與習近平"
    assert [(m.start, m.surface) for m in matcher.find(text)] == [(2, "普京"), (5, "習近平")]


def test_normalisation_keeps_lengths() -> None:
    sample = "習近平與蒲亭在臺灣著實說乾隆後於裡裏面"
    assert len(normalise_chars(sample)) == len(sample)
    assert normalise_chars("習近平") == "习近平"
    assert {"習近平", "习近平"} <= spellings("习近平")
    assert {"伊姆蘭·汗", "伊姆蘭汗", "伊姆兰 汗", "伊姆蘭・汗"} <= spellings("伊姆蘭·汗")


def test_real_glossary_finds_mainland_and_taiwan_forms() -> None:
    from tests.conftest import GLOSSARY

    g = load_glossary(GLOSSARY if GLOSSARY.is_file() else REUSE / "glossary.xml")
    m = Matcher(g)
    ids = {x.entry for x in m.find("俄罗斯总统普京、习近平和上合组织；普丁、蒲亭")}
    assert {"putin", "xi_jinping", "russia", "sco"} <= ids
