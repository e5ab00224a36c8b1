"""What the HTML and print editions share about glossary entries: the order they are listed in."""

from __future__ import annotations

from ...model import GlossaryEntry
from ...text import pinyin as py


def entry_reading(entry: GlossaryEntry) -> str:
    main = entry.main_form("zh-Hant-TW")
    if main is None:
        return ""
    return main.pinyin or py.reading_of(main.text)


def entry_order(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """Entries in pinyin order (toneless reading, then tones, then English name)."""
    return sorted(entries, key=lambda e: py.sort_key(entry_reading(e), e.english.lower()))
