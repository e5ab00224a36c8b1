"""The document model: every reader produces it, every writer consumes it.

Frozen dataclasses only; no lxml, Jinja or WeasyPrint types. A text is an :class:`Edition`: metadata
plus a tree of :class:`Section` and :class:`Block`. A block pairs one unit of the original with the
translation units that point back at it (none when untranslated). Units hold sentences; sentences
hold inline nodes. The glossary is a :class:`Glossary` of :class:`GlossaryEntry` with their
:class:`Form`. Every walk over inline nodes, in any layer, goes through :class:`InlineVisitor`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeAlias, TypeVar

# --- inline nodes -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain characters."""

    text: str  #: the characters, exactly as in the source


@dataclass(frozen=True, slots=True)
class TermRef:
    """A name or term linked to a glossary entry."""

    ref: str  #: the glossary entry's id (the part after ``gl:``)
    kind: str  #: person, org, place, event or term (from the TEI element)
    children: tuple[Inline, ...]  #: the linked text; may contain nested term references


@dataclass(frozen=True, slots=True)
class Foreign:
    """Text in another language inside a unit (Latin names in the Chinese)."""

    lang: str  #: BCP 47 tag, e.g. ``en``
    children: tuple[Inline, ...]  #: the foreign text


@dataclass(frozen=True, slots=True)
class Emph:
    """Emphasised or highlighted text."""

    children: tuple[Inline, ...]  #: the emphasised text


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink (only http(s) and fragment targets survive the readers)."""

    href: str  #: the target URL
    children: tuple[Inline, ...]  #: the link text


@dataclass(frozen=True, slots=True)
class Note:
    """A note anchored in the text: a translator's note in the translation."""

    id: str  #: the note's xml:id (stable anchor)
    kind: str  #: ``translator`` or another TEI note type
    children: tuple[Inline, ...]  #: the note's content


Inline: TypeAlias = Text | TermRef | Foreign | Emph | Link | Note

# --- the inline visitor -----------------------------------------------------------------------
R = TypeVar("R")

_HANDLERS = {Text: "text", TermRef: "term", Foreign: "foreign", Emph: "emph", Link: "link", Note: "note"}


class InlineVisitor(Generic[R]):
    """The one walk over inline nodes, for every layer: a subclass defines a handler per node type
    (:meth:`text`, :meth:`term`, :meth:`foreign`, :meth:`emph`, :meth:`link`, :meth:`note`; several may
    share one, ``term = foreign = _inside``). A new inline type is one new handler in each walk (an
    unhandled one fails loudly), not a new branch in a dozen ``isinstance`` chains."""

    _dispatch: dict[type, Any] = {}  #: node type -> the class's handler (filled for each subclass)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._dispatch = {node_type: getattr(cls, name) for node_type, name in _HANDLERS.items()}

    def visit(self, node: Inline) -> R:
        """The result of the node's handler."""
        result: R = self._dispatch[type(node)](self, node)
        return result

    def visit_all(self, nodes: Iterable[Inline]) -> list[R]:
        """The handlers' results for each node, in order."""
        dispatch = self._dispatch
        return [dispatch[type(n)](self, n) for n in nodes]

    def text(self, node: Text) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Text")

    def term(self, node: TermRef) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for TermRef")

    def foreign(self, node: Foreign) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Foreign")

    def emph(self, node: Emph) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Emph")

    def link(self, node: Link) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Link")

    def note(self, node: Note) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Note")


# --- units and structure ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (TEI ``s`` or ``seg``), or the whole content of a unit without sentences."""

    id: str | None  #: xml:id, None for a unit's undivided content
    inlines: tuple[Inline, ...]  #: the sentence's content
    corresp: tuple[str, ...] = ()  #: ids of the original sentences this one renders (translation side)
    line: int = 0  #: line in the source file (0 when unknown)


@dataclass(frozen=True, slots=True)
class Unit:
    """One heading, byline, paragraph or publisher's note on one side of the text."""

    id: str | None  #: xml:id
    lang: str  #: BCP 47 tag of the unit's language
    sentences: tuple[Sentence, ...]  #: content, in order
    line: int = 0  #: line in the source file (0 when unknown)


