"""Joining the PDFs of a text laid out in chunks into one edition. The only pypdf import.

:mod:`reader.writers.pdf.chunks` lays out the body in chunks and the glossary appendix on its own; this
module puts their pages in order and rebuilds what belongs to the whole document rather than to any
one part: the page numbers (a page of numbers laid over each body page), the outline (nested by
bookmark level across chunk boundaries), the appendix's links to the pages where each term occurs,
the metadata and language of the first part, and page labels that match the printed numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any


@dataclass(frozen=True)
class Bookmark:
    """An outline entry found in a laid-out chunk."""

    level: int  #: bookmark-level (1 for sections)
    label: str  #: the text shown in the outline
    page: int  #: 0-based page within its document
    x: float  #: destination, in PDF points from the page's lower left
    y: float


@dataclass(frozen=True)
class AppendixLink:
    """A link from a page number in the appendix to the occurrence it names."""

    page: int  #: 0-based joined page the link is on
    rect: tuple[float, float, float, float]  #: its area, in points
    target: int  #: 0-based joined page of the occurrence
    x: float  #: where on that page, in points
    y: float


class Joiner:
    """Builds the joined PDF: :meth:`add` the parts in order, :meth:`lay_over` the page numbers,
    :meth:`link` the appendix, then :meth:`write`."""

    def __init__(self) -> None:
        from pypdf import PdfWriter

        self.writer = PdfWriter()
        self.first: Any = None  #: the first part's reader: metadata and language come from it
        self.bookmarks: list[tuple[Bookmark, int]] = []

    def add(self, pdf: bytes, bookmarks: Iterable[tuple[Bookmark, int]]) -> None:
        """Append a part's pages; ``bookmarks`` are its outline entries with the joined page of its page 0."""
        from pypdf import PdfReader

        reader = PdfReader(BytesIO(pdf))
        self.first = self.first or reader
        self.writer.append(reader, import_outline=False)
        self.bookmarks.extend(bookmarks)

    def lay_over(self, numbers: bytes, first: int) -> None:
        """Lay the pages of ``numbers`` over the joined pages from ``first`` (0-based) on."""
        from pypdf import PdfReader

        for i, page in enumerate(PdfReader(BytesIO(numbers)).pages):
            target = self.writer.pages[first + i]
            target.merge_page(page)
            target.compress_content_streams()

    def link(self, links: Iterable[AppendixLink]) -> None:
        """Add the appendix's links, each to a point on a page."""
        from pypdf.annotations import Link
        from pypdf.generic import Fit

        for link in links:
            fit = Fit.xyz(left=link.x, top=link.y)
            self.writer.add_annotation(link.page, Link(rect=link.rect, target_page_index=link.target, fit=fit))

    def write(self) -> bytes:
        """The outline, metadata, language and page labels; then the PDF."""
        from pypdf.constants import PageLabelStyle
        from pypdf.generic import Fit, NameObject

        writer = self.writer
        _outline(writer, self.bookmarks, Fit)
        if self.first.metadata:
            writer.add_metadata({k: v for k, v in self.first.metadata.items() if isinstance(v, str)})
        root: Any = self.first.trailer["/Root"]
        for key in ("/Lang", "/PageMode", "/ViewerPreferences"):
            if key in root:
                writer.root_object[NameObject(key)] = root[key]
        writer.set_page_label(0, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)
        writer.pdf_header = self.first.pdf_header
        out = BytesIO()
        writer.write(out)
        return out.getvalue()


def _outline(writer: Any, entries: list[tuple[Bookmark, int]], fit: Any) -> None:
    """Add outline items nested by bookmark level: an entry is the child of the last one above its level."""
    stack: list[tuple[int, Any]] = []
    for mark, offset in entries:
        while stack and stack[-1][0] >= mark.level:
            stack.pop()
        item = writer.add_outline_item(
            title=mark.label,
            page_number=offset + mark.page,
            parent=stack[-1][1] if stack else None,
            fit=fit.xyz(left=mark.x, top=mark.y),
        )
        stack.append((mark.level, item))
