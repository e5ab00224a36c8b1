"""The learner's data of the HTML edition: every word of the Chinese, compact, for the page's script.

The page carries no ruby and no per-word markup at load (its DOM budget); instead one JSON object,
built here, lets ``templates/html/learner.js`` cut a sentence into words, set its pinyin ruby and open a
popover for any word on demand:

``W``  the word types: ``[text, pinyin, syllables, level, senses, chars, source, ref, key]`` (``pinyin``
       as one written word, ``syllables`` space-separated, ``level`` 0 when on no HSK list, ``senses``
       up to five CC-CEDICT senses, ``chars`` indices into ``C``, ``key`` the compared form for known
       words);
``C``  the characters: ``[char, reading, sense]``;
``S``  for each Chinese sentence (keyed by its anchor id), one flat list per script of
       ``length, word index`` pairs covering the sentence's plain text (index -1: not a word), or 0 for
       the second script when it cuts exactly like the first;
``K``  the build's known words (``reader build --known-words``); ``title``, ``slug``, ``levels``,
       ``dictionary``: the text's title and slug, and where levels and senses come from.

A word type is a (text, reading) pair, so 為 wéi and 為 wèi are two types with their own senses.
"""

from __future__ import annotations

import json
from typing import Any

from ...model import Glossary, Inline
from ...text import cedict, known, levels
from ...text.han import is_han
from ...text.readings import Word, entries
from ...transforms.words import MAX_SENSES, senses, sentence_words


class _Tables:
    def __init__(self) -> None:
        self.words: list[list[Any]] = []
        self.word_ids: dict[tuple[str, str, str], int] = {}
        self.chars: list[list[str]] = []
        self.char_ids: dict[tuple[str, str], int] = {}

    def char(self, ch: str, reading: str, script: str) -> int:
        key = (ch, reading)
        idx = self.char_ids.get(key)
        if idx is None:
            sense = ""
            for e in entries(ch, script):
                if e.pinyin.lower() == reading.lower() and not e.variant_only:
                    sense = e.senses[0] if e.senses else ""
                    break
            if not sense:
                got = senses(ch, (reading,), script, 1)
                sense = got[0] if got else ""
            idx = self.char_ids[key] = len(self.chars)
            self.chars.append([ch, reading, sense])
        return idx

    def word(self, w: Word, script: str) -> int:
        key = (w.text, w.pinyin, w.ref or "")
        idx = self.word_ids.get(key)
        if idx is None:
            sylls = list(w.syllables)
            han = [c for c in w.text if is_han(c)]
            chars = [self.char(c, s, script) for c, s in zip(han, sylls, strict=False)] if len(han) > 1 else []
            level = levels.word_level(w.text)
            idx = self.word_ids[key] = len(self.words)
            self.words.append(
                [
                    w.text,
                    w.pinyin,
                    " ".join(sylls),
                    level or 0,
                    senses(w.text, w.syllables, script, MAX_SENSES),
                    chars,
                    w.source,
                    w.ref or "",
                    known.key(w.text),
                ]
            )
        return idx


def _flat(words: list[Word], tables: _Tables, script: str) -> list[int]:
    out: list[int] = []
    for w in words:
        idx = tables.word(w, script) if w.han else -1
        if idx == -1 and out and out[-1] == -1:
            out[-2] += w.end - w.start  # runs of punctuation and Latin text: one entry
        else:
            out += [w.end - w.start, idx]
    return out


def learner_data(
    sentences: list[tuple[str, str, tuple[Inline, ...]]],
    glossary: Glossary,
    *,
    title: str,
    slug: str = "",
    known_words: set[str] | None = None,
) -> dict[str, Any]:
    """The page's word data from (anchor, script, inlines) of every Chinese sentence variant, in order."""
    tables = _Tables()
    per: dict[str, list[Any]] = {}
    memo: dict[tuple[str, str], str] = {}  # the glossary reading of each (ref, form)
    for anchor, script, inlines in sentences:
        flat = _flat(sentence_words(inlines, glossary, script, memo), tables, script)
        got = per.setdefault(anchor, [])
        got.append(0 if got and got[0] == flat else flat)  # equal lists name the same word types
    return {
        "W": tables.words,
        "C": tables.chars,
        "S": per,
        "K": sorted(known_words or ()),
        "title": title,
        "slug": slug,
        "levels": levels.SOURCE,
        "dictionary": cedict.CREDIT,
    }


def to_json(data: dict[str, Any]) -> str:
    """The data as JSON safe to inline in ``<script type="application/json">`` (no ``</``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
