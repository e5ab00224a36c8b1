"""Linking glossary names in an aligned edition, in both languages.

The Chinese side is linked as ``reader annotate`` links it (the glossary's automaton,
:class:`reader.text.match.Matcher`, whose ``find`` gives the linked matches). On the English side a name is linked only where the Chinese it renders
names the same entry, so "Xi" becomes a link to 習近平's entry only in a sentence aligned with one
that names him. Existing links are kept; only top-level text is linked; no character changes.
"""

from __future__ import annotations

from collections.abc import Callable

from ...model import Glossary, Inline, TermRef, Text
from .anchors import Anchors


def link_zh(inlines: tuple[Inline, ...], anchors: Anchors) -> tuple[Inline, ...]:
    """Chinese inlines with glossary names linked in their top-level text."""
    if anchors.matcher is None:
        return inlines
    # only top-level Text is linked and every other node is kept as it is, whatever its type: no visitor
    out: list[Inline] = []
    for n in inlines:
        if not isinstance(n, Text):
            out.append(n)
            continue
        pos = 0
        for m in anchors.matcher.find(n.text):  # linked matches only, leftmost-longest, as annotate links
            if m.start > pos:
                out.append(Text(n.text[pos : m.start]))
            out.append(TermRef(m.entry, m.category, (Text(m.surface),)))
            pos = m.end
        if pos < len(n.text):
            out.append(Text(n.text[pos:]))
    return tuple(out)


def link_en(
    inlines: tuple[Inline, ...], anchors: Anchors, allowed: set[str], glossary: Glossary | None
) -> tuple[Inline, ...]:
    """English inlines with the names of ``allowed`` entries linked in their top-level text."""
    if not allowed or glossary is None:
        return inlines
    out: list[Inline] = []
    for n in inlines:
        if not isinstance(n, Text):
            out.append(n)
            continue
        pos = 0
        for start, end, entry in anchors.en_refs(n.text):
            found = glossary.get(entry)
            if entry not in allowed or found is None:
                continue
            if start > pos:
                out.append(Text(n.text[pos:start]))
            out.append(TermRef(entry, found.category, (Text(n.text[start:end]),)))
            pos = end
        if pos < len(n.text):
            out.append(Text(n.text[pos:]))
    return tuple(out)


def entries(anchor_sets: list[set[str]]) -> set[str]:
    """The glossary entries named in a list of anchor sets."""
    return {a[2:] for s in anchor_sets for a in s if a.startswith("g:")}


Linker = Callable[[tuple[Inline, ...], set[str]], tuple[Inline, ...]]
