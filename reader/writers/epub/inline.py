"""The EPUB's inline content: model inline nodes -> XHTML through the model's inline visitor.

Glossary terms become ``<a epub:type="noteref">`` links to the document's footnote for the entry (a
nested term, which cannot be a second link, becomes a span with an id), translator's notes become
numbered marks, foreign runs get their own language, and http(s) links are percent-encoded. Every
term occurrence is numbered and recorded, so the glossary can link back to it. Language tags that
are not well-formed become ``und``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape

from ...model import Emph, Foreign, Glossary, Inline, InlineVisitor, Link, Note, TermRef, Text

_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")  #: a well-formed BCP 47 tag (the syntax only)


def lang_attrs(lang: str) -> Markup:
    """``lang`` and ``xml:lang`` together, as XHTML content documents want them; a tag that is not
    well-formed becomes ``und`` (undetermined) rather than an invalid attribute."""
    if not _LANG_TAG.fullmatch(lang):
        lang = "und"
    return Markup(' lang="{0}" xml:lang="{0}"').format(lang)


def safe_href(url: str) -> str:
    """An http(s) URL with the characters a URL may not contain percent-encoded (quotes, spaces, …)."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


@dataclass(frozen=True)
class NoteItem:
    """A translator's (or other) note: its number, the document its reference mark is in, its content."""

    id: str  #: the note's xml:id
    number: int  #: 1, 2, 3 … in document order
    kind: str  #: translator, publisher, …
    doc: str  #: file name of the content document holding the reference mark
    html: Markup  #: the note's content as XHTML


@dataclass(frozen=True)
class Occurrence:
    """Where a glossary entry is linked: a document and the id of the element."""

    doc: str  #: content document file name
    anchor: str  #: element id in that document
    side: str  #: ``zh`` or ``en``


@dataclass
class InlineState:
    """What rendering inline content records across a book: the document being written, its footnotes,
    every term occurrence and note, and the Chinese characters shown."""

    glossary: Glossary  #: the glossary terms link to
    doc: str = ""  #: file name of the content document being written
    terms: int = 0  #: term occurrences numbered so far (``t1``, ``t2``, …)
    doc_terms: list[str] = field(default_factory=list)  #: glossary ids with a footnote in this document
    doc_notes: list[NoteItem] = field(default_factory=list)  #: notes with a footnote in this document
    notes: list[NoteItem] = field(default_factory=list)  #: every note, in order
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)  #: glossary id -> occurrences
    chars: set[str] = field(default_factory=set)  #: every character of Chinese shown (for font subsetting)

    def begin(self, doc: str) -> None:
        """Start a new content document (its footnotes start empty)."""
        self.doc, self.doc_terms, self.doc_notes = doc, [], []


def render_inlines(
    state: InlineState, nodes: tuple[Inline, ...], side: str, in_link: bool = False, in_note: bool = False
) -> str:
    """Inline nodes -> escaped XHTML (``side``: zh or en; inside a link; inside a note's pop-up)."""
    return Inlines(state, side, in_link, in_note).render(nodes)


class Inlines(InlineVisitor[str]):
    """Inline nodes -> XHTML for the EPUB: terms as noterefs, notes as numbered marks."""

    def __init__(self, state: InlineState, side: str, in_link: bool, in_note: bool) -> None:
        self.w, self.side, self.in_link, self.in_note = state, side, in_link, in_note

    def render(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self.visit_all(nodes))

    def inner(self, nodes: tuple[Inline, ...], side: str | None = None, in_link: bool | None = None) -> str:
        side = self.side if side is None else side
        return render_inlines(self.w, nodes, side, self.in_link if in_link is None else in_link, self.in_note)

    def text(self, node: Text) -> str:
        if self.side == "zh":
            self.w.chars.update(node.text)
        return str(escape(node.text))

    def term(self, node: TermRef) -> str:
        w = self.w
        known = w.glossary.get(node.ref) is not None
        ref = escape(node.ref)
        if self.in_note:  # inside a note's pop-up: a plain link to the glossary, no occurrence
            inner = self.inner(node.children, in_link=True)
            if self.in_link or not known:
                return f'<span class="term">{inner}</span>'
            return f'<a class="term" href="glossary.xhtml#gl-{ref}">{inner}</a>'
        w.terms += 1
        anchor = f"t{w.terms}"
        if known:
            w.occurrences.setdefault(node.ref, []).append(Occurrence(w.doc, anchor, self.side))
        inner = self.inner(node.children, in_link=True)
        if self.in_link or not known:  # links cannot nest: the outer term carries the noteref
            return f'<span class="term" id="{anchor}">{inner}</span>'
        if node.ref not in w.doc_terms:
            w.doc_terms.append(node.ref)
        return f'<a epub:type="noteref" role="doc-noteref" class="term" id="{anchor}" href="#fn-{ref}">{inner}</a>'

    def foreign(self, node: Foreign) -> str:
        return f"<span{lang_attrs(node.lang)}>{self.inner(node.children, side='en')}</span>"

    def emph(self, node: Emph) -> str:
        return f"<em>{self.inner(node.children)}</em>"

    def link(self, node: Link) -> str:
        inner = self.inner(node.children, in_link=True)
        if not self.in_link and node.href.startswith(("http://", "https://")):
            return f'<a href="{escape(safe_href(node.href))}">{inner}</a>'
        return inner  # a #fragment names a TEI id the package may not have: keep the text only

    def note(self, node: Note) -> str:
        w = self.w
        number = len(w.notes) + 1
        html = Markup(render_inlines(w, node.children, "en", False, True))
        item = NoteItem(node.id, number, node.kind, w.doc, html)
        w.notes.append(item)
        w.doc_notes.append(item)
        label = "Translator's note" if node.kind == "translator" else "Note"
        nid = escape(node.id)
        return (
            f'<sup class="noteref"><a epub:type="noteref" role="doc-noteref" id="ref-{nid}" href="#note-{nid}"'
            f' aria-label="{label} {number}">{number}</a></sup>'
        )
