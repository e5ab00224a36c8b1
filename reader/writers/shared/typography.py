"""English typography applied when a page is written: straight apostrophes and single quotes made curly.

The data keeps what the source has (the TEI and the glossary are not rewritten); the HTML edition
curls ASCII apostrophes in English text as it renders it. Only U+0027 in English text changes:
Chinese text is never passed here, so it stays character for character as the model holds it.
"""

from __future__ import annotations

import re

from markupsafe import Markup

#: An apostrophe that opens a quotation: after a space, an opening bracket or dash, and before a letter
#: or digit (``'Tis`` and ``'90s`` read as elisions, which also curl right). Not at the start of the
#: text: a run of text may begin right after a name (``China`` + ``'s``), where it is an apostrophe.
_OPENING = re.compile(r"([\s(\[{\u2014\u2013\"\u201c])'(?=[^\W_])")
_ESCAPED_APOSTROPHE = re.compile(r"&#(?:39|x27);", re.IGNORECASE)
_ELISION = re.compile(r"(\s)'(?=(?:tis|twas|em|[0-9]{2}s)\b)", re.IGNORECASE)


def curly(text: str) -> str:
    """``text`` with each ASCII apostrophe as ’ (U+2019), or ‘ (U+2018) where it opens a quotation."""
    if "'" not in text:
        return text
    text = _ELISION.sub("\\1\u2019", text)
    text = _OPENING.sub("\\1\u2018", text)
    return text.replace("'", "\u2019")


def curly_html(html: str) -> Markup:
    """Escaped HTML with :func:`curly` applied to its text only (never inside a tag).

    An escaped apostrophe (``&#39;``, ``&#x27;``) in text counts as one: text content needs no escape for it.
    """
    parts = re.split(r"(<[^>]*>)", str(html))
    return Markup("".join(p if p.startswith("<") else curly(_ESCAPED_APOSTROPHE.sub("'", p)) for p in parts))
