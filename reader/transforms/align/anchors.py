"""Anchors: things a sentence and its translation share whatever their wording.

Each segment of either side gets a set of anchor strings; a link whose two sides share anchors is
likelier, one whose sides disagree less likely (:func:`anchor_cost`). Three kinds:

- numbers and dates: ``n:2012`` for 2012 and 2012年; ``n:4600000000`` for 46億 and 4.6 billion;
  Chinese numerals (一八四〇, 二十, 第一条) and English number words (thirty); months (2月 and
  February give ``n:2``). The value 1 is left out (一 is part of too many words);
- glossary entries named on both sides: ``g:putin`` for 蒲亭 (the glossary's automaton, any script)
  and for Putin (the entry's English names and, for persons, the words of the name);
- Latin words written inside the Chinese, as in 蒲亭（Vladimir Putin）: ``l:putin``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from ...model import Glossary

_ZH_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ZH_NUM = re.compile(r"[0-9０-９][0-9０-９,，.．]*[万萬亿億]?|[〇零○一二两兩三四五六七八九十百千]+[万萬亿億]?")
_ORDINAL_CONTEXT = re.compile(r"第$")
_EN_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_ORD = {
    w: i + 1
    for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())
}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_SCALE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_EN_TOKEN = re.compile(r"\d[\d,]*(?:\.\d+)?|[A-Za-z]+")
_ROMAN = re.compile(r"\b(?:Chapter|Section|Part|Article)\s+([IVXLC]+)\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’.\-]*(?:\s+[A-Za-z][A-Za-z'’.\-]*)*")
_WORD = re.compile(r"[A-Za-z]{3,}")
_ONE = re.compile(r"\b(?:(?:Article|Chapter|Section|Part|No\.) (?:1|I)\b|first\b)", re.I)


def _zh_value(tok: str) -> int | Decimal | None:
    """The value of a Chinese number token (arabic or Chinese numerals, with 万/億)."""
    mult = 1
    if tok[-1] in _ZH_BIG:
        mult, tok = _ZH_BIG[tok[-1]], tok[:-1]
        if not tok:
            return None
    tok = tok.translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
    if tok[0].isdigit():
        try:
            return Decimal(tok.replace(",", "").rstrip(".")) * mult
        except InvalidOperation:
            return None
    if not any(ch in _ZH_UNITS for ch in tok):  # 一八四〇: digit by digit
        return int("".join(str(_ZH_DIGITS[ch]) for ch in tok)) * mult
    total = cur = 0
    for ch in tok:
        if ch in _ZH_DIGITS:
            cur = _ZH_DIGITS[ch]
        else:
            total += (cur or 1) * _ZH_UNITS[ch]
            cur = 0
    return (total + cur) * mult


def _norm(value: int | Decimal) -> str:
    d = Decimal(value).normalize()
    return "n:" + (format(d, "f") if d != d.to_integral() else str(int(d)))


def zh_numbers(text: str) -> set[str]:
    """Number anchors of a Chinese text (1 only after 第, as in 第一条)."""
    out: set[str] = set()
    for m in _ZH_NUM.finditer(text):
        value = _zh_value(m.group())
        if value is None:
            continue
        if value == 1 and not _ORDINAL_CONTEXT.search(text[max(0, m.start() - 1) : m.start()]):
            continue
        out.add(_norm(value))
    return out


def en_numbers(text: str) -> set[str]:
    """Number anchors of an English text: digits, number words, months, Roman numbers of chapters."""
    out: set[str] = set()
    toks = _EN_TOKEN.findall(text)
    for i, tok in enumerate(toks):
        low = tok.lower()
        value: int | Decimal | None = None
        if tok[0].isdigit():
            try:
                value = Decimal(tok.replace(",", ""))
            except InvalidOperation:
                continue
        elif low in _EN_WORDS:
            value = _EN_WORDS[low]
        elif low in _EN_TENS:
            value = _EN_TENS[low]
            if i + 1 < len(toks) and toks[i + 1].lower() in _EN_WORDS:  # twenty one (twenty-one)
                value += _EN_WORDS[toks[i + 1].lower()]
        elif low in _EN_ORD:
            value = _EN_ORD[low]
        elif low in _MONTHS and tok[0].isupper():
            value = _MONTHS[low]
        if value is None:
            continue
        if i + 1 < len(toks) and toks[i + 1].lower() in _SCALE:
            value = Decimal(value) * _SCALE[toks[i + 1].lower()]
        out.add(_norm(value))
    for m in _ROMAN.finditer(text):
        out.add(_norm(_roman(m.group(1))))
    if "n:1" in out and not _ONE.search(text):  # "one" is too common; 1 counts as 第一 does
        out.discard("n:1")
    return out


def _roman(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def latin_words(text: str) -> set[str]:
    """Latin words (three letters or more, lower case) written inside a Chinese text."""
    return {w.lower() for run in _LATIN_RUN.findall(text) for w in _WORD.findall(run)}


class Anchors:
    """Anchor extraction for one glossary and one original text (its Latin words are looked for in the English)."""

    def __init__(self, glossary: Glossary | None, latin: Iterable[str] = ()) -> None:
        self.matcher = None
        self.en_pattern: re.Pattern[str] | None = None
        self.en_names: dict[str, str] = {}
        self.latin = frozenset(latin)
        if glossary is not None and glossary.entries:
            from ...text.match import Matcher

            self.matcher = Matcher(glossary)
            names: dict[str, str] = {}
            for e in glossary.entries:
                forms = {e.english, *(f.text for f in e.forms if f.lang == "en" and f.type != "exclusion")}
                if e.category == "person":
                    for f in list(forms):
                        forms.update(w for w in f.split() if w[:1].isupper() and len(w) >= 2)
                for f in forms:
                    f = f.strip()
                    if f and f not in names:
                        names[f] = e.id
            # forms that name two entries are ambiguous: drop them
            self.en_names = names
            keys = sorted(names, key=len, reverse=True)
            if keys:
                self.en_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")

    def zh(self, text: str) -> set[str]:
        """The anchors of a Chinese segment."""
        out = zh_numbers(text)
        if self.matcher is not None:
            out.update("g:" + m.entry for m in self.matcher.find(text) if m.entry)
        out.update("l:" + w for w in latin_words(text))
        return out

    def en(self, text: str) -> set[str]:
        """The anchors of an English segment."""
        out = en_numbers(text)
        if self.en_pattern is not None:
            out.update("g:" + self.en_names[m.group()] for m in self.en_pattern.finditer(text))
        if self.latin:
            out.update("l:" + w for w in (x.lower() for x in _WORD.findall(text)) if w in self.latin)
        return out

    def en_refs(self, text: str) -> list[tuple[int, int, str]]:
        """Where glossary names occur in an English text: ``(start, end, entry id)``, leftmost-longest."""
        if self.en_pattern is None:
            return []
        return [(m.start(), m.end(), self.en_names[m.group()]) for m in self.en_pattern.finditer(text)]
