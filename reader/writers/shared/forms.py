"""The form a text uses for each glossary entry, and the entry's other forms, labelled.

A glossary lists an entry under its standard forms (普丁 for Putin in Taiwan, 普京 on the mainland);
a text may write it otherwise (this article writes 蒲亭). Whatever shows an entry *beside a text*
(the PDF appendix's headwords, popovers) should name it as the text does and list the others with
their locale. Shared by the writers; computed from the edition's original column only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...model import Edition, GlossaryEntry, Inline, TermRef, plain_text
from ...text import pinyin as py
from ...text.script import to_hans, to_hans_chars, to_hant

#: the locales listed as other forms, in this order, with their labels
LOCALES = (("zh-Hant-TW", "Taiwan"), ("zh-Hans", "mainland"), ("zh-Hans-CN", "mainland"), ("zh-Hant-HK", "Hong Kong"))


def text_forms(edition: Edition) -> dict[str, str]:
    """Glossary id -> the form the original writes it in most often (the first one met on a tie),
    as written (in the original's script)."""
    counts: dict[str, Counter[str]] = {}
    order: dict[str, dict[str, int]] = {}

    def walk(inlines: tuple[Inline, ...]) -> None:
        for n in inlines:
            if isinstance(n, TermRef):
                text = "".join(plain_text(n.children).split())
                if text:
                    counts.setdefault(n.ref, Counter())[text] += 1
                    order.setdefault(n.ref, {}).setdefault(text, len(order[n.ref]))
            children = getattr(n, "children", None)
            if children:
                walk(children)

    for block in edition.blocks():
        for sentence in block.original.sentences:
            walk(sentence.inlines)
    return {ref: min(c, key=lambda t: (-c[t], order[ref][t])) for ref, c in counts.items()}


def in_script(text: str, script: str, source: str = "hant") -> str:
    """A name in the edition's script, converted character by character (names stay as written)."""
    if script == source:
        return text
    return to_hans_chars(text) if script == "hans" else to_hant(text)


@dataclass(frozen=True)
class Headword:
    """An entry as a text names it, with its reading and its other forms."""

    text: str  #: the headword, in the edition's script
    pinyin: str  #: its reading, with tones
    others: tuple[tuple[str, str], ...]  #: (form, locales) of the other standard forms: ("普京", "mainland, Hong Kong")


def headword(entry: GlossaryEntry, used: str | None, script: str, source: str = "hant") -> Headword:
    """The headword of ``entry`` for a text that writes it ``used`` (None: the text does not; the
    entry's main form for the script is used), and the other standard forms, each in both scripts
    where they differ (``北大西洋公約組織 / 北大西洋公约组织``), labelled with their locales."""
    locale = "zh-Hans" if script == "hans" else "zh-Hant-TW"
    if used is None:
        main = entry.main_form(locale)
        used_text = main.text if main else ""
        shown = (
            used_text
            if main is None or main.lang.startswith("zh-Hans") == (script == "hans")
            else in_script(used_text, script, "hans" if main.lang.startswith("zh-Hans") else "hant")
        )
    else:
        used_text = used
        shown = in_script(used, script, source)
    reading = next((f.pinyin for f in entry.chinese_forms() if f.text in (used_text, shown) and f.pinyin), "")
    reading = reading or py.reading_of(shown)
    labels: dict[tuple[str, str], list[str]] = {}  # (Traditional, Simplified) -> locales
    for lang, label in LOCALES:
        form = next((f for f in entry.forms if f.lang == lang and f.type == "main"), None)
        if form is None or form.text in (shown, used_text):
            continue
        pair = (to_hant(form.text), form.text) if lang.startswith("zh-Hans") else (form.text, to_hans(form.text))
        if shown in pair:
            continue
        if label not in labels.setdefault(pair, []):
            labels[pair].append(label)
    others = tuple((t if t == h else f"{t} / {h}", ", ".join(names)) for (t, h), names in labels.items())
    return Headword(shown, reading, others)


def word_sort_key(reading: str, fallback: str = "") -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Pinyin order word by word, as dictionaries sort (国际社会 guójì before 国家元首 guójiā):
    the words without tones, then with tones, then ``fallback``."""
    words = [w for w in reading.replace("-", " ").replace("'", " ").replace("’", " ").split() if w]
    return tuple(py.sort_key(w)[0] for w in words), tuple(py.sort_key(w)[1] for w in words), fallback
