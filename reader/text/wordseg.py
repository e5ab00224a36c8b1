"""Word segmentation of Chinese text in either script. The only use of rjieba (through
:mod:`reader.text.jiebadict`, which loads only the dictionary words of the text being cut).

jieba's dictionary is in Simplified characters, and cutting Traditional text with it splits names and
words apart (習近 平, 對 抗國際); so the text is first converted to Simplified character by character
(same length, :func:`reader.script.to_hans_chars`), cut there, and the cuts are laid back on the
original. Forced spans (glossary names and terms) are always one word each: the segmenter cuts only
the text between them, so the glossary wins. rjieba was chosen over jieba by measurement (README:
same cuts on the article, a tenth of the cold cost).
"""

from __future__ import annotations

from collections.abc import Sequence

from .jiebadict import segmenter
from .script import to_hans_chars
from .textcache import lookup


def _cut_run(text: str) -> list[int]:
    """Word lengths of one run of text (no forced spans inside)."""
    simplified = to_hans_chars(text)
    if len(simplified) != len(text):  # pragma: no cover - character conversion keeps lengths
        simplified = text
    return lookup("cut", simplified, lambda: [len(w) for w in segmenter().cut(simplified)], _valid_cut)


def _valid_cut(key: str, value: object) -> bool:
    return isinstance(value, list) and all(isinstance(n, int) and n > 0 for n in value) and sum(value) == len(key)


def cut(text: str, forced: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text``, covering it without gaps.

    ``forced`` spans (non-overlapping once the longer of two overlapping spans is kept) come out as one
    word each whatever the segmenter would do.
    """
    spans: list[tuple[int, int]] = []
    keep: list[tuple[int, int]] = []
    for a, b in sorted(forced, key=lambda s: (s[0], -s[1])):
        if a < b and (not keep or a >= keep[-1][1]):
            keep.append((a, b))
    pos = 0
    for a, b in [*keep, (len(text), len(text))]:
        if pos < a:
            for n in _cut_run(text[pos:a]):
                spans.append((pos, pos + n))
                pos += n
        if a < b:
            spans.append((a, b))
        pos = max(pos, b)
    return spans


def words(text: str, forced: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The words of ``text`` (see :func:`cut`)."""
    return [text[a:b] for a, b in cut(text, forced)]
