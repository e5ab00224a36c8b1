"""Glossary exports: CSV, JSON, TBX (TermBase eXchange v3) and an Anki deck (.apkg via genanki).

Every export is rendered in memory from the model (:class:`~reader.model.Glossary`), never from the
TEI, and written with :func:`reader.app.output.write_atomic`. CSV and JSON carry every field of every
entry; TBX carries the terms with their locale, type and pinyin, the gloss and the Wikidata link; the
Anki deck has the hanzi on the front and the pinyin, English name and gloss on the back.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ...errors import OutputError
from ...model import Form, Glossary, GlossaryEntry
from ...readers.glossary_tables import parse_forms  # noqa: F401  (the inverse of format_forms, re-exported)
from . import FORMATS
from .tbx import TBX_NS, TBX_SECTIONS, TBX_TERM_TYPES, XML_LANG, to_tbx  # noqa: F401  (re-exported)

#: CSV columns, in order. ``forms`` holds every form (exclusions included) in the compact syntax of
#: :func:`format_forms`; the locale columns repeat the main forms for readers of the spreadsheet.
CSV_COLUMNS = (
    "id",
    "category",
    "english",
    "zh_hant_tw",
    "zh_hant_tw_pinyin",
    "zh_hans",
    "zh_hans_pinyin",
    "zh_hant_hk",
    "zh_hant_hk_pinyin",
    "gloss",
    "note",
    "wikidata",
    "ambiguity",
    "forms",
)
FORM_SEPARATOR = " | "


#: Anki ids: fixed once, so that re-importing an updated export updates the notes instead of
#: duplicating them. Note guids derive from the entry ids.
ANKI_MODEL_ID = 1748203911  #: since the fields became per-headword readings (the first model was 1607392319)
ANKI_DECK_ID = 2059400110
ANKI_FIELDS = ("Hanzi", "Simplified", "Pinyin", "SimplifiedPinyin", "English", "Gloss", "Forms", "Note", "Id")


# --- shared -----------------------------------------------------------------------------------


def _main(entry: GlossaryEntry, lang: str) -> Form | None:
    for f in entry.forms:
        if f.lang == lang and f.type == "main":
            return f
    return None


def _esc(part: str) -> str:
    return part.replace("\\", "\\\\").replace(":", "\\:").replace("|", "\\|")


def format_forms(forms: tuple[Form, ...] | list[Form]) -> str:
    """Forms as ``lang:type[/subtype]:text[:pinyin[:sources[:period[:left[:right]]]]]`` joined by `` | ``
    (the CSV ``forms`` cell); trailing empty parts are left out, sources are separated by spaces.

    A backslash escapes ``:``, ``|`` and itself inside a part, so any form survives the round trip.
    """
    out = []
    for f in forms:
        typ = f"{f.type}/{f.subtype}" if f.subtype else f.type
        parts = [f.lang, typ, f.text, f.pinyin, " ".join(f.source), f.period, f.left, f.right]
        while len(parts) > 3 and not parts[-1]:
            parts.pop()
        out.append(":".join(_esc(p) for p in parts))
    return FORM_SEPARATOR.join(out)


# --- CSV and JSON -----------------------------------------------------------------------------


#: characters that make a spreadsheet read a cell as a formula (and tab and CR, which some also do)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A cell that a spreadsheet would run as a formula (``=HYPERLINK(…)``), kept as text: a leading
    apostrophe, which the import takes off again (:func:`reader.readers.glossary_tables.unneutralise`)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def to_csv(glossary: Glossary, excel: bool = False) -> str:
    """One row per entry with every field; UTF-8 text with a header row. Cells that start like a
    formula are neutralised; ``excel`` adds the byte-order mark that Excel needs to read UTF-8."""
    buf = io.StringIO()
    if excel:
        buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in glossary.entries:
        row: list[str] = [e.id, e.category, e.english]
        for lang in ("zh-Hant-TW", "zh-Hans", "zh-Hant-HK"):
            f = _main(e, lang)
            row += [f.text, f.pinyin] if f else ["", ""]
        row += [e.gloss, e.note, e.wikidata, e.ambiguity, format_forms(e.forms)]
        w.writerow([neutralise(c) for c in row])
    return buf.getvalue()


def entry_dict(e: GlossaryEntry) -> dict[str, object]:
    """An entry as plain JSON data (every field but the source line)."""
    return {
        "id": e.id,
        "category": e.category,
        "english": e.english,
        "gloss": e.gloss,
        "note": e.note,
        "wikidata": e.wikidata,
        "ambiguity": e.ambiguity,
        "forms": [
            {
                "text": f.text,
                "lang": f.lang,
                "type": f.type,
                "pinyin": f.pinyin,
                **({"subtype": f.subtype} if f.subtype else {}),
                "source": list(f.source),
                **({"period": f.period} if f.period else {}),
                **({"left": f.left, "right": f.right} if f.left or f.right else {}),
            }
            for f in e.forms
        ],
    }


def to_json(glossary: Glossary) -> str:
    """``{"title": ..., "entries": [...]}`` with every field, UTF-8, indented."""
    data = {"title": glossary.title, "entries": [entry_dict(e) for e in glossary.entries]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- Anki -------------------------------------------------------------------------------------

_ANKI_CSS = """.card { font-family: sans-serif; font-size: 22px; text-align: center; color: #222; background: #fff; }
.hanzi { font-size: 48px; font-family: "Noto Sans CJK TC", "Noto Sans TC", sans-serif; }
.simplified { font-size: 28px; color: #555; font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
.pinyin { font-size: 26px; color: #0b5394; }
.english { font-weight: bold; margin-top: .4em; }
.gloss, .forms, .note { font-size: 17px; margin-top: .5em; }
.forms { color: #555; }
"""
_ANKI_FRONT = '<div class="hanzi" lang="zh-Hant-TW">{{Hanzi}}</div>{{#Simplified}}<div class="simplified" lang="zh-Hans">{{Simplified}}</div>{{/Simplified}}'
_ANKI_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="pinyin">{{Pinyin}}</div>'
    '{{#SimplifiedPinyin}}<div class="pinyin simplified-pinyin">{{Simplified}} {{SimplifiedPinyin}}</div>{{/SimplifiedPinyin}}'
    '<div class="english">{{English}}</div>'
    '<div class="gloss">{{Gloss}}</div>{{#Forms}}<div class="forms">{{Forms}}</div>{{/Forms}}'
    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
)
#: the second card: the English name asks for the Chinese
_ANKI_EN_FRONT = '<div class="english">{{English}}</div><div class="gloss">{{Gloss}}</div>'
_ANKI_EN_BACK = (
    '{{FrontSide}}<hr id="answer"><div class="hanzi" lang="zh-Hant-TW">{{Hanzi}}</div>'
    '<div class="pinyin">{{Pinyin}}</div>'
    '{{#Simplified}}<div class="simplified" lang="zh-Hans">{{Simplified}}</div>'
    '<div class="pinyin simplified-pinyin">{{SimplifiedPinyin}}</div>{{/Simplified}}'
    '{{#Forms}}<div class="forms">{{Forms}}</div>{{/Forms}}'
)


def anki_fields(e: GlossaryEntry) -> list[str]:
    """The note fields of an entry (HTML, escaped), in the order of :data:`ANKI_FIELDS`."""
    from ...readers.markdown import render_note

    hant = e.main_form("zh-Hant-TW")
    hans = _main(e, "zh-Hans")
    front = hant.text if hant else ""
    simplified = hans.text if hans and hans.text != front else ""
    others = [
        f"{f.text} ({f.lang}, {f.type}{', ' + f.pinyin if f.pinyin else ''})"
        for f in e.chinese_forms()
        if f is not hant and f is not hans
    ]

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    return [
        esc(front),
        esc(simplified),
        esc(hant.pinyin if hant else ""),
        esc(hans.pinyin if hans and simplified else ""),
        esc(e.english),
        esc(e.gloss),
        esc("; ".join(others)),
        render_note(e.note).strip() if e.note else "",
        esc(e.id),
    ]


def to_anki(glossary: Glossary) -> bytes:
    """An Anki package (.apkg) with one note per entry; needs genanki (the ``anki`` extra)."""
    try:
        import genanki
    except ImportError:
        raise OutputError(
            "the anki export needs the genanki package: pip install 'reader[anki]' (or pip install genanki)"
        ) from None
    model = genanki.Model(
        ANKI_MODEL_ID,
        "reader glossary",
        fields=[{"name": n} for n in ANKI_FIELDS],
        templates=[
            {"name": "Hanzi → meaning", "qfmt": _ANKI_FRONT, "afmt": _ANKI_BACK},
            {"name": "English → Chinese", "qfmt": _ANKI_EN_FRONT, "afmt": _ANKI_EN_BACK},
        ],
        css=_ANKI_CSS,
    )
    deck = genanki.Deck(ANKI_DECK_ID, glossary.title or "reader glossary")
    for e in glossary.entries:
        deck.add_note(
            genanki.Note(model=model, fields=anki_fields(e), guid=genanki.guid_for("reader", e.id), tags=[e.category])
        )
    with tempfile.TemporaryDirectory(prefix="reader-anki-") as tmp:
        path = os.path.join(tmp, "deck.apkg")
        genanki.Package(deck).write_to_file(path)
        return Path(path).read_bytes()


# --- dispatch ---------------------------------------------------------------------------------

RENDERERS: dict[str, Callable[[Glossary], str | bytes]] = {
    "csv": to_csv,
    "json": to_json,
    "tbx": to_tbx,
    "anki": to_anki,
}


def render(glossary: Glossary, fmt: str, excel: bool = False) -> str | bytes:
    """The export of ``glossary`` in ``fmt`` (one of :data:`FORMATS`), in memory; ``excel``: the CSV
    with a byte-order mark."""
    if fmt not in RENDERERS:
        raise OutputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "csv":
        return to_csv(glossary, excel)
    return RENDERERS[fmt](glossary)
