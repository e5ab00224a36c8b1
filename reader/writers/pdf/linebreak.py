"""A correction to WeasyPrint 70's line breaking: the cause of the stray one-word lines.

A text box that ends with a space before an inline element (``… The content of the <span>Putin–Xi
summit</span>``) and fits its line only without that space was set as its first word alone:
``split_first_line`` measured Pango's one-line layout *with* the trailing space, found it wider than
the line, and fell back to "the line cannot be split earlier" (keep one word). Pango had not broken
the line at all, because a trailing space hangs. The edition showed it as "economic" alone before
"assistance" (A4), "who" before "hope" (Letter), and a page ending in "still".

:func:`install` wraps the ``split_first_line`` that WeasyPrint's inline layout calls: when the
original answer breaks a text that ends in collapsible spaces, and the same text without them fits
the line whole, the text is laid out again with the line widened by exactly the spaces' width, so
Pango keeps it whole and the spaces hang at the line's end, as CSS Text 3 says they do. Every other
call is answered by WeasyPrint unchanged. Idempotent; imported only when a PDF is written.
"""

from __future__ import annotations

from typing import Any

_INSTALLED = False


def install() -> None:
    """Put the corrected ``split_first_line`` into WeasyPrint's inline layout (once per process)."""
    global _INSTALLED
    if _INSTALLED:
        return
    from weasyprint.layout import inline

    original = inline.split_first_line

    def split_first_line(
        text: str, style: Any, context: Any, max_width: Any, justification_spacing: Any, *args: Any, **kwargs: Any
    ) -> Any:
        result = original(text, style, context, max_width, justification_spacing, *args, **kwargs)
        if result[2] is None or max_width is None or not text.endswith(" "):
            return result
        if style["white_space"] not in ("normal", "pre-line"):
            return result
        stripped = text.rstrip(" ")
        if not stripped:
            return result
        whole = original(stripped, style, context, max_width, justification_spacing, *args, **kwargs)
        if whole[2] is not None:  # the words themselves do not fit: a real break
            return result
        spaces = original(text, style, context, None, justification_spacing, *args, **kwargs)[3] - whole[3]
        return original(text, style, context, max_width + max(spaces, 0) + 0.01, justification_spacing, *args, **kwargs)

    split_first_line.original = original  # type: ignore[attr-defined]  # WeasyPrint's own, for the tests
    inline.split_first_line = split_first_line
    _INSTALLED = True
