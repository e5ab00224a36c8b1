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
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ...errors import OutputError
from ...model import Form, Glossary, GlossaryEntry
from . import FORMATS

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

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: TBX language sections: the section a form's locale belongs to.
TBX_SECTIONS = (("zh-Hant", ("zh-Hant",)), ("zh-Hans", ("zh-Hans",)), ("en", ("en",)))
TBX_TERM_TYPES = {"main": "fullForm", "variant": "variant", "abbreviation": "abbreviation"}

#: Anki ids: fixed once, so that re-importing an updated export updates the notes instead of
#: duplicating them. Note guids derive from the entry ids.
ANKI_MODEL_ID = 1607392319
ANKI_DECK_ID = 2059400110
ANKI_FIELDS = ("Hanzi", "Simplified", "Pinyin", "English", "Gloss", "Forms", "Note", "Id")


# --- shared -----------------------------------------------------------------------------------


def _main(entry: GlossaryEntry, lang: str) -> Form | None:
    for f in entry.forms:
        if f.lang == lang and f.type == "main":
            return f
    return None


def _esc(part: str) -> str:
    return part.replace("\\", "\\\\").replace(":", "\\:").replace("|", "\\|")


def format_forms(forms: tuple[Form, ...] | list[Form]) -> str:
    """Forms as ``lang:type:text[:pinyin]`` joined by `` | `` (the CSV ``forms`` cell).

    A backslash escapes ``:``, ``|`` and itself inside a part, so any form survives the round trip.
    """
    out = []
    for f in forms:
        parts = [f.lang, f.type, f.text] + ([f.pinyin] if f.pinyin else [])
        out.append(":".join(_esc(p) for p in parts))
    return FORM_SEPARATOR.join(out)


def _split(cell: str, sep: str) -> list[str]:
    """Split on unescaped ``sep`` (one character), keeping escapes for the next level."""
    parts, cur, i = [], [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            cur.append(cell[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def _unesc(part: str) -> str:
    return re.sub(r"\\(.)", r"\1", part)


def parse_forms(cell: str) -> list[Form]:
    """The inverse of :func:`format_forms`."""
    out = []
    for item in _split(cell, "|") if cell else []:
        parts = [_unesc(p) for p in _split(item.strip(), ":")]
        if len(parts) not in (3, 4):
            raise ValueError(f"not a form: {item!r}")
        out.append(Form(parts[2], parts[0], parts[1], parts[3] if len(parts) == 4 else ""))
    return out


# --- CSV and JSON -----------------------------------------------------------------------------


def to_csv(glossary: Glossary) -> str:
    """One row per entry with every field; UTF-8 text with a header row."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in glossary.entries:
        row: list[str] = [e.id, e.category, e.english]
        for lang in ("zh-Hant-TW", "zh-Hans", "zh-Hant-HK"):
            f = _main(e, lang)
            row += [f.text, f.pinyin] if f else ["", ""]
        row += [e.gloss, e.note, e.wikidata, e.ambiguity, format_forms(e.forms)]
        w.writerow(row)
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
        "forms": [{"text": f.text, "lang": f.lang, "type": f.type, "pinyin": f.pinyin} for f in e.forms],
    }


def to_json(glossary: Glossary) -> str:
    """``{"title": ..., "entries": [...]}`` with every field, UTF-8, indented."""
    data = {"title": glossary.title, "entries": [entry_dict(e) for e in glossary.entries]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- TBX --------------------------------------------------------------------------------------


def _section_of(lang: str) -> str | None:
    for name, prefixes in TBX_SECTIONS:
        if any(lang == p or lang.startswith(p + "-") for p in prefixes):
            return name
    return None


def to_tbx(glossary: Glossary) -> bytes:
    """TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style: one conceptEntry per entry.

    Language sections ``zh-Hant``, ``zh-Hans`` and ``en``; each term carries its type and its
    locale (``geographicalUsage``, the BCP 47 tag) and, for Chinese, its pinyin in a note.
    Exclusions are not terms of the concept and are left out.
    """

    def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        el = etree.SubElement(parent, f"{{{TBX_NS}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    root = etree.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca"}, nsmap={None: TBX_NS})
    root.set(XML_LANG, "en")
    header = sub(root, "tbxHeader")
    fd = sub(header, "fileDesc")
    ts = sub(fd, "titleStmt")
    sub(ts, "title", glossary.title or "Glossary")
    sd = sub(fd, "sourceDesc")
    sub(sd, "p", f"Exported by reader from {Path(glossary.source).name or 'a TEI glossary'}.")
    body = sub(sub(root, "text"), "body")
    for e in glossary.entries:
        ce = sub(body, "conceptEntry", id=e.id)
        sub(ce, "descrip", e.gloss, type="definition")
        sub(ce, "note", f"category: {e.category}")
        if e.note:
            sub(ce, "note", e.note)
        if e.ambiguity:
            sub(ce, "note", f"ambiguity: {e.ambiguity}")
        if e.wikidata:
            sub(
                ce,
                "xref",
                e.wikidata,
                type="externalCrossReference",
                target=f"https://www.wikidata.org/wiki/{e.wikidata}",
            )
        sections: dict[str, etree._Element] = {}
        for name, _ in TBX_SECTIONS:
            forms = [f for f in e.forms if f.type != "exclusion" and _section_of(f.lang) == name]
            if not forms:
                continue
            ls = sub(ce, "langSec")
            ls.set(XML_LANG, name)
            sections[name] = ls
            for f in forms:
                tsec = sub(ls, "termSec")
                sub(tsec, "term", f.text)
                sub(tsec, "termNote", TBX_TERM_TYPES.get(f.type, f.type), type="termType")
                sub(tsec, "termNote", f.lang, type="geographicalUsage")
                if f.pinyin:
                    sub(tsec, "note", f"pinyin: {f.pinyin}")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


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
    '{{FrontSide}}<hr id="answer"><div class="pinyin">{{Pinyin}}</div><div class="english">{{English}}</div>'
    '<div class="gloss">{{Gloss}}</div>{{#Forms}}<div class="forms">{{Forms}}</div>{{/Forms}}'
    '{{#Note}}<div class="note">{{Note}}</div>{{/Note}}'
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
        templates=[{"name": "Hanzi → meaning", "qfmt": _ANKI_FRONT, "afmt": _ANKI_BACK}],
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


def render(glossary: Glossary, fmt: str) -> str | bytes:
    """The export of ``glossary`` in ``fmt`` (one of :data:`FORMATS`), in memory."""
    if fmt not in RENDERERS:
        raise OutputError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return RENDERERS[fmt](glossary)
