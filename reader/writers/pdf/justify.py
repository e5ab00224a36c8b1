"""Justified Chinese: WeasyPrint 70 justifies a line by widening its spaces only, so a Chinese line
(which has none) stays ragged, and one with a Latin name in it opens a wide hole at that name's space
(``（Vladimir　　Putin）``).

:func:`install` wraps WeasyPrint's ``justify_line``: a line of a block whose ``lang`` is Chinese gets
its extra width spread evenly over the gaps between characters, as clreq (Requirements for Chinese
Text Layout, 3.2.3) sets justified Chinese: around each Han character, kana or CJK punctuation mark,
and at the spaces between Latin words, never between the letters of a Latin word or the digits of a
number. Each text box is laid out again with Pango letter spacing on those characters (see
:func:`gaps`), and the boxes after it move right by what it grew. Lines of other languages, and the last line of a
paragraph (which CSS never justifies), are left to WeasyPrint. Punctuation compression (clreq 3.1.6)
is not done: WeasyPrint sets every CJK punctuation mark on a full em.
"""

from __future__ import annotations

from typing import Any

from ...text import han

_INSTALLED = False


def wide(c: str) -> bool:
    """A character set on the em square: Han, kana, bopomofo, CJK and full-width punctuation."""
    return han.is_han(c) or "\u3000" <= c <= "\u30ff" or "\uff00" <= c <= "\uffef" or c in "\u2014\u2026\u00b7"


def gaps(text: str) -> list[int]:
    """Indices of the characters of one line's ``text`` that take justifying space: every wide
    character and every space between words (not trailing spaces). Pango sets a character's letter
    spacing half before and half after it, so two wide characters get a full share between them, a
    wide character and a letter half a share, and two letters none: ``1.3`` and ``Putin`` stay whole."""
    end = len(text.rstrip(" "))
    return [i for i in range(end) if wide(text[i]) or text[i] == " "]


def install() -> None:
    """Put the Chinese-aware ``justify_line`` into WeasyPrint's inline layout (once per process)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text.ffi import TO_UNITS, ffi, pango
    from weasyprint.text.line_break import Layout

    original = inline.justify_line

    def text_boxes(box: Any) -> list[Any]:
        if isinstance(box, boxes.TextBox):
            return [box]
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return [t for child in box.children if child.is_in_normal_flow() for t in text_boxes(child)]
        return []

    class SpacedLayout(Layout):  # type: ignore[misc, valid-type]
        """A text box's Pango layout with letter spacing after some of its characters; kept through
        WeasyPrint's ``reactivate`` (which sets the text again when the page is drawn)."""

        where: tuple[int, ...] = ()
        spacing = 0

        def set_text(self, text: str, justify: bool = False) -> None:
            super().set_text(text, justify)
            if not self.where or not self.spacing:
                return
            attrs = pango.pango_layout_get_attributes(self.layout)
            if attrs == ffi.NULL:
                attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            offsets = [0]
            for c in self.text:
                offsets.append(offsets[-1] + len(c.encode("utf-8")))
            for i in self.where:
                if i + 1 < len(offsets):
                    attr = pango.pango_attr_letter_spacing_new(self.spacing)
                    attr.start_index, attr.end_index = offsets[i], offsets[i + 1]
                    pango.pango_attr_list_change(attrs, attr)
            pango.pango_layout_set_attributes(self.layout, attrs)

    def spaced(box: Any, where: list[int], spacing: float) -> None:
        """Give ``box`` a layout that sets ``spacing`` around the characters at ``where`` when the page
        is drawn. Drawing sets a box's layout up again (``reactivate``) before it draws the glyphs,
        so nothing is shaped here: the layout only carries the text and the spacing until then."""
        layout = SpacedLayout.__new__(SpacedLayout)
        layout.text, layout.justification_spacing, layout.max_width = box.text, 0, None
        layout.where, layout.spacing = tuple(where), int(spacing * TO_UNITS)
        box.pango_layout = layout

    def shift(box: Any, plan: dict[int, list[int]], spacing: float, x_advance: float, first: int) -> float:
        """Move ``box`` right by ``x_advance`` and space its characters; return the advance after it.

        Pango drops the outer half of the spacing of a box's first and last characters (it sets half
        a character's spacing on each side, and nothing outside the layout), so a box whose first
        character is spaced moves right by that half, and the box after it by the whole: every gap
        gets half the spacing of each character beside it, across boxes too. The line's first
        character (``first``: its box) keeps its place, flush left.
        """
        if isinstance(box, boxes.TextBox):
            where = plan.get(id(box))
            if not where:
                box.position_x += x_advance
                return x_advance
            spaced(box, where, spacing)
            lead = spacing / 2 if where[0] == 0 and id(box) != first else 0.0
            box.position_x += x_advance + lead
            grown = spacing * len(where) - (spacing / 2 if where[0] == 0 and id(box) == first else 0.0)
            box.width += grown - lead
            return x_advance + grown
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            box.position_x += x_advance
            before = x_advance
            for child in box.children:
                if child.is_in_normal_flow():
                    x_advance = shift(child, plan, spacing, x_advance, first)
            box.width += x_advance - before
            return x_advance
        box.translate(x_advance, 0)
        return x_advance

    def justify_line(context: Any, line: Any, extra_width: float) -> None:
        lang = line.style["lang"] or ""
        if not lang.startswith("zh") or extra_width <= 0 or line.style["direction"] != "ltr":
            return original(context, line, extra_width)  # type: ignore[no-any-return]
        texts = [t for t in text_boxes(line) if t.text]
        whole = "".join(t.text for t in texts)
        where = gaps(whole)
        if not where:
            return original(context, line, extra_width)  # type: ignore[no-any-return]
        plan: dict[int, list[int]] = {}
        start = 0
        at = iter(where)
        nxt = next(at, None)
        for t in texts:
            end = start + len(t.text)
            while nxt is not None and nxt < end:
                plan.setdefault(id(t), []).append(nxt - start)
                nxt = next(at, None)
            start = end
        # the visible growth: every character's spacing, less the outer halves of the line's first
        # and last characters (nothing is set outside the line)
        last = len(whole.rstrip(" ")) - 1
        shares = len(where) - 0.5 * (where[0] == 0) - 0.5 * (where[-1] == last)
        shift(line, plan, extra_width / shares, 0.0, id(texts[0]))
        return None

    justify_line.original = original  # type: ignore[attr-defined]  # WeasyPrint's own, for the tests
    inline.justify_line = justify_line
    _INSTALLED = True
