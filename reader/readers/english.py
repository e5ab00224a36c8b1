"""English plain text -> paragraphs, for the translation side of ``reader align``.

The rules (docs/align.md) follow ``reader import`` (:mod:`.plaintext`): blank lines separate
paragraphs, wrapped lines are joined, text copied out of a PDF with a blank line after every wrapped
line is read as the importer reads it; and an English text without a blank line has one paragraph per
line unless its lines are hard-wrapped.
"""

from __future__ import annotations

import re

from .plaintext import blank_lines_are_artefacts, normalise_spaces, paragraphs

_LINE_END = re.compile(r"[.!?:;\"'”’)\]]$")


def english_paragraphs(text: str) -> list[str]:
    """Paragraphs of an English plain text (docs/align.md): blank lines separate paragraphs and
    wrapped lines are joined, as ``reader import`` does; text copied out of a PDF with a blank line
    after every wrapped line is read as ``reader import`` reads it (indentation or two blank lines
    then mark paragraphs); a text with no blank line at all has one paragraph per line unless its lines
    are hard-wrapped (a fifth or more go on in lower case on the next line, or end in a comma or a
    hyphen), and then paragraphs start at indented lines."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")]
    filled = [ln.strip() for ln in lines if ln.strip()]
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=0)
    if not any(not ln.strip() for ln in lines[first:last]):  # no blank line inside the text
        # a hard-wrapped line breaks off mid-sentence: the next line goes on in lower case, or it ends
        # in a comma or a hyphen
        cut = sum(1 for a, b in zip(filled, filled[1:], strict=False) if b[:1].islower() or a[-1:] in ",-")
        if cut < 0.2 * len(filled):
            return [normalise_spaces(ln) for ln in filled]
        return [normalise_spaces(_join_en(p.lines)) for p in paragraphs(text)]
    before_blank = [lines[i].strip() for i in range(first, last) if lines[i].strip() and not lines[i + 1].strip()]
    wrapped = [ln for ln in before_blank if len(ln) >= 40 and not _LINE_END.search(ln)]
    if blank_lines_are_artefacts(lines) and len(wrapped) * 2 > len(before_blank):
        return [normalise_spaces(_join_en(p.lines)) for p in paragraphs(text)]
    out: list[str] = []
    block: list[str] = []
    for ln in [*lines, ""]:
        if ln.strip():
            block.append(ln)
        elif block:
            out.append(normalise_spaces(_join_en(block)))
            block = []
    return out


def _join_en(lines: list[str]) -> str:
    """Join wrapped English lines with one space, and with none after a line that ends in a hyphen
    (a compound broken at its hyphen, home-/court, stays one word; the hyphen is kept)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (out.endswith("-") and line[:1].isalpha()):
            out += " "
        out += line
    return out