@dataclass(frozen=True, slots=True)
class Block:
    """An aligned pair: one unit of the original and the translation units that render it."""

    kind: str  #: title, byline, head, p or note
    original: Unit  #: the unit of the original
    translation: tuple[Unit, ...] = ()  #: its translation units, in order; empty if untranslated

    @property
    def translated(self) -> bool:
        """Whether any translation unit renders this block."""
        return bool(self.translation)


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered division of the text, with its heading and content."""

    id: str | None  #: xml:id of the original's div
    n: str | None  #: the division's number as the source gives it
    level: int  #: 1 for sections, 2 for subsections, …
    head: Block | None  #: the heading pair, if any
    children: tuple[Node, ...]  #: blocks and subsections in order


Node: TypeAlias = Block | Section


@dataclass(frozen=True)
class Metadata:
    """What the header says about a text and its translation."""

    slug: str  #: file name without extension; names the outputs
    title: str  #: title of the original
    title_en: str = ""  #: title of the translation
    short_title: str = ""  #: short English title for running heads
    author: str = ""  #: author as the source gives the name
    author_ref: str | None = None  #: glossary id of the author, if linked
    affiliation: str = ""  #: the author's affiliation as the source gives it
    publisher: str = ""  #: publisher of the source, as the source names it
    translator: str = ""  #: who is responsible for the translation
    editorial: str = ""  #: the editorial declaration (normalisation policy), plain text
    rights: str = ""  #: the availability statement (who holds which rights), plain text
    date: str = ""  #: the source's date as the header gives it (``when`` or the text), empty when unknown
    lang: str = "zh-Hant-TW"  #: language of the original
    translation_lang: str = "en"  #: language of the translation


@dataclass(frozen=True)
class Edition:
    """A text read into the model: metadata and the aligned content tree."""

    metadata: Metadata  #: header information
    children: tuple[Node, ...]  #: title and byline blocks, sections, closing notes, in order
    source: str = ""  #: path of the file it was read from
    glossary_path: str | None = None  #: glossary file the ``gl:`` prefix resolves to, if any

    def blocks(self) -> list[Block]:
        """Every block in document order, section headings included."""
        out: list[Block] = []

        def walk(nodes: tuple[Node, ...]) -> None:
            for node in nodes:
                if isinstance(node, Block):
                    out.append(node)
                else:
                    if node.head is not None:
                        out.append(node.head)
                    walk(node.children)

        walk(self.children)
        return out

    def term_refs(self) -> Iterator[TermRef]:
        """Every glossary reference in both columns, in document order, nested ones included."""
        for b in self.blocks():
            for u in (b.original, *b.translation):
                for s in u.sentences:
                    yield from refs_in(s.inlines)

    def sections(self) -> list[Section]:
        """Every section and subsection in document order."""
        out: list[Section] = []

        def walk(nodes: tuple[Node, ...]) -> None:
            for node in nodes:
                if isinstance(node, Section):
                    out.append(node)
                    walk(node.children)

        walk(self.children)
        return out


# --- glossary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    """One written form of a glossary entry."""

    text: str  #: the form as written
    lang: str  #: ``zh-Hant-TW``, ``zh-Hans``, ``zh-Hant-HK`` or ``en`` (or another BCP 47 tag)
    type: str  #: main, variant, abbreviation or exclusion
    pinyin: str = ""  #: reading with tone marks (Chinese forms), else empty
    #: ``contextual`` (linked only beside an unambiguous mention, see docs/glossary.md), ``display``
    #: (shown, never matched: single characters such as 習) or ``context`` (an exclusion with context)
    subtype: str = ""
    source: tuple[str, ...] = ()  #: ids of the header's ``bibl`` entries attesting the form
    period: str = ""  #: when it was seen in use: ``2022``, ``2014–2025-01``, ``–2023-10``, or empty
    left: str = ""  #: an exclusion with context: the text that must stand before the blocked form
    right: str = ""  #: … and after it (``text`` is then left + blocked form + right)

    @property
    def contextual(self) -> bool:
        """Whether the form is linked only where the text also names its entry unambiguously."""
        return self.subtype == "contextual"

    @property
    def matchable(self) -> bool:
        """Whether a matcher may look for this form in running text (display forms are never matched)."""
        return self.type != "exclusion" and self.subtype != "display"

    @property
    def blocked(self) -> str:
        """An exclusion's blocked form: the text without its context."""
        return self.text[len(self.left) : len(self.text) - len(self.right)]


