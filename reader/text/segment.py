"""What the importers infer from imported text: its script (Simplified or Traditional) and its sentences.

Both rules are documented in ``docs/import.md``. The script is judged by counting characters that
only one script writes (OpenCC, through :mod:`reader.text.script`); the text itself is never changed.
Sentences are split with one regular expression per language, so the cost stays in C.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Block, Inline, Sentence, Text, Unit, new_sentence, new_text, plain_text
from .han import HAN_PATTERN

#: characters looked at to judge the script (a sample: a newspaper's year need not be converted)
SAMPLE = 20_000
_HAN = re.compile(HAN_PATTERN)


def detect_script(text: str) -> str:
    """``zh-Hans`` or ``zh-Hant`` by which script's own characters are more frequent, else ``zh``.

    A character is Traditional-only when OpenCC's character-by-character Traditional-to-Simplified
    conversion changes it (國 -> 国), Simplified-only when the Simplified-to-Traditional one does
    (国 -> 國). Each distinct character is converted alone, so phrase rules cannot shift the count.
    """
    from .script import to_hans_chars, to_hant

    han = _HAN.findall(text[:SAMPLE])
    if not han:
        return "zh"
    counts: dict[str, int] = {}
    for ch in han:
        counts[ch] = counts.get(ch, 0) + 1
    chars = sorted(counts)
    joined = "\n".join(chars)
    hans = to_hans_chars(joined).split("\n")
    hant = to_hant(joined).split("\n")
    if len(hans) != len(chars) or len(hant) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
        return "zh"
    trad = sum(counts[c] for c, s in zip(chars, hans, strict=True) if s != c)
    simp = sum(counts[c] for c, t in zip(chars, hant, strict=True) if t != c)
    if simp > trad:
        return "zh-Hans"
    if trad > simp:
        return "zh-Hant"
    return "zh"


# --- sentences ------------------------------------------------------------------------------------

#: closing quotes and brackets that stay with the sentence whose stop they follow (。」 ！』 ？）)
_CLOSERS = "」』”’）)》〉】\"'"
#: a Chinese sentence: text up to and including a run of 。！？ and the closers after it (or the rest)
_ZH_SENTENCE = re.compile(f"[^。！？]+(?:[。！？]+[{_CLOSERS}]*)?|[。！？]+[{_CLOSERS}]*")
#: where an English sentence may end: . ! ? (and closers), spaces, then a capital, digit or opening quote
_EN_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
#: words whose full stop does not end an English sentence (compared without the stop, lower case)
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sr jr gen col lt sgt rev hon gov sen rep pres vs etc e.g i.e cf no nos vol pp fig "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u inc ltd co corp".split()
)


def zh_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where Chinese sentences end in ``text``: after 。！？ (a run of them) and any closing quotes
    or brackets right after. Spans cover the text without gaps; the last may lack a stop."""
    return [m.span() for m in _ZH_SENTENCE.finditer(text)]


