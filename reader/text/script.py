"""Traditional/Simplified conversion of model text. OpenCC's converters are made by
:mod:`reader.text.ccphrases` (the only other opencc import), which loads a large phrase dictionary
only by the phrases of the strings converted.

Conversion refuses NUL and other C0 control characters (some OpenCC configurations truncate at NUL).
Each conversion is looked up in the build's text cache first (:mod:`reader.text.textcache`): OpenCC and
its dictionaries load only when some string is not there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..errors import ReaderError
from .textcache import lookup

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    from .ccphrases import converter

    return converter(config)


def expect(texts: Iterable[str]) -> None:
    """Strings about to be converted (or strings containing them), so that a converter loads their
    phrases at once rather than one rebuild at a time (:func:`reader.text.ccphrases.expect`)."""
    from .ccphrases import expect as hint

    hint(texts)


def _convert(text: str, config: str) -> str:
    if _CONTROL.search(text):
        raise ReaderError("text contains a control character; refusing to convert it")
    if not text:
        return text
    return lookup(config, text, lambda: str(_converter(config).convert(text)), _valid_conversion)


def _valid_conversion(source: str, value: object) -> bool:
    return isinstance(value, str)


def to_hans(text: str) -> str:
    """Traditional (Taiwan) -> Simplified (mainland), phrases and characters."""
    return _convert(text, "tw2s")


def to_hant(text: str) -> str:
    """Simplified -> Traditional (Taiwan standard characters)."""
    return _convert(text, "s2tw")


def to_hans_chars(text: str) -> str:
    """Character-by-character Traditional -> Simplified (same length; for matching offsets)."""
    return _convert(text, "t2s")