@dataclass(frozen=True)
class GlossaryEntry:
    """A person, organisation, place, event or term, with all its forms."""

    id: str  #: ASCII xml:id
    category: str  #: person, org, place, event or term
    forms: tuple[Form, ...]  #: every form, exclusions included, in file order
    english: str  #: the standard English name
    gloss: str  #: one line of English
    note: str = ""  #: optional longer note (Markdown subset source)
    wikidata: str = ""  #: Wikidata Q-id where certain, else empty
    ambiguity: str = ""  #: why this entry shares a form with another, if it does
    line: int = 0  #: line in the glossary file
    scoped_notes: tuple[tuple[str, str], ...] = ()  #: (the text it speaks of, as its @corresp names it; note)

    def chinese_forms(self) -> tuple[Form, ...]:
        """The Chinese forms that name the entry (no exclusions, no English)."""
        return tuple(f for f in self.forms if f.lang.startswith("zh") and f.type != "exclusion")

    def exclusions(self) -> tuple[str, ...]:
        """Longer words containing a form that are something else (those given with context too)."""
        return tuple(f.text for f in self.forms if f.type == "exclusion")

    def matchable_forms(self) -> tuple[Form, ...]:
        """The Chinese forms a matcher looks for: no exclusions, no display-only abbreviations."""
        return tuple(f for f in self.chinese_forms() if f.subtype != "display")

    def main_form(self, lang: str = "zh-Hant-TW") -> Form | None:
        """The ``main`` form for a locale, falling back to the first Chinese form."""
        for f in self.forms:
            if f.lang == lang and f.type == "main":
                return f
        forms = self.chinese_forms()
        return forms[0] if forms else None


@dataclass(frozen=True)
class Glossary:
    """A glossary file read into the model."""

    entries: tuple[GlossaryEntry, ...]  #: all entries in file order
    source: str = ""  #: path of the file
    title: str = ""  #: the glossary's title
    #: the header's sources: ``bibl`` id -> a one-line label (what a form's ``source`` points at)
    sources: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    #: locale -> the locale it follows where it has no form of its own (zh-Hant-HK -> zh-Hans)
    follows: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def by_id(self) -> dict[str, GlossaryEntry]:
        """Entries by id."""
        return {e.id: e for e in self.entries}

    def get(self, entry_id: str) -> GlossaryEntry | None:
        """The entry with this id, or None."""
        return self.by_id.get(entry_id)


class _PlainText(InlineVisitor[str]):
    """The characters of inline nodes; a note's only when ``notes``."""

    def __init__(self, notes: bool) -> None:
        self.notes = notes

    def text(self, node: Text) -> str:
        return node.text

    def _inside(self, node: TermRef | Foreign | Emph | Link | Note) -> str:
        return "".join(self.visit_all(node.children))

    term = foreign = emph = link = _inside

    def note(self, node: Note) -> str:
        return self._inside(node) if self.notes else ""


_PLAIN = (_PlainText(False), _PlainText(True))


def plain_text(inlines: tuple[Inline, ...] | list[Inline], notes: bool = False) -> str:
    """The plain text of inline nodes (notes left out unless asked for)."""
    return "".join(_PLAIN[notes].visit_all(inlines))


class _TermRefs(InlineVisitor[None]):
    """Collects every TermRef, nested ones included, in document order."""

    def __init__(self) -> None:
        self.found: list[TermRef] = []

    def text(self, node: Text) -> None:
        return None

    def term(self, node: TermRef) -> None:
        self.found.append(node)
        self.visit_all(node.children)

    def _inside(self, node: Foreign | Emph | Link | Note) -> None:
        self.visit_all(node.children)

    foreign = emph = link = note = _inside


def refs_in(inlines: tuple[Inline, ...]) -> list[TermRef]:
    """Every glossary reference in inline nodes, nested ones included, in document order."""
    walk = _TermRefs()
    walk.visit_all(inlines)
    return walk.found


# --- nodes made in bulk: a frozen dataclass's __init__ stores each field with object.__setattr__ (a
# lookup and a call each); these store straight into the slots and give the very same nodes.
_new = object.__new__
_set_text = Text.__dict__["text"].__set__
_set_id, _set_inlines, _set_corresp, _set_line = (Sentence.__dict__[n].__set__ for n in Sentence.__slots__)


def new_text(text: str) -> Text:
    """``Text(text)``, made faster."""
    node = _new(Text)
    _set_text(node, text)
    return node


def new_sentence(id: str | None, inlines: tuple[Inline, ...], corresp: tuple[str, ...] = (), line: int = 0) -> Sentence:
    """``Sentence(id, inlines, corresp, line)``, made faster."""
    node = _new(Sentence)
    _set_id(node, id)
    _set_inlines(node, inlines)
    _set_corresp(node, corresp)
    _set_line(node, line)
    return node
