"""``reader glossary import``: conversion groups (Module:CGroup Lua) and CSV merged with provenance,
curated data kept unless --force, and bad tables refused with one line and nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.readers.glossary import load_glossary
from reader.readers.glossary_tables import read_table
from reader.transforms.lookup import lookup

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "glossary" / "glossary.xml"
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "tables" / "cgroup-sample.lua"


@pytest.fixture()
def gloss(tmp_path: Path) -> Path:
    p = tmp_path / "glossary.xml"
    shutil.copy(GLOSSARY, p)
    return p


def _forms(path: Path, eid: str) -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    e = load_glossary(path).get(eid)
    assert e is not None
    return {(f.lang, f.text): (f.type, f.source) for f in e.forms}


def test_reads_every_item_syntax_of_a_conversion_group():
    items = read_table(SAMPLE)
    assert [i.english for i in items] == ["Qatar", "Kazakhstan", "Putin", "Tokelau"]
    kz = {(f.lang, f.text) for f in items[1].forms}
    assert kz == {
        ("zh-Hans", "哈萨克斯坦"),
        ("zh-Hant-TW", "哈薩克"),
        ("zh-Hant-HK", "哈薩克斯坦"),
        ("zh-Hans-SG", "哈萨克斯坦"),
    }


def test_import_merges_with_provenance_and_credits_the_source(gloss, run_cli, tei_schema):
    from lxml import etree

    code, _, err = run_cli(
        "glossary",
        "import",
        str(SAMPLE),
        "--glossary",
        str(gloss),
        "--source",
        "Sample group",
        "--licence",
        "CC BY-SA 4.0",
    )
    assert code == 0, err
    assert "1 matched no entry" in err and "托克劳" in err
    g = load_glossary(gloss)
    assert g.sources["src_import_cgroup_sample"] == "Sample group"
    kz = _forms(gloss, "kazakhstan")
    assert kz[("zh-Hans-SG", "哈萨克斯坦")] == ("main", ("src_import_cgroup_sample",))
    assert "src_import_cgroup_sample" in kz[("zh-Hant-TW", "哈薩克")][1]
    assert kz[("zh-Hant-TW", "哈薩克")][0] == "main"
    assert "CC BY-SA 4.0" in gloss.read_text("utf-8")
    assert tei_schema.validate(etree.parse(str(gloss))), tei_schema.error_log
    code, _, err = run_cli("check", str(gloss))
    assert code == 0, err


def test_curated_main_forms_are_kept_unless_forced(gloss, tmp_path, run_cli):
    table = tmp_path / "t.lua"
    table.write_text("return { content = { Item('Putin', 'zh-tw:普亭;') } }", "utf-8")
    assert run_cli("glossary", "import", str(table), "--glossary", str(gloss))[0] == 0
    forms = _forms(gloss, "putin")
    assert forms[("zh-Hant-TW", "普丁")][0] == "main" and forms[("zh-Hant-TW", "普亭")][0] == "variant"
    table.write_text("return { content = { Item('Putin', 'zh-tw:普廷乙;') } }", "utf-8")
    assert run_cli("glossary", "import", str(table), "--glossary", str(gloss))[0] == 0
    assert _forms(gloss, "putin")[("zh-Hant-TW", "普廷乙")][0] == "variant"
    table.write_text("return { content = { Item('Putin', 'zh-tw:普廷丙;') } }", "utf-8")
    assert run_cli("glossary", "import", str(table), "--glossary", str(gloss), "--force")[0] == 0
    forms = _forms(gloss, "putin")
    assert forms[("zh-Hant-TW", "普廷丙")][0] == "main" and forms[("zh-Hant-TW", "普丁")][0] == "variant"


def test_a_csv_adds_new_entries_with_pinyin(gloss, tmp_path, run_cli):
    table = tmp_path / "new.csv"
    table.write_text(
        "\ufeffid,category,english,gloss,zh-Hant-TW,zh-Hans,zh-Hant-HK\n"
        "tokelau,place,Tokelau,Territory of New Zealand in the Pacific.,托克勞,托克劳,\n"
        "qatar,place,Qatar,,卡達,卡塔尔,卡塔爾\n",
        "utf-8",
    )
    code, _, err = run_cli("glossary", "import", str(table), "--glossary", str(gloss), "--source", "test table")
    assert code == 0, err
    g = load_glossary(gloss)
    tk = g.get("tokelau")
    assert tk is not None and tk.english == "Tokelau" and tk.category == "place"
    assert {f.pinyin for f in tk.chinese_forms()} == {"Tuōkèláo"}
    assert [e.id for e in lookup(g, "托克劳")] == ["tokelau"]


def test_export_csv_reads_back_as_an_import(gloss, tmp_path, run_cli):
    out = tmp_path / "g.csv"
    assert run_cli("glossary", "export", "--format", "csv", "-o", str(out), "--glossary", str(gloss))[0] == 0
    before = gloss.read_bytes()
    code, _, err = run_cli("glossary", "import", str(out), "--glossary", str(gloss), "--dry-run")
    assert code == 0, err
    assert "0 new entries" in err and "0 matched no entry" in err and "0 matched several" in err
    assert gloss.read_bytes() == before  # --dry-run writes nothing


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.lua", "return { content = {} }", "bad.lua:1:1: no conversion items found"),
        ("bad2.lua", "x = { rule = 'zh-cn普京' }", "bad2.lua:1:1: cannot read the conversion rule"),
        ("bad.csv", "id,english\nx,X\n", "bad.csv:1:1: the CSV has no form column"),
        ("bad2.csv", "id,category,zh-Hans\nBad Id,place,中国\n", "bad2.csv:2:1: id 'Bad Id' is not"),
        ("bad3.csv", "id,category,zh-Hans\nx,planet,中国\n", "bad3.csv:2:1: category 'planet'"),
    ],
)
def test_bad_tables_are_refused_and_nothing_is_written(gloss, tmp_path, run_cli, name, content, message):
    table = tmp_path / name
    table.write_text(content, "utf-8")
    before = gloss.read_bytes()
    code, _, err = run_cli("glossary", "import", str(table), "--glossary", str(gloss))
    assert code != 0 and message in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1
    assert gloss.read_bytes() == before
    assert not list(tmp_path.glob(".import-*"))
