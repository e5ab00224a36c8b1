"""Notes kept with their calls, and marked where they could not be.

``footnote-policy: line`` (print.css) moves a line that calls a note to the next page rather than
part it from its note, so a note is on its call's page wherever that can be done. Where it cannot
(a note too tall for what is left of the page, as happens on A5), WeasyPrint sets the note on the
next page. Such a note is marked "(called on p. 5)" after its number, so that a reader who finds it
there knows where its call is: :func:`displaced_notes` finds them in a laid-out document and
:func:`mark_displaced` writes the marks into the print HTML, which is then laid out again (the mark
is short, and the pages are checked again until they agree with their marks).
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

#: how often the pages are laid out again to make the marks agree with them
ROUNDS = 3


def displaced_notes(document: Any) -> dict[str, int]:
    """Note id -> the page (1-based) of its call, for every note that landed on another page."""
    where: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            where.setdefault(anchor, number)  # a box broken across pages: its first page
    return {
        anchor[4:]: page
        for anchor, page in where.items()
        if anchor.startswith("ref-") and anchor[4:] in where and where[anchor[4:]] != page
    }


def mark_displaced(html: str, displaced: dict[str, int]) -> str:
    """The print HTML with "(called on p. N)" after the number of each displaced note."""
    for ident, page in displaced.items():
        back = re.compile(r'(<a class="nback" href="#ref-' + re.escape(str(escape(ident))) + r'">\d+\.</a>)')
        mark = f' <span class="called">(called on p. {page})</span>'
        html = back.sub(lambda m: m.group(1) + mark, html, count=1)  # noqa: B023 - used at once
    return html


def laid_out_with_marks(html: str, render: Any) -> Any:
    """``render(html)`` -> a laid-out document whose displaced notes carry their marks."""
    marked: dict[str, int] = {}
    document = render(html)
    for _ in range(ROUNDS):
        displaced = displaced_notes(document)
        if displaced == marked:
            return document
        marked = displaced
        document = render(mark_displaced(html, marked))
    if displaced_notes(document) == marked:
        return document
    return render(html)  # the pages never agreed with their marks: none rather than a wrong one
