"""Tables of name forms to merge into the glossary: Chinese Wikipedia's conversion groups and CSV.

A conversion group (a Lua module such as ``Module:CGroup/Country``) lists items whose ``rule`` gives a
name per variant: ``zh-cn:普京; zh-tw:普丁; zh-hk:普京;``. They are written as
``Item('Putin', 'zh-cn:普京; zh-tw:普丁;')`` or as tables, ``{ type = 'item', original = 'Putin',
rule = '…' }`` or ``item{ original = …, rule = … }``; all three are read. A CSV has a header row with
``id``, ``category``, ``english``, ``gloss``, ``wikidata``, ``source`` and either one column per locale
(``zh-Hant-TW``, ``zh-Hans``, …: forms separated by ``;``, the first the main one) or the ``forms``
column of ``reader glossary export --format csv``. :func:`read_table` returns :class:`TableItem` s;
bad input is one :class:`~reader.errors.InputError` with its line and column.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Form

#: conversion-group variants -> the glossary's locales (zh-hans, zh-hant and zh-my have no region here)
VARIANTS = {
    "zh-cn": "zh-Hans",
    "zh-tw": "zh-Hant-TW",
    "zh-hk": "zh-Hant-HK",
    "zh-sg": "zh-Hans-SG",
    "zh-mo": "zh-Hant-MO",
}
LOCALE_COLUMNS = ("zh-Hant-TW", "zh-Hans", "zh-Hant-HK", "zh-Hans-SG", "zh-Hant-MO")
CATEGORIES = ("person", "org", "place", "event", "term")
_STRING = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\[(?P<eq>=*)\[.*?\](?P=eq)\])"""
_ITEM_CALL = re.compile(r"\bItem\s*\(\s*(" + _STRING + r")\s*,\s*(" + _STRING.replace("eq", "eq2") + r")", re.S)
_TABLE = re.compile(r"\{([^{}]*\brule\s*=[^{}]*)\}", re.S)
_FIELD = re.compile(r"\b(original|rule|type|desc)\s*=\s*(" + _STRING + ")", re.S)
_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@dataclass
class TableItem:
    """One item of a table: its forms and, from a CSV, what a new entry needs."""

    line: int  #: line of the item in its file
    forms: list[Form] = field(default_factory=list)  #: Chinese forms (main first per locale), English too
    english: str = ""  #: the English name (a conversion group's ``original`` where it is Latin)
    id: str = ""  #: entry id (CSV only)
    category: str = ""  #: person, org, place, event or term (CSV only)
    gloss: str = ""  #: one line of English (CSV only)
    wikidata: str = ""  #: Q-id (CSV only)
    source: tuple[str, ...] = ()  #: bibl ids of the glossary header that the row cites (CSV only)


