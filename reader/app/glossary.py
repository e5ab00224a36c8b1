"""``reader glossary lookup FORM`` and ``reader glossary export --format F [-o FILE]``.

Lookup prints every matching entry readably (English name, category, each form labelled by script and
region with its pinyin, gloss, note, Wikidata); no match is a user error (exit 1). Export renders in
memory (:mod:`reader.writers.exports.glossary`) and writes atomically, or prints text formats to standard output.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from ..errors import OutputError, ReaderError
from ..model import Form, Glossary, GlossaryEntry
from ..readers.glossary import load_glossary
from ..text.han import fold
from ..transforms.lookup import lookup
from ..writers.shared.labels import CATEGORY_LABELS
from .defaults import DEFAULT_GLOSSARY

#: How a form's locale is shown: script and region.
LOCALE_LABELS = {
    "zh-Hant-TW": "Traditional, Taiwan",
    "zh-Hant-HK": "Traditional, Hong Kong",
    "zh-Hant-MO": "Traditional, Macau",
    "zh-Hant": "Traditional",
    "zh-Hans": "Simplified, mainland",
    "zh-Hans-CN": "Simplified, mainland",
    "zh-Hans-SG": "Simplified, Singapore",
    "en": "English",
}


def glossary_file(args: argparse.Namespace) -> Path:
    """The glossary named by ``--glossary`` (on the subcommand or on ``glossary``), else the default."""
    chosen = getattr(args, "glossary_file", None) or getattr(args, "glossary", None)
    path = Path(chosen) if chosen else DEFAULT_GLOSSARY
    if not path.is_file():
        hint = "" if chosen else " (run from the project directory, or pass --glossary FILE)"
        raise ReaderError(f"no glossary file here{hint}", str(path))
    return path


def width(text: str) -> int:
    """Display width in a terminal: East Asian wide and fullwidth characters count twice."""
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    """``text`` padded with spaces to ``cols`` display columns."""
    return text + " " * max(0, cols - width(text))


def locale_label(lang: str) -> str:
    """``zh-Hant-TW`` -> ``Traditional, Taiwan``; unknown tags are shown as they are."""
    return LOCALE_LABELS.get(lang, lang)


def format_entry(entry: GlossaryEntry) -> str:
    """An entry as readable lines of text (ends with a newline)."""
    lines = [f"{entry.english}  [{CATEGORY_LABELS.get(entry.category, entry.category)} · {entry.id}]"]
    forms: list[Form] = [f for f in entry.forms if f.type != "exclusion"]
    label_w = max((width(locale_label(f.lang)) for f in forms), default=0)
    # Chinese forms line up in columns (text, pinyin, type); other forms have no pinyin column.
    chinese = [f for f in forms if f.lang.startswith("zh")]
    text_w = max((width(f.text) for f in chinese), default=0)
    pinyin_w = max((width(f.pinyin) for f in chinese), default=0)
    for f in forms:
        label = pad(locale_label(f.lang), label_w)
        if f.lang.startswith("zh"):
            lines.append(f"  {label}  {pad(f.text, text_w)}  {pad(f.pinyin, pinyin_w)}  {f.type}")
        else:
            lines.append(f"  {label}  {f.text}  ({f.type})")
    excluded = entry.exclusions()
    fields = [
        ("Gloss", entry.gloss),
        ("Note", " ".join(entry.note.split())),
        ("Ambiguity", entry.ambiguity),
        ("Not this", "、".join(excluded)),
        ("Wikidata", f"{entry.wikidata}  https://www.wikidata.org/wiki/{entry.wikidata}" if entry.wikidata else ""),
    ]
    for name, value in fields:
        if value:
            lines.append(f"  {name + ':':<10} {value}")
    return "\n".join(lines) + "\n"


def suggestions(glossary: Glossary, query: str, limit: int = 5) -> list[str]:
    """Forms that contain the query or are contained in it (for the no-match message)."""
    from ..text.script import to_hans, to_hant

    keys = {fold(k) for k in (query, to_hans(query), to_hant(query)) if fold(k)}
    out: list[str] = []
    for e in glossary.entries:
        for f in e.forms:
            if f.type == "exclusion" or not f.lang.startswith("zh"):
                continue
            ff = fold(f.text)
            if any(k in ff or (len(ff) > 1 and ff in k) for k in keys):
                label = f"{f.text} ({e.id})"
                if label not in out:
                    out.append(label)
                break
        if len(out) >= limit:
            break
    return out


def lookup_command(args: argparse.Namespace) -> int:
    """Run ``reader glossary lookup``."""
    path = glossary_file(args)
    glossary = load_glossary(path)
    query = args.form
    found = lookup(glossary, query)
    if not found:
        msg = f"no entry has the form {query!r}"
        near = suggestions(glossary, query)
        if near:
            msg += "; did you mean " + ", ".join(near) + "?"
        raise ReaderError(msg, str(path))
    out = []
    if len(found) > 1:
        out.append(f"{len(found)} entries have the form {query!r}:\n")
    out.extend(format_entry(e) for e in found)
    sys.stdout.write("\n".join(out))
    return 0


def export_command(args: argparse.Namespace) -> int:
    """Run ``reader glossary export``."""
    from ..writers.exports.glossary import render
    from .output import check_target, write_output

    fmt = args.format
    if fmt == "anki" and not args.output:
        raise OutputError("the anki export is a binary .apkg file: give it a name with -o FILE.apkg", "-")
    if args.output:
        check_target(args.output)  # a device, FIFO or symlink: one line before any work
    path = glossary_file(args)
    if getattr(args, "excel", False) and fmt != "csv":
        raise OutputError("--excel applies to the csv export only", "-")
    data = render(load_glossary(path), fmt, excel=getattr(args, "excel", False))
    if args.output:
        write_output(args.output, data)
        return 0
    sys.stdout.write(data.decode("utf-8") if isinstance(data, bytes) else data)
    return 0


def glossary_command(args: argparse.Namespace) -> int:
    """Dispatch ``reader glossary SUBCOMMAND``."""
    if args.glossary_command == "lookup":
        return lookup_command(args)
    if args.glossary_command == "export":
        return export_command(args)
    if args.glossary_command == "import":
        from .glossary_import import import_command

        return import_command(args, glossary_file(args))
    raise ReaderError(f"unknown glossary subcommand {args.glossary_command!r}; use lookup, import or export")
