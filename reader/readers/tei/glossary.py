"""Glossary TEI -> :class:`~reader.model.Glossary`: every entry with its forms, notes and Wikidata id,
and every problem as ``path:line:col: message`` (missing ids, forms or glosses, unsafe notes, forms
two entries claim without an ambiguity note). The only reader of glossary TEI; the encoding is
described in ``docs/tei-conventions.md``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from lxml import etree

from ...errors import GlossaryError, ReaderError
from ...model import Form, Glossary, GlossaryEntry
from .inline import local
from .parse import parse_xml
from .vocab import GLOSSARY_ENTRY_TAGS, GLOSSARY_LISTS, TEI_NS, XML_ID, XML_LANG, t

FORM_TYPES = {"main", "variant", "abbreviation", "exclusion"}
FORM_SUBTYPES = {"", "contextual", "display"}
#: the locales a form may have, with the region each stands for (docs/glossary.md)
LOCALES = {"zh-Hant-TW": "TW", "zh-Hans": "CN", "zh-Hant-HK": "HK", "zh-Hans-SG": "SG", "zh-Hant-MO": "MO"}
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
    exclusion_lists: list[etree._Element] = []
    # only the list elements (in or out of the TEI namespace, as local() names them): walking every
    # element of a large glossary costs more than reading it
    for lst in standoff.iter(*GLOSSARY_LISTS, *(t(k) for k in GLOSSARY_LISTS)):
        lname = _local(lst)
        if lname == "list" and lst.get("type") == "exclusions":
            exclusion_lists.append(lst)
            continue
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
    if exclusion_lists:
        entries = _add_exclusions(entries, exclusion_lists, name, problems)
    title_el = root.find(f".//{t('titleStmt')}/{t('title')}")
    sources, follows = _header(root)
    glossary = Glossary(
        tuple(entries),
        source=name,
        title=_text(title_el) if title_el is not None else "",
        sources=sources,
        follows=follows,
    )
    for e in entries:
        for f in e.forms:
            for ref in f.source:
                if ref not in sources:
                    problems.append(
                        GlossaryError(
                            f"entry {e.id!r}: form {f.text!r} cites source {ref!r}, which is no <bibl xml:id> "
                            "in the header's listBibl",
                            name,
                            e.line,
                            1,
                        )
                    )
    problems.extend(_shared_forms(glossary))
    return (None if problems else glossary), problems


def _header(root: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    """The header's sources (bibl id -> label) and which locale follows which (language/@corresp)."""
    sources: dict[str, str] = {}
    header = root.find(t("teiHeader"))
    if header is None:
        return sources, {}
    for bibl in header.iter(t("bibl")):
        bid = bibl.get(XML_ID)
        if bid:
            title = bibl.find(t("title"))
            sources[bid] = _text(title if title is not None else bibl)
    ids: dict[str, str] = {}
    langs = list(header.iter(t("language")))
    for lang in langs:
        if lang.get(XML_ID) and lang.get("ident"):
            ids[lang.get(XML_ID) or ""] = lang.get("ident") or ""
    follows: dict[str, str] = {}
    for lang in langs:
        target = (lang.get("corresp") or "").lstrip("#")
        if lang.get("ident") and target in ids:
            follows[lang.get("ident") or ""] = ids[target]
    return sources, follows


def _add_exclusions(
    entries: list[GlossaryEntry], lists: list[etree._Element], path: str, problems: list[ReaderError]
) -> list[GlossaryEntry]:
    """Attach the exclusions of ``<list type="exclusions">`` to their entries (as exclusion forms).

    Each ``item`` points at its entry with ``corresp="#id"`` and holds ``term`` s: a whole word that
    contains one of the entry's forms (中東歐), or a context in which a form is not the entry, the
    form itself marked with ``mentioned`` (美國<mentioned>國會</mentioned>)."""
    by_id = {e.id: i for i, e in enumerate(entries)}
    extra: dict[int, list[Form]] = {}
    for lst in lists:
        for item in lst:
            if _local(item) != "item":
                continue
            line = item.sourceline or 0
            target = (item.get("corresp") or "").lstrip("#")
            if target not in by_id:
                problems.append(GlossaryError(f"an exclusion points at {target!r}, which is no entry", path, line, 1))
                continue
            for term in item:
                if _local(term) != "term":
                    continue
                tline = term.sourceline or line
                lang = term.get(XML_LANG) or ""
                whole = _text(term)
                marked = [m for m in term if _local(m) == "mentioned"]
                left = right = ""
                subtype = ""
                if marked:
                    core = _text(marked[0])
                    left = " ".join((term.text or "").split())
                    right = " ".join((marked[0].tail or "").split())
                    if len(marked) > 1 or not core or left + core + right != whole:
                        problems.append(
                            GlossaryError(
                                f"exclusion {whole!r} of {target!r}: mark the blocked form with one <mentioned>",
                                path,
                                tline,
                                1,
                            )
                        )
                        continue
                    subtype = "context"
                if not whole or not lang:
                    problems.append(
                        GlossaryError(f"exclusion of {target!r} has no text or no xml:lang", path, tline, 1)
                    )
                    continue
                prov = _provenance(term)
                extra.setdefault(by_id[target], []).append(
                    Form(whole, lang, "exclusion", subtype=subtype, left=left, right=right, **prov)  # type: ignore[arg-type]
                )
    return [replace(e, forms=e.forms + tuple(extra[i])) if i in extra else e for i, e in enumerate(entries)]


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
    scoped: list[tuple[str, str]] = []
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
                    forms[-1] = replace(pending, pinyin=unicodedata.normalize("NFC", text))
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
            form = Form(text, lang, typ, subtype=child.get("subtype") or "", **_provenance(child))  # type: ignore[arg-type]
            if form.subtype not in FORM_SUBTYPES and typ != "exclusion":
                cline = child.sourceline or line
                problems.append(
                    GlossaryError(
                        f"entry {xid!r}: form subtype {form.subtype!r} is not one of {sorted(FORM_SUBTYPES - {''})}",
                        path,
                        cline,
                        1,
                    )
                )
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
            elif child.get("corresp"):  # a note about one text: shown only in that text's editions
                scoped.append((child.get("corresp", ""), "".join(child.itertext()).strip()))
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
    return GlossaryEntry(xid, category, tuple(forms), english, gloss, note, wikidata, ambiguity, line, tuple(scoped))


def _provenance(el: etree._Element) -> dict[str, object]:
    """A form's ``source`` (ids of the header's bibls) and ``period`` (TEI att.datable, as one string)."""
    source = tuple(p[1:] if p.startswith("#") else p for p in (el.get("source") or "").split())
    when = el.get("when") or ""
    start = el.get("from") or el.get("notBefore") or ""
    end = el.get("to") or el.get("notAfter") or ""
    period = when or (f"{start}–{end}" if start or end else "")
    return {"source": source, "period": period}


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
