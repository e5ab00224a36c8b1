"""Glossary TEI -> :class:`~reader.model.Glossary`: every entry with its forms, notes and Wikidata id,
and every problem as ``path:line:col: message`` (missing ids, forms or glosses, unsafe notes, forms
two entries claim without an ambiguity note). The only reader of glossary TEI; the encoding is
described in ``docs/tei-conventions.md``."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from lxml import etree

from ...errors import GlossaryError, ReaderError
from ...model import Form, Glossary, GlossaryEntry
from .inline import local
from .parse import parse_xml
from .vocab import GLOSSARY_ENTRY_TAGS, GLOSSARY_LISTS, TEI_NS, XML_ID, XML_LANG, t

FORM_TYPES = {"main", "variant", "abbreviation", "exclusion"}
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def _text(el: etree._Element) -> str:
    if len(el):
        return " ".join("".join(el.itertext()).split())
    text = el.text or ""  # no children (the usual case): no need to walk the element
    return " ".join(text.split()) if text else ""


_LOCAL: dict[object, str] = {}


def _local(el: etree._Element) -> str:
    """:func:`local`, remembered per tag (a glossary has a handful of tags and many thousand elements)."""
    tag = el.tag
    try:
        return _LOCAL[tag]
    except KeyError:
        name = _LOCAL[tag] = local(el)
        return name
    except TypeError:  # an unhashable tag: never cached
        return local(el)


def read_glossary(path: str | Path) -> tuple[Glossary | None, list[ReaderError]]:
    """Read a glossary file, returning it (None on errors) and the problems found."""
    name = str(path)
    tree = parse_xml(path)
    root = tree.getroot()
    problems: list[ReaderError] = []
    if root.tag != t("TEI"):
        raise GlossaryError(
            f"the root element is <{local(root)}>; expected <TEI> in {TEI_NS}", name, root.sourceline or 1, 1
        )
    standoff = root.find(t("standOff"))
    if standoff is None:
        raise GlossaryError(
            "a glossary needs a <standOff> with listPerson, listOrg, listPlace, listEvent or list",
            name,
            root.sourceline or 1,
            1,
        )
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    # only the list elements (in or out of the TEI namespace, as local() names them): walking every
    # element of a large glossary costs more than reading it
    for lst in standoff.iter(*GLOSSARY_LISTS, *(t(k) for k in GLOSSARY_LISTS)):
        lname = _local(lst)
        if lname not in GLOSSARY_LISTS or (lname == "list" and lst.get("type") not in ("terms", None)):
            continue
        category, form_tag = GLOSSARY_LISTS[lname]
        for el in lst:
            if _local(el) not in GLOSSARY_ENTRY_TAGS:
                continue
            entry = _entry(el, category, form_tag, name, problems)
            if entry is None:
                continue
            if entry.id in seen:
                problems.append(
                    GlossaryError(
                        f"duplicate entry id {entry.id!r} (first on line {seen[entry.id]})", name, entry.line, 1
                    )
                )
                continue
            seen[entry.id] = entry.line
            entries.append(entry)
    title_el = root.find(f".//{t('titleStmt')}/{t('title')}")
    glossary = Glossary(tuple(entries), source=name, title=_text(title_el) if title_el is not None else "")
    problems.extend(_shared_forms(glossary))
    return (None if problems else glossary), problems


def _entry(
    el: etree._Element, category: str, form_tag: str, path: str, problems: list[ReaderError]
) -> GlossaryEntry | None:
    line = el.sourceline or 0
    xid = el.get(XML_ID)
    if not xid:
        problems.append(GlossaryError(f"a glossary <{local(el)}> has no xml:id", path, line, 1))
        return None
    if not xid.isascii():
        problems.append(GlossaryError(f"entry id {xid!r} is not ASCII", path, line, 1))
    elif not _XML_NAME.fullmatch(xid):
        problems.append(GlossaryError(f"entry id {xid!r} is not a valid XML name", path, line, 1))
    forms: list[Form] = []
    english = gloss = note = wikidata = ambiguity = ""
    pending: Form | None = None
    for child in el:
        name = _local(child)
        if name == form_tag:
            lang = child.get(XML_LANG) or ""
            typ = child.get("type") or "variant"
            text = _text(child)
            if not text:
                cline = child.sourceline or line
                problems.append(GlossaryError(f"entry {xid!r} has an empty <{form_tag}>", path, cline, 1))
                continue
            if typ == "pinyin" or lang.endswith("-pinyin"):
                if pending is None:
                    cline = child.sourceline or line
                    problems.append(
                        GlossaryError(f"entry {xid!r}: pinyin {text!r} follows no Chinese form", path, cline, 1)
                    )
                else:
                    forms[-1] = Form(pending.text, pending.lang, pending.type, unicodedata.normalize("NFC", text))
                    pending = None
                continue
            if typ not in FORM_TYPES:
                cline = child.sourceline or line
                problems.append(
                    GlossaryError(
                        f"entry {xid!r}: form type {typ!r} is not one of {sorted(FORM_TYPES)}", path, cline, 1
                    )
                )
                continue
            if not lang:
                cline = child.sourceline or line
                problems.append(GlossaryError(f"entry {xid!r}: form {text!r} has no xml:lang", path, cline, 1))
                continue
            form = Form(text, lang, typ)
            forms.append(form)
            pending = form if lang.startswith("zh") and typ != "exclusion" else None
            if lang == "en" and typ == "main" and not english:
                english = text
        elif name == "note":
            kind = child.get("type") or "note"
            _check_note(child, kind, xid, path, problems)
            if kind == "gloss":
                gloss = _text(child)
            elif kind == "ambiguity":
                ambiguity = _text(child)
            else:
                note = "".join(child.itertext()).strip()
        elif name == "idno" and child.get("type") == "wikidata":
            wikidata = _text(child)
    if not any(f.lang.startswith("zh") and f.type != "exclusion" for f in forms):
        problems.append(GlossaryError(f"entry {xid!r} has no Chinese form", path, line, 1))
    if not english:
        problems.append(
            GlossaryError(f"entry {xid!r} has no English main form (xml:lang='en' type='main')", path, line, 1)
        )
    if not gloss:
        problems.append(GlossaryError(f"entry {xid!r} has no <note type='gloss'>", path, line, 1))
    return GlossaryEntry(xid, category, tuple(forms), english, gloss, note, wikidata, ambiguity, line)


def _check_note(el: etree._Element, kind: str, xid: str, path: str, problems: list[ReaderError]) -> None:
    """Notes are text (Markdown for type='note'): markup, raw HTML, unsafe links and images are errors."""
    for bad in el.iterchildren("*") if len(el) else ():
        problems.append(
            GlossaryError(
                f"entry {xid!r}: a note holds the element <{etree.QName(bad).localname}>; "
                "notes are text (Markdown in type='note'), without markup",
                path,
                bad.sourceline or el.sourceline or 0,
                1,
            )
        )
        return
    if kind not in ("gloss", "ambiguity"):
        from ..markdown import note_problems

        for offset, msg in note_problems("".join(el.itertext()).strip()):
            problems.append(GlossaryError(f"entry {xid!r}: {msg}", path, (el.sourceline or 0) + offset, 1))


def _shared_forms(glossary: Glossary) -> list[ReaderError]:
    owners: dict[str, list[GlossaryEntry]] = {}
    for e in glossary.entries:
        for f in {f.text for f in e.chinese_forms()}:
            owners.setdefault(f, []).append(e)
    problems: list[ReaderError] = []
    for form, es in owners.items():
        if len(es) > 1 and not all(e.ambiguity for e in es):
            ids = ", ".join(e.id for e in es)
            problems.append(
                GlossaryError(
                    f"form {form!r} is claimed by {ids}; each needs a <note type='ambiguity'>",
                    glossary.source,
                    es[-1].line,
                    1,
                )
            )
    return problems
