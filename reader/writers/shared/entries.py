"""What the editions share about glossary entries: the order they are listed in, the headword each
edition gives an entry (the form the text itself uses), and an entry's note rendered with its Chinese
words tagged by language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath

from markupsafe import Markup

from ...model import Edition, Form, GlossaryEntry, plain_text, refs_in
from ...readers.markdown import render_note
from ...text import han
from ...text import pinyin as py
from ...text.script import to_hans, to_hant
from .labels import SCRIPT_LANG
from .markup import element


def entry_reading(entry: GlossaryEntry) -> str:
    main = entry.main_form("zh-Hant-TW")
    if main is None:
        return ""
    return main.pinyin or py.reading_of(main.text)


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
                out += [part[pos:start], element("span", part[start:end], lang=lang)]
                pos = end
            parts[i] = "".join(out) + part[pos:]
    return Markup("".join(parts))


def entry_order(
    entries: list[GlossaryEntry], reading: Callable[[GlossaryEntry], str] | None = None
) -> list[GlossaryEntry]:
    """Entries in pinyin order, word by word (toneless reading, then tones, then English name).

    ``reading`` gives the reading to sort by (an edition passes its headword's, so that the list is
    in the order of what it shows); by default the Taiwan main form's.
    """
    read = reading or entry_reading
    return sorted(entries, key=lambda e: py.sort_key(read(e), e.english.lower()))


# --- the form the text uses ----------------------------------------------------------------------
# Every edition (HTML popovers and glossary section, PDF appendix) heads an entry with the same
# function, so that an edition in the text's own locale shows the text's own form: 蒲亭 in an article
# that writes 蒲亭, 普京 in a Hong Kong text, whatever the glossary's Taiwan main form is.


def text_forms(edition: Edition) -> dict[str, list[str]]:
    """Entry id -> the forms the original writes for it, most used first (ties: first used)."""
    counts: dict[str, dict[str, int]] = {}
    for b in edition.blocks():
        for s in b.original.sentences:
            for ref in refs_in(s.inlines):
                surface = " ".join(plain_text(ref.children).split())
                if surface and py.has_han(surface):
                    per = counts.setdefault(ref.ref, {})
                    per[surface] = per.get(surface, 0) + 1
    return {ref: sorted(per, key=lambda f: -per[f]) for ref, per in counts.items()}


def locale_of(lang: str, script: str) -> str:
    """The glossary locale an edition shows: the text's own when it is in its own script."""
    own = "hans" if lang.startswith(("zh-Hans", "zh-CN", "zh-SG")) else "hant"
    if own == script and lang.startswith("zh"):
        return lang
    return SCRIPT_LANG[script]


def headword(
    entry: GlossaryEntry,
    script: str,
    text_lang: str = "zh-Hant-TW",
    used: list[str] | None = None,
    follows: dict[str, str] | None = None,
) -> tuple[str, str]:
    """(form, pinyin) heading an entry in an edition: the form the text uses, else its locale's.

    ``used`` are the forms the text writes (:func:`text_forms`), most used first; a form that is not
    one of the entry's (an abbreviation like 蒲 alone) is passed over for a fuller one when there is
    one. Without a used form: the ``main`` form of the edition's locale (:func:`locale_of`), then of
    the script's, then the Taiwan form converted.
    """
    own = "hans" if text_lang.startswith(("zh-Hans", "zh-CN", "zh-SG")) else "hant"
    forms = {f.text: f for f in entry.chinese_forms()}
    for text in used or []:
        form = forms.get(text)
        if form is not None and form.type == "abbreviation" and len(used or []) > 1:
            continue
        shown = text if own == script else (to_hans(text) if script == "hans" else to_hant(text))
        reading = form.pinyin if form is not None and form.pinyin else py.reading_of(text)
        return shown, reading
    locale = locale_of(text_lang, script)
    leader = (follows or {}).get(locale)  # a locale that follows another (Hong Kong as mainland)
    for lang in (locale, leader, SCRIPT_LANG[script]):
        for f in entry.forms:
            if lang and f.lang == lang and f.type == "main":
                text = f.text if lang != leader else (to_hant(f.text) if script == "hant" else to_hans(f.text))
                return text, f.pinyin or py.reading_of(text)
    main = entry.main_form("zh-Hant-TW")
    text = main.text if main else entry.english
    reading = (main.pinyin or py.reading_of(main.text)) if main else ""
    return (to_hans(text) if script == "hans" else to_hant(text)), reading


