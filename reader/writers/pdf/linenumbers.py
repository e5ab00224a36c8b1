"""``--line-numbers``: every fifth line of each column numbered in the outer margin, counted page by
page, so that a passage can be cited as "p. 4, l. 15" in either language.

Lines are known only once WeasyPrint has laid the pages out, and CSS has no line numbering, so the
numbers are added to the laid-out pages: for each page, the line boxes of the Chinese cells (left
column, or the verso page of facing pages) and of the English cells (right column, or the recto
page) are counted in order, and every fifth gets a number on its baseline: the Chinese column's in
the left margin, the English column's in the right margin. Each number is a copy of the page's
section running head (same face and colour), put in one of the page's margin boxes, so that the
tagged PDF treats it as page furniture, not as text of the edition: a screen reader does not read
line numbers into the sentences. Headings count as lines; the notes at the foot of the page do not.
"""

from __future__ import annotations

from typing import Any

EVERY = 5  #: a number on every fifth line
GAP = 8.0  #: pt between a column and its numbers

#: the cells that hold each side's text: two columns, or facing pages
SIDES = {"zh": "zh", "verso": "zh", "en": "en", "recto": "en"}


def column_lines(page_box: Any) -> dict[str, list[tuple[Any, Any]]]:
    """Side (``zh``/``en``) -> (cell, line box) of every line with text on the page, in order."""
    from weasyprint.formatting_structure import boxes

    found: dict[str, list[tuple[Any, Any]]] = {"zh": [], "en": []}

    def has_text(box: Any) -> bool:
        if isinstance(box, boxes.TextBox):
            return bool(box.text.strip())
        return any(has_text(c) for c in getattr(box, "children", ()))

    def walk(box: Any, side: str | None, cell: Any) -> None:
        if isinstance(box, boxes.LineBox):
            if side is not None and has_text(box):
                found[side].append((cell, box))
            return
        element = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None and box.element_tag == "div" else []
        for name in classes:
            if name in SIDES and not isinstance(box, boxes.LineBox):
                side, cell = SIDES[name], box
        for child in getattr(box, "children", ()):
            walk(child, side, cell)

    for child in page_box.children:
        if not isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            walk(child, None, None)
    return found


def _template(document: Any) -> tuple[Any, Any] | None:
    """A line of a section running head (``@top-right``) and its text box: the numbers take their
    face and colour, and are set in copies of them."""
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        for margin in page._page_box.children:
            if isinstance(margin, boxes.MarginBox) and margin.at_keyword == "@top-right":
                for line in margin.children:
                    for text in getattr(line, "children", ()):
                        if isinstance(text, boxes.TextBox) and text.text.strip():
                            return line, text
    return None


def number_lines(document: Any, context: Any = None) -> int:
    """Number every fifth line of each column on every page of ``document`` (laid out, not yet
    written); return how many numbers were set. A page without margin boxes (the title page) has
    no lines to number."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import create_layout, line_size

    found = _template(document)
    if found is None:
        return 0
    template_line, template = found
    set_count = 0
    for page in document.pages:
        hosts = [m for m in page._page_box.children if isinstance(m, boxes.MarginBox)]
        if not hosts:
            continue
        host = hosts[0]
        added = []
        for side, lines in column_lines(page._page_box).items():
            for n, (cell, line) in enumerate(lines, start=1):
                if n % EVERY:
                    continue
                text = str(n)
                layout = create_layout(text, template.style, context, None, 0)
                width, height = line_size(layout.get_first_line()[0], template.style)
                layout.deactivate()
                number = template.copy_with_text(text)
                number.pango_layout = layout
                number.width, number.height = width, height
                if side == "zh":
                    number.position_x = cell.content_box_x() - GAP - width
                else:
                    number.position_x = cell.content_box_x() + cell.width + GAP
                number.position_y = line.position_y + line.baseline - template.baseline
                holder = template_line.copy_with_children([number])
                holder.position_x, holder.position_y = number.position_x, number.position_y
                holder.width, holder.height, holder.baseline = width, height, template.baseline
                added.append(holder)
        if added:
            host.children = [*host.children, *added]
            set_count += len(added)
    return set_count
