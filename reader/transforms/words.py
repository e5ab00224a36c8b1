"""The vocabulary of a text (a transform: Edition -> word list): every word of its Chinese with pinyin,
HSK level, senses, count and the first sentence it occurs in (``reader words``), and the words of one
model sentence with their readings (used by the HTML edition's learner data too).

The words and readings come from :mod:`reader.text.readings` (glossary names forced to be one word and
read as the glossary says), the senses from CC-CEDICT (:mod:`reader.text.cedict`), the levels from
:mod:`reader.text.levels`.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

from ..model import Edition, Glossary, Inline, plain_text
from ..text import known as known_words
from ..text import levels
from ..text.pinyin import glossary_reading, plain_with_foreign, term_spans
from ..text.readings import Word, entries, read

MAX_SENSES = 5  #: senses shown for a word (popover and word list)


def sentence_words(
    inlines: tuple[Inline, ...],
    glossary: Glossary,
    script: str = "hant",
    memo: dict[tuple[str, str], str] | None = None,
) -> list[Word]:
    """The words of a sentence's plain text (notes excluded, foreign runs included), with readings.

    ``memo`` (optional, for one glossary only) remembers the glossary reading of each (ref, form)."""
    plain = plain_with_foreign(inlines)
    _, spans = term_spans(inlines)
    memo = {} if memo is None else memo
    forced = []
    for a, b, ref in spans:
        reading = memo.get((ref, plain[a:b]))
        if reading is None:
            entry = glossary.get(ref)
            reading = memo[(ref, plain[a:b])] = glossary_reading(entry, plain[a:b]) if entry is not None else ""
        forced.append((a, b, ref, reading))
    return read(plain, forced, script)


def senses(word: str, syllables: tuple[str, ...], script: str = "hant", limit: int = MAX_SENSES) -> list[str]:
    """Up to ``limit`` CC-CEDICT senses of ``word``, those of the entry read as ``syllables`` first."""
    es = entries(word, script)
    reading = " ".join(syllables).lower()
    ordered = sorted(es, key=lambda e: (e.pinyin.lower() != reading, e.variant_only))
    out: list[str] = []
    for e in ordered:
        for s in e.senses:
            if s not in out:
                out.append(s)
    return out[:limit]


@dataclass
class VocabItem:
    """One word of a text's vocabulary."""

    word: str  #: as written in the text
    pinyin: str  #: its reading in its first occurrence (``zhǔmù``)
    level: str  #: HSK level label (``4``, ``7-9``, ``—`` when on no list)
    sense: str  #: up to three CC-CEDICT senses, ``; ``-separated (empty when the dictionary lacks it)
    count: int  #: occurrences in the text
    sentence: str  #: the first sentence it occurs in (Chinese)
    translation: str  #: that sentence's English, where aligned
    sentence_id: str  #: that sentence's id (empty when it has none)
    source: str  #: where the reading comes from (glossary, cedict, rule:ID, pypinyin, parts)


def _english(edition: Edition) -> dict[str, str]:
    """Original sentence id -> the English of the translation sentences that render it."""
    out: dict[str, list[str]] = {}
    for block in edition.blocks():
        unit_en = " ".join(plain_text(s.inlines) for u in block.translation for s in u.sentences)
        for s in block.original.sentences:
            hits = [plain_text(t.inlines) for u in block.translation for t in u.sentences if s.id in t.corresp]
            if s.id:
                out[s.id] = hits or [unit_en]
    return {k: " ".join(v).strip() for k, v in out.items()}


def vocabulary(
    edition: Edition, glossary: Glossary, *, known: set[str] | None = None, min_level: int = 0
) -> list[VocabItem]:
    """Every Chinese word of the text in order of first occurrence, without the ``known`` words (compared
    forms, :func:`reader.text.known.key`) and, with ``min_level``, only words at or above that level
    (a word on no HSK list counts as above every level)."""
    known = known or set()
    english = _english(edition)
    items: dict[tuple[str, str], VocabItem] = {}
    memo: dict[tuple[str, str], str] = {}
    for block in edition.blocks():
        for s in block.original.sentences:
            sentence = plain_with_foreign(s.inlines)
            for w in sentence_words(s.inlines, glossary, memo=memo):
                if not w.han:
                    continue
                k = (w.text, w.pinyin)
                if k in items:
                    items[k].count += 1
                    continue
                if known_words.key(w.text) in known:
                    continue
                lv = levels.word_level(w.text)
                if min_level and lv is not None and lv < min_level:
                    continue
                items[k] = VocabItem(
                    w.text,
                    w.pinyin,
                    levels.label(lv),
                    "; ".join(senses(w.text, w.syllables, limit=3)),
                    1,
                    sentence.strip(),
                    english.get(s.id or "", ""),
                    s.id or "",
                    w.source,
                )
    return list(items.values())


FIELDS = ["word", "pinyin", "level", "sense", "count", "sentence", "translation", "sentence_id", "source"]


def format_vocabulary(items: list[VocabItem], fmt: str) -> str:
    """The list as CSV (with a header), TSV (Anki-importable, with a ``#`` header) or JSON."""
    if fmt == "json":
        return (
            json.dumps({"levels": levels.SOURCE, "items": [asdict(i) for i in items]}, ensure_ascii=False, indent=1)
            + "\n"
        )
    buf = io.StringIO()
    if fmt == "tsv":
        buf.write("#separator:tab\n#html:false\n#columns:" + "\t".join(FIELDS) + "\n")
        for i in items:
            row = [str(getattr(i, f)) for f in FIELDS]
            buf.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) + "\n")
        return buf.getvalue()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FIELDS)
    for i in items:
        w.writerow([getattr(i, f) for f in FIELDS])
    return buf.getvalue()
