"""jieba's dictionary, indexed once into the user cache, so that the segmenter loads only the words
of the text it cuts.

``import rjieba`` builds a segmenter over jieba's whole dictionary (349,045 words), which costs about
0.11 s of a 0.5 s build. The cut of a text depends only on the dictionary words that occur in it (the
DAG of a run of text holds only words that are substrings of it, each weighted ``log(freq / total)``)
and on the dictionary's total frequency. So :func:`segmenter` gives an empty ``rjieba.Jieba`` (the
extension module loaded without the package's ``__init__``, which would build the full one), and
:func:`Segmenter.cut` first adds the dictionary words found in the text, with their frequencies, and
one filler word that keeps the total what it is for the full dictionary. The filler is a character
the segmenter never puts in a block (outside its Han and alphanumeric runs), so it is never matched.

The words come from jieba's ``dict.txt`` (the ``jieba`` package): rjieba embeds jieba-rs's copy of
it, which is that file sorted with its one duplicate line dropped (the same git blob since 2019). A
SQLite index of it (every word with its frequency, every other proper prefix of a word with NULL) is
built once into the user cache, named after the index format and the versions of jieba and rjieba; a
build then finds the words of its texts with one query per word length (:mod:`reader.text.substrings`). This path is taken only for
the pairs of versions in :data:`VERIFIED`, where the cuts were compared with the full segmenter's
(``tests/test_jiebadict.py`` does so for the installed versions); anything else (another version,
no ``jieba``, an unusual layout of rjieba, an unwritable cache) uses the full segmenter: slower,
never different.
"""

from __future__ import annotations

import re
import sqlite3
import sys
import threading
from collections.abc import Iterable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from . import substrings
from .textcache import dist_version
from .userindex import build_index, cache_dir, open_existing

FORMAT = 2  #: bump when the index's tables change
#: (rjieba, jieba) versions whose dictionaries are known to be the same (checked by the tests)
VERIFIED = frozenset({("0.2.2", "0.42.1")})
FILLER = "\uffff"  #: never inside a block the segmenter looks words up in (a noncharacter)


def _dict_txt() -> Path | None:
    spec = find_spec("jieba")
    for place in list(spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(place) / "dict.txt"
        if path.is_file():
            return path
    return None


def index_path() -> Path:
    """Where the index of the installed jieba dictionary lives."""
    name = f"jieba-f{FORMAT}-jb{dist_version('jieba')}-rj{dist_version('rjieba')}.sqlite"
    return cache_dir() / re.sub(r"[^A-Za-z0-9._-]", "_", name)


def read_dict(lines: Iterable[str]) -> dict[str, int]:
    """word -> frequency from ``dict.txt`` lines (``word freq [tag]``); a later line wins, as in jieba-rs."""
    out: dict[str, int] = {}
    for line in lines:
        parts = line.split()
        if parts:
            out[parts[0]] = int(parts[1]) if len(parts) > 1 else 0
    return out


def _build(path: Path | None, source: Path) -> sqlite3.Connection:
    """Index ``source`` into ``path`` (atomically), or into memory when None."""
    with source.open(encoding="utf-8") as fh:
        freq = read_dict(fh)
    rows: dict[str, int | None] = {}
    for word in freq:
        for i in range(1, len(word)):
            rows.setdefault(word[:i], None)
    rows.update(freq)

    def fill(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE w (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID")
        db.executemany("INSERT INTO w VALUES (?, ?)", rows.items())
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            (("total", sum(freq.values())), ("maxlen", max(map(len, freq), default=0))),
        )

    return build_index(path, fill, "jieba-*.sqlite")  # other versions' or formats' indexes go


_lock = threading.Lock()


def _db(source: Path) -> sqlite3.Connection:
    path = index_path()
    db = open_existing(path, "SELECT v FROM meta WHERE k = 'total'", "SELECT k, v FROM w LIMIT 1")
    if db is not None:
        return db
    try:
        return _build(path, source)
    except OSError:  # an unwritable cache directory costs speed only
        return _build(None, source)


def _extension() -> Any:
    """rjieba's extension module, loaded without running ``rjieba/__init__.py`` (which builds the
    full segmenter); None when it cannot be found that way."""
    import importlib.machinery
    import importlib.util

    loaded = sys.modules.get("rjieba.rjieba")
    if loaded is not None:
        return loaded
    spec = find_spec("rjieba")
    for place in list(spec.submodule_search_locations or []) if spec is not None else []:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(place) / f"rjieba{suffix}"
            if not path.is_file():
                continue
            loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", str(path))
            mod_spec = importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
            if mod_spec is None:
                return None
            module = importlib.util.module_from_spec(mod_spec)
            loader.exec_module(module)
            sys.modules["rjieba.rjieba"] = module  # ``import rjieba`` later reuses it
            return module
    return None


class Segmenter:
    """An rjieba segmenter that holds only the dictionary words of the texts it has cut."""

    def __init__(self, jieba: Any, db: sqlite3.Connection) -> None:
        self.jieba = jieba
        self.db = db
        self.total = int(db.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()[0])
        self.known: dict[str, Any] = {}  #: every string looked up (see :func:`substrings.find`)
        self.added = 0  #: the sum of the frequencies of the words added

    def _load_words(self, text: str) -> None:
        """Add every dictionary word that occurs in ``text``."""
        for word in substrings.find(self.db, "w", [text], self.known):
            freq = int(self.known[word])
            self.jieba.add_word(word, freq, None)
            self.added += freq
        rest = self.total - self.added
        if rest <= 0:  # pragma: no cover - the words of one dictionary cannot outweigh all of it
            raise RuntimeError("jieba dictionary index: the words found outweigh the whole dictionary")
        self.jieba.add_word(FILLER, rest, None)  # replaces the filler's frequency: total as in full

    def cut(self, text: str) -> list[str]:
        """rjieba's cut of ``text`` (with the HMM for unknown words), as the full dictionary cuts it."""
        if text not in self.known:  # else a substring of a text looked up: its words are in already
            self._load_words(text)
        return list(self.jieba.cut(text))


class _Full:
    """The full segmenter (``import rjieba``), where the index cannot be used."""

    def cut(self, text: str) -> list[str]:
        import rjieba

        return list(rjieba.cut(text))


@lru_cache(maxsize=1)
def segmenter() -> Segmenter | _Full:
    """The segmenter for this process: over the index where it can be used, else the full one."""
    with _lock:
        source = _dict_txt()
        if source is None or (dist_version("rjieba"), dist_version("jieba")) not in VERIFIED:
            return _Full()
        try:
            module = _extension()
        except ImportError:
            module = None
        if module is None or not hasattr(module.Jieba, "empty"):
            return _Full()
        return Segmenter(module.Jieba.empty(), _db(source))
