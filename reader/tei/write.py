"""Model -> TEI, following docs/tei-conventions.md (for ``reader import`` and ``reader annotate``).

The original goes in ``div[@type='original']``; translated units go in ``div[@type='translation']``
with ``corresp="#id"`` pointing back (untranslated units are simply absent there). Ids come from the
model; the importers assign them by the conventions (``zh-s1-p2`` / ``en-s1-p2``).
"""

from __future__ import annotations

from lxml import etree

from ..model import Block, Edition, Emph, Foreign, Inline, Link, Node, Note, Section, TermRef, Text, Unit
from .parse import TEI_NS, XML_ID, XML_LANG

E = f"{{{TEI_NS}}}"
NAME_TAGS = {"person": "persName", "org": "orgName", "place": "placeName", "term": "term"}
PROJECT = "The reader project"
S_TAG = E + "s"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a TEI element with optional text and attributes (``xml_id``/``xml_lang`` for xml:*)."""
    el = etree.SubElement(parent, E + tag)
    for k, v in attrs.items():
        el.set(XML_ID if k == "xml_id" else XML_LANG if k == "xml_lang" else k, v)
    if text is not None:
        el.text = text
    return el


def name_element(kind: str, ref: str) -> etree._Element:
    """A fresh name element for a glossary link of category ``kind``."""
    if kind in NAME_TAGS:
        el = etree.Element(E + NAME_TAGS[kind])
    else:
        el = etree.Element(E + "name")
        el.set("type", kind)
    el.set("ref", f"gl:{ref}")
    return el


def escape_text(text: str) -> str:
    """``text`` escaped as lxml serialises element content (``&``, ``<``, ``>`` and carriage return)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _escape_attr(value: str) -> str:
    return escape_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def name_tags(kind: str, ref: str, prefix: str = "") -> tuple[str, str]:
    """The start and end tags :func:`name_element` serialises to, as text (``prefix`` is 'tei:' or '')."""
    ref_attr = _escape_attr(f"gl:{ref}")
    if kind in NAME_TAGS:
        tag = prefix + NAME_TAGS[kind]
        return f'<{tag} ref="{ref_attr}">', f"</{tag}>"
    tag = prefix + "name"
    return f'<{tag} type="{_escape_attr(kind)}" ref="{ref_attr}">', f"</{tag}>"


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def write_inlines(parent: etree._Element, inlines: tuple[Inline, ...]) -> None:
    """Append inline nodes to ``parent`` as TEI phrase-level content."""
    for node in inlines:
        if isinstance(node, Text):
            _append_text(parent, node.text)
            continue
        if isinstance(node, TermRef):
            el = name_element(node.kind, node.ref)
            parent.append(el)
        elif isinstance(node, Foreign):
            el = sub(parent, "foreign", xml_lang=node.lang)
        elif isinstance(node, Emph):
            el = sub(parent, "hi", rend="italic")
        elif isinstance(node, Link):
            el = sub(parent, "ref", target=node.href)
        elif isinstance(node, Note):
            el = sub(parent, "note", type=node.kind, xml_id=node.id)
        else:  # pragma: no cover - the Inline union is closed
            continue
        write_inlines(el, node.children)


def _unit(parent: etree._Element, tag: str, unit: Unit, corresp: str | None = None, **attrs: str) -> None:
    el = sub(parent, tag, **attrs)
    if unit.id:
        el.set(XML_ID, unit.id)
    if corresp:
        el.set("corresp", f"#{corresp}")
    for i, s in enumerate(unit.sentences):
        if s.id:
            attrib = {XML_ID: s.id}
            if s.corresp:
                attrib["corresp"] = " ".join(f"#{c}" for c in s.corresp)
            sel = etree.SubElement(el, S_TAG, attrib)
            if len(s.inlines) == 1 and type(s.inlines[0]) is Text:  # plain text, the common case
                sel.text = s.inlines[0].text
            else:
                write_inlines(sel, s.inlines)
        else:
            if i:
                _append_text(el, " ")
            write_inlines(el, s.inlines)


_TAGS = {"title": "head", "head": "head", "byline": "byline", "p": "p", "note": "note"}


def _block(parent: etree._Element, block: Block, translation: bool) -> None:
    tag = _TAGS.get(block.kind, "p")
    attrs: dict[str, str] = {}
    if block.kind == "title":
        attrs["type"] = "main"
    if block.kind == "note":
        attrs["type"] = "publisher"
    if not translation:
        _unit(parent, tag, block.original, **attrs)
        return
    for unit in block.translation:
        _unit(parent, tag, unit, block.original.id, **attrs)


