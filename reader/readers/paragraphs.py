"""Where the paragraphs of a plain text are: the layout rules of ``docs/import.md``.

Blank lines, indentation, page-break splits, numbered and Markdown headings, the blank lines a PDF
extraction adds after every wrapped line, and the one-paragraph-per-line layout of text copied from
a web page. :mod:`reader.readers.plaintext` turns the paragraphs found here into the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

H1 = re.compile(r"^[一二三四五六七八九十百]+、")
H2 = re.compile(r"^[(（][一二三四五六七八九十百]+[)）]")
H_ARABIC = re.compile(r"^\d{1,2}[.．、]\s*(?=\S)")
SENT_END = re.compile(r"[。！？；：][」』”’）)]*$")


_MD_HEAD = re.compile(r"^(#{1,6})[ \t]+(?=\S)")  #: a Markdown heading pasted into plain text


def _heading_level(line: str) -> int:
    s = line.strip()
    m = _MD_HEAD.match(s)
    if m:
        return min(len(m.group(1)), 3)  # '#' the title, '##' a section, '###' a subsection
    if len(s) > 60 or SENT_END.search(s):
        return 0
    if H1.match(s) or H_ARABIC.match(s):
        return 1
    if H2.match(s):
        return 2
    return 0


_LINE_END = frozenset("。！？；：…」』”）)\"'.!?;:")  #: a line ending in one of these ends a sentence
_INDENTED = re.compile(r"^(?:[ \t]{2}|\u3000)")


def blank_lines_are_artefacts(lines: list[str]) -> bool:
    """Whether one blank line is an extraction artefact rather than a paragraph break (docs/import.md).

    Text copied out of a PDF often has a blank line after (nearly) every hard-wrapped line; its
    paragraphs are then marked by indentation. Ordinary text separates paragraphs by blank lines.
    The evidence: at least 6 non-blank lines, at least 80% of the gaps between them exactly one blank
    line, and paragraphs visibly marked otherwise: some line indented, or most lines that stand before
    a blank line breaking off mid-sentence (wrapped lines).
    """
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) < 6:
        return False
    gaps = [b - a - 1 for a, b in zip(nonblank, nonblank[1:], strict=False)]
    if sum(1 for g in gaps if g == 1) < 0.8 * len(gaps):
        return False
    if any(lines[i][0] in " \t\u3000" and _INDENTED.match(lines[i]) for i in nonblank):
        return True
    before_blank = [lines[a].strip() for a, g in zip(nonblank, gaps, strict=False) if g == 1]
    open_ended = [s for s in before_blank if s[-1] not in _LINE_END]
    headings = sum(1 for s in open_ended if _heading_level(s))  # headings end without punctuation
    return (len(open_ended) - headings) * 2 > len(before_blank) - headings


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """Whether the file shows one paragraph per line (text copied from a web page, docs/import.md).

    The evidence: at least 3 non-blank lines, none indented, no blank line between them (blank lines
    keep the rules above), and at least two thirds of the lines after the first ending a sentence:
    hard-wrapped text breaks off mid-sentence, paragraphs on a line each end one.
    """
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    last = max((i for i, ln in enumerate(lines) if ln.strip()), default=None)
    if first is None or last is None:
        return False
    body = lines[first : last + 1]
    if len(body) < 3 or any(not ln.strip() for ln in body):
        return False
    if any(_INDENTED.match(ln) for ln in body):
        return False
    ends = [ln.rstrip()[-1] in _LINE_END for ln in body[1:] if not _heading_level(ln)]
    if not ends:
        return False
    return sum(ends) * 3 >= len(ends) * 2


@dataclass
class _Para:
    kind: str  #: p, head1, head2, title, byline, note
    lines: list[str] = field(default_factory=list)


def paragraphs(text: str) -> list[_Para]:
    """The paragraphs of a plain text as ``reader import`` finds them (kind and raw lines)."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    lines = [line.rstrip() for line in raw]
    double = blank_lines_are_artefacts(lines)
    per_line = _one_paragraph_per_line(lines)
    paras: list[_Para] = []
    cur: _Para | None = None
    blanks = 0
    front = True  # before the first heading or indented paragraph: short lines are title and byline
    for line in lines:
        if not line.strip():
            blanks += 1
            continue
        gap, blanks = blanks, 0
        level = _heading_level(line)
        stripped = line.lstrip(" \t\u3000")
        indent = len(line) - len(stripped)
        if level:
            md = _MD_HEAD.match(stripped)
            if md and level == 1 and not paras:
                paras.append(_Para("title", [stripped[md.end() :]]))  # '# Title' at the top
                cur = None
                continue
            if md:
                level = max(1, level - 1)
                stripped = stripped[md.end() :]
            paras.append(_Para(f"head{level}", [stripped]))
            cur, front = None, False
            continue
        front = front and indent < 2
        short = front and len(stripped.strip()) <= 60 and not SENT_END.search(stripped)
        brk = per_line or cur is None or indent >= 2 or short or (gap >= 2 if double else gap >= 1)
        if indent == 1 and cur is not None and not short:
            brk = False  # a page-break split: the line continues the paragraph before it
        if brk:
            cur = _Para("p", [stripped])
            paras.append(cur)
        else:
            assert cur is not None
            cur.lines.append(stripped)
    return paras
