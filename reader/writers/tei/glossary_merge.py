"""Merging a table of name forms (:mod:`reader.readers.glossary_tables`) into a glossary's TEI tree.

Every form that comes in cites the import's ``bibl`` (added to the header's ``listBibl``, with its
licence), so the glossary says where it came from. An item joins the entry that has one of its forms
or its English name (one entry only: an item that would join two is reported, not merged); a form the
entry has already gains the import as a further source; a new form is added after the entry's last
form, followed by its pinyin. Curated data is never replaced: an imported form where the entry has a
``main`` form of that locale comes in as a ``variant`` unless ``force`` is given (then it becomes the
main form and the old one a variant). A CSV row with an id, a category, an English name and a gloss
that joins no entry becomes a new entry; any other item that joins no entry is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ...model import Form, Glossary
from ...readers.glossary_tables import TableItem
from ...readers.tei.vocab import XML_ID, XML_LANG, t
from ...text.pinyin import readings
from ...transforms.lookup import lookup

FORM_TAGS = {"person": "persName", "org": "orgName", "place": "placeName", "event": "eventName", "term": "term"}
LISTS = {"person": "listPerson", "org": "listOrg", "place": "listPlace", "event": "listEvent", "term": "list"}
ENTRY_TAGS = {"person": "person", "org": "org", "place": "place", "event": "event", "term": "item"}
_VOWEL_START = re.compile(r"^[aoeāáǎàōóǒòēéěè]")
#: readings that transliterations use where pypinyin's everyday reading differs (塞浦路斯 Sàipǔlùsī)
NAME_READINGS = {"塞": "sài", "佛": "fó"}


@dataclass
class MergeReport:
    """What a merge did, for the command's summary."""

    entries_joined: int = 0
    entries_added: list[str] = field(default_factory=list)
    forms_added: int = 0
    sources_added: int = 0
    mains_replaced: int = 0
    kept_as_variant: int = 0
    unmatched: list[str] = field(default_factory=list)  #: "line N: 普京" for items that joined no entry
    conflicts: list[str] = field(default_factory=list)  #: items whose forms belong to several entries
    exclusions_skipped: int = 0  #: exclusions in the table (a CSV export's), which are not merged


def name_pinyin(text: str) -> str:
    """A reading for an imported name: each part (between separators) one word, capitalised, with an
    apostrophe before a syllable starting with a, o or e (``Hāsàkèsītǎn``, ``Yīmǔlán Hán``). A reading
    the table gives is always preferred: word division inside a part (``Shātè Ālābó``) and a Chinese
    person's surname (``Lǐ Kèqiáng``) need one."""
    words = []
    for part in re.split(r"[·‧•・･．﹒\s]+", text):
        syllables = [NAME_READINGS.get(ch, r) for ch, r in zip(part, readings(part), strict=False) if r]
        if not syllables:
            continue
        word = syllables[0]
        for s in syllables[1:]:
            word += ("'" if _VOWEL_START.match(s) else "") + s
        words.append(word[:1].upper() + word[1:])
    return " ".join(words)


def _ensure_bibl(root: etree._Element, bibl_id: str, label: str, licence: str) -> None:
    header = root.find(t("teiHeader"))
    if header is None:
        raise ValueError("the glossary has no teiHeader")
    for bibl in header.iter(t("bibl")):
        if bibl.get(XML_ID) == bibl_id:
            return
    desc = header.find(f"{t('fileDesc')}/{t('sourceDesc')}")
    if desc is None:
        raise ValueError("the glossary header has no sourceDesc")
    lst = desc.find(t("listBibl"))
    if lst is None:
        if len(desc) and desc[0].tag == t("p"):
            raise ValueError("the sourceDesc holds paragraphs; a listBibl cannot stand beside them")
        lst = etree.SubElement(desc, t("listBibl"))
    bibl = etree.SubElement(lst, t("bibl"))
    bibl.set(XML_ID, bibl_id)
    title = etree.SubElement(bibl, t("title"))
    title.text = label
    if licence:
        note = etree.SubElement(bibl, t("note"))
        note.set("type", "licence")
        note.text = licence
    _indent(lst, 4)


def _indent(el: etree._Element, level: int) -> None:
    """Re-indent ``el`` 's children (two spaces a level), as the glossary is laid out."""
    pad = "\n" + "  " * (level + 1)
    if len(el):
        el.text = pad
        for child in el:
            child.tail = pad
        el[-1].tail = "\n" + "  " * level


def _form_element(tag: str, form: Form, source: str) -> tuple[etree._Element, etree._Element | None]:
    """A form element (and its pinyin) citing the form's own sources, then ``source``."""
    refs = [f"#{r}" for r in form.source] + source.split()
    source = " ".join(dict.fromkeys(refs))
    el = etree.Element(t(tag))
    el.set("type", form.type)
    el.set(XML_LANG, form.lang)
    if form.subtype:
        el.set("subtype", form.subtype)
    el.set("source", source)
    start, dash, end = form.period.partition("–")
    if dash:
        for name, value in (("from", start), ("to", end)):
            if value:
                el.set(name, value)
    elif form.period:
        el.set("when", form.period)
    el.text = form.text
    if not form.lang.startswith("zh"):
        return el, None
    py = etree.Element(t(tag))
    py.set("type", "pinyin")
    py.set(XML_LANG, "zh-Latn-pinyin")
    py.text = form.pinyin or name_pinyin(form.text)
    return el, py


