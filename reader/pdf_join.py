"""Joining the PDFs of a text laid out in chunks into one edition. The only pypdf import.

:mod:`reader.pdf_chunks` lays out the body in chunks and the glossary appendix on its own; this
module puts their pages in order and rebuilds what belongs to the whole document rather than to any
one part: the page numbers (a page of numbers laid over each body page), the outline (nested by
bookmark level across chunk boundaries), the appendix's links to the pages where each term occurs,
the metadata and language of the first part, and page labels that match the printed numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .pdf_chunks import Bookmark


@dataclass(frozen=True)
class Part:
    """One document to append, with its outline entries and the joined page its page 0 becomes."""

    pdf: bytes  #: the part's PDF
    bookmarks: list[tuple[Bookmark, int]] = field(default_factory=list)  #: (entry, page offset) pairs


@dataclass(frozen=True)
class AppendixLink:
    """A link from a page number in the appendix to the occurrence it names."""

    page: int  #: 0-based joined page the link is on
    rect: tuple[float, float, float, float]  #: its area, in points
    target: int  #: 0-based joined page of the occurrence
    x: float  #: where on that page, in points
    y: float


def join(parts: list[Part], numbers: bytes, first_numbered: int, links: list[AppendixLink]) -> bytes:
    """One PDF of ``parts`` in order; the pages of ``numbers`` laid over the pages from ``first_numbered``
    (0-based) on; bookmarks, ``links``, metadata and page labels for the whole."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.constants import PageLabelStyle
    from pypdf.generic import Fit, NameObject

    writer = PdfWriter()
    first = PdfReader(BytesIO(parts[0].pdf))
    for part in parts:
        writer.append(PdfReader(BytesIO(part.pdf)), import_outline=False)
    overlay = PdfReader(BytesIO(numbers))
    for i, page in enumerate(overlay.pages):
        target = writer.pages[first_numbered + i]
        target.merge_page(page)
        target.compress_content_streams()
    _outline(writer, [entry for part in parts for entry in part.bookmarks], Fit)
    for link in links:
        fit = Fit.xyz(left=link.x, top=link.y)
        writer.add_annotation(link.page, Link(rect=link.rect, target_page_index=link.target, fit=fit))
    if first.metadata:
        writer.add_metadata({k: v for k, v in first.metadata.items() if isinstance(v, str)})
    root: Any = first.trailer["/Root"]
    for key in ("/Lang", "/PageMode", "/ViewerPreferences"):
        if key in root:
            writer.root_object[NameObject(key)] = root[key]
    writer.set_page_label(0, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, start=1)
    writer.pdf_header = first.pdf_header
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
