"""The segmenter over the jieba dictionary index (reader.text.jiebadict) cuts exactly as the full
rjieba segmenter does: on the article and on random text made of dictionary words, Latin and
punctuation; the filler that keeps the dictionary's total matters; the index is keyed by version and
rebuilt when torn; unverified versions fall back to the full segmenter."""

from __future__ import annotations

import random
import sqlite3

import pytest
from conftest import TEXTS

from reader.text import jiebadict
from reader.text.script import to_hans_chars

ARTICLE = TEXTS / "beijing-winter-olympics-home-summit.xml"


def _full() -> object:
    import rjieba

    return rjieba


def _fresh() -> jiebadict.Segmenter:
    seg = jiebadict.segmenter()
    assert isinstance(seg, jiebadict.Segmenter), "the installed versions must take the index path"
    return jiebadict.Segmenter(jiebadict._extension().Jieba.empty(), seg.db)


def _corpus() -> list[str]:
    words = list(jiebadict.read_dict(jiebadict._dict_txt().open(encoding="utf-8")))  # type: ignore[union-attr]
    rnd = random.Random(20220204)
    common = "的一是不了在人有我他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可"
    texts = []
    for _ in range(150):
        parts = []
        for _ in range(rnd.randrange(20, 200)):
            r = rnd.random()
            parts.append(
                rnd.choice(words) if r < 0.6 else rnd.choice(common) if r < 0.9 else rnd.choice("，。、 AB12.%-")
            )
        texts.append("".join(parts))
    return texts


def test_cuts_are_the_full_segmenters() -> None:
    full = _full()
    article = ARTICLE.read_text(encoding="utf-8")
    texts = [to_hans_chars(article), article, *_corpus()]
    seg = _fresh()  # one segmenter for all texts: words added for one text never change another's cut
    for text in texts:
        assert seg.cut(text) == full.cut(text)  # type: ignore[attr-defined]
    assert len(seg.known) < 200_000  # it looked up the texts' strings, not the dictionary


def test_the_total_matters() -> None:
    """With another total than the dictionary's (which the filler keeps), some cuts differ: the check
    above can fail."""
    full = _full()
    texts = _corpus()
    seg = _fresh()
    seg.total *= 1000  # a wrong total: the filler carries too much
    differ = sum(seg.cut(text) != full.cut(text) for text in texts)  # type: ignore[attr-defined]
    assert differ > 0


def test_index_is_keyed_by_version_and_rebuilt_when_torn(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = jiebadict.index_path()
    assert path.parent == tmp_path / "reader"
    assert "jb0.42" in path.name and "rj0." in path.name
    source = jiebadict._dict_txt()
    assert source is not None
    db = jiebadict._db(source)
    assert path.is_file()
    assert db.execute("SELECT v FROM w WHERE k = '经济'").fetchone()[0] > 0
    assert db.execute("SELECT v FROM w WHERE k = '中华人民共和'").fetchone() == (None,)  # a prefix only
    total = db.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()[0]
    assert total == sum(jiebadict.read_dict(source.open(encoding="utf-8")).values())
    db.close()
    path.write_bytes(b"not sqlite")
    db = jiebadict._db(source)
    assert db.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()[0] == total
    assert sqlite3.connect(path).execute("SELECT count(*) FROM w").fetchone()[0] > 349_000


def test_unverified_versions_use_the_full_segmenter(monkeypatch) -> None:
    monkeypatch.setattr(jiebadict, "VERIFIED", frozenset())
    jiebadict.segmenter.cache_clear()
    try:
        seg = jiebadict.segmenter()
        assert not isinstance(seg, jiebadict.Segmenter)
        assert seg.cut("习近平和普京") == _full().cut("习近平和普京")  # type: ignore[attr-defined]
    finally:
        jiebadict.segmenter.cache_clear()


@pytest.mark.parametrize("text", ["", "。", "AB12", "中华人民共和国", "\uffff中国\uffff"])
def test_edges(text: str) -> None:
    assert _fresh().cut(text) == _full().cut(text)  # type: ignore[attr-defined]
