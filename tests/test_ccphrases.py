"""OpenCC over only the phrases needed (reader.text.ccphrases) converts exactly as OpenCC's full
configuration: the glossary's strings, the article, random text of phrases; a CJK compatibility
ideograph takes the full converter; the index is read right from the .ocd2 file, keyed by its digest
and rebuilt when torn; without the phrases the conversion differs (so the checks can fail)."""

from __future__ import annotations

import random
import sqlite3

import opencc
import pytest
from conftest import GLOSSARY, TEXTS

from reader.readers.glossary import load_glossary
from reader.text import ccphrases

ARTICLE = TEXTS / "beijing-winter-olympics-home-summit.xml"
CONFIGS = ("s2tw", "s2t", "s2twp", "s2hk")


def _subset(config: str) -> ccphrases.SubsetConverter:
    conv = ccphrases.converter(config)
    assert isinstance(conv, ccphrases.SubsetConverter), "the installed OpenCC must take the phrase index"
    return conv


def _phrases() -> list[str]:
    data = (ccphrases.share_dir() / "STPhrases.ocd2").read_bytes()
    return list(ccphrases.read_ocd2(data))


def _strings() -> list[str]:
    glossary = load_glossary(GLOSSARY)
    out = []
    for e in glossary.entries:
        out += [f.text for f in e.forms] + ([e.note] if e.note else []) + [t for _, t in e.scoped_notes]
    phrases = _phrases()
    rnd = random.Random(20220204)
    for _ in range(200):
        out.append("".join(rnd.choice(phrases) if rnd.random() < 0.5 else rnd.choice(phrases)[:2] for _ in range(8)))
    return out


@pytest.mark.parametrize("config", CONFIGS)
def test_conversions_are_the_full_configurations(config: str) -> None:
    full = opencc.OpenCC(config)
    conv = _subset(config)
    strings = [*_strings(), ARTICLE.read_text(encoding="utf-8")]
    for s in strings:
        assert conv.convert(s) == full.convert(s), s[:40]
    fresh = _subset(config)  # and each string alone, on a converter that has seen nothing else
    for s in strings[::17]:
        fresh.loaded = {name: {} for name in fresh.big}
        fresh.known = {name: {} for name in fresh.big}
        fresh.hinted = len(ccphrases._hints)
        assert fresh.convert(s) == full.convert(s)


def test_without_the_phrases_the_conversion_differs() -> None:
    conv = _subset("s2tw")
    assert conv.convert("头发") == opencc.OpenCC("s2tw").convert("头发") == "頭髮"
    conv.loaded = {name: {} for name in conv.big}
    conv._make()
    assert conv.converter.convert("头发") == "頭發"  # the character alone: the phrase is what counts


def test_hints_load_the_phrases_in_one_build() -> None:
    conv = _subset("s2tw")
    words = ["头发", "一丝不挂", "后来", "北京冬奥会", "台北医学大学"]
    ccphrases.expect(words)
    for w in words:
        conv.convert(w)
    assert conv.builds == 1
    assert conv.convert("头发和后来") == opencc.OpenCC("s2tw").convert("头发和后来")


def test_compatibility_ideographs_take_the_full_converter() -> None:
    data = (ccphrases.share_dir() / "CJK_Compatibility_Ideographs.ocd2").read_bytes()
    keys = ccphrases.read_ocd2(data)
    assert keys and all(ccphrases._COMPAT.fullmatch(k) for k in keys)  # the ranges cover normalisation
    conv = _subset("s2tw")
    text = "頭发\uf900后来"
    assert conv.convert(text) == opencc.OpenCC("s2tw").convert(text)


def test_index_is_keyed_by_the_file_digest_and_rebuilt_when_torn(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = ccphrases.share_dir() / "STPhrases.ocd2"
    db = ccphrases._index(source)
    (path,) = (tmp_path / "reader").glob("opencc-*.sqlite")
    assert path.name.startswith(f"opencc-f{ccphrases.FORMAT}-STPhrases-")
    assert db.execute("SELECT v FROM p WHERE k = '头发'").fetchone()[0] == "頭髮"
    assert db.execute("SELECT v FROM p WHERE k = '一丝不'").fetchone() == (None,)  # a prefix only
    count = db.execute("SELECT count(*) FROM p WHERE v IS NOT NULL").fetchone()[0]
    assert count == len(_phrases()) > 40_000
    db.close()
    path.write_bytes(b"not sqlite")
    db = ccphrases._index(source)
    assert db.execute("SELECT v FROM p WHERE k = '头发'").fetchone()[0] == "頭髮"
    assert sqlite3.connect(path).execute("SELECT count(*) FROM p WHERE v IS NOT NULL").fetchone()[0] == count


def test_a_bad_dictionary_falls_back_to_opencc(tmp_path, monkeypatch) -> None:
    def broken(data: bytes) -> dict[str, list[str]]:
        raise ValueError("not an OpenCC marisa dictionary")

    monkeypatch.setattr(ccphrases, "read_ocd2", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # no index there: it must be built
    conv = ccphrases.converter("s2tw")
    assert not isinstance(conv, ccphrases.SubsetConverter)
    assert conv.convert("头发") == "頭髮"
    with pytest.raises(ValueError):
        ccphrases.read_ocd2(b"junk")
    assert ccphrases.converter("t2s").convert("頭髮") == "头发"  # no large dictionary: OpenCC's own


def test_an_unwritable_cache_falls_back_to_opencc(tmp_path, monkeypatch) -> None:
    conv = _subset("s2tw")
    monkeypatch.setattr(ccphrases, "cache_dir", lambda: tmp_path / "missing" / "reader")  # mkdtemp fails there
    conv.converter = None
    assert conv.convert("头发和后来") == opencc.OpenCC("s2tw").convert("头发和后来")
    assert conv.big == {} and conv.builds == 0


def test_entries_a_text_dictionary_cannot_hold_are_refused() -> None:
    assert ccphrases._fits("头发", ["頭髮"]) and ccphrases._fits("干", ["幹", "乾"])
    for key, values in (
        ("#头", ["x"]),
        ("\ufeff头", ["x"]),
        ("头\t", ["x"]),
        ("头", ["a b"]),
        ("头", [""]),
        ("头", []),
    ):
        assert not ccphrases._fits(key, values), (key, values)
    assert not ccphrases._fits("头", ["x" * 4000])
