"""OpenCC converters that load only the phrases of the strings they convert.

OpenCC's ``s2tw`` (Simplified -> Traditional, for the glossary's mainland forms and notes) reads
``STPhrases.ocd2``, 49,238 phrases: loading them costs about 0.07 s of CPU and freeing them at exit
as much again, in a build that converts a few dozen short strings. Every lookup OpenCC makes is a
prefix match at some position of the string it converts (the segmentation's longest match, then
each conversion step's match inside a segment), so only the phrases that occur in that string can
change its conversion. :class:`SubsetConverter` therefore runs OpenCC's own configuration with each
large dictionary (over :data:`BIG` bytes) replaced by a text dictionary of just the phrases found in
the strings converted so far; when a string brings new phrases the converter is rebuilt (a few
milliseconds). The small dictionaries are OpenCC's own files. A string that holds a CJK
compatibility ideograph (which the configuration's normalisation maps before matching) is converted
by the full converter.

The phrases come from an index of the large dictionary, built once into the user cache (SQLite,
every phrase with its values and every other proper prefix of a phrase, named after the dictionary
file's SHA-256 so another OpenCC's file gets its own), read from the ``.ocd2`` file with
``marisa-trie`` (the file is OpenCC's header, a MARISA trie, and the values in key-id order). Where
the index cannot be had (no marisa-trie, an unexpected file), the full converter is used: slower,
never different. ``tests/test_ccphrases.py`` compares the two on the glossary and random text.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
import struct
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import substrings
from .userindex import build_index, cache_dir, open_existing

FORMAT = 1  #: bump when the index's tables change
BIG = 100_000  #: dictionaries larger than this (bytes) are loaded by the phrases needed
HEADER = b"OPENCC_MARISA_0.2.5"
#: the CJK compatibility ideographs, which normalisation maps before any match (checked by the tests
#: against the normalisation dictionary's keys)
_COMPAT = re.compile("[\uf900-\ufaff\U0002f800-\U0002fa1f]")
DUMMY = "\uffff"  #: a text dictionary is never empty: this maps a noncharacter to itself


def share_dir() -> Path:
    """Where the installed OpenCC keeps its configurations and dictionaries."""
    import opencc

    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def read_ocd2(data: bytes) -> dict[str, list[str]]:
    """key -> values of an OpenCC ``.ocd2`` dictionary (header, MARISA trie, serialized values)."""
    import marisa_trie

    if not data.startswith(HEADER):
        raise ValueError("not an OpenCC marisa dictionary")
    trie = marisa_trie.Trie()
    trie.frombytes(data[len(HEADER) :])
    at = len(HEADER) + len(trie.tobytes())
    count, size = struct.unpack_from("<II", data, at)
    if count != len(trie):
        raise ValueError("the values do not match the keys")
    values, at = data[at + 8 : at + 8 + size], at + 8 + size
    per: list[list[str]] = []
    cursor = 0
    for _ in range(count):
        (n,) = struct.unpack_from("<H", data, at)
        lengths = struct.unpack_from(f"<{n}H", data, at + 2)
        at += 2 + 2 * n
        got = []
        for length in lengths:
            got.append(values[cursor : cursor + length - 1].decode("utf-8"))
            cursor += length
        per.append(got)
    if at != len(data):
        raise ValueError("trailing bytes after the values")
    return {key: per[key_id] for key, key_id in trie.items()}


def _fits(key: str, values: list[str]) -> bool:
    """Whether an entry survives OpenCC's text-dictionary format as it is: one line under 4,096
    bytes of ``key<TAB>value value``, not read as a comment (``#``) or a byte-order mark."""
    line = f"{key}\t{' '.join(values)}\n"
    return (
        bool(key)
        and bool(values)
        and all(v and not any(c in v for c in " \t\r\n") for v in values)
        and not any(c in key for c in "\t\r\n")
        and key[0] not in "#\ufeff"
        and len(line.encode("utf-8")) < 4000
    )


def index_path(source: Path, digest: str) -> Path:
    return cache_dir() / f"opencc-f{FORMAT}-{source.stem}-{digest[:16]}.sqlite"


def _build(path: Path, data: bytes) -> sqlite3.Connection:
    entries = read_ocd2(data)
    if not all(_fits(k, vs) for k, vs in entries.items()):
        raise ValueError("a phrase a text dictionary cannot hold")
    rows: dict[str, str | None] = {}
    for key in entries:
        for i in range(1, len(key)):
            rows.setdefault(key[:i], None)
    rows.update((k, " ".join(v)) for k, v in entries.items())

    def fill(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE p (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        db.executemany("INSERT INTO p VALUES (?, ?)", rows.items())

    return build_index(path, fill, f"opencc-*-{path.name.split('-')[2]}-*.sqlite")  # other versions go


def _index(source: Path) -> sqlite3.Connection:
    data = source.read_bytes()
    path = index_path(source, hashlib.sha256(data).hexdigest())
    db = open_existing(path, "SELECT k FROM p LIMIT 1")
    return db if db is not None else _build(path, data)


_hints: dict[str, None] = {}  #: strings conversions are expected of, in order, once each (:func:`expect`)


def expect(texts: Iterable[str]) -> None:
    """Say which strings are about to be converted (or strings that contain them): the next time a
    converter is rebuilt it loads their phrases too, so one rebuild serves them all. Only a hint:
    every conversion still looks up its own string's phrases, and nothing loads for a hint alone."""
    _hints.update(dict.fromkeys(t for t in texts if t))


class SubsetConverter:
    """An OpenCC configuration whose large dictionaries hold only the phrases met so far."""

    def __init__(self, config: str, share: Path, big: dict[str, sqlite3.Connection]) -> None:
        self.config = config
        self.share = share
        self.spec = json.loads((share / f"{config}.json").read_text(encoding="utf-8"))
        self.big = big  #: large dictionary file name -> its index
        self.known: dict[str, dict[str, Any]] = {name: {} for name in big}  #: looked up (substrings.find)
        self.loaded: dict[str, dict[str, str]] = {name: {} for name in big}  #: in the converter
        self.converter: Any = None
        self.builds = 0  #: how many times the converter was made (for the tests)
        self.hinted = 0  #: how many of the hints have been looked up

    def _find(self, texts: list[str]) -> bool:
        """Look up the phrases of ``texts`` in the indexes; True when some are new (not loaded yet)."""
        new = False
        for name, db in self.big.items():
            known = self.known[name]
            for key in substrings.find(db, "p", texts, known):
                self.loaded[name][key] = known[key]
                new = True
        return new

    def _rewrite(self, node: Any, tmp: Path) -> Any:
        """The configuration with each large dictionary as a text file of the phrases loaded."""
        if isinstance(node, list):
            return [self._rewrite(n, tmp) for n in node]
        if not isinstance(node, dict):
            return node
        out = {k: self._rewrite(v, tmp) for k, v in node.items()}
        if out.get("type") == "ocd2" and isinstance(out.get("file"), str):
            name = out["file"]
            if name in self.big:
                path = tmp / f"{Path(name).stem}.txt"
                entries = {DUMMY: DUMMY, **self.loaded[name]}
                path.write_text("".join(f"{k}\t{v}\n" for k, v in sorted(entries.items())), encoding="utf-8")
                return {**out, "type": "text", "file": str(path)}
            out["file"] = str(self.share / name)
        return out

    def _make(self) -> None:
        """Make the converter over the phrases loaded, from files in a new folder of the user cache
        (a new name: OpenCC caches dictionaries by file; it reads them when the converter is made)."""
        import opencc

        tmp = None
        try:
            tmp = Path(tempfile.mkdtemp(prefix=".opencc-", dir=cache_dir()))
            config = tmp / f"{self.config}.json"
            config.write_text(json.dumps(self._rewrite(self.spec, tmp), ensure_ascii=False), encoding="utf-8")
            self.converter = opencc.OpenCC(str(config))
            self.builds += 1
        except Exception:  # nowhere to write it, or OpenCC refused it: its own, with every phrase
            self.converter, self.big, self.known = _full(self.config), {}, {}
        finally:
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)

    def convert(self, text: str) -> str:
        """OpenCC's conversion of ``text`` by the configuration, as the full dictionaries give it."""
        if _COMPAT.search(text):
            return str(_full(self.config).convert(text))
        if self.converter is None or len(_hints) > self.hinted or any(text not in k for k in self.known.values()):
            texts = [text, *list(_hints)[self.hinted :]]  # the hints not looked up yet come along
            self.hinted = len(_hints)
            if self._find(texts) or self.converter is None:
                self._make()
        return str(self.converter.convert(text))


@lru_cache(maxsize=8)
def _full(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def converter(config: str) -> Any:
    """A converter for the OpenCC configuration ``config`` (``s2tw``...): over only the phrases
    needed where its configuration has a large dictionary and the index can be had, else OpenCC's."""
    try:
        share = share_dir()
        spec_text = (share / f"{config}.json").read_text(encoding="utf-8")
    except (OSError, ImportError):
        return _full(config)
    names = set(re.findall(r'"file"\s*:\s*"([^"]+\.ocd2)"', spec_text))
    big = [n for n in sorted(names) if (share / n).is_file() and (share / n).stat().st_size > BIG]
    if not big:
        return _full(config)
    try:
        return SubsetConverter(config, share, {name: _index(share / name) for name in big})
    except (OSError, ValueError, ImportError, sqlite3.Error, struct.error, UnicodeDecodeError):
        return _full(config)
