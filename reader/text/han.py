"""Knowledge about Han text shared by every layer: the name separators (伊姆蘭·汗) and folding them away."""

from __future__ import annotations

SEPARATORS = "·‧•・･ \u00b7\u2027\u2022\u30fb"  #: characters that may stand between the parts of a name


def fold(form: str) -> str:
    """A form with name separators removed, for matching 伊姆蘭·汗 as 伊姆蘭汗."""
    return "".join(ch for ch in form if ch not in SEPARATORS)
