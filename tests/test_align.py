"""``reader align`` (issue 16): the length model's calibration, anchors, the article and the PRC
Constitution aligned back against their gold links, bad input, and the outputs (TEI, report, review)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.app.cli import main
from reader.model import plain_text
from reader.readers.tei.read import load_text
from reader.transforms.align import anchors as anc
from reader.transforms.align import length

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "texts" / "beijing-winter-olympics-home-summit.xml"
GLOSSARY = ROOT / "glossary" / "glossary.xml"
CONSTITUTION = ROOT / "tests" / "fixtures" / "align" / "constitution"


def _ws(s: str) -> str:
    return " ".join(s.split())


def _zh(s: str) -> str:
    return re.sub(r"\s", "", s)


def _article_gold() -> tuple[list[str], list[str], set[tuple[frozenset[str], frozenset[str]]]]:
    """The article's paragraphs on both sides as plain text (no corresp, no sentence boundaries, no
    notes), and its sentence links as (Chinese sentences, English sentences) by text."""
    ed = load_text(ARTICLE)
    zh_paras, en_paras = [], []
    zh_text: dict[str, str] = {}
    groups: dict[tuple[str, ...], list[str]] = {}
    for b in ed.blocks():
        zh_paras.append("".join(plain_text(s.inlines) for s in b.original.sentences))
        for s in b.original.sentences:
            zh_text[s.id or b.original.id or ""] = _zh(plain_text(s.inlines))
        for u in b.translation:
            en_paras.append(" ".join(plain_text(s.inlines) for s in u.sentences))
            for s in u.sentences:
                groups.setdefault(s.corresp or (b.original.id or "",), []).append(_ws(plain_text(s.inlines)))
    gold = {(frozenset(zh_text[t] for t in k), frozenset(v)) for k, v in groups.items()}
    return zh_paras, en_paras, gold


def _links(report: dict) -> tuple[set, set]:  # type: ignore[type-arg]
    pred, weak = set(), set()
    for r in report["sentences"]:
        key = (frozenset(_zh(x) for x in r["zh_texts"]), frozenset(_ws(x) for x in r["en_texts"]))
        pred.add(key)
        if r["weak"]:
            weak.add(key)
    return pred, weak


def _align(tmp: Path, zh: Path, en: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    out, rep = tmp / "out.xml", tmp / "report.json"
    code = main(["align", str(zh), str(en), "-o", str(out), "--report", str(rep), "--glossary", str(GLOSSARY), *extra])
    return code, json.loads(rep.read_text(encoding="utf-8")) if code == 0 else {}


def _units(gold: set) -> int:  # type: ignore[type-arg]
    return len(gold)


def test_length_model_is_calibrated_on_the_article() -> None:
    ed = load_text(ARTICLE)
    zh_len: dict[str, int] = {}
    groups: dict[tuple[str, ...], int] = {}
    for b in ed.blocks():
        for s in b.original.sentences:
            zh_len[s.id or b.original.id or ""] = len(plain_text(s.inlines))
        for u in b.translation:
            for s in u.sentences:
                key = s.corresp or (b.original.id or "",)
                groups[key] = groups.get(key, 0) + len(plain_text(s.inlines))
    c, s2 = length.calibrate((sum(zh_len[t] for t in k), e) for k, e in groups.items())
    assert round(c, 2) == length.C
    assert round(s2, 1) == length.S2


def test_anchors_numbers_dates_names() -> None:
    assert "n:4600000000" in anc.zh_numbers("積欠46億美元") & anc.en_numbers("US$4.6 billion in debt")
    assert {"n:2012"} <= anc.zh_numbers("從2012年擔任") & anc.en_numbers("in 2012, Xi")
    assert {"n:2", "n:4"} <= anc.zh_numbers("在2月4日揭開序幕") & anc.en_numbers("opened on 4 February")
    assert "n:1840" in anc.zh_numbers("一八四〇年以后") & anc.en_numbers("After 1840, feudal China")
    assert "n:30" in anc.zh_numbers("改革開放30多年") & anc.en_numbers("more than thirty years")
    assert "n:1" in anc.zh_numbers("第一条　中华人民共和国") & anc.en_numbers("Article 1 The People’s Republic")
    assert "n:1" not in anc.zh_numbers("一帶一路") | anc.en_numbers("one of the countries")
    from reader.readers.glossary import load_glossary

    a = anc.Anchors(load_glossary(GLOSSARY), anc.latin_words("蒲亭（Vladimir Putin）"))
    assert {"g:putin", "l:putin"} <= a.zh("俄羅斯總統蒲亭（Vladimir Putin）") & a.en("President Putin of Russia")
    assert "g:xi_jinping" in a.zh("习近平") & a.en("Xi had the joint statement")


def test_article_sentence_links_recovered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    zh_paras, en_paras, gold = _article_gold()
    (tmp_path / "zh.txt").write_text("\n\n".join(zh_paras) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(en_paras) + "\n", encoding="utf-8")
    code, report = _align(tmp_path, tmp_path / "zh.txt", tmp_path / "en.txt")
    assert code == 0
    pred, weak = _links(report)
    hits = len(gold & pred)
    with capsys.disabled():
        print(f"\narticle: {hits}/{len(gold)} sentence links recovered exactly ({100 * hits / len(gold):.1f}%)")
    assert hits / len(gold) >= 0.97
    missed_en = {e for _, es in gold - pred for e in es}
    weak_en = {e for _, es in weak for e in es}
    assert missed_en <= weak_en  # every miss is flagged for review
    # the output is a valid text of the project: it reads back with every pointer resolved
    ed = load_text(tmp_path / "out.xml")
    en_out = [plain_text(s.inlines) for b in ed.blocks() for u in b.translation for s in u.sentences]
    assert _ws(" ".join(en_out)) == _ws(" ".join(en_paras))  # the translation is kept character for character
    zh_out = "".join(plain_text(s.inlines) for b in ed.blocks() for s in b.original.sentences)
    assert _zh(zh_out) == _zh("".join(zh_paras))
    assert any(r.ref == "putin" for r in ed.term_refs())  # names linked ...
    en_refs = [
        n.ref for b in ed.blocks() for u in b.translation for s in u.sentences for n in s.inlines if hasattr(n, "ref")
    ]
    assert "putin" in en_refs and "xi_jinping" in en_refs  # ... in the English too
    assert main(["check", str(tmp_path / "out.xml")]) == 0


def test_constitution_against_hand_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = set()
    for line in (CONSTITUTION / "gold.tsv").read_text(encoding="utf-8").splitlines():
        z, e = line.split("\t")
        gold.add((frozenset(_zh(x) for x in z.split(" ‖ ")), frozenset(_ws(x) for x in e.split(" ‖ "))))
    assert len(gold) >= 400
    code, report = _align(
        tmp_path, CONSTITUTION / "zh.txt", CONSTITUTION / "en.txt", "--review", str(tmp_path / "r.html")
    )
    assert code == 0
    pred, weak = _links(report)
    hits = len(gold & pred)
    with capsys.disabled():
        print(
            f"\nconstitution: {hits}/{len(gold)} sentence links right ({100 * hits / len(gold):.1f}%), {len(weak)} weak"
        )
    assert hits / len(gold) >= 0.95
    assert {e for _, es in gold - pred for e in es} <= {e for _, es in weak for e in es}  # misses are flagged
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")  # offline: no external requests
    assert page.count('class="weak"') == report["summary"]["weak"]


def test_translation_one_paragraph_per_line_and_tei_original(tmp_path: Path) -> None:
    """The article's own TEI (with sentence ids) as the original; the English one paragraph per line."""
    zh_paras, en_paras, gold = _article_gold()
    (tmp_path / "en.txt").write_text("\n".join(en_paras) + "\n", encoding="utf-8")
    code, report = _align(tmp_path, ARTICLE, tmp_path / "en.txt")
    assert code == 0
    pred, _ = _links(report)
    assert len(gold & pred) / len(gold) >= 0.97
    ed = load_text(tmp_path / "out.xml")
    assert {i for b in ed.blocks() for s in b.original.sentences for i in [s.id] if i} >= {"zh-s1-p1-s1", "zh-s2-p1-s1"}


