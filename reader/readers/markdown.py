"""The one Markdown parser: a safely configured markdown-it-py for glossary notes and imports.

The ``js-default`` preset (no raw HTML), links limited to ``http(s)`` and ``#``, images refused, a size
cap per note. Rendered HTML is meant for element content only, never for an attribute value.
:func:`note_problems` says, for ``reader check`` and the glossary reader, what in a note would be
dropped or defused by that configuration (raw HTML, unsafe links, images), so that it is an error
with a line number rather than a silent surprise in the edition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from ..errors import ReaderError

MAX_NOTE_CHARS = 4000  #: the size cap for one note
_SAFE = re.compile(r"^(https?://|#)", re.I)


def safe_url(url: str) -> bool:
    """True for the only URLs a note or a text may link to: ``http(s)://`` and ``#fragment``."""
    return bool(_SAFE.match(url.strip()))


@lru_cache(maxsize=1)
def parser() -> Any:
    """The configured MarkdownIt instance (shared)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])
    md.validateLink = safe_url  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=1)
def _lint_parser() -> Any:
    """A permissive parser used only to find what the safe one would refuse; never rendered."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, "linkify": False})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def render_note(source: str) -> str:
    """A note in the Markdown subset -> safe HTML for element content."""
    if len(source) > MAX_NOTE_CHARS:
        raise ReaderError(f"note is {len(source)} characters, over the {MAX_NOTE_CHARS}-character limit")
    html = str(parser().render(source))
    # external links open safely
    return html.replace("<a href=", '<a rel="noopener noreferrer" href=')


def _walk(tokens: list[Any], line: int = 0) -> Iterator[tuple[int, Any]]:
    for tok in tokens:
        here = tok.map[0] if tok.map else line
        yield here, tok
        if tok.children:
            yield from _walk(tok.children, here)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def note_problems(source: str) -> list[tuple[int, str]]:
    """What the safe renderer would refuse in a note: (0-based line within the note, message) pairs."""
    if len(source) > MAX_NOTE_CHARS:
        return [(0, f"note is {len(source)} characters, over the {MAX_NOTE_CHARS}-character limit")]
    return markdown_problems(source, "a note")


def markdown_problems(source: str, where: str = "Markdown") -> list[tuple[int, str]]:
    """Raw HTML, images and links other than http(s)/#fragment in any Markdown: (0-based line, message)."""
    if "<" not in source and "[" not in source:
        return []  # raw HTML and autolinks begin with <, links and images with [ (linkify is off): no parse
    return _parsed_problems(source, where)


def _parsed_problems(source: str, where: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for line, tok in _walk(list(_lint_parser().parse(source))):
        if tok.type in ("html_inline", "html_block"):
            if tok.content.lstrip().startswith("</"):
                continue  # the opening tag was reported
            out.append((line, f"raw HTML {_short(tok.content)!r} is not allowed in {where}"))
        elif tok.type == "image":
            src = str(tok.attrs.get("src", ""))
            out.append((line, f"image {_short(src)!r} is not allowed in {where}"))
        elif tok.type == "link_open":
            href = str(tok.attrs.get("href", ""))
            if not safe_url(href):
                out.append((line, f"link to {_short(href)!r} is not allowed (only http, https and #fragment)"))
    return out


def tokens(source: str) -> list[Any]:
    """Block and inline tokens of a Markdown document (for importers)."""
    return list(parser().parse(source))
