"""Facing pages: the Chinese on the verso (left), the English on the recto (right), in step.

WeasyPrint has no parallel flows, so the pairing is planned before the final layout:

1. every aligned pair is measured in both languages at the width of a page (one render of all the
   pairs as blocks on a very tall page; the English with its notes in the flow, as they will take
   room at the foot of the recto);
2. a pair taller than a page in either language is cut into its sentence pairs (a Chinese sentence
   and the English sentences that render it), measured again;
3. the pieces are packed into spreads greedily, so that both sides of a spread fit their page and a
   heading never ends a spread;
4. the spreads are laid out as one document: each spread's Chinese starts on a left page
   (``break-before: left``), its English on the right page after it (``break-before: right``).

A piece that is taller than a page on its own (a single sentence longer than a page) still runs on
to the next page, and the spreads after it stay in step through ``break-before``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .document import print_html
from .fetcher import asset_base_url, make_fetcher
from .fonts import page_css
from .view import PrintView, Row, Sent

#: the height of the page's content box per paper (mm), after print.css's margins
CONTENT_HEIGHT_MM = {"a4": 297 - 20 - 22, "letter": 279.4 - 20 - 22, "a5": 210 - 16 - 18}  # see fonts.PAPER_RULES
PX_PER_MM = 96 / 25.4  #: WeasyPrint lays out in CSS px
PAGE_WIDTH = {"a4": "210mm", "letter": "215.9mm", "a5": "148mm"}
NOTE_AREA = 20.0  #: px the footnote area's rule and spacing take on a recto with notes
SAFETY = 0.94  #: the share of a page a spread may plan to fill (notes' spacing, rounding, widows)


@dataclass(frozen=True)
class Piece:
    """A pair, or part of one, as placed on a spread."""

    row: Row  #: the pair it comes from (kind, level, anchor, section, bookmark)
    zh: tuple[Sent, ...]  #: its Chinese sentences
    en: tuple[Sent, ...]  #: its English sentences
    first: bool = True  #: the pair's first piece (carries its anchor, heading and bookmark)


def pieces_of(row: Row) -> list[Piece]:
    """A pair cut into its sentence pairs (English sentences go with the Chinese one they render)."""
    en = [s for p in row.en for s in p]
    out: list[Piece] = []
    for i, zh in enumerate(row.zh):
        mine = tuple(s for s in en if s.key == zh.key) if zh.key else ()
        out.append(Piece(row, (zh,), mine, i == 0))
    placed = {id(s) for piece in out for s in piece.en}
    rest = tuple(s for s in en if id(s) not in placed)
    if rest and out:
        last = out[-1]
        out[-1] = replace(last, en=last.en + rest)
    return out or [Piece(row, row.zh, tuple(en))]


def _measure(view: PrintView, pieces: list[Piece], paper: str, fonts: Any) -> list[tuple[float, float]]:
    """(Chinese height, English height) of each piece, in CSS px, laid out at the page's width."""
    from weasyprint import HTML

    html = print_html(view, "measure", facing=pieces)
    # !important: a user stylesheet's rule beats print.css's only so (the notes are measured in the flow)
    extra = (
        f"@page {{ size: {PAGE_WIDTH[paper]} 20000mm; }} .fn {{ float: none !important; display: block !important; }}"
    )
    doc = HTML(string=html, base_url=asset_base_url(), url_fetcher=make_fetcher()).render(
        stylesheets=[page_css(paper, fonts, extra)], font_config=fonts
    )
    heights: dict[str, float] = {}
    for page in doc.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            ident = element.get("id") if element is not None else None
            if ident and ident.startswith("m-") and ident not in heights:
                heights[ident] = box.margin_height()
    return [(heights.get(f"m-zh-{i}", 0.0), heights.get(f"m-en-{i}", 0.0)) for i in range(len(pieces))]


def plan_spreads(view: PrintView, paper: str, fonts: Any) -> list[list[Piece]]:
    """The pieces of every pair, packed into spreads that fit a page on each side."""
    limit = CONTENT_HEIGHT_MM[paper] * PX_PER_MM * SAFETY
    whole = [Piece(r, r.zh, tuple(s for p in r.en for s in p)) for r in view.rows]
    sizes = _measure(view, whole, paper, fonts)
    pieces: list[Piece] = []
    heights: list[tuple[float, float]] = []
    cut: list[Piece] = []
    for piece, size in zip(whole, sizes, strict=True):
        if max(size) > limit and len(piece.row.zh) > 1:
            cut.extend(pieces_of(piece.row))
    cut_sizes = iter(_measure(view, cut, paper, fonts) if cut else [])
    cut_iter = iter(cut)
    for piece, size in zip(whole, sizes, strict=True):
        if max(size) > limit and len(piece.row.zh) > 1:
            for _ in range(len(piece.row.zh)):
                pieces.append(next(cut_iter))
                heights.append(next(cut_sizes))
        else:
            pieces.append(piece)
            heights.append(size)
    spreads: list[list[Piece]] = []
    current: list[Piece] = []
    zh = en = 0.0
    for piece, (hz, he) in zip(pieces, heights, strict=True):
        if current and (zh + hz > limit or en + he > limit - NOTE_AREA):
            carry: list[Piece] = []
            while current and current[-1].row.kind == "head" and current[-1].first:  # a heading goes on with its text
                carry.insert(0, current.pop())
            if current:
                spreads.append(current)
                current, zh, en = carry, 0.0, 0.0
                for c in carry:
                    i = pieces.index(c)
                    zh, en = zh + heights[i][0], en + heights[i][1]
            else:
                current = carry
        current.append(piece)
        zh, en = zh + hz, en + he
    if current:
        spreads.append(current)
    return spreads


def paragraphs(spread: list[Piece]) -> list[Piece]:
    """The spread's pieces with consecutive pieces of one pair joined again (one paragraph)."""
    out: list[Piece] = []
    for piece in spread:
        if out and out[-1].row is piece.row:
            last = out[-1]
            out[-1] = replace(last, zh=last.zh + piece.zh, en=last.en + piece.en)
        else:
            out.append(piece)
    return out


def facing_html(view: PrintView, paper: str, fonts: Any) -> str:
    """The print HTML of the body in facing pages."""
    spreads = [paragraphs(s) for s in plan_spreads(view, paper, fonts)]
    return print_html(view, "facing", facing=spreads)
