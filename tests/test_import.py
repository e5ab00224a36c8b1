"""reader import: PDF-extracted plain text (the seed) and Markdown with translations -> valid TEI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from reader.model import Edition, plain_text
from reader.readers.plaintext import import_markdown, import_text, join_lines, normalise_spaces
from reader.readers.tei.read import load_text
from tests.conftest import SEED, TEXTS

ARTICLE = TEXTS / "beijing-winter-olympics-home-summit.xml"
SEED_COPY = Path(__file__).parent / "fixtures" / "seed" / "000_98b864c6a4c550a8.txt"


def seed_path() -> Path:
    return SEED if SEED.is_file() else SEED_COPY


def outline(ed: Edition) -> list[tuple[str, str]]:
    return [(b.kind, "".join(plain_text(s.inlines) for s in b.original.sentences)) for b in ed.blocks()]


def test_seed_import_reproduces_the_articles_structure() -> None:
    ed = import_text(seed_path().read_text(encoding="utf-8"), "seed.txt")
    sections = [s for s in ed.sections() if s.level == 1]
    assert len(sections) == 3
    assert len([c for c in sections[1].children if getattr(c, "level", 0) == 2]) == 4
    ref = load_text(ARTICLE)
    # same headings, same paragraph boundaries, same text in every unit, in the same order
    assert outline(ed) == outline(ref)
    assert [(s.n, s.level) for s in ed.sections()] == [(s.n, s.level) for s in ref.sections()]
    assert ed.metadata.author == ref.metadata.author


def test_artefact_spaces_and_line_joins() -> None:
    assert normalise_spaces("在 2月 4日揭開序幕，共有 22 位") == "在2月4日揭開序幕，共有22位"
    assert normalise_spaces("譚德塞 （ Tedros Adhanom Ghebreyesus）") == "譚德塞（Tedros Adhanom Ghebreyesus）"
    assert normalise_spaces("(一) 俄羅斯") == "(一)俄羅斯"
    assert (
        join_lines(["古特瑞斯（Antonio ", "Guterres ）、世界", "衛生組織"])
        == "古特瑞斯（Antonio Guterres ）、世界衛生組織"
    )


def test_blank_line_paragraphs_and_headings() -> None:
    text = "標題\n\n1. 第一節\n第一段第一行\n第一段第二行。\n\n第二段。\n\n2. 第二節\n第三段。\n"
    ed = import_text(text)
    assert outline(ed) == [
        ("title", "標題"),
        ("head", "1.第一節"),
        ("p", "第一段第一行第一段第二行。"),
        ("p", "第二段。"),
        ("head", "2.第二節"),
        ("p", "第三段。"),
    ]
    assert all(not b.translated for b in ed.blocks())


MD = """# 北京冬奧

> The Beijing Winter Olympics

## 一、背景

