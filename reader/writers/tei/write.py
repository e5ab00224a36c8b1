"""Model -> TEI, following docs/tei-conventions.md (for ``reader import`` and ``reader annotate``).

The original goes in ``div[@type='original']``; translated units go in ``div[@type='translation']``
with ``corresp="#id"`` pointing back (untranslated units are simply absent there). Ids come from the
model; the importers assign them by the conventions (``zh-s1-p2`` / ``en-s1-p2``).
"""

from __future__ import annotations

import re

from lxml import etree

from ...model import (
    Block,
    Edition,
    Emph,
    Foreign,
    Inline,
    InlineVisitor,
    Link,
    Node,
    Note,
    Section,
    TermRef,
    Text,
    Unit,
)
from ...readers.tei.vocab import NAME_TAGS, TEI_NS, XML_ID, XML_LANG, E

PROJECT = "The reader project"


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


class _InlineXml(InlineVisitor[None]):
    """Inline nodes as TEI markup text, appended to ``out``."""

    def __init__(self, out: list[str]) -> None:
        self.out = out
        #: a link around plain text -> its markup, by the node's id: the nodes belong to the edition
        #: being written, so ids are not reused while it is; annotation shares one node per surface
        self.terms: dict[int, str] = {}

    def sentence(self, inlines: tuple[Inline, ...]) -> None:
        """A sentence's inline nodes. Plain text with links around plain text (what annotation gives,
        tens of thousands of links in a large text) is written as one piece, each link's markup made
        once; anything else goes through the handlers. Both give the same markup."""
        parts: list[str] = []
        terms = self.terms
        for node in inlines:
            if type(node) is Text:
                parts.append(escape_text(node.text))
                continue
            markup = terms.get(id(node))
            if markup is None:
                if type(node) is not TermRef or len(node.children) != 1 or type(node.children[0]) is not Text:
                    self.visit_all(inlines)
                    return
                open_tag, close_tag = name_tags(node.kind, node.ref)
                markup = terms[id(node)] = open_tag + escape_text(node.children[0].text) + close_tag
            parts.append(markup)
        self.out.append("".join(parts))

    def _wrap(self, open_tag: str, children: tuple[Inline, ...], close_tag: str) -> None:
        self.out.append(open_tag)
        self.visit_all(children)
        self.out.append(close_tag)

    def text(self, node: Text) -> None:
        self.out.append(escape_text(node.text))

    def term(self, node: TermRef) -> None:
        open_tag, close_tag = name_tags(node.kind, node.ref)
        self._wrap(open_tag, node.children, close_tag)

    def foreign(self, node: Foreign) -> None:
        self._wrap(f'<foreign xml:lang="{_escape_attr(node.lang)}">', node.children, "</foreign>")

    def emph(self, node: Emph) -> None:
        self._wrap('<hi rend="italic">', node.children, "</hi>")

    def link(self, node: Link) -> None:
        self._wrap(f'<ref target="{_escape_attr(node.href)}">', node.children, "</ref>")

    def note(self, node: Note) -> None:
        ident = f' xml:id="{_escape_attr(node.id)}"' if node.id else ""
        self._wrap(f'<note type="{_escape_attr(node.kind)}"{ident}>', node.children, "</note>")


def _inline_xml(out: list[str], inlines: tuple[Inline, ...]) -> None:
    """Inline nodes as TEI markup text, through the handlers."""
    _InlineXml(out).visit_all(inlines)


def _attrs(pairs: list[tuple[str, str | None]]) -> str:
    return "".join(f' {k}="{_escape_attr(v)}"' for k, v in pairs if v)


#: where a unit of the original starts: (the index of the output piece after its start tag, its id)
Run = tuple[int, str]


def _unit(
    xml: _InlineXml,
    depth: int,
    tag: str,
    unit: Unit,
    corresp: str | None,
    kind: str | None,
    runs: list[Run] | None = None,
) -> None:
    """One unit on its own line; a unit cut into sentences gets one ``s`` per line below it. Only
    whitespace between elements that hold no text is added: the TEI reader drops it. With ``runs``,
    each unit of the original that has an id (a sentence, else the block) is recorded (see :data:`Run`)."""
    out = xml.out
    pad = "\n" + "  " * depth
    out.append(f"{pad}<{tag}{_attrs([('type', kind), ('xml:id', unit.id), ('corresp', corresp and '#' + corresp)])}>")
    sents = unit.sentences
    if sents and all(s.id for s in sents):
        inner = pad + "  "
        for s in sents:
            if s.corresp:
                corr = " ".join(f"#{c}" for c in s.corresp)
                out.append(f"{inner}<s{_attrs([('xml:id', s.id), ('corresp', corr)])}>")
            elif _PLAIN_ID.fullmatch(s.id or ""):  # the importers' ids need no escaping
                out.append(f'{inner}<s xml:id="{s.id}">')
            else:
                out.append(f"{inner}<s{_attrs([('xml:id', s.id)])}>")
            if runs is not None:
                runs.append((len(out), s.id or ""))
            if len(s.inlines) == 1 and type(s.inlines[0]) is Text:  # plain text, the common case
                out.append(escape_text(s.inlines[0].text))
            else:
                xml.sentence(s.inlines)
            out.append("</s>")
        out.append(f"{pad}</{tag}>")
        return
    if runs is not None and unit.id:
        runs.append((len(out), unit.id))
    for i, s in enumerate(sents):
        if i:
            out.append(" ")
        if s.id:  # some sentences cut, some not: kept on one line (whitespace would be text here)
            links = " ".join(f"#{c}" for c in s.corresp) if s.corresp else None
            out.append(f"<s{_attrs([('xml:id', s.id), ('corresp', links)])}>")
            xml.sentence(s.inlines)
            out.append("</s>")
        else:
            xml.sentence(s.inlines)
    out.append(f"</{tag}>")