def _has_translation(nodes: tuple[Node, ...]) -> bool:
    for n in nodes:
        if isinstance(n, Block) and n.translated:
            return True
        if isinstance(n, Section) and ((n.head is not None and n.head.translated) or _has_translation(n.children)):
            return True
    return False


def _nodes(parent: etree._Element, nodes: tuple[Node, ...], translation: bool) -> None:
    for node in nodes:
        if isinstance(node, Block):
            _block(parent, node, translation)
            continue
        if translation and not ((node.head is not None and node.head.translated) or _has_translation(node.children)):
            continue
        div = sub(parent, "div", type="section" if node.level == 1 else "subsection")
        if node.n:
            div.set("n", node.n)
        if node.id:
            div.set(XML_ID, ("en" + node.id[2:]) if translation and node.id.startswith("zh") else node.id)
            if translation:
                div.set("corresp", f"#{node.id}")
        if node.head is not None:
            _block(div, node.head, translation)
        _nodes(div, node.children, translation)
        if len(div) == 0 or (len(div) == 1 and div[0].tag == E + "head"):
            # TEI wants content after a head: an empty paragraph stands for an empty section
            sub(div, "p")


def _header(root: etree._Element, ed: Edition, glossary_href: str, source_note: str) -> None:
    m = ed.metadata
    fd = sub(sub(root, "teiHeader"), "fileDesc")
    ts = sub(fd, "titleStmt")
    sub(ts, "title", m.title or m.slug, type="main", xml_lang=m.lang)
    if m.title_en:
        sub(ts, "title", m.title_en, type="main", xml_lang="en")
    if m.author:
        au = sub(ts, "author")
        pn = sub(au, "persName", m.author)
        if m.author_ref:
            pn.set("ref", f"gl:{m.author_ref}")
        if m.affiliation:
            sub(au, "affiliation", m.affiliation)
    if _has_translation(ed.children):
        rs = sub(ts, "respStmt")
        sub(rs, "resp", "English translation", xml_lang="en")
        sub(rs, "name", m.translator or PROJECT, xml_lang="en")
    ps = sub(fd, "publicationStmt")
    sub(ps, "publisher", PROJECT, xml_lang="en")
    sub(
        sub(ps, "availability"), "p", "Imported for reading; the source's rights remain with its author.", xml_lang="en"
    )
    sd = sub(fd, "sourceDesc")
    bibl = sub(sd, "bibl")
    if m.author:
        sub(bibl, "author", m.author)
    if m.publisher:
        sub(bibl, "publisher", m.publisher)
    sub(bibl, "note", source_note, type="source", xml_lang="en")
    enc = sub(root[0], "encodingDesc")
    sub(sub(sub(enc, "editorialDecl"), "normalization"), "p", m.editorial or "No normalisation.", xml_lang="en")
    lpd = sub(enc, "listPrefixDef")
    sub(lpd, "prefixDef", ident="gl", matchPattern=r"([A-Za-z0-9_.\-]+)", replacementPattern=f"{glossary_href}#$1")
    lu = sub(sub(root[0], "profileDesc"), "langUsage")
    sub(lu, "language", "Chinese", ident=m.lang)
    sub(lu, "language", "English", ident="en")


def edition_to_tree(ed: Edition, glossary_href: str, source_note: str = "") -> etree._Element:
    """The TEI document of an edition, as an lxml element (annotate splices links into it)."""
    root = etree.Element(E + "TEI", nsmap={None: TEI_NS})
    root.set(XML_LANG, ed.metadata.lang)
    _header(root, ed, glossary_href, source_note or f"Imported from {ed.source or 'a plain-text file'}.")
    body = sub(sub(root, "text"), "body")
    orig = sub(body, "div", type="original", xml_lang=ed.metadata.lang)
    _nodes(orig, ed.children, translation=False)
    if _has_translation(ed.children):
        trans = sub(body, "div", type="translation", xml_lang=ed.metadata.translation_lang)
        _nodes(trans, ed.children, translation=True)
    return root


def serialise(root: etree._Element) -> bytes:
    """UTF-8 TEI with an XML declaration and light indentation of the structure (not of the text)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def write_tei(ed: Edition, glossary_href: str, source_note: str = "") -> bytes:
    """An edition as TEI bytes."""
    return serialise(edition_to_tree(ed, glossary_href, source_note))