這是*第一段*，見[來源](https://example.org)。

> This is the *first* paragraph.

這段沒有翻譯。

### (一) 細節

第三段。

> The third paragraph.
"""


def test_markdown_with_translations() -> None:
    ed = import_markdown(MD, "draft.md")
    blocks = ed.blocks()
    assert [(b.kind, b.translated) for b in blocks] == [
        ("title", True),
        ("head", False),
        ("p", True),
        ("p", False),
        ("head", False),
        ("p", True),
    ]
    assert ed.metadata.title_en == "The Beijing Winter Olympics"
    assert plain_text(blocks[2].translation[0].sentences[0].inlines) == "This is the first paragraph."
    assert [s.level for s in ed.sections()] == [1, 2]


@pytest.mark.parametrize("name", ["seed.txt", "draft.md"])
def test_import_cli_writes_valid_tei_that_reads_back(tmp_path: Path, run_cli, tei_schema, name: str) -> None:
    src = tmp_path / name
    src.write_text(seed_path().read_text(encoding="utf-8") if name.endswith(".txt") else MD, encoding="utf-8")
    out = tmp_path / "texts" / "new.xml"
    code, _, err = run_cli("import", str(src), "-o", str(out))
    assert code == 0, err
    assert tei_schema.validate(etree.parse(str(out))), tei_schema.error_log
    ed = load_text(out)
    assert outline(ed) == outline(import_markdown(MD) if name.endswith(".md") else import_text(src.read_text()))
    if name.endswith(".md"):
        assert [b.translated for b in ed.blocks()] == [True, False, True, False, False, True]


def test_import_errors_are_one_line(tmp_path: Path, run_cli) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("標題\n".encode() + b"\xff\xfe\n")
    out = tmp_path / "out.xml"
    code, _, err = run_cli("import", str(bad), "-o", str(out))
    assert code == 1 and err.count("\n") == 1 and err.startswith(f"{bad}:2:") and not out.exists()
    code, _, err = run_cli("import", str(tmp_path / "missing.txt"), "-o", str(out))
    assert code == 1 and "no such file" in err and not out.exists()


def test_one_line_paragraphs_separated_by_blank_lines() -> None:
    """Unwrapped text (one long line per paragraph) keeps every blank-line paragraph boundary."""
    paras = ["第一段" + "很長的句子，" * 30 + "。", "第二段" + "也很長，" * 30 + "。", "第三段。"]
    ed = import_text("\n\n".join(paras) + "\n")
    assert [k for k, _ in outline(ed)] == ["p", "p", "p"]


def test_blank_lines_separate_paragraphs_in_ordinary_text() -> None:
    """One blank line is a paragraph break unless the file shows it is an extraction artefact."""
    assert [t for _, t in outline(import_text("普京与习近平在北京会晤。\n\n伊姆兰·汗随后抵达。\n"))] == [
        "普京与习近平在北京会晤。",
        "伊姆兰·汗随后抵达。",
    ]
    # many one-sentence paragraphs, each followed by a blank line: still one paragraph each
    paras = [f"第{i}段很短。" for i in range(1, 9)]
    assert [t for _, t in outline(import_text("\n\n".join(paras) + "\n"))] == paras


def test_double_spaced_pdf_text_without_indentation() -> None:
    """A blank line after every wrapped line (lines breaking off mid-sentence): blank lines are
    artefacts, two blank lines break a paragraph."""
    wrapped = ["標題", "一、背景", "第一段的第一行，", "第一段的第二行", "結束了。", ""]
    wrapped += ["第二段的第一行，", "第二段的第二行", "也結束了。"]
    text = "\n\n".join(wrapped) + "\n"
    assert [t for _, t in outline(import_text(text))][2:] == [
        "第一段的第一行，第一段的第二行結束了。",
        "第二段的第一行，第二段的第二行也結束了。",
    ]


def test_script_detected_and_text_kept(tmp_path: Path, run_cli, tei_schema) -> None:
    """Simplified input is tagged zh-Hans, Traditional zh-Hant (region unknown); --lang overrides;
    the characters are never converted."""
    src = tmp_path / "news.txt"
    src.write_text("普京与习近平在北京会晤。\n\n伊姆兰·汗随后抵达。\n", encoding="utf-8")
    out = tmp_path / "news.xml"
    code, _, err = run_cli("import", str(src), "-o", str(out))
    assert code == 0, err
    assert tei_schema.validate(etree.parse(str(out))), tei_schema.error_log
    root = etree.parse(str(out)).getroot()
    langs = {el.get("{http://www.w3.org/XML/1998/namespace}lang") for el in root.iter() if isinstance(el.tag, str)}
    assert "zh-Hans" in langs and not any(lang and lang.startswith("zh-Hant") for lang in langs)
    ed = load_text(out)
    assert ed.metadata.lang == "zh-Hans"
    assert [t for _, t in outline(ed)] == ["普京与习近平在北京会晤。", "伊姆兰·汗随后抵达。"]
    assert import_text("普京與習近平在北京會晤。").metadata.lang == "zh-Hant"
    assert import_markdown("# 北京会晤\n\n> The meeting\n\n这是第一段。\n").metadata.lang == "zh-Hans"
    assert import_text(seed_path().read_text(encoding="utf-8")).metadata.lang == "zh-Hant"
    assert import_text("中文。").metadata.lang == "zh"  # no character tells the scripts apart
    code, _, err = run_cli("import", str(src), "-o", str(out), "--lang", "zh-Hans-SG")
    assert code == 0, err
    assert load_text(out).metadata.lang == "zh-Hans-SG"
    bad = tmp_path / "bad.xml"
    code, _, err = run_cli("import", str(src), "-o", str(bad), "--lang", "not a tag")
    assert code == 1 and err.count("\n") == 1 and err.startswith(f"{src}:") and not bad.exists()


def sentences(ed: Edition) -> list[list[tuple[str | None, str, tuple[str, ...]]]]:
    return [[(s.id, plain_text(s.inlines), s.corresp) for s in b.original.sentences] for b in ed.blocks()]


def test_paragraphs_are_cut_into_sentences(tmp_path: Path, run_cli, tei_schema) -> None:
    """Chinese at 。！？ with closing quotes and brackets kept; English translations aligned one to one
    only when the counts match; the written TEI has the s elements and reads back the same."""
    src = tmp_path / "talk.md"
    src.write_text(
        "# 會談\n\n他說：「好。」然後走了！真的嗎？（是的。）最後一句\n\n"
        '> He said: "Fine." Then he left! Really? (Yes.) Mr. Li spoke last\n\n'
        "第二段。第三句。\n\n> Only one English sentence for two.\n",
        encoding="utf-8",
    )
    out = tmp_path / "talk.xml"
    code, _, err = run_cli("import", str(src), "-o", str(out))
    assert code == 0, err
    assert tei_schema.validate(etree.parse(str(out))), tei_schema.error_log
    ed = load_text(out)
    p1, p2 = ed.blocks()[1], ed.blocks()[2]
    assert [(s.id, plain_text(s.inlines)) for s in p1.original.sentences] == [
        ("zh-front-p1-s1", "他說：「好。」"),
        ("zh-front-p1-s2", "然後走了！"),
        ("zh-front-p1-s3", "真的嗎？"),
        ("zh-front-p1-s4", "（是的。）"),
        ("zh-front-p1-s5", "最後一句"),
    ]
    assert [(s.id, plain_text(s.inlines), s.corresp) for s in p1.translation[0].sentences] == [
        ("en-front-p1-s1", 'He said: "Fine."', ("zh-front-p1-s1",)),
        ("en-front-p1-s2", "Then he left!", ("zh-front-p1-s2",)),
        ("en-front-p1-s3", "Really?", ("zh-front-p1-s3",)),
        ("en-front-p1-s4", "(Yes.)", ("zh-front-p1-s4",)),
        ("en-front-p1-s5", "Mr. Li spoke last", ("zh-front-p1-s5",)),
    ]
    assert [s.id for s in p2.original.sentences] == ["zh-front-p2-s1", "zh-front-p2-s2"]
    assert [(s.id, s.corresp) for s in p2.translation[0].sentences] == [(None, ())]  # 2 vs 1: paragraph-level
    assert sentences(ed) == sentences(import_markdown(src.read_text(encoding="utf-8")))
    # the seed: every paragraph cut, the hand-made article's text unchanged (checked block by block above)
    seed = import_text(seed_path().read_text(encoding="utf-8"))
    paras = [b for b in seed.blocks() if b.kind == "p"]
    assert all(s.id and s.id.startswith(f"{b.original.id}-s") for b in paras for s in b.original.sentences)
    assert sum(len(b.original.sentences) for b in paras) > 2 * len(paras)


def test_written_tei_is_indented_and_reads_as_the_compact_form(tmp_path: Path, run_cli, tei_schema) -> None:
    """One block and one sentence per line, two spaces a level; the whitespace added between elements
    that hold no text changes nothing in the model (compared with the same file without it)."""
    from reader.app.dump import dump

    src = tmp_path / "talk.md"
    src.write_text(
        MD + "\n最後*一段*。還有[一句](https://example.org)！\n\n> Last *one*. And [one](#x) more!\n", "utf-8"
    )
    for name, text in (("talk.md", None), ("seed.txt", seed_path().read_text(encoding="utf-8"))):
        if text is not None:
            src = tmp_path / name
            src.write_text(text, encoding="utf-8")
        out = tmp_path / (name + ".xml")
        code, _, err = run_cli("import", str(src), "-o", str(out))
        assert code == 0, err
        assert tei_schema.validate(etree.parse(str(out))), tei_schema.error_log
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) > 40
        body = lines[lines.index("  <text>") :]
        assert all((len(ln) - len(ln.lstrip(" "))) % 2 == 0 and ln.strip() for ln in body)
        s_lines = [ln for ln in body if ln.lstrip().startswith("<s ")]
        assert s_lines and all(re.fullmatch(r"( {2}){6,}<s xml:id=[^\n]*</s>", ln) for ln in s_lines)
        assert any(re.fullmatch(r"( {2}){5,}<p xml:id=\"[^\"]+\">", ln) for ln in body)
        # the compact form: every whitespace-only text between elements removed
        tree = etree.parse(str(out))
        for el in tree.iter():
            if el.text is not None and not el.text.strip() and len(el):
                el.text = None
            if el.tail is not None and not el.tail.strip():
                el.tail = None
        compact = tmp_path / "compact" / out.name  # the same name: the slug comes from it
        compact.parent.mkdir(exist_ok=True)
        tree.write(str(compact), xml_declaration=True, encoding="UTF-8")
        assert len(compact.read_text(encoding="utf-8").splitlines()) <= 2
        assert dump(load_text(out)) == dump(load_text(compact))
        want = import_markdown(src.read_text("utf-8")) if name.endswith(".md") else import_text(text or "")
        assert sentences(load_text(out)) == sentences(want)