#: the locales an entry's other forms are listed under, in this order, with their labels
LOCALES = (("zh-Hant-TW", "Taiwan"), ("zh-Hans", "mainland"), ("zh-Hans-CN", "mainland"), ("zh-Hant-HK", "Hong Kong"))


def other_forms(entry: GlossaryEntry, shown: str) -> tuple[tuple[str, str], ...]:
    """The entry's standard forms other than the headword ``shown``, each in both scripts where they
    differ (``北大西洋公約組織 / 北大西洋公约组织``), with the locales that use it: ("普京", "mainland, Hong Kong")."""
    labels: dict[tuple[str, str], list[str]] = {}  # (Traditional, Simplified) -> locales
    for lang, label in LOCALES:
        form = next((f for f in entry.forms if f.lang == lang and f.type == "main"), None)
        if form is None:
            continue
        pair = (to_hant(form.text), form.text) if lang.startswith("zh-Hans") else (form.text, to_hans(form.text))
        if shown in pair or form.text == shown:
            continue
        if label not in labels.setdefault(pair, []):
            labels[pair].append(label)
    return tuple((t if t == h else f"{t} / {h}", ", ".join(names)) for (t, h), names in labels.items())


def entry_strings(entries: Iterable[GlossaryEntry]) -> Iterator[str]:
    """The entries' strings an edition may convert to the other script (forms, notes): a hint for
    :func:`reader.text.script.expect`."""
    for e in entries:
        yield from (f.text for f in e.forms)
        yield from ([e.note] if e.note else [])
        yield from (text for _, text in e.scoped_notes)


def forms_in_order(entry: GlossaryEntry, text_lang: str) -> list[Form]:
    """The entry's forms to list after the headword: the text's locale first, then the others, English last."""
    forms = [f for f in entry.forms if f.type != "exclusion"]
    return sorted(forms, key=lambda f: (f.lang == "en", f.lang != text_lang))


def note_for(entry: GlossaryEntry, edition: Edition) -> str:
    """The entry's note in an edition: its general note, and the notes scoped to this text.

    A note with ``@corresp`` speaks of one text (``../texts/NAME.xml`` or ``#NAME``); other texts never
    show it.
    """
    names = {edition.metadata.slug}
    if edition.source:
        names.add(PurePath(edition.source).stem)
    parts = [entry.note] if entry.note else []
    for target, text in entry.scoped_notes:
        for tok in target.split():
            file_part, _, frag = tok.partition("#")
            if (file_part and PurePath(file_part).stem in names) or (not file_part and frag in names):
                parts.append(text)
                break
    return "\n\n".join(parts)


#: a form cited in a note, in italics (``*普京*``): it stands as written in every edition
_CITED = re.compile(r"(\*[^*\n]+\*)")


def note_in_script(source: str, script: str) -> str:
    """A glossary note's Markdown with its Chinese in ``script``.

    The glossary writes the Chinese of its notes in Traditional characters, as Taiwan does, so the
    Traditional edition shows them as written: OpenCC's Simplified-to-Traditional conversion is not
    the identity on Traditional text (it turned the Korean surname 朴 into 樸, and 祕書長 into 秘書長,
    the very form a note explains). The Simplified edition converts them, except the forms a note
    cites in italics (``Taiwan writes *艾爾段*``), which are facts about how a form is written.
    """
    if script != "hans":
        return source
    return "".join(p if _CITED.fullmatch(p) else md_convert(p, to_hans) for p in _CITED.split(source))


def entry_note(entry: GlossaryEntry, script: str, edition: Edition | None = None) -> Markup:
    """The entry's note as HTML (from the Markdown subset), its Chinese in ``script`` and tagged with
    ``lang``; with ``edition``, the notes scoped to that text too (:func:`note_for`); empty when none."""
    note = note_for(entry, edition) if edition is not None else entry.note
    if not note:
        return Markup("")
    if not han.has_han(note):
        return Markup(render_note(note))
    return tag_han(render_note(note_in_script(note, script)), SCRIPT_LANG[script])
