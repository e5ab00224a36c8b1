"""``reader annotate``: link glossary names and terms in a TEI text, plain text or Markdown.

TEI input is annotated in place: the tree is parsed safely, every text run of the original that is
not already inside a name, a foreign word, a note or a link is matched (all runs at once, one
automaton pass), and name elements are spliced in around the matches. Nothing else in the file
changes, existing links are kept, and the characters of the text are never changed. Plain text and
Markdown are imported first (:mod:`reader.importers`) and written as new TEI (:mod:`reader.tei.write`).
"""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

from .errors import InputError, ReaderError
from .match import Match, Matcher
from .model import Glossary, Inline, TermRef, Text
from .tei.parse import TEI_NS, XML_ID, parse_xml
from .tei.write import name_element, serialise

E = f"{{{TEI_NS}}}"
#: elements whose content is never annotated (already linked, another language, notes, links, gaps)
SKIP = {E + t for t in ("persName", "orgName", "placeName", "term", "name", "rs", "foreign", "ref", "ptr", "note")}
SKIP |= {E + t for t in ("date", "num", "gap", "fw", "pb", "lb", "figure", "graphic", "code", "idno")}
DEFAULT_GLOSSARY = Path("glossary") / "glossary.xml"


class _Slot:
    """One text run: ``el.text`` (tail False) or ``el.tail`` (tail True), in unit ``unit`` at ``offset``."""

    __slots__ = ("el", "tail", "text", "unit", "line", "offset")

    def __init__(self, el: etree._Element, tail: bool, text: str, unit: str, line: int, offset: int) -> None:
        self.el, self.tail, self.text, self.unit, self.line, self.offset = el, tail, text, unit, line, offset


