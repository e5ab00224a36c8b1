"""The TEI reader: fixtures in, model out; problems come back as path:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES

from reader.app.dump import dump
from reader.errors import InputError, ProblemList, TEIError
from reader.model import Foreign, TermRef, Text
from reader.readers.glossary import load_glossary
from reader.readers.tei.read import load_text, read_text

MINI = FIXTURES / "mini.xml"
GLOSS = FIXTURES / "glossary" / "glossary.xml"


def test_mini_reads_into_aligned_blocks():
    ed = load_text(MINI, set(load_glossary(GLOSS).by_id))
    kinds = [b.kind for b in ed.blocks()]
    assert kinds == ["title", "byline", "head", "p", "p", "note"]
    p1 = ed.blocks()[3]
    assert [s.id for s in p1.original.sentences] == ["zh-s1-p1-s1", "zh-s1-p1-s2"]
    assert [s.corresp for s in p1.translation[0].sentences] == [("zh-s1-p1-s1",), ("zh-s1-p1-s2",)]
    first = p1.original.sentences[0].inlines
    assert first[0] == TermRef("russia", "place", (Text("俄羅斯"),))
    assert Foreign("en", (Text("Vladimir Putin"),)) in first
    assert not ed.blocks()[4].translated


def test_mini_metadata():
    m = load_text(MINI).metadata
    assert (m.slug, m.title, m.title_en, m.short_title) == ("mini", "測試文章", "A Test Article", "Test Article")
    assert (m.author, m.affiliation, m.publisher) == ("測試者", "測試大學", "測試出版社")


def test_untranslated_is_a_notice_not_a_problem():
    res = read_text(MINI)
    assert res.problems == []
    assert [str(n) for n in res.notices] == [f"{MINI}:41:1: untranslated p #zh-s1-p2"]


def test_dump_is_stable_and_readable():
    text = dump(load_text(MINI))
    assert text == dump(load_text(MINI))
    assert "S #zh-s1-p1-s1 [place:russia '俄羅斯'] '總統' [person:putin '蒲亭']" in text
    assert "Block p untranslated" in text


def _write(tmp_path: Path, body: str, name: str = "t.xml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body>
<div type="original" xml:lang="zh-Hant-TW"><p xml:id="a"><s xml:id="a1">一。</s></p></div>
<div type="translation" xml:lang="en">{trans}</div>
</body></text></TEI>
"""


def test_dangling_corresp_is_reported_with_line(tmp_path):
    p = _write(tmp_path, TEMPLATE.format(trans='<p corresp="#nope"><s corresp="#a1">One.</s></p>'))
    with pytest.raises(TEIError) as exc:
        load_text(p)
    assert str(exc.value) == f'{p}:6:42: corresp "#nope" resolves to no element'


def test_duplicate_ids_are_reported(tmp_path):
    p = _write(tmp_path, TEMPLATE.format(trans='<p xml:id="a" corresp="#a"><s corresp="#a1">One.</s></p>'))
    with pytest.raises((TEIError, ProblemList)) as exc:
        load_text(p)
    assert "duplicate xml:id 'a' (first used on line 5)" in str(exc.value)


def test_seg_units_and_linkgrp(tmp_path):
    trans = (
        '<p xml:id="e"><seg xml:id="e1">One.</seg></p>'
        '<linkGrp type="translation"><link target="#a #e"/><link target="#e1 #a1"/></linkGrp>'
    )
    ed = load_text(_write(tmp_path, TEMPLATE.format(trans=trans)))
    block = ed.blocks()[0]
    assert block.translation[0].id == "e"
    assert block.translation[0].sentences[0].corresp == ("a1",)


def test_wrong_root_and_not_wellformed(tmp_path):
    p = _write(tmp_path, '<?xml version="1.0"?>\n<html><body/></html>\n')
    with pytest.raises(TEIError, match=r":2:1: the root element is <html>"):
        load_text(p)
    q = _write(tmp_path, '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body>\n', "cut.xml")
    with pytest.raises(InputError, match=r"cut.xml:3:\d+: not well-formed XML"):
        load_text(q)
