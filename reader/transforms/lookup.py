"""Looking entries up in a glossary by any form, id or English name, in either script (``reader
glossary lookup``): one index per glossary object, keys folded (separators, width, case)."""

from __future__ import annotations

import unicodedata
import weakref

from ..model import Glossary, GlossaryEntry
from ..text.han import fold

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
    and letter case are ignored. Exclusion forms never match.
    """
    q = query.strip().strip(QUOTES)
    if not q:
        return []
    index = _index(glossary)
    hits: set[int] = set()
    for k in _keys(q):
        hits.update(index.get(k, ()))
    return [glossary.entries[i] for i in sorted(hits)]
