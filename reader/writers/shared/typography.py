"""Typographic punctuation the editions apply as they write: curly apostrophes and quotes in
English, and the Simplified edition's quotation marks (「」 becomes “”, 『』 becomes ‘’, the mainland
convention; switchable, since some Simplified texts keep the corner brackets)."""

from __future__ import annotations

import re

_APOSTROPHE = re.compile(r"(?<=[A-Za-z0-9\u00c0-\u024f.,!?])'|'(?=\d{2}s)")
_OPEN_SINGLE = re.compile(r"'(?=[A-Za-z\u00c0-\u024f0-9])")
_OPEN_DOUBLE = re.compile(r'(?:(?<=^)|(?<=[\s(\[—–-]))"')
#: corner brackets -> the mainland's quotation marks
CORNER_TO_CURLY = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def english_quotes(text: str, before: str = "") -> str:
    """Straight quotes made typographic: ’ after a letter (an apostrophe or a closing quote), ‘ before
    one, “ after a space or at the start, ” elsewhere. ``before``: the character printed just before
    ``text`` (a run of text may start inside a word: ``China`` + ``'s``)."""
    if "'" not in text and '"' not in text:
        return text
    if before:
        return english_quotes(before[-1] + text)[1:]
    text = _APOSTROPHE.sub("’", text)
    text = _OPEN_SINGLE.sub("‘", text).replace("'", "’")
    return _OPEN_DOUBLE.sub("“", text).replace('"', "”")


def chinese_quotes(text: str) -> str:
    """「」『』 as “” ‘’ (the convention of Simplified Chinese as printed on the mainland)."""
    return text.translate(CORNER_TO_CURLY)