def test_review_page_escapes_text(tmp_path: Path) -> None:
    (tmp_path / "zh.txt").write_text("蒲亭在2012年再次擔任總統。\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text(
        "<script>alert(1)</script> Putin became president again in 2012.\n", encoding="utf-8"
    )
    code, _ = _align(tmp_path, tmp_path / "zh.txt", tmp_path / "en.txt", "--review", str(tmp_path / "r.html"))
    assert code == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page


@pytest.mark.parametrize(
    "case", ["empty_original", "empty_translation", "swapped", "translation_chinese", "unrelated", "missing"]
)
def test_bad_input_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    zh_paras, en_paras, _ = _article_gold()
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("\n\n".join(zh_paras) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(en_paras) + "\n", encoding="utf-8")
    args = [zh, en]
    if case == "empty_original":
        zh.write_text("\n  \n", encoding="utf-8")
    elif case == "empty_translation":
        en.write_text("", encoding="utf-8")
    elif case == "swapped":
        args = [en, zh]
    elif case == "translation_chinese":
        args = [zh, zh]
    elif case == "missing":
        args = [zh, tmp_path / "nowhere.txt"]
    else:
        args = [zh, CONSTITUTION / "en.txt"]
    out = tmp_path / "out.xml"
    capsys.readouterr()
    code = main(["align", str(args[0]), str(args[1]), "-o", str(out), "--glossary", str(GLOSSARY)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and re.match(r"^[^:]+(?::\d+:\d+)?: ", err[0]), err  # the project's path[:line:col]: form
    assert not out.exists()
    if case == "unrelated":
        assert "do not correspond" in err[0]


@pytest.mark.parametrize("form", ["md", "tei"])
def test_translation_as_markdown_or_tei(tmp_path: Path, form: str) -> None:
    zh_paras, en_paras, gold = _article_gold()
    (tmp_path / "zh.txt").write_text("\n\n".join(zh_paras) + "\n", encoding="utf-8")
    if form == "md":
        en = tmp_path / "en.md"
        # a paragraph that opens with "1. " is an ordered list in Markdown: its author escapes the stop
        en.write_text("\n\n".join(re.sub(r"^(\d+)\. ", r"\1\\. ", p) for p in en_paras) + "\n", encoding="utf-8")
    else:
        en = ARTICLE  # a TEI text: its English units are the translation
    code, report = _align(tmp_path, tmp_path / "zh.txt", en)
    assert code == 0
    pred, _ = _links(report)
    assert len(gold & pred) / len(gold) >= 0.97


def test_public_api_align(tmp_path: Path) -> None:
    import reader

    zh_paras, en_paras, gold = _article_gold()
    (tmp_path / "zh.txt").write_text("\n\n".join(zh_paras) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n\n".join(en_paras) + "\n", encoding="utf-8")
    data, report = reader.align(str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"), reader.load_glossary(str(GLOSSARY)))
    assert data.startswith(b"<?xml") and b'corresp="#zh-s1-p1-s1"' in data
    pred, _ = _links(report)
    assert len(gold & pred) / len(gold) >= 0.97


@pytest.mark.parametrize("layout", ["double_spaced", "wrapped"])
def test_pdf_extracted_on_both_sides(tmp_path: Path, layout: str) -> None:
    """The original as extracted from the PDF (the seed: hard wraps, blank line after every line,
    artefact spaces) and the English hard-wrapped as a PDF gives it: with a blank line after every
    line and indented paragraphs, or wrapped with blank lines between paragraphs."""
    import textwrap

    seed = ROOT / "tests" / "fixtures" / "seed" / "000_98b864c6a4c550a8.txt"
    _, en_paras, gold = _article_gold()
    lines: list[str] = []
    for p in en_paras:
        wrapped = textwrap.wrap(p, 70)
        if layout == "double_spaced":
            lines += [("    " if k == 0 else "") + w + "\n" for k, w in enumerate(wrapped)]
        else:
            lines += [w + "\n" for w in wrapped] + ["\n"]
    sep = "\n" if layout == "double_spaced" else ""
    (tmp_path / "en.txt").write_text(sep.join(lines), encoding="utf-8")
    code, report = _align(tmp_path, seed, tmp_path / "en.txt")
    assert code == 0
    pred, _ = _links(report)
    assert len(gold & pred) / len(gold) >= 0.97