_PLAIN_ID = re.compile(r"[A-Za-z0-9_.\-]+")
_TAGS = {"title": "head", "head": "head", "byline": "byline", "p": "p", "note": "note"}
_KINDS = {"title": "main", "note": "publisher"}


def _block(xml: _InlineXml, depth: int, block: Block, translation: bool, runs: list[Run] | None = None) -> int:
    """Write a block (its translation units on the translation side); return how many were written."""
    tag, kind = _TAGS.get(block.kind, "p"), _KINDS.get(block.kind)
    if not translation:
        _unit(xml, depth, tag, block.original, None, kind, runs)
        return 1
    for unit in block.translation:
        _unit(xml, depth, tag, unit, block.original.id, kind)
    return len(block.translation)


def _has_translation(nodes: tuple[Node, ...]) -> bool:
    for n in nodes:
        if isinstance(n, Block) and n.translated:
            return True
        if isinstance(n, Section) and ((n.head is not None and n.head.translated) or _has_translation(n.children)):
            return True
    return False


def _nodes(
    xml: _InlineXml, depth: int, nodes: tuple[Node, ...], translation: bool, runs: list[Run] | None = None
) -> None:
    out = xml.out
    pad = "\n" + "  " * depth
    for node in nodes:
        if isinstance(node, Block):
            _block(xml, depth, node, translation, runs)
            continue
        if translation and not ((node.head is not None and node.head.translated) or _has_translation(node.children)):
            continue
        sid = node.id
        if sid and translation:
            sid = ("en" + sid[2:]) if sid.startswith("zh") else sid
        corresp = f"#{node.id}" if node.id and translation else None
        kind = "section" if node.level == 1 else "subsection"
        out.append(f"{pad}<div{_attrs([('type', kind), ('n', node.n), ('xml:id', sid), ('corresp', corresp)])}>")
        heads = _block(xml, depth + 1, node.head, translation, runs) if node.head is not None else 0
        before = len(out)
        _nodes(xml, depth + 1, node.children, translation, runs)
        if len(out) == before and heads <= 1:
            # TEI wants content after a head: an empty paragraph stands for an empty section
            out.append(f"{pad}  <p/>")
        out.append(f"{pad}</div>")


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


def edition_markup(ed: Edition, glossary_href: str, source_note: str = "", runs: list[Run] | None = None) -> list[str]:
    """The TEI document of an edition as markup pieces to be joined (no XML declaration).

    Indented by two spaces, one block and one sentence per line. The header is built with lxml; the
    body, which may be megabytes, is written as markup text (creating each element from Python costs
    several microseconds). With ``runs``, where each unit of the original starts is recorded (see :data:`Run`)."""
    root = etree.Element(E + "TEI", nsmap={None: TEI_NS})
    root.set(XML_LANG, ed.metadata.lang)
    _header(root, ed, glossary_href, source_note or f"Imported from {ed.source or 'a plain-text file'}.")
    etree.indent(root, space="  ")  # the header holds no mixed content
    head = etree.tostring(root, encoding="unicode")
    assert head.endswith("</TEI>")
    lang = _escape_attr(ed.metadata.lang)
    out = [head[: -len("</TEI>")], '  <text>\n    <body>\n      <div type="original" xml:lang="', lang, '">']
    xml = _InlineXml(out)
    _nodes(xml, 4, ed.children, False, runs)
    out.append("\n      </div>")
    if _has_translation(ed.children):
        out.append(f'\n      <div type="translation" xml:lang="{_escape_attr(ed.metadata.translation_lang)}">')
        _nodes(xml, 4, ed.children, translation=True)
        out.append("\n      </div>")
    out.append("\n    </body>\n  </text>\n</TEI>")
    return out


#: the first line of a TEI file :func:`serialise` writes
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"


def edition_to_tree(ed: Edition, glossary_href: str, source_note: str = "") -> etree._Element:
    """The TEI document of an edition (:func:`edition_markup`), parsed into an lxml element whose
    elements' source lines are their lines in the file :func:`serialise` writes of it."""
    out = edition_markup(ed, glossary_href, source_note)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, collect_ids=False)
    return etree.fromstring((XML_DECLARATION + "".join(out)).encode("utf-8"), parser)


def serialise(root: etree._Element) -> bytes:
    """UTF-8 TEI with an XML declaration, whitespace as in the tree."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def write_tei(ed: Edition, glossary_href: str, source_note: str = "") -> bytes:
    """An edition as TEI bytes."""
    return serialise(edition_to_tree(ed, glossary_href, source_note))
