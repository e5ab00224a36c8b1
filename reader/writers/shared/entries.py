"""What the editions share about glossary entries: the order they are listed in, the headword in each
script, and an entry's note rendered with its Chinese words tagged by language."""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import Markup

from ...model import GlossaryEntry
from ...readers.markdown import render_note
from ...text import han
from ...text import pinyin as py
from ...text.script import to_hans, to_hant
from .labels import SCRIPT_LANG


def entry_reading(entry: GlossaryEntry) -> str:
    main = entry.main_form("zh-Hant-TW")
    if main is None:
        return ""
    return main.pinyin or py.reading_of(main.text)


def entry_order(entries: list[GlossaryEntry]) -> list[GlossaryEntry]:
    """Entries in pinyin order (toneless reading, then tones, then English name)."""
    return sorted(entries, key=lambda e: py.sort_key(entry_reading(e), e.english.lower()))


def md_convert(source: str, convert: Callable[[str], str]) -> str:
    """Convert the Chinese of a Markdown note, leaving link targets untouched."""
    parts = re.split(r"(\]\([^)]*\))", source)
    return "".join(p if p.startswith("](") else convert(p) for p in parts)


_RUN_JOINERS = frozenset("，、。；：「」『』（）·")  #: may stand inside a run of Chinese (so may whitespace)


def han_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of Chinese: Han characters, joined by whitespace and CJK punctuation."""
    runs: list[tuple[int, int]] = []
    i, n, is_han = 0, len(text), han.is_han
    while i < n:
        if text[i] < "\u3400" or not is_han(text[i]):  # the comparison spares a call for Latin text
            i += 1
            continue
        start = end = j = i
        while j < n:
            c = text[j]
            if c >= "\u3400" and is_han(c):
                j += 1
                end = j
            elif c in _RUN_JOINERS or c.isspace():
                j += 1
            else:
                break
        runs.append((start, end))
        i = end
    return runs


def tag_han(html: str, lang: str) -> Markup:
    """Wrap the runs of Chinese in rendered note HTML in ``<span lang>`` (text only, never inside tags)."""
    parts = re.split(r"(<[^>]*>)", html)
    for i, part in enumerate(parts):
        if not part.startswith("<") and han.has_han(part):
            out, pos = [], 0
            for start, end in han_runs(part):
                out += [part[pos:start], f'<span lang="{lang}">', part[start:end], "</span>"]
                pos = end
            parts[i] = "".join(out) + part[pos:]
    return Markup("".join(parts))


def headword(entry: GlossaryEntry, script: str) -> tuple[str, str]:
    """(form, pinyin) of the entry's main form in a script's locale (converted when it has none)."""
    lang = SCRIPT_LANG[script]
    for f in entry.forms:
        if f.lang == lang and f.type == "main":
            return f.text, f.pinyin or py.reading_of(f.text)
    main = entry.main_form("zh-Hant-TW")
    text = main.text if main else entry.english
    reading = (main.pinyin or py.reading_of(main.text)) if main else ""
    return (to_hans(text) if script == "hans" else to_hant(text)), reading


def entry_note(entry: GlossaryEntry, script: str) -> Markup:
    """The entry's note as HTML (from the Markdown subset), its Chinese in ``script`` and tagged with
    ``lang``; empty when the entry has none."""
    if not entry.note:
        return Markup("")
    if not han.has_han(entry.note):
        return Markup(render_note(entry.note))
    converted = md_convert(entry.note, to_hans if script == "hans" else to_hant)
    return tag_han(render_note(converted), SCRIPT_LANG[script])