def _collect(root: etree._Element) -> tuple[list[_Slot], int]:
    """The linkable text runs of the original, in document order, and the count of existing links."""
    body = root.find(f"{E}text/{E}body")
    if body is None:
        raise InputError("the TEI document has no <text><body>", "", root.sourceline or 1, 1)
    original = body.find(f"{E}div[@type='original']")
    if original is None:
        if body.find(f"{E}div[@type='translation']") is not None:
            return [], 0  # a translation file: its original lives elsewhere
        original = body
    slots: list[_Slot] = []
    existing = sum(1 for el in original.iter() if (el.get("ref") or "").startswith("gl:"))
    counters: dict[str, int] = {}

    def walk(el: etree._Element, unit: str) -> None:
        xid = el.get(XML_ID)
        if xid and el.tag in UNIT_TAGS:
            unit = xid
        line = el.sourceline or 0
        if el.text:
            slots.append(_Slot(el, False, el.text, unit, line, counters.get(unit, 0)))
            counters[unit] = counters.get(unit, 0) + len(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                pass
            elif child.tag in SKIP and not (child.tag == E + "note" and child.get("type") == "publisher"):
                counters[unit] = counters.get(unit, 0) + len("".join(child.itertext()))
            else:
                walk(child, unit)
            if child.tail:
                slots.append(_Slot(child, True, child.tail, unit, child.sourceline or line, counters.get(unit, 0)))
                counters[unit] = counters.get(unit, 0) + len(child.tail)

    walk(original, "")
    return [s for s in slots if s.text.strip()], existing


UNIT_TAGS = {E + t for t in ("head", "p", "s", "seg", "ab", "byline", "note", "l", "item", "div")}


def _splice(slot: _Slot, matches: list[Match], base: int) -> None:
    """Replace a text run by text and name elements around ``matches`` (offsets relative to ``base``)."""
    text = slot.text
    pieces: list[etree._Element] = []
    pos = 0
    lead = ""
    for m in matches:
        a, b = m.start - base, m.end - base
        gap = text[pos:a]
        if pieces:
            pieces[-1].tail = gap
        else:
            lead = gap
        el = name_element(m.category, m.entry)
        el.text = text[a:b]
        pieces.append(el)
        pos = b
    pieces[-1].tail = text[pos:] or None
    if slot.tail:
        slot.el.tail = lead or None
        anchor = slot.el
        anchor.addnext(pieces[0])
    else:
        slot.el.text = lead or None
        slot.el.insert(0, pieces[0])
    anchor = pieces[0]
    for p in pieces[1:]:  # chained: each insertion is O(1), however many links a run gets
        anchor.addnext(p)
        anchor = p


def annotate_tree(
    root: etree._Element, matcher: Matcher, records: bool = True
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Link the original's text in place; return (linked matches, matches not linked, existing links).

    With ``records=False`` a linked match is reported as ``{"entry": id}`` only (enough for counts).
    """
    slots, existing = _collect(root)
    if not slots:
        return [], [], existing
    starts: list[int] = []
    parts: list[str] = []
    pos = 0
    for s in slots:
        starts.append(pos)
        parts.append(s.text)
        pos += len(s.text) + 1
    found = matcher.find_all("\n".join(parts))
    linked: list[dict[str, Any]] = []
    other: list[dict[str, Any]] = []
    by_slot: dict[int, list[Match]] = {}
    for m in found:
        i = bisect_right(starts, m.start) - 1
        if m.status == "linked":
            by_slot.setdefault(i, []).append(m)
            linked.append(
                _record(m, slots[i], m.start - starts[i], matcher.glossary) if records else {"entry": m.entry}
            )
        else:
            other.append(_record(m, slots[i], m.start - starts[i], matcher.glossary))
    for i, ms in by_slot.items():
        _splice(slots[i], ms, starts[i])
    return linked, other, existing


_LOCALES: dict[tuple[int, str, str], list[str]] = {}


def _locales(glossary: Glossary, entry_id: str, form: str) -> list[str]:
    """Every locale in which an entry writes ``form`` (cached per glossary)."""
    key = (id(glossary), entry_id, form)
    got = _LOCALES.get(key)
    if got is None:
        entry = glossary.get(entry_id)
        got = sorted({f.lang for f in entry.chinese_forms() if f.text == form}) if entry else []
        _LOCALES[key] = got
    return got


def _record(m: Match, slot: _Slot, rel: int, glossary: Glossary) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "entry": m.entry,
        "surface": m.surface,
        "form": m.form,
        "lang": m.lang,
        "type": m.type,
        "unit": slot.unit,
        "line": slot.line,
        "offset": slot.offset + rel,
    }
    if m.entry:
        rec["locales"] = _locales(glossary, m.entry, m.form)
    if m.status != "linked":
        rec["status"] = m.status
        rec["reason"] = m.reason or ("shared by " + ", ".join(m.candidates) if m.candidates else "")
        rec["candidates"] = list(m.candidates)
    return rec


def annotate_text(text: str, matcher: Matcher) -> tuple[tuple[Inline, ...], list[Match]]:
    """A plain string -> model inlines with TermRef around each linked match, and the matches."""
    matches = matcher.find(text)
    out: list[Inline] = []
    pos = 0
    for m in matches:
        if m.start > pos:
            out.append(Text(text[pos : m.start]))
        out.append(TermRef(m.entry, m.category, (Text(m.surface),)))
        pos = m.end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out), matches


def annotate_file(
    path: str | Path,
    glossary: Glossary,
    *,
    output: str | Path | None = None,
    glossary_path: str | Path | None = None,
    **options: Any,
) -> tuple[bytes, dict[str, Any]]:
    """Annotate a .xml, .txt or .md file; return the TEI bytes and the report."""
    from .importers import glossary_href, load_input
    from .tei.write import edition_to_tree

    p = Path(path)
    records = bool(options.pop("records", True))
    matcher = options.pop("matcher", None) or Matcher(glossary, **options)
    if p.suffix.lower() == ".xml":
        root = parse_xml(p).getroot()
        if root.tag != E + "TEI":
            raise InputError("the root element is not a TEI <TEI>", str(p), root.sourceline or 1, 1)
    else:
        edition = load_input(p)
        gpath = Path(glossary_path or glossary.source or DEFAULT_GLOSSARY)
        href = glossary_href(gpath, Path(output) if output else Path("out.xml"))
        root = edition_to_tree(edition, href, f"Imported from {p.name} by reader annotate.")
    try:
        linked, other, existing = annotate_tree(root, matcher, records)
    except InputError as exc:
        raise InputError(exc.message, str(p), exc.line, exc.col) from None
    counts = Counter(r["entry"] for r in linked)
    report = {
        "input": str(p),
        "glossary": glossary.source,
        "links_added": len(linked),
        "links_kept": existing,
        "counts": dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "matches": linked,
        "not_linked": other,
    }
    return serialise(root), report


def _glossary_for(path: Path, override: str | None) -> Path:
    if override:
        return Path(override)
    if path.suffix.lower() == ".xml":
        from .tei.read import glossary_path_of

        found = glossary_path_of(str(path), parse_xml(path).getroot())
        if found and Path(found).is_file():
            return Path(found)
    return DEFAULT_GLOSSARY


def annotate_command(args: argparse.Namespace) -> int:
    """Run ``reader annotate INPUT [-o OUT.xml] [--report FILE.json]``."""
    from .glossary import load_glossary
    from .output import write_atomic

    path = Path(args.input)
    gpath = _glossary_for(path, args.glossary)
    if not gpath.is_file():
        raise ReaderError(f"no glossary at {str(gpath)!r}: pass --glossary FILE", str(path))
    glossary = load_glossary(gpath)
    data, report = annotate_file(path, glossary, output=args.output, glossary_path=gpath, records=bool(args.report))
    if args.report:
        write_atomic(args.report, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    if args.output:
        write_atomic(args.output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    top = ", ".join(f"{k} {v}" for k, v in list(report["counts"].items())[:5])
    skipped = Counter(r.get("status") for r in report["not_linked"])
    print(
        f"{path}: {report['links_added']} links added to {len(report['counts'])} entries"
        f" ({report['links_kept']} existing kept; {skipped.get('ambiguous', 0)} ambiguous,"
        f" {skipped.get('skipped', 0) + skipped.get('excluded', 0)} inside longer words left alone)"
        + (f"; most: {top}" if top else ""),
        file=sys.stderr,
    )
    return 0
