"""Readings of Chinese words in context: which pinyin each word of a sentence has.

A sentence is cut into words (:mod:`reader.text.wordseg`, glossary spans forced to be one word each),
and each word's reading comes from, in order:

1. the glossary, for a linked name or term (its own pinyin, as written there);
2. CC-CEDICT for the word (:mod:`reader.text.cedict`): the entry in the text's script, common nouns
   before proper ones, variant-only entries last;
3. for a single-character word that CC-CEDICT reads more than one way, the context rules of
   ``polyphones.tsv`` (each with its source and an example the tests check);
4. pypinyin's most common reading of the character (from the dictionary index, so pypinyin itself is
   not imported).

A word CC-CEDICT lacks is read as its longest dictionary words from the left, down to characters.
Each :class:`Word` says where its reading came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from . import cedict
from .han import is_han
from .script import to_hans_chars
from .wordseg import cut

RULES_FILE = Path(__file__).with_name("polyphones.tsv")


@dataclass(frozen=True)
class Rule:
    """One context rule for a single-character polyphone."""

    id: str  #: a stable name (``wei-yi-x-wei``)
    char: str  #: the character, Simplified
    reading: str  #: the tone-marked reading the rule gives
    before_src: str  #: a regex that must match right before the character (empty: anything)
    after_src: str  #: a regex that must match right after it (empty: anything)
    example: str  #: a sentence in which the rule applies, the character marked ``[X]``
    source: str  #: where the rule comes from

    @cached_property
    def before(self) -> re.Pattern[str] | None:
        """:attr:`before_src` compiled, anchored at its end (compiled when first used: most rules'
        characters do not occur in a text)."""
        return re.compile(f"(?:{self.before_src})$") if self.before_src else None

    @cached_property
    def after(self) -> re.Pattern[str] | None:
        """:attr:`after_src` compiled (when first used)."""
        return re.compile(self.after_src) if self.after_src else None


@dataclass(frozen=True)
class Word:
    """One word of a sentence, with its reading."""

    start: int  #: offset in the sentence's plain text
    end: int  #: end offset (exclusive)
    text: str  #: the word as written
    syllables: tuple[str, ...]  #: one tone-marked syllable per Han character (empty: none known)
    source: str  #: ``glossary``, ``cedict``, ``rule:ID``, ``pypinyin``, ``parts`` or ``""`` (not Chinese)
    ref: str | None = None  #: the glossary entry, for a linked name or term
    reading: str = ""  #: the glossary's pinyin as written there (names), else empty

    @property
    def han(self) -> bool:
        """Whether the word contains a Han character."""
        return any(map(is_han, self.text))

    @property
    def pinyin(self) -> str:
        """The word's pinyin as one written word: ``zhǔmù``, ``Xí Jìnpíng``, ``xī'ān``."""
        if self.reading:
            return self.reading
        return join_syllables(self.syllables)


_VOWEL_START = re.compile(r"^[aeoāáǎàēéěèōóǒò]", re.IGNORECASE)


def join_syllables(syllables: Sequence[str]) -> str:
    """Syllables written as one word, with an apostrophe before a/e/o after the first (xī'ān)."""
    out = ""
    for i, s in enumerate(syllables):
        if i and s[:1].isupper():  # a proper name's next part (Xí Jìnpíng)
            out += " "
        elif i and _VOWEL_START.match(s):
            out += "'"
        out += s
    return out


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    """The context rules, in file order."""
    out = []
    for n, line in enumerate(RULES_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("id\t"):
            continue
        cols = line.split("\t")
        if len(cols) != 7:
            raise ValueError(f"{RULES_FILE.name}:{n}: expected 7 tab-separated columns, got {len(cols)}")
        rid, char, reading, before, after, example, source = cols
        out.append(
            Rule(
                rid,
                char,
                unicodedata.normalize("NFC", reading),
                before,
                after,
                example,
                source,
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def _rules_by_char() -> dict[str, tuple[Rule, ...]]:
    by: dict[str, list[Rule]] = {}
    for r in rules():
        by.setdefault(r.char, []).append(r)
    return {c: tuple(rs) for c, rs in by.items()}


@lru_cache(maxsize=65536)
def entries(word: str, script: str = "hant") -> tuple[cedict.Entry, ...]:
    """CC-CEDICT entries of ``word``: those whose headword in ``script`` is the word first, then common
    before proper, variant-only entries last, and of the rest the one with more senses first (the
    common reading: 好處 hǎochu "benefit" before hǎochǔ "easy to get along with")."""
    got = cedict.lookup(word)
    if not got:
        return ()

    def rank(e: cedict.Entry) -> tuple[int, int, int, int]:
        head = e.traditional if script == "hant" else e.simplified
        return (head != word, e.variant_only, e.proper, -len(e.senses))

    return tuple(sorted(got, key=rank))


def _syllables(entry: cedict.Entry, word: str) -> tuple[str, ...] | None:
    sylls = tuple(entry.pinyin.split())
    return sylls if len(sylls) == sum(map(is_han, word)) else None


def _single(ch: str, simp: str, i: int, script: str) -> tuple[str, str]:
    """(reading, source) of a one-character word at ``i`` of the Simplified sentence ``simp``."""
    es = [e for e in entries(ch, script) if not e.variant_only and not e.proper and len(e.pinyin.split()) == 1]
    own = [e for e in es if (e.traditional if script == "hant" else e.simplified) == ch] or es
    readings = list(dict.fromkeys(e.pinyin.lower() for e in own))
    if len(readings) == 1:
        return readings[0], "cedict"
    by_char = _rules_by_char()
    for rule in by_char.get(ch, ()) + (by_char.get(simp[i], ()) if simp[i] != ch else ()):
        if rule.before is not None and not rule.before.search(simp, 0, i):
            continue
        if rule.after is not None and not rule.after.match(simp, i + 1):
            continue
        return rule.reading, f"rule:{rule.id}"
    for c in (ch, simp[i]):
        cands = cedict.char_readings(c)
        if cands:
            if readings:
                preferred = [r for r in cands if r in readings]
                if preferred:
                    return preferred[0], "pypinyin"
            return cands[0], "pypinyin"
    if readings:
        return readings[0], "cedict"
    return "", ""


def _read_word(word: str, start: int, simp: str, script: str) -> tuple[tuple[str, ...], str]:
    """(syllables, source) of a word at ``start`` of the sentence (``simp``: its Simplified text)."""
    if len(word) == 1:
        if not is_han(word):
            return (), ""
        r, src = _single(word, simp, start, script)
        return ((r,) if r else ()), src
    for e in entries(word, script):
        if e.variant_only and len(entries(word, script)) > 1:
            continue
        sylls = _syllables(e, word)
        if sylls is not None:
            return tuple(s if e.proper else s.lower() for s in sylls), "cedict"
    # not in the dictionary: its longest dictionary words from the left, down to characters
    out: list[str] = []
    i = 0
    while i < len(word):
        for j in range(len(word), i + 1, -1):
            part = word[i:j]
            es = [e for e in entries(part, script) if _syllables(e, part) is not None]
            if es:
                out += [s.lower() for s in es[0].pinyin.split()]
                i = j
                break
        else:
            if is_han(word[i]):
                r, _ = _single(word[i], simp, start + i, script)
                if r:
                    out.append(r)
                else:
                    return (), "parts"
            i += 1
    return tuple(out), "parts"


@lru_cache(maxsize=4096)
def split_glossary_reading(word: str, reading: str) -> tuple[str, ...] | None:
    """The glossary's pinyin for ``word`` cut into one syllable per Han character, or None."""
    han = [c for c in word if is_han(c)]
    flat = re.sub(r"[\s'’\-‐·‧•・]+", "", unicodedata.normalize("NFC", reading))
    target = _toneless(flat)
    if len(target) != len(flat):
        return None
    memo: dict[tuple[int, int], tuple[str, ...] | None] = {}

    def go(i: int, pos: int) -> tuple[str, ...] | None:
        if i == len(han):
            return () if pos == len(target) else None
        if (i, pos) in memo:
            return memo[(i, pos)]
        result = None
        for cand in _toneless_readings(han[i]):
            if cand and target.startswith(cand, pos):
                rest = go(i + 1, pos + len(cand))
                if rest is not None:
                    result = (flat[pos : pos + len(cand)], *rest)
                    break
        memo[(i, pos)] = result
        return result

    return go(0, 0)


def _toneless(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _toneless_readings(ch: str) -> tuple[str, ...]:
    """Every reading of one character (pypinyin's and CC-CEDICT's), toneless, longest first."""
    cands = set(cedict.char_readings(ch)) | {e.pinyin for e in cedict.lookup(ch) if len(e.pinyin.split()) == 1}
    return tuple(sorted({_toneless(c) for c in cands}, key=len, reverse=True))


def _dp(text: str, script: str) -> list[int]:
    """Lengths of the fewest CC-CEDICT words (single characters as the fallback) that make up ``text``."""
    n = len(text)
    best: list[tuple[int, int]] = [(0, 0)] + [(n + 1, 0)] * n  # (words so far, length of the last)
    for i in range(1, n + 1):
        for j in range(max(0, i - 8), i):
            if i - j > 1 and not entries(text[j:i], script):
                continue
            cand = best[j][0] + 1
            if cand < best[i][0]:
                best[i] = (cand, i - j)
    out: list[int] = []
    i = n
    while i > 0:
        out.append(best[i][1])
        i -= best[i][1]
    return out[::-1]


def recut(text: str, spans: list[tuple[int, int]], keep: set[tuple[int, int]], script: str) -> list[tuple[int, int]]:
    """The segmenter's words, with every run of adjacent words CC-CEDICT lacks (forced ones excepted)
    cut again into the fewest dictionary words: jieba's 即著|眼於 becomes 即|著眼|於."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []

    def flush() -> None:
        if len(run) == 0:
            return
        a, b = run[0][0], run[-1][1]
        pos = a
        for n in _dp(text[a:b], script):
            out.append((pos, pos + n))
            pos += n
        run.clear()

    for a, b in spans:
        w = text[a:b]
        if (a, b) not in keep and b - a > 1 and any(map(is_han, w)) and not entries(w, script):
            run.append((a, b))
            continue
        if (a, b) not in keep and b - a == 1 and run and is_han(w):
            run.append((a, b))  # a lone character next to a failed word may belong with it
            continue
        flush()
        out.append((a, b))
    flush()
    return out


def read(
    text: str,
    forced: Sequence[tuple[int, int, str, str]] = (),
    script: str = "hant",
) -> list[Word]:
    """The words of ``text`` with their readings.

    ``forced``: (start, end, glossary id, glossary reading) of each linked name or term; each becomes
    one word, read as the glossary says (its reading may be empty: then the dictionary reads it).
    ``script``: ``hant`` or ``hans``, the script the text is written in (which headword to prefer).
    """
    simp = to_hans_chars(text)
    if len(simp) != len(text):  # pragma: no cover - character conversion keeps lengths
        simp = text
    glossary = {(a, b): (ref, reading) for a, b, ref, reading in forced}
    out: list[Word] = []
    spans = cut(text, [(a, b) for a, b, _, _ in forced])
    for a, b in recut(text, spans, set(glossary), script):
        w = text[a:b]
        ref, reading = glossary.get((a, b), (None, ""))
        if ref is not None and reading:
            sylls = split_glossary_reading(w, reading)
            out.append(Word(a, b, w, sylls or (), "glossary", ref, reading))
            continue
        sylls, src = _read_word(w, a, simp, script)
        out.append(Word(a, b, w, sylls, src, ref))
    return out
