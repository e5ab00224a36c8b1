"""The glossary as TBX-Basic (TBX v3, ISO 30042:2019, DCA style), with only the data categories and
values that the TBX-Basic dialect permits.

One ``conceptEntry`` per entry (the gloss its ``definition``, the Wikidata id an
``externalCrossReference``), one ``langSec`` per script (``zh-Hant``, ``zh-Hans``, ``en``) with one
``termSec`` per distinct term: its ``termType`` (fullForm, abbreviation, variant), its
``administrativeStatus`` (preferredTerm for a main form, admittedTerm otherwise), one
``geographicalUsage`` per region that uses it (``zh-TW``, ``zh-CN``, ``zh-HK``, ``zh-SG``, ``zh-MO``) and
its sources (``admin type="source"``). Pinyin is a term of its own, in a ``zh-Latn-pinyin`` section,
pointing at the Chinese terms it reads (``ref type="crossReference"``). Notes are plain text.
Exclusions are no terms of the concept and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ...model import Form, Glossary, GlossaryEntry

TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: TBX language sections: the section a form's locale belongs to.
TBX_SECTIONS = (("zh-Hant", ("zh-Hant",)), ("zh-Hans", ("zh-Hans",)), ("en", ("en",)))
PINYIN_SECTION = "zh-Latn-pinyin"
TBX_TERM_TYPES = {"main": "fullForm", "variant": "variant", "abbreviation": "abbreviation"}
#: the glossary's locales as language-region codes (geographicalUsage)
REGIONS = {
    "zh-Hant-TW": "zh-TW",
    "zh-Hans": "zh-CN",
    "zh-Hant-HK": "zh-HK",
    "zh-Hans-SG": "zh-SG",
    "zh-Hant-MO": "zh-MO",
}
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"
_RANK = {"main": 0, "variant": 1, "abbreviation": 2}


def plain_note(markdown: str) -> str:
    """A note in the glossary's Markdown subset as plain text: ``*x*`` -> x, ``[x](url)`` -> x (url)."""
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r"\1 (\2)", markdown)
    text = re.sub(r"(?<![\w*])[*_]([^*_\n]+)[*_](?![\w*])", r"\1", text)
    return " ".join(text.split())


def section_of(lang: str) -> str | None:
    """The TBX language section of a locale (None for a locale that has none)."""
    for name, prefixes in TBX_SECTIONS:
        if any(lang == p or lang.startswith(p + "-") for p in prefixes):
            return name
    return None


def _terms(forms: list[Form]) -> list[tuple[str, list[Form]]]:
    """Forms grouped by text, in file order (one termSec per distinct term)."""
    groups: dict[str, list[Form]] = {}
    for f in forms:
        groups.setdefault(f.text, []).append(f)
    return list(groups.items())


def to_tbx(glossary: Glossary) -> bytes:
    """The TBX-Basic document (UTF-8 bytes)."""

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
        _concept(sub, body, e, glossary.sources)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _concept(sub, body: etree._Element, e: GlossaryEntry, sources: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    ce = sub(body, "conceptEntry", id=e.id)
    sub(ce, "descrip", e.gloss, type="definition")
    if e.wikidata:
        sub(ce, "xref", e.wikidata, type="externalCrossReference", target=f"https://www.wikidata.org/wiki/{e.wikidata}")
    sub(ce, "note", f"category: {e.category}")
    if e.note:
        sub(ce, "note", plain_note(e.note))
    if e.ambiguity:
        sub(ce, "note", f"ambiguity: {plain_note(e.ambiguity)}")
    readings: dict[str, list[str]] = {}  # pinyin -> ids of the termSecs it reads
    for name, _ in TBX_SECTIONS:
        forms = [f for f in e.forms if f.type != "exclusion" and section_of(f.lang) == name]
        if not forms:
            continue
        ls = sub(ce, "langSec")
        ls.set(XML_LANG, name)
        for n, (text, group) in enumerate(_terms(forms), 1):
            best = min(group, key=lambda f: _RANK.get(f.type, 3))
            tid = f"{e.id}-{name}-{n}"
            tsec = sub(ls, "termSec", id=tid)
            sub(tsec, "term", text)
            sub(tsec, "termNote", TBX_TERM_TYPES.get(best.type, "variant"), type="termType")
            status = PREFERRED if any(f.type == "main" for f in group) else ADMITTED
            sub(tsec, "termNote", status, type="administrativeStatus")
            for region in dict.fromkeys(REGIONS[f.lang] for f in group if f.lang in REGIONS):
                sub(tsec, "termNote", region, type="geographicalUsage")
            for ref in dict.fromkeys(r for f in group for r in f.source):
                sub(tsec, "admin", sources.get(ref, ref), type="source")
            periods = sorted({f"{REGIONS.get(f.lang, f.lang)}: {f.period}" for f in group if f.period})
            if periods:
                sub(tsec, "note", "in use (as the sources show): " + "; ".join(periods))
            if any(f.contextual for f in group):
                sub(tsec, "note", "contextual: names this concept only where the text also names it unambiguously")
            if any(f.subtype == "display" for f in group):
                sub(tsec, "note", "display abbreviation: shown, never matched in running text")
            for f in group:
                if f.pinyin:
                    readings.setdefault(f.pinyin, [])
                    if tid not in readings[f.pinyin]:
                        readings[f.pinyin].append(tid)
    if readings:
        ls = sub(ce, "langSec")
        ls.set(XML_LANG, PINYIN_SECTION)
        for n, (reading, targets) in enumerate(readings.items(), 1):
            tsec = sub(ls, "termSec", id=f"{e.id}-{PINYIN_SECTION}-{n}")
            sub(tsec, "term", reading)
            sub(tsec, "termNote", "variant", type="termType")
            for target in targets:
                sub(tsec, "ref", target, type="crossReference", target=target)
