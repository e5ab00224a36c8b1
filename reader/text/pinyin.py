"""Pinyin readings of Chinese text. The only pypinyin import.

:func:`readings` gives one reading per character of a string (None for anything that is not a Han
character), from pypinyin's phrase-aware conversion. :func:`split_reading` cuts a glossary reading such
as ``Xí Jìnpíng`` into one syllable per Han character, and :func:`sentence_readings` uses it so that
the glossary's reading of a linked name or term replaces pypinyin's (the glossary wins). :func:`sort_key` orders
entries by their reading, the way a Chinese index is ordered.

pypinyin's answers (a string's readings, a character's candidate readings) are looked up in the
build's text cache first (:mod:`reader.text.textcache`), so pypinyin loads only when some string is not
there; the glossary's readings are applied after the lookup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from ..model import Emph, Foreign, Glossary, GlossaryEntry, Inline, InlineVisitor, Link, Note, TermRef, Text, plain_text
from .han import HAN_PATTERN, fold, has_han, is_han  # noqa: F401  (has_han re-exported)
from .script import to_hans_chars
from .textcache import lookup

_SEPARATORS = re.compile(r"[\s'’\-‐·‧•・]+")


def __getattr__(name: str) -> re.Pattern[str]:
    if name == "HAN":  # the compiled pattern, for callers that want a regex
        return re.compile(HAN_PATTERN)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def readings(text: str) -> list[str | None]:
    """One tone-marked reading per character of ``text``; None for characters that are not Han."""
    return list(lookup("readings", text, lambda: _readings(text), _valid_readings))


_READING_TYPES = {str, type(None)}


def _valid_readings(text: str, value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == len(text)
        and set(map(type, value)) <= _READING_TYPES
        and "" not in value
    )


def _readings(text: str) -> list[str | None]:
    from pypinyin import Style, pinyin

    out: list[str | None] = [None] * len(text)
    # pypinyin's phrase dictionary is in Simplified characters: look Traditional text up through its
    # character-by-character Simplified form (same length), or polyphones are read wrongly (銀行 yínxíng)
    simplified = to_hans_chars(text)
    if len(simplified) == len(text):
        text = simplified
    for run in re.finditer(HAN_PATTERN + "+", text):
        got = pinyin(run.group(), style=Style.TONE, errors="default")
        if len(got) == len(run.group()):
            for i, cand in enumerate(got):
                out[run.start() + i] = cand[0] if cand and cand[0] != run.group()[i] else None
        else:  # pypinyin grouped something it could not read: fall back to one character at a time
            for i, ch in enumerate(run.group()):
                out[run.start() + i] = _single(ch)
    return out


def _candidates(ch: str) -> tuple[str, ...]:
    """Every reading pypinyin knows for one character (tone-marked, lower case)."""
    return tuple(lookup("candidates", ch, lambda: list(_candidates_of(ch)), _valid_candidates))


def _valid_candidates(ch: str, value: object) -> bool:
    return isinstance(value, list) and all(isinstance(c, str) and c for c in value)


@lru_cache(maxsize=8192)
def _candidates_of(ch: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    got = pinyin(ch, style=Style.TONE, heteronym=True, errors="default")
    cands = tuple(c for c in (got[0] if got else []) if c != ch)
    return tuple(unicodedata.normalize("NFC", c.lower()) for c in cands)


def _single(ch: str) -> str | None:
    cands = _candidates(ch)
    return cands[0] if cands else None


def _toneless(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ü", "v")


def split_reading(chars: str, reading: str) -> list[str] | None:
    """Cut ``reading`` (a glossary's pinyin for ``chars``) into one syllable per Han character.

    Spaces, apostrophes, hyphens and name dots in the reading are ignored; the syllables keep the
    reading's own spelling (capitals and tone marks). Each syllable must be one of the readings
    pypinyin knows for its character, compared with tones first and then without (so a glossary
    that gives a tone sandhi or a neutral tone still splits). None when no such cut exists.
    """
    got = lookup("split", f"{len(chars)}:{chars}{reading}", lambda: _split_reading(chars, reading), _valid_split)
    return list(got) if got is not None else None


def _valid_split(key: str, value: object) -> bool:
    if value is None:
        return True
    chars = key.partition(":")[2][: int(key.partition(":")[0])]
    return (
        isinstance(value, list)
        and len(value) == sum(map(is_han, chars))
        and all(isinstance(v, str) and v for v in value)
    )


def _split_reading(chars: str, reading: str) -> list[str] | None:
    han = [c for c in chars if is_han(c)]
    flat = _SEPARATORS.sub("", unicodedata.normalize("NFC", reading))
    if not han or not flat:
        return None
    for compare in (str.lower, _toneless):
        target = compare(flat)
        if len(target) != len(flat):  # normalisation changed lengths; slices would not line up
            continue
        cut = _cut(han, flat, target, compare)
        if cut is not None:
            return cut
    return None


def _cut(han: list[str], flat: str, target: str, compare: Callable[[str], str]) -> list[str] | None:
    # memo[(i, pos)] = syllables for han[i:] matching target[pos:], or None
    memo: dict[tuple[int, int], list[str] | None] = {}

    def go(i: int, pos: int) -> list[str] | None:
        if i == len(han):
            return [] if pos == len(target) else None
        key = (i, pos)
        if key in memo:
            return memo[key]
        result: list[str] | None = None
        for cand in sorted({compare(c) for c in _candidates(han[i])}, key=len, reverse=True):
            if cand and target.startswith(cand, pos):
                rest = go(i + 1, pos + len(cand))
                if rest is not None:
                    result = [flat[pos : pos + len(cand)], *rest]
                    break
        memo[key] = result
        return result

    return go(0, 0)


def sort_key(reading: str, fallback: str = "") -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A key that orders by reading word by word, as dictionaries sort (國際社會 guójì shèhuì before
    國家元首 guójiā yuánshǒu): the words without tones, then with tones, then ``fallback``."""
    words = [w for w in _SEPARATORS.split(unicodedata.normalize("NFC", reading).lower()) if w]
    return tuple(_toneless(w) for w in words), tuple(words), fallback


def reading_of(text: str) -> str:
    """The reading of a whole string as space-separated syllables (non-Han characters dropped)."""
    return " ".join(r for r in readings(text) if r)


# --- readings of model sentences ---------------------------------------------------------------


class _TermSpans(InlineVisitor[None]):
    """Walks a sentence counting the characters of :func:`plain_with_foreign`; records where each
    TermRef's text starts and ends, outer ones before the ones nested in them."""

    def __init__(self, start: int) -> None:
        self.pos = start
        self.spans: list[tuple[int, int, str]] = []

    def text(self, node: Text) -> None:
        self.pos += len(node.text)

    def note(self, node: Note) -> None:
        pass  # notes are no part of the sentence's text

    def term(self, node: TermRef) -> None:
        at = len(self.spans)
        self.spans.append((self.pos, self.pos, node.ref))  # its end is known once its children are walked
        start = self.pos
        self.visit_all(node.children)
        self.spans[at] = (start, self.pos, node.ref)

    def _inside(self, node: Foreign | Emph | Link) -> None:
        self.visit_all(node.children)

    foreign = emph = link = _inside


def term_spans(inlines: tuple[Inline, ...], start: int = 0) -> tuple[int, list[tuple[int, int, str]]]:
    """(length, [(start, end, ref)]) of the plain text, notes and foreign runs counted as text."""
    walk = _TermSpans(start)
    walk.visit_all(inlines)
    return walk.pos, walk.spans


def glossary_reading(entry: GlossaryEntry, text: str) -> str:
    """The glossary's pinyin for the form ``text`` (in either script, separators ignored)."""
    want = {fold(text), fold(to_hans_chars(text))}
    for f in entry.chinese_forms():
        if f.pinyin and {fold(f.text), fold(to_hans_chars(f.text))} & want:
            return f.pinyin
    return ""


def sentence_readings(
    inlines: tuple[Inline, ...], glossary: Glossary, memo: dict[tuple[str, str], str] | None = None
) -> list[str | None]:
    """One reading per character of the sentence's plain text (notes excluded), glossary first.

    ``memo`` (optional, for one glossary only) remembers the glossary reading of each (ref, form).
    """
    memo = {} if memo is None else memo
    plain = plain_with_foreign(inlines)
    out = readings(plain)
    _, spans = term_spans(inlines)
    for start, end, ref in sorted(spans, key=lambda s: s[0] - s[1]):  # longest first, inner wins
        entry = glossary.get(ref)
        if entry is None:
            continue
        span = plain[start:end]
        reading = memo.get((ref, span))
        if reading is None:
            reading = memo[(ref, span)] = glossary_reading(entry, span)
        sylls = split_reading(span, reading) if reading else None
        if sylls is None:
            continue
        it = iter(sylls)
        for i in range(start, end):
            if is_han(plain[i]):
                out[i] = next(it)
    return out


def plain_with_foreign(inlines: tuple[Inline, ...]) -> str:
    """A sentence's text as it is read aloud: everything but notes (foreign runs included)."""
    return plain_text(inlines)
