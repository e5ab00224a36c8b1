"""The glossary appendix in two columns, laid out as one narrow column and paired.

WeasyPrint lays multi-column content out twice on every page (a trial run to see what fits, then
the columns), which made the two-column appendix of the article cost more than its thirteen pages
of body. The appendix is instead laid out once as a single column half the page's width, on pages
whose page counter steps every other page (:data:`NARROW_PAGES`); then every second page's entries
move right by a column's width and a gap onto the page before it, with their links, anchors and
outline entries, and the emptied pages are dropped. Entries never break across pages
(``break-inside: avoid``), so none breaks across columns, as with CSS columns; the reading order,
and the structure tree of a tagged PDF, runs down the left column, then down the right one.
"""

from __future__ import annotations

from typing import Any

GAP_MM = 6.0  #: between the two columns
PX_PER_MM = 96 / 25.4  #: WeasyPrint lays out in CSS px

#: the appendix's page rules: a right column's page does not count (it becomes half of the page before)
NARROW_PAGES = "@page :nth(2n) { counter-increment: page 0; }"


def _entries(box: Any) -> Any | None:
    """The box of the ``<div class="entries">`` in a page's box tree, if the page has one."""
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) == "div" and element.get("class") == "entries":
        return box
    for child in getattr(box, "children", ()):
        found = _entries(child)
        if found is not None:
            return found
    return None


def paired(document: Any) -> Any:
    """``document`` (the appendix, laid out as one narrow column) with each even page's entries set
    as the right column of the odd page before it."""
    pages = document.pages
    kept = []
    for i in range(0, len(pages), 2):
        left = pages[i]
        kept.append(left)
        if i + 1 == len(pages):
            break
        right = pages[i + 1]
        into, moving = _entries(left._page_box), _entries(right._page_box)
        if into is None or moving is None:  # nothing to pair: keep the page as it is
            kept.append(right)
            continue
        dx = into.width + GAP_MM * PX_PER_MM
        for child in moving.children:
            child.translate(dx, 0)
        into.children = [*into.children, *moving.children]
        left.links.extend(
            (kind, target, (x1 + dx, y1, x2 + dx, y2), box) for kind, target, (x1, y1, x2, y2), box in right.links
        )
        left.anchors.update({name: (x + dx, y, *rest) for name, (x, y, *rest) in right.anchors.items()})
        left.bookmarks.extend((level, label, (x + dx, y), state) for level, label, (x, y), state in right.bookmarks)
    return document.copy(kept)
