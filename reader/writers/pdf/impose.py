"""Booklet imposition: A5 pages printed 2-up on A4 sheets, to be folded and stapled (saddle stitch).

The pages are padded with blank pages to a multiple of four, then each A4 side holds two of them
in the order that reads right once the printed stack (printed on both sides, flipped on the short
edge) is folded in the middle: sheet 1 front has the last page on the left and page 1 on the right,
its back page 2 and the last but one, and so on inwards. Done with pypdf on the finished PDF.
"""

from __future__ import annotations

import io

A4 = (595.276, 841.89)  #: points


def booklet_order(count: int) -> list[tuple[int | None, int | None]]:
    """(left, right) 0-based page indexes of each A4 side, in print order; None: a blank page."""
    total = (count + 3) // 4 * 4

    def page(i: int) -> int | None:
        return i if i < count else None

    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        front = (page(total - 1 - 2 * sheet), page(2 * sheet))
        back = (page(2 * sheet + 1), page(total - 2 - 2 * sheet))
        sides += [front, back]
    return sides


def booklet(data: bytes) -> bytes:
    """The A5 PDF ``data`` imposed as a booklet on A4 landscape sheets."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    width, height = A4[1], A4[0]  # landscape
    for left, right in booklet_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=width, height=height)
        for index, x in ((left, 0.0), (right, width / 2)):
            if index is None:
                continue
            page = reader.pages[index]
            box = page.mediabox
            scale = min((width / 2) / float(box.width), height / float(box.height))
            dx = x + ((width / 2) - float(box.width) * scale) / 2
            dy = (height - float(box.height) * scale) / 2
            sheet.merge_transformed_page(page, Transformation().scale(scale).translate(dx, dy))
        writer.add_page(sheet)
    writer.add_metadata({k: v for k, v in (reader.metadata or {}).items() if isinstance(v, str)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
