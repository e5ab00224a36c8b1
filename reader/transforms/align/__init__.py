"""``reader align``: align a Chinese text with an existing English translation.

A small package: :mod:`.length` (the Gale–Church length model, calibrated on our article),
:mod:`.anchors` (numbers, dates, glossary names, Latin names), :mod:`.dp` (the banded dynamic
programming with posteriors), :mod:`.core` (paragraphs, then sentences; the aligned edition) and
:mod:`.report` (the JSON report). The method and its limits are in ``docs/align.md``.
"""

from .core import WEAK, Alignment, Link, align_texts

__all__ = ["WEAK", "Alignment", "Link", "align_texts"]
