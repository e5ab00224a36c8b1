"""Looking entries up in a glossary by any form, id or English name, in either script (``reader
glossary lookup``): one index per glossary object, keys folded (separators, width, case)."""

from __future__ import annotations

import re
import unicodedata
import weakref

from ..model import Glossary, GlossaryEntry
from ..text.han import fold

_LATIN = re.compile(r"[A-Za-zÀ-ɏ\u0300-\u036f' \-]+")
QUOTES = "「」『』“”\"'‘’《》〈〉（）()[]【】 \t\n"


def lookup_key(text: str) -> str:
    """The form used for matching: separators removed, NFKC (fullwidth ＋ = +), case-folded."""
    return unicodedata.normalize("NFKC", fold(text)).casefold()


def _keys(text: str) -> set[str]:
    """Matching keys of a form or query in both scripts (phrase and character conversion)."""
    from ..text.script import to_hans, to_hans_chars, to_hant

    out = {lookup_key(text)}
    if not text.isascii():
        out.update(lookup_key(v) for v in (to_hans(text), to_hant(text), to_hans_chars(text)))
    out.discard("")
    return out


def pinyin_key(text: str) -> str:
    """A reading as lookup compares it: tone marks, spaces, apostrophes and hyphens dropped, lower case
    (``Pútíng``, ``puting`` and ``Pu Ting`` are one key; ü is kept apart from u)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == "\u0308")
    plain = unicodedata.normalize("NFC", kept).replace("v", "ü")
    return "py:" + "".join(ch for ch in plain if ch.isalpha())


_INDEXES: dict[int, tuple[weakref.ref[Glossary], dict[str, list[int]]]] = {}


def _index(glossary: Glossary) -> dict[str, list[int]]:
    """Key -> positions of the entries having it, built once per glossary object."""
    cached = _INDEXES.get(id(glossary))
    if cached is not None and cached[0]() is glossary:
        return cached[1]
    index: dict[str, list[int]] = {}
    for i, e in enumerate(glossary.entries):
        keys = {e.id.casefold(), lookup_key(e.english)}
        for f in e.forms:
            if f.type != "exclusion":
                keys |= _keys(f.text)
                if f.pinyin:
                    keys.add(pinyin_key(f.pinyin))
        for k in keys:
            index.setdefault(k, []).append(i)
    if len(_INDEXES) > 16:
        _INDEXES.clear()
    _INDEXES[id(glossary)] = (weakref.ref(glossary), index)
    return index


def lookup(glossary: Glossary, query: str) -> list[GlossaryEntry]:
    """Entries having ``query`` as a form, id or English name, in file order.

    Any script (OpenCC phrase and character conversion both ways) and any variant listed in the
    glossary; name separators (·‧・ and spaces), surrounding quotes and brackets, fullwidth/halfwidth
    and letter case are ignored. Exclusion forms never match. A Latin query that is no id or English
    name is tried as pinyin, with or without tone marks and spaces (``Piao Bingxi``, ``pútíng``).
    """
    q = query.strip().strip(QUOTES)
    if not q:
        return []
    index = _index(glossary)
    hits: set[int] = set()
    for k in _keys(q):
        hits.update(index.get(k, ()))
    if not hits and _LATIN.fullmatch(unicodedata.normalize("NFC", q)):
        hits.update(index.get(pinyin_key(q), ()))
    return [glossary.entries[i] for i in sorted(hits)]