def _unquote(lit: str) -> str:
    if lit.startswith("["):
        return lit[lit.index("[", 1) + 1 : lit.rindex("]", 0, len(lit) - 1)]
    body = lit[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_rule(rule: str, path: str, line: int) -> list[Form]:
    """``zh-cn:普京; zh-tw:普丁;`` -> forms (``main``; variants without a region are left out)."""
    forms: list[Form] = []
    for part in rule.split(";"):
        part = part.strip()
        if not part:
            continue
        variant, sep, text = part.partition(":")
        variant = variant.strip().lower()
        text = text.strip()
        if not sep or not variant.startswith("zh") or not text or "=>" in part:
            raise InputError(f"cannot read the conversion rule {part!r} (expected zh-xx:form)", path, line, 1)
        lang = VARIANTS.get(variant)
        if lang and all(f.text != text or f.lang != lang for f in forms):
            forms.append(Form(text, lang, "main"))
    return forms


def read_cgroup(text: str, path: str) -> list[TableItem]:
    """The items of a conversion group (Lua source)."""
    found: list[tuple[int, str, str]] = []  # offset, original, rule
    for m in _ITEM_CALL.finditer(text):
        found.append((m.start(), _unquote(m.group(1)), _unquote(m.group(3))))
    for m in _TABLE.finditer(text):
        fields = {f.group(1): _unquote(f.group(2)) for f in _FIELD.finditer(m.group(1))}
        if "rule" in fields and fields.get("type", "item") == "item":
            found.append((m.start(), fields.get("original", ""), fields["rule"]))
    if not found:
        raise InputError("no conversion items found (expected Item('…', 'zh-cn:…;') or { rule = '…' })", path, 1, 1)
    items: list[TableItem] = []
    for offset, original, rule in sorted(found):
        line, _ = _line_col(text, offset)
        forms = parse_rule(rule, path, line)
        if not forms:
            continue
        english = original if original and original.isascii() and re.search("[A-Za-z]", original) else ""
        items.append(TableItem(line, forms, english))
    return items


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
    """The ``forms`` cell of the CSV export read back (the inverse of its ``format_forms``)."""
    out = []
    for item in _split(cell, "|") if cell else []:
        parts = [_unesc(p) for p in _split(item.strip(), ":")]
        if not 3 <= len(parts) <= 8:
            raise ValueError(f"not a form: {item!r}")
        lang, typ, text, pinyin, source, period, left, right = parts + [""] * (8 - len(parts))
        typ, _, subtype = typ.partition("/")
        out.append(Form(text, lang, typ, pinyin, subtype, tuple(source.split()), period, left, right))
    return out


def _csv_forms(row: dict[str, str], path: str, line: int) -> list[Form]:
    if row.get("forms"):
        try:
            return parse_forms(row["forms"])
        except ValueError as exc:
            raise InputError(str(exc), path, line, 1) from None
    forms: list[Form] = []
    for lang in LOCALE_COLUMNS:
        cell = (row.get(lang) or row.get(lang.lower().replace("-", "_")) or "").strip()
        for i, text in enumerate(t.strip() for t in cell.split(";")):
            if text:
                forms.append(Form(text, lang, "main" if i == 0 else "variant"))
    return forms


def unneutralise(cell: str) -> str:
    """A CSV cell as it was before the export kept it from running as a formula ('=x -> =x)."""
    return cell[1:] if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r") and cell[1:] else cell


def read_csv(text: str, path: str) -> list[TableItem]:
    """The rows of a CSV table (UTF-8, with or without a byte-order mark)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = set(reader.fieldnames or ())
    wanted = {"forms", *LOCALE_COLUMNS, *(c.lower().replace("-", "_") for c in LOCALE_COLUMNS)}
    if not columns & wanted:
        raise InputError("the CSV has no form column: give zh-Hant-TW, zh-Hans, … or forms in the header", path, 1, 1)
    items: list[TableItem] = []
    for row in reader:
        line = reader.line_num
        row = {k: unneutralise((v or "").strip()) for k, v in row.items() if k}
        forms = _csv_forms(row, path, line)
        if not any(f.lang.startswith("zh") for f in forms):
            raise InputError("a row has no Chinese form", path, line, 1)
        eid, category = row.get("id", ""), row.get("category", "")
        if eid and not _ID.match(eid):
            raise InputError(f"id {eid!r} is not lower-case ASCII words joined by _", path, line, 1)
        if category and category not in CATEGORIES:
            raise InputError(f"category {category!r} is not one of {', '.join(CATEGORIES)}", path, line, 1)
        english = row.get("english", "")
        if english and not any(f.lang == "en" for f in forms):
            forms.append(Form(english, "en", "main"))
        source = tuple(s.lstrip("#") for s in row.get("source", "").split())
        items.append(
            TableItem(line, forms, english, eid, category, row.get("gloss", ""), row.get("wikidata", ""), source)
        )
    if not items:
        raise InputError("the CSV has a header but no rows", path, 1, 1)
    return items


def read_table(path: str | Path) -> list[TableItem]:
    """A conversion group (``.lua`` or anything holding ``rule =``) or a CSV file (``.csv``)."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 ({exc.reason})", str(p), 1, 1) from None
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror}", str(p), 1, 1) from None
    if "\x00" in text:
        raise InputError("the file holds a NUL character", str(p), _line_col(text, text.index("\x00"))[0], 1)
    if p.suffix.lower() == ".csv":
        return read_csv(text, str(p))
    return read_cgroup(text, str(p))
