"""The one Markdown parser: a safely configured markdown-it-py for glossary notes and imports.

The ``js-default`` preset (no raw HTML), links limited to ``http(s)`` and ``#``, images refused, a size
cap per note. Rendered HTML is meant for element content only, never for an attribute value.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .errors import ReaderError

MAX_NOTE_CHARS = 4000  #: the size cap for one note
_SAFE = re.compile(r"^(https?://|#)", re.I)


@lru_cache(maxsize=1)
def parser() -> Any:
    """The configured MarkdownIt instance (shared)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("js-default", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image"])
    md.validateLink = lambda url: bool(_SAFE.match(url.strip()))  # type: ignore[method-assign]
    return md


def render_note(source: str) -> str:
    """A note in the Markdown subset -> safe HTML for element content."""
    if len(source) > MAX_NOTE_CHARS:
        raise ReaderError(f"note is {len(source)} characters, over the {MAX_NOTE_CHARS}-character limit")
    html = str(parser().render(source))
    # external links open safely
    return html.replace("<a href=", '<a rel="noopener noreferrer" href=')


def tokens(source: str) -> list[Any]:
    """Block and inline tokens of a Markdown document (for importers)."""
    return list(parser().parse(source))
