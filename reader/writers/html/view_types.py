"""The view's data types: what the HTML and print templates iterate over (see :mod:`reader.writers.html.view`).

Frozen dataclasses only; inline content is pre-rendered, escaped HTML (:class:`markupsafe.Markup`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ..shared.inline import NoteView

# --- view dataclasses --------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One rendering of a piece of text: the Chinese in one script, or the English."""

    script: str  #: ``hant`` or ``hans`` for Chinese, ``""`` for text that has no script variants
    lang: str  #: BCP 47 tag for the ``lang`` attribute
    html: Markup  #: escaped inline HTML


@dataclass(frozen=True)
class SentenceView:
    """A sentence, or the undivided content of a unit."""

    id: str | None  #: the anchor id (None for undivided content: the unit's id is the anchor)
    links: tuple[str, ...]  #: ids of the counterpart elements in the other column (sentences or units)
    variants: tuple[Variant, ...]  #: the content, one per script (one for English)


@dataclass(frozen=True)
class UnitView:
    """A heading, byline, paragraph or note on one side."""

    id: str  #: the anchor id (the TEI xml:id, or a generated stable one)
    lang: str  #: BCP 47 tag of the unit's language as written
    side: str  #: ``zh`` (original) or ``en`` (translation)
    sentences: tuple[SentenceView, ...]  #: content in order


@dataclass(frozen=True)
class RowView:
    """An aligned pair laid out as one row: the original left, its translation right."""

    id: str  #: anchor id of the row (``row-`` + the original unit's id)
    kind: str  #: title, byline, head, p or note
    level: int  #: heading level for title (1) and heads (2 for sections, 3 for subsections); else 0
    section: str | None  #: id of the innermost section the row belongs to
    zh: UnitView  #: the original unit
    en: tuple[UnitView, ...]  #: the translation units (empty when untranslated)


@dataclass(frozen=True)
class FormView:
    """One form of a glossary entry, labelled for display."""

    text: str  #: the form as written
    lang: str  #: its BCP 47 tag
    label: str  #: the locale label, e.g. ``Traditional (Taiwan)``
    type: str  #: main, variant or abbreviation
    type_label: str  #: human label of the type
    pinyin: str  #: reading with tone marks ('' for English)


@dataclass(frozen=True)
class Occurrence:
    """A place in the text where an entry is linked."""

    href: str  #: ``#`` + anchor id of the sentence or unit
    number: int  #: 1, 2, 3 … within the entry and side
    side: str  #: zh or en


@dataclass(frozen=True)
class EntryView:
    """A glossary entry as the glossary section and the popovers show it."""

    id: str  #: the entry's id
    anchor: str  #: anchor id of its element (``gl-`` + id)
    category: str  #: person, org, place, event or term
    category_label: str  #: human label of the category
    headword: tuple[Variant, ...]  #: the main Chinese form, one per script
    pinyin: str  #: reading of the Taiwan main form (or the first Chinese form)
    english: str  #: the standard English name
    gloss: str  #: one line of English
    note: tuple[Variant, ...]  #: the note rendered from Markdown, one per script; empty when none
    forms: tuple[FormView, ...]  #: Chinese forms, then English forms (no exclusions)
    wikidata: str  #: Wikidata Q-id or ''
    occurrences: tuple[Occurrence, ...]  #: where the text links it, in document order
    headword_pinyin: tuple[Variant, ...] = ()  #: the reading of each script's headword

    @property
    def in_original(self) -> tuple[Occurrence, ...]:
        """Occurrences in the original (Chinese) column."""
        return tuple(o for o in self.occurrences if o.side == "zh")

    @property
    def in_translation(self) -> tuple[Occurrence, ...]:
        """Occurrences in the translation (English) column."""
        return tuple(o for o in self.occurrences if o.side != "zh")


@dataclass(frozen=True)
class ColophonItem:
    """One line of the colophon: what it is, the value, and the value's language."""

    label: str  #: English label, e.g. ``Author``
    value: str  #: the value as the source gives it (Markup, Chinese runs tagged, when the value is English)
    lang: str  #: BCP 47 tag of the value


@dataclass(frozen=True)
class ContentsItem:
    """One line of the contents menu: a heading of the text."""

    id: str  #: anchor id of the heading (the original unit's id)
    level: int  #: 1 for the title, 2 for sections, 3 for subsections …
    en: str  #: the heading's English, plain text ('' when untranslated)
    zh: tuple[Variant, ...]  #: the heading's Chinese, plain text, one per script


@dataclass(frozen=True)
class EditionView:
    """Everything a template needs to render an edition."""

    slug: str  #: the text's slug
    script: str  #: the script shown by default (hant or hans)
    scripts: tuple[str, ...]  #: scripts rendered for the Chinese
    lang: str  #: BCP 47 tag of the default script (for ``<html lang>``)
    title: tuple[Variant, ...]  #: the original title, one per script
    title_plain: str  #: the original title in the default script, plain text
    title_en: str  #: the English title
    short_title: str  #: short English title for running heads
    rows: tuple[RowView, ...]  #: the aligned content in document order
    entries: tuple[EntryView, ...]  #: glossary entries used, in pinyin order
    notes: tuple[NoteView, ...]  #: notes in document order
    ruby: bool  #: whether Chinese carries pinyin ruby
    about: tuple[ColophonItem, ...] = ()  #: the colophon with the language of each value
    zh_variants: tuple[tuple[str, str, tuple[Any, ...]], ...] = ()
    """(anchor, script, inlines) of every Chinese sentence variant, for the learner's word data"""
    translated: bool = True  #: False: no block has a translation; the edition opens Chinese-only
    contents: tuple[ContentsItem, ...] = ()  #: the headings, for the contents menu


# --- units and rows ----------------------------------------------------------------------------
