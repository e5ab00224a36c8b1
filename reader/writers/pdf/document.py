"""One laid-out print document: the print HTML of a part (body or appendix), the pages the glossary
occurrences landed on, and the first-occurrence marks painted after layout. Shared by the single
render (:mod:`reader.writers.pdf.render`) and the chunked one (:mod:`reader.writers.pdf.chunks`)."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from ..shared.templates import template_environment
from .view import PrintView, Row

#: The appendix links its page references to the pages up to this many; past it they are plain text.
#: Each link is an inline box: at 50 times the article, 6,500 links took 4 s of layout, plain text 0.
LINKED_REFERENCES = 2500


@lru_cache(maxsize=1)
def _env() -> Any:
    return template_environment("print", trim_blocks=False)


def print_html(
    view: PrintView,
    part: str = "body",
    entries: list[Any] | None = None,
    rows: list[Row] | None = None,
    title_page: bool = True,
    facing: list[Any] | None = None,
) -> str:
    """The print HTML of one part (``body`` or ``appendix``); a body of the given rows (default all)."""
    chosen = view.rows if rows is None else rows
    linked = sum(len(g.runs) for g in entries or []) <= LINKED_REFERENCES
    template = _env().get_template("print.html.j2")
    return template.render(
        view=view,
        part=part,
        entries=entries or [],
        rows=chosen,
        title_page=title_page,
        linked=linked,
        facing=facing or [],
    )


def numbers_html(count: int) -> str:
    """The HTML of ``count`` blank pages, laid over the body to print its page numbers."""
    return str(_env().get_template("numbers.html.j2").render(count=count))


def occurrence_pages(document: Any, occurrences: dict[str, str]) -> dict[str, int]:
    """Anchor id -> 1-based page number, for every glossary occurrence in a laid-out document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor in occurrences:
                pages.setdefault(anchor, number)
    return pages


def mark_first_occurrences(document: Any, anchors: set[str]) -> int:
    """Underline and colour, after layout, the glossary occurrences in ``anchors``; return the boxes marked.

    Which occurrence is the first of its entry on a page is known only once the pages exist, so the
    mark must not change any metric: it sets the text colour to the ``text-decoration-color`` that
    print.css gives terms, and a solid underline, on the laid-out text boxes (paint-only properties).
    """
    from weasyprint.formatting_structure.boxes import TextBox

    marked = 0
    for page in document.pages:
        page_anchors = anchors.intersection(page.anchors)
        if not page_anchors:
            continue
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or box.element_tag != "span" or element.get("id") not in page_anchors:
                continue
            for text in box.descendants():
                if isinstance(text, TextBox):
                    style = text.style.copy()
                    style["color"] = box.style["text_decoration_color"]
                    # fixed lengths from print.css: the font's own metrics were not measured at layout
                    style["text_decoration_thickness"] = box.style["text_decoration_thickness"]
                    style["text_underline_offset"] = box.style["text_underline_offset"]
                    style["text_decoration_line"] = frozenset({"underline"})
                    style["text_decoration_style"] = "solid"
                    text.style = style
                    marked += 1
    return marked


def anchors_to_mark(first_on_page: dict[str, dict[int, str]]) -> set[str]:
    """The first occurrences to mark: all but those on the title page (page 1), left plain by design."""
    return {anchor for by_page in first_on_page.values() for page, anchor in by_page.items() if page > 1}


def mark_safely(document: Any, anchors: set[str]) -> None:
    """:func:`mark_first_occurrences`, printing unmarked (with a warning) if WeasyPrint's internals moved."""
    try:
        mark_first_occurrences(document, anchors)
    except (AttributeError, KeyError, TypeError) as exc:
        logging.getLogger("reader").warning("first occurrences not marked: %s", exc)
