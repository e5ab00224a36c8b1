"""annotate writes linked runs as text (reader.app.annotate.annotate_root): the bytes must be exactly what
splicing lxml elements into the tree and serialising it gives, escaping and namespaces included."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from reader.app.annotate import MARK, annotate_root, annotate_tree
from reader.readers.glossary import load_glossary
from reader.text.match import Matcher
from reader.writers.tei.write import serialise
from tests.conftest import FIXTURES

TEI = "http://www.tei-c.org/ns/1.0"


def document(body: str, root_tag: str = "TEI", nsdecl: str = f'xmlns="{TEI}"', prefix: str = "") -> bytes:
    t = prefix
    return (
        f"<{t}{root_tag} {nsdecl}><{t}teiHeader/><{t}text><{t}body>"
        f'<{t}div type="original" xml:lang="zh-Hant-TW">{body}</{t}div>'
        f"</{t}body></{t}text></{t}{root_tag}>"
    ).encode()


CASES = {
    "plain": document('<p xml:id="p1">普京與習近平會面，<hi>伊姆蘭汗</hi>也在。</p><p xml:id="p2">俄羅斯和卡達。</p>'),
    "escapes": document('<p xml:id="p1">A&amp;B&lt;普京&gt;習近平&#13;C &amp; 俄羅斯 &lt;x&gt;</p>'),
    "tails and kept links": document(
        '<p xml:id="p1"><persName ref="gl:putin">普丁</persName>說習近平<note>普京</note>與普京<lb/>俄羅斯</p>'
    ),
    "marker already in the text": document(f'<p xml:id="p1">普京{MARK}習近平</p><p xml:id="p2">俄羅斯</p>'),
    "marker in a comment": document(f'<p xml:id="p1">普京<!--{MARK}-->習近平</p>'),
    "prefixed namespace": document(
        '<tei:p xml:id="p1">普京與習近平</tei:p>', nsdecl=f'xmlns:tei="{TEI}"', prefix="tei:"
    ),
    "redeclared default": document(
        f'<p xml:id="p1">普京<hi xmlns:tei="{TEI}">習近平</hi></p><ab xmlns:x="urn:x" xml:id="a1">俄羅斯</ab>'
    ),
    "nothing to link": document('<p xml:id="p1">沒有名字。</p>'),
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_glossary(FIXTURES / "reuse" / "glossary.xml"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_assembly_is_byte_identical_to_splicing_elements(name: str, matcher: Matcher) -> None:
    root = etree.fromstring(CASES[name])
    spliced = copy.deepcopy(root)
    linked, other, existing = annotate_tree(spliced, matcher)
    expected = serialise(spliced)
    data, linked2, other2, existing2 = annotate_root(root, matcher)
    assert data == expected
    assert (linked2, other2, existing2) == (linked, other, existing)
    etree.fromstring(data)  # well-formed
    if name != "nothing to link":
        assert linked, "the case must exercise linking"


def test_the_tree_is_left_as_it_was(matcher: Matcher) -> None:
    root = etree.fromstring(CASES["tails and kept links"])
    before = etree.tostring(root)
    annotate_root(root, matcher)
    assert etree.tostring(root) == before
