"""Knowledge about Han text shared by every layer: which characters are Han (one range, used by pinyin,
matching, script detection and the views), which count as CJK text when lines are joined, and the name
separators (伊姆蘭·汗) with folding them away."""

from __future__ import annotations

#: Han characters: the CJK unified ideographs, their extensions (the astral planes too) and the
#: compatibility block. (Compiling a class this large costs milliseconds, so callers that test one
#: character use :func:`is_han`, which compares code points.)
HAN_PATTERN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"

#: CJK text in the wider sense, for whitespace: Han, radicals, kana, CJK punctuation and fullwidth
#: forms. A line break between two such characters (or one and a Latin word) is no space.
CJK_CLASS = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"

#: characters that may stand between the parts of a name: the middle dots writers use, the fullwidth
#: and small full stops (伊姆蘭．汗), and both spaces
SEPARATORS = "·‧•・･．﹒ \u3000\u00b7\u2027\u2022\u30fb\uff0e\ufe52"


def is_han(ch: str) -> bool:
    """Whether one character is a Han character (gets a reading)."""
    if len(ch) != 1:
        return False
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F


def has_han(text: str) -> bool:
    """Whether ``text`` contains a Han character."""
    return any(map(is_han, filter("\u3400".__le__, text)))  # below U+3400 nothing is Han


def fold(form: str) -> str:
    """A form with name separators removed, for matching 伊姆蘭·汗 as 伊姆蘭汗."""
    return "".join(ch for ch in form if ch not in SEPARATORS)
