"""The PDF's glossary appendix: the entries a text uses, each headed by the form the text writes,
with its other forms labelled and the pages its occurrences landed on (measured after layout)."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Glossary
from ..shared.entries import entry_order, headword, other_forms


@dataclass(frozen=True)
class GlossaryRow:
    """One entry of the appendix."""

    id: str  #: glossary id
    hanzi: str  #: the form the text uses, in the edition's script (the headword)
    pinyin: str  #: its reading
    others: tuple[tuple[str, str], ...]  #: the other standard forms, with their locales
    english: str  #: English name
    gloss: str  #: one line of English
    pages: tuple[tuple[int, str], ...]  #: (page number, anchor of the first occurrence on that page)

    @property
    def runs(self) -> list[tuple[tuple[int, str], tuple[int, str] | None]]:
        """The pages as printed: three or more consecutive pages become one range (first, last), as
        makeindex does; a page on its own or a pair stays as (page, None)."""
        groups: list[list[tuple[int, str]]] = []
        for page in self.pages:
            if groups and page[0] == groups[-1][-1][0] + 1:
                groups[-1].append(page)
            else:
                groups.append([page])
        out: list[tuple[tuple[int, str], tuple[int, str] | None]] = []
        for group in groups:
            if len(group) >= 3:
                out.append((group[0], group[-1]))
            else:
                out.extend((page, None) for page in group)
        return out


def first_occurrences(occurrences: dict[str, str], pages: dict[str, int]) -> dict[str, dict[int, str]]:
    """Glossary id -> page -> the anchor of the entry's first occurrence on that page.

    ``occurrences`` maps anchors to glossary ids in document order; ``pages`` maps the anchors that
    were laid out to their page numbers.
    """
    first_on_page: dict[str, dict[int, str]] = {}
    for anchor, ref in occurrences.items():  # insertion order is document order
        if anchor in pages:
            first_on_page.setdefault(ref, {}).setdefault(pages[anchor], anchor)
    return first_on_page


def appendix_rows(
    glossary: Glossary,
    occurrences: dict[str, str],
    pages: dict[str, int],
    script: str,
    text_lang: str = "zh-Hant-TW",
    forms: dict[str, list[str]] | None = None,
) -> list[GlossaryRow]:
    """The appendix: each glossary entry used, headed by the form the text uses
    (:func:`reader.writers.shared.entries.headword`), with its other forms labelled and the distinct
    pages its occurrences landed on. ``pages`` maps occurrence anchors to 1-based page numbers.
    Entries come in pinyin order, word by word, as dictionaries sort (the HTML edition's order)."""
    first_on_page = first_occurrences(occurrences, pages)
    used = [e for e in (glossary.get(ref) for ref in first_on_page) if e is not None]
    out: list[GlossaryRow] = []
    heads = {e.id: headword(e, script, text_lang, (forms or {}).get(e.id), glossary.follows) for e in used}
    for entry in entry_order(used, lambda e: heads[e.id][1]):
        hanzi, reading = heads[entry.id]
        out.append(
            GlossaryRow(
                id=entry.id,
                hanzi=hanzi,
                pinyin=reading,
                others=other_forms(entry, hanzi),
                english=entry.english,
                gloss=entry.gloss,
                pages=tuple(sorted(first_on_page[entry.id].items())),
            )
        )
    return out
