"""Typography applied when a page is written: straight quotes in English made curly, and the
Simplified edition's quotation marks (「」 as “”, 『』 as ‘’, the mainland convention; switchable, since
some Simplified texts keep the corner brackets).

The data keeps what the source has (the TEI and the glossary are not rewritten); the editions curl
ASCII quotes in English text as they render it. Only U+0027 (and in the PDF U+0022) in English text change:
Chinese text is never passed to :func:`curly`, so it stays character for character as the model holds it.
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
#: a double quote that opens: at the start of the text or after a space, bracket or dash
_OPEN_DOUBLE = re.compile(r'(^|[\s(\[{\u2014\u2013\u2018])"')
#: corner brackets -> the mainland's quotation marks
CORNER_TO_CURLY = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def curly(text: str, before: str = "", doubles: bool = False) -> str:
    """``text`` with each ASCII apostrophe as ’ (U+2019), or ‘ (U+2018) where it opens a quotation;
    with ``doubles`` (the PDF's typographic setting), each ASCII double quote as “ where it opens and ”
    elsewhere (the HTML edition keeps them: its text is also what a reader copies). ``before``: the
    text printed just before ``text`` (a run may start after a space, where a quote opens, or inside a word)."""
    if "'" not in text and not (doubles and '"' in text):
        return text
    if before:
        return curly(before[-1] + text, doubles=doubles)[1:]
    if "'" in text:
        text = _ELISION.sub("\\1\u2019", text)
        text = _OPENING.sub("\\1\u2018", text)
        text = text.replace("'", "\u2019")
    if doubles and '"' in text:
        text = _OPEN_DOUBLE.sub("\\1\u201c", text).replace('"', "\u201d")
    return text


def curly_html(html: str) -> Markup:
    """Escaped HTML with :func:`curly` applied to its text only (never inside a tag).

    An escaped apostrophe (``&#39;``, ``&#x27;``) in text counts as one: text content needs no escape for it.
    """
    parts = re.split(r"(<[^>]*>)", str(html))
    return Markup("".join(p if p.startswith("<") else curly(_ESCAPED_APOSTROPHE.sub("'", p)) for p in parts))


def chinese_quotes(text: str) -> str:
    """「」『』 as “” ‘’ (the convention of Simplified Chinese as printed on the mainland)."""
    return text.translate(CORNER_TO_CURLY)