def _entry_elements(root: etree._Element) -> dict[str, etree._Element]:
    standoff = root.find(t("standOff"))
    if standoff is None:
        return {}
    return {el.get(XML_ID) or "": el for el in standoff.iter(*(t(v) for v in ENTRY_TAGS.values()))}


def _merge_forms(el: etree._Element, tag: str, item: TableItem, source: str, force: bool, report: MergeReport) -> None:
    forms = [c for c in el if c.tag == t(tag) and c.get("type") != "pinyin"]
    for form in item.forms:
        if form.type == "exclusion":  # exclusions are no forms: they are not merged (see docs/glossary.md)
            report.exclusions_skipped += 1
            continue
        same = [c for c in forms if c.get(XML_LANG) == form.lang and (c.text or "").strip() == form.text]
        if same:
            refs = (same[0].get("source") or "").split()
            added = [r for r in dict.fromkeys([f"#{x}" for x in form.source] + source.split()) if r not in refs]
            if added:
                same[0].set("source", " ".join([*refs, *added]))
                report.sources_added += 1
            continue
        main = [c for c in forms if c.get(XML_LANG) == form.lang and c.get("type") == "main"]
        new = form
        if form.type == "main" and main:
            if force:
                main[0].set("type", "variant")
                report.mains_replaced += 1
            else:
                new = Form(form.text, form.lang, "variant", form.pinyin)
                report.kept_as_variant += 1
        node, py = _form_element(tag, new, source)
        chinese = [c for c in forms if (c.get(XML_LANG) or "").startswith("zh")]
        anchor = (chinese or forms or [None])[-1] if new.lang.startswith("zh") else (forms or [None])[-1]
        indent = el.text if el.text and not el.text.strip() else "\n"
        if anchor is not None:
            nxt = anchor.getnext()
            if nxt is not None and nxt.tag == t(tag) and nxt.get("type") == "pinyin":
                anchor = nxt
            after = anchor.tail
            anchor.addnext(node)  # (lxml moves anchor's tail to node: set both again)
            anchor.tail = indent
        else:
            after = el.text
            el.insert(0, node)
        node.tail = after
        if py is not None:
            node.addnext(py)
            node.tail, py.tail = indent, after
        forms.append(node)
        report.forms_added += 1


def _new_entry(root: etree._Element, item: TableItem, source: str) -> etree._Element:
    standoff = root.find(t("standOff"))
    assert standoff is not None
    lst_tag = LISTS[item.category]
    lst = next((c for c in standoff if c.tag == t(lst_tag) and (lst_tag != "list" or c.get("type") == "terms")), None)
    if lst is None:
        lst = etree.Element(t(lst_tag))
        if lst_tag == "list":
            lst.set("type", "terms")
        excl = next((c for c in standoff if c.tag == t("list") and c.get("type") == "exclusions"), None)
        if excl is not None:
            excl.addprevious(lst)
        else:
            standoff.append(lst)
    el = etree.SubElement(lst, t(ENTRY_TAGS[item.category]))
    el.set(XML_ID, item.id)
    tag = FORM_TAGS[item.category]
    nodes: list[etree._Element] = []
    for form in item.forms:
        if form.type == "exclusion":
            continue
        node, py = _form_element(tag, form, source)
        nodes.append(node)
        if py is not None:
            nodes.append(py)
    idno = None
    if item.wikidata:
        idno = etree.Element(t("idno"))
        idno.set("type", "wikidata")
        idno.text = item.wikidata
    if idno is not None and item.category == "event":
        el.append(idno)  # TEI: an event's idno comes before its names
        idno = None
    el.extend(nodes)
    if idno is not None:
        el.append(idno)
    gloss = etree.SubElement(el, t("note"))
    gloss.set("type", "gloss")
    gloss.text = item.gloss
    _indent(el, 3)
    _indent(lst, 2)
    return el


def merge_table(
    root: etree._Element,
    glossary: Glossary,
    items: list[TableItem],
    bibl_id: str,
    label: str,
    licence: str = "",
    force: bool = False,
) -> MergeReport:
    """Merge ``items`` into the glossary tree ``root`` (read as ``glossary``), citing ``bibl_id``."""
    _ensure_bibl(root, bibl_id, label, licence)
    elements = _entry_elements(root)
    report = MergeReport()
    for item in items:
        if item.id and item.id in elements:
            ids = {item.id}
        else:
            ids = {e.id for f in item.forms for e in lookup(glossary, f.text)}
            if not ids and item.english:  # a conversion group's original, where no form is known yet
                ids = {e.id for e in lookup(glossary, item.english)}
        what = f"line {item.line}: " + " / ".join(f.text for f in item.forms if f.lang.startswith("zh"))
        if len(ids) > 1:
            report.conflicts.append(f"{what} (forms of {', '.join(sorted(ids))})")
            continue
        sources = " ".join("#" + s for s in (*item.source, bibl_id) if s)
        if ids:
            eid = ids.pop()
            entry = glossary.get(eid)
            _merge_forms(elements[eid], FORM_TAGS[entry.category if entry else "term"], item, sources, force, report)
            report.entries_joined += 1
            continue
        if item.id and item.category and item.english and item.gloss:
            elements[item.id] = _new_entry(root, item, sources)
            report.entries_added.append(item.id)
            continue
        report.unmatched.append(what)
    return report