def en_sentence_spans(text: str) -> list[tuple[int, int]]:
    """English sentences: a break after . ! ? (and closing quotes or brackets), one or more spaces,
    then a capital letter, a digit or an opening quote; not after a single letter (initials such as
    J. Smith) or a listed abbreviation (Mr., Dr., U.S.). The spaces between belong to no sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _EN_BREAK.finditer(text):
        stop = m.start()
        before = text[max(0, stop - 40) : stop].rstrip("\"'”’)]")
        word = before.rsplit(None, 1)[-1] if before.strip() else ""
        bare = word.lstrip("\"'“‘([").rstrip(".!?").lower()
        if word.endswith(".") and (len(bare) <= 1 or bare in ABBREVIATIONS):
            continue
        spans.append((start, m.start(1)))
        start = m.end(1)
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def split_sentences(inlines: tuple[Inline, ...], lang: str) -> list[tuple[Inline, ...]]:
    """A paragraph's inlines cut into sentences (by :func:`zh_sentence_spans` for Chinese, else
    :func:`en_sentence_spans`). Cuts fall only in top-level text: a sentence end inside emphasis or
    a link is not a cut. A note (no text of its own) stays with the sentence it follows."""
    if len(inlines) == 1 and type(inlines[0]) is Text and lang.startswith("zh"):  # the common case
        whole = inlines[0].text
        found = _ZH_SENTENCE.findall(whole)  # the same pieces as zh_sentence_spans, without slicing
        if len(found) <= 1:
            return [inlines] if whole.strip() else []
        return [(new_text(c if not (c[0].isspace() or c[-1].isspace()) else c.strip()),) for c in found if c.strip()]
    # no visitor here or below: top-level text is cut and every other node is kept whole, whatever its
    # type, so the only question asked of a node is whether it is Text
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for n in inlines:
        s = n.text if isinstance(n, Text) else plain_text((n,))
        starts.append(pos)
        parts.append(s)
        pos += len(s)
    text = "".join(parts)
    spans = zh_sentence_spans(text) if lang.startswith("zh") else en_sentence_spans(text)
    if len(spans) <= 1:
        return [inlines] if text.strip() else []
    if len(inlines) == 1:  # plain text, the common case: one Text per sentence
        cut = (text[a:b] for a, b in spans)
        return [(Text(c if not (c[0].isspace() or c[-1].isspace()) else c.strip()),) for c in cut if c.strip()]
    # an element must not be cut: merge the sentences on either side of a cut inside one
    for n, a, s in zip(inlines, starts, parts, strict=True):
        if isinstance(n, Text) or len(s) < 2:
            continue
        b = a + len(s)
        merged = [spans[0]]
        for span in spans[1:]:
            prev = merged[-1]
            if a < prev[1] < b or a < span[0] < b:
                merged[-1] = (prev[0], span[1])
            else:
                merged.append(span)
        spans = merged
    out: list[list[Inline]] = [[] for _ in spans]
    k = 0
    for n, a, s in zip(inlines, starts, parts, strict=True):
        if not isinstance(n, Text):
            while k + 1 < len(spans) and spans[k + 1][0] <= a and (s or spans[k + 1][0] < a):
                k += 1
            out[k].append(n)
            continue
        b = a + len(s)
        for j in range(k, len(spans)):
            lo, hi = max(a, spans[j][0]), min(b, spans[j][1])
            if lo < hi:
                out[j].append(Text(s[lo - a : hi - a]))
                k = j
            if spans[j][1] >= b:
                break
    return [t for t in (strip_edges(x) for x in out) if t]


def strip_edges(inlines: Sequence[Inline]) -> tuple[Inline, ...]:
    """A sentence without whitespace at its edges (the TEI reader and segmentation both strip it)."""
    items = list(inlines)
    if items and isinstance(items[0], Text) and items[0].text[:1].isspace():
        items[0] = Text(items[0].text.lstrip())
    if items and isinstance(items[-1], Text) and items[-1].text[-1:].isspace():
        items[-1] = Text(items[-1].text.rstrip())
    return tuple(i for i in items if not (isinstance(i, Text) and not i.text))


def paragraph(
    uid: str, lang: str, inlines: tuple[Inline, ...], translations: Sequence[tuple[Inline, ...]] = ()
) -> Block:
    """A paragraph block cut into sentences ``{uid}-s1``, ``-s2``, … A single translation whose
    English cuts into as many sentences gets ``en-…-sN`` sentences pointing at the original's, one to
    one; any other translation stays one undivided unit (``en-…``, ``en-…-2`` for a second one)."""
    cut = split_sentences(inlines, lang)
    sents = tuple(new_sentence(f"{uid}-s{i + 1}", x) for i, x in enumerate(cut)) or (Sentence(None, inlines),)
    en_uid = "en" + uid[2:] if uid.startswith("zh") else f"{uid}-en"
    units: list[Unit] = []
    for i, text in enumerate(translations):
        tid = en_uid + (f"-{i + 1}" if i else "")
        parts = split_sentences(text, "en") if len(translations) == 1 and cut else []
        if parts and len(parts) == len(sents):
            tsents = tuple(
                Sentence(f"{tid}-s{j + 1}", x, (src.id,) if src.id else ())
                for j, (x, src) in enumerate(zip(parts, sents, strict=True))
            )
        else:
            tsents = (Sentence(None, text),)
        units.append(Unit(tid, "en", tsents))
    return Block("p", Unit(uid, lang, sents), tuple(units))
