"""Parallel TEI made elsewhere: a translation in its own file (corresp="source.xml#id" or a linkGrp),
seg units, partial and out of order; it reads into aligned blocks and builds to HTML and PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.model import plain_text
from reader.readers.tei.read import load_text, read_text
from tests.conftest import FIXTURES

PAIR = FIXTURES / "reuse" / "parallel"


def aligned(path: Path) -> list[tuple[str | None, list[str | None], list[tuple[str | None, tuple[str, ...]]]]]:
    ed = load_text(path)
    return [
        (
            b.original.id,
            [u.id for u in b.translation],
            [(s.id, s.corresp) for u in b.translation for s in u.sentences],
        )
        for b in ed.blocks()
    ]


@pytest.mark.parametrize("name", ["translation.xml", "translation-links.xml"])
def test_pair_reads_partial_and_out_of_order(name: str) -> None:
    rows = {orig: (units, sents) for orig, units, sents in aligned(PAIR / name)}
    assert rows["a1"][0] == ["e1"] and rows["a3"][0] == ["e3"]
    assert rows["a2"] == ([], []) and rows["d1-h"] == ([], [])  # untranslated, not fatal
    # the translation's own sentence order is kept; each points back at its original sentence
    assert {s: c for s, c in rows["a1"][1]} == {"e1-1": ("a1-1",), "e1-2": ("a1-2",)}
    ed = load_text(PAIR / name)
    assert [b.original.id for b in ed.blocks()] == ["t", "d1-h", "a1", "a2", "a3"]  # the original's order
    assert ed.metadata.title_en == "A short note on the SCO summit"
    res = read_text(PAIR / name)
    assert {str(n).split(": ")[-1] for n in res.notices} >= {"untranslated p #a2"}


def test_dangling_pointer_is_an_error(tmp_path: Path) -> None:
    shutil.copyfile(PAIR / "source.xml", tmp_path / "source.xml")
    bad = (PAIR / "translation.xml").read_text(encoding="utf-8").replace("source.xml#a3-1", "source.xml#nowhere")
    (tmp_path / "translation.xml").write_text(bad, encoding="utf-8")
    res = read_text(tmp_path / "translation.xml")
    assert res.edition is None
    assert any(
        'corresp "source.xml#nowhere" resolves to no element' in str(p) and "translation.xml:13:" in str(p)
        for p in res.problems
    )


def test_pair_builds_to_html_and_pdf(tmp_path: Path, run_cli) -> None:
    work = tmp_path / "pair"
    shutil.copytree(PAIR, work)
    shutil.copyfile(FIXTURES / "reuse" / "glossary.xml", tmp_path / "glossary.xml")
    out = tmp_path / "out"
    code, _, err = run_cli("build", str(work / "source.xml"), str(work / "translation.xml"), "-o", str(out))
    assert code == 0, err
    import lxml.html

    page = lxml.html.parse(str(out / "translation.html"))
    for el in page.xpath("//rt|//script|//style"):
        el.getparent().remove(el)
    text = " ".join(page.getroot().text_content().split())
    # side by side in the original's order; the untranslated paragraph is shown as such
    assert "他與習近平會談。" in text and "He met Xi Jinping. Putin arrived." in text
    assert "這一段沒有翻譯。" in text and "The SCO grows." in text
    assert text.index("普丁抵達") < text.index("He met") < text.index("這一段沒有翻譯") < text.index("上合組織擴大")
    assert text.count("Not translated") == 2  # the section heading and paragraph a2
    from pypdf import PdfReader

    pdf = "".join(page.extract_text() or "" for page in PdfReader(str(out / "translation.pdf")).pages)
    for text in ("He met", "Putin arrived", "擴大"):
        assert text in pdf.replace("\n", " ")
    ed = load_text(work / "translation.xml")
    assert plain_text(ed.blocks()[4].translation[0].sentences[0].inlines) == "The SCO grows."
    # the pair is built once, from the translation: no second, Chinese-only edition of the source
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "translation.html",
        "translation.pdf",
    ]
