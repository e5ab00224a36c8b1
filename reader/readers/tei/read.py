"""TEI text -> model. The only place that knows the TEI element names of a text for reading.

Reads the conventions of ``docs/tei-conventions.md``: the original in ``div[@type='original']``,
the translation in ``div[@type='translation']`` of the same file or of another file pointing back
with ``corresp="source.xml#id"``, ``s`` or ``seg`` sentences, partial or reordered translations, and
``linkGrp type="translation"``. Problems are collected and raised together as a ProblemList.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...errors import ProblemList, ReaderError, TEIError
from ...model import Block, Edition, Metadata, Node, Section, Sentence, Text, Unit
from ...safeio import display_name
from ...text.segment import strip_edges
from .header import external_source, glossary_path_of, pointers, read_metadata  # noqa: F401  (re-exported)
from .inline import InlineReader, local, normalise
from .parse import parse_xml
from .vocab import TEI_NS, XML_ID, XML_LANG, t

NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
UNIT_KINDS = {"head": "head", "byline": "byline", "p": "p", "ab": "p", "note": "note", "docAuthor": "byline"}
SENTENCE_TAGS = {"s", "seg"}
NS = {"tei": TEI_NS}


@dataclass
class _Doc:
    """A parsed TEI file with its ids."""

    path: str
    tree: etree._ElementTree
    ids: dict[str, etree._Element] = field(default_factory=dict)


@dataclass
class ReadResult:
    """What reading a text found: the edition (None if errors), problems, and notices."""

    edition: Edition | None
    problems: list[ReaderError]
    notices: list[ReaderError]
    gl_refs: list[tuple[str, str, int]]  #: (entry id, path, line) of every glossary reference


def _load_doc(path: str, problems: list[ReaderError]) -> _Doc:
    tree = parse_xml(path)
    root = tree.getroot()
    if root.tag != t("TEI"):
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else "no namespace"
        what = f"<{etree.QName(root).localname}>"
        raise TEIError(f"the root element is {what} in {ns}; expected <TEI> in {TEI_NS}", path, root.sourceline or 1, 1)
    doc = _Doc(path, tree)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        xid = el.get(XML_ID)
        if xid is None:
            continue
        if not NCNAME.match(xid):
            problems.append(TEIError(f"xml:id {xid!r} is not a valid XML name", path, el.sourceline or 0, 1))
        elif xid in doc.ids:
            first = doc.ids[xid].sourceline
            problems.append(
                TEIError(f"duplicate xml:id {xid!r} (first used on line {first})", path, el.sourceline or 0, 1)
            )
        else:
            doc.ids[xid] = el
    return doc


class TextReader:
    """Reads one text (and, if it points at one, its separate original or translation file)."""

    def __init__(self, path: str | Path, glossary_ids: set[str] | None = None) -> None:
        self.path = str(path)
        self.problems: list[ReaderError] = []
        self.notices: list[ReaderError] = []
        self.glossary_ids = glossary_ids
        self.gl_refs: list[tuple[str, str, int]] = []

    # -- entry point ----------------------------------------------------------------------------
    def read(self) -> ReadResult:
        """Read the text: find the original and the translation, the metadata, then every unit."""
        doc = _load_doc(self.path, self.problems)
        root = doc.tree.getroot()
        body = root.find("tei:text/tei:body", NS)
        if body is None:
            raise TEIError("the TEI document has no <text><body>", self.path, root.sourceline or 1, 1)
        translation = body.find("tei:div[@type='translation']", NS)
        orig_doc, original = self._original(doc, body, translation)
        meta_root = orig_doc.tree.getroot()
        meta = self._metadata(doc, orig_doc)
        gl_path = glossary_path_of(orig_doc.path, meta_root) or glossary_path_of(doc.path, root)

        self.orig_doc, self.trans_doc = orig_doc, doc
        self.orig_lang = original.get(XML_LANG) or meta_root.get(XML_LANG) or "zh-Hant-TW"
        self.trans_lang = (translation.get(XML_LANG) if translation is not None else None) or "en"
        self.inline_orig = InlineReader(orig_doc.path, self.problems, self.glossary_ids)
        self.inline_trans = InlineReader(doc.path, self.problems, self.glossary_ids)
        self.links = self._link_groups(doc)
        trans_units = self._translation_units(translation, doc) if translation is not None else {}
        self._used_trans: set[int] = set()
        children = tuple(self._children(original, trans_units, level=1))
        self._report_unused(trans_units, doc)

        for ir in (self.inline_orig, self.inline_trans):
            self.gl_refs.extend((eid, ir.path, line) for eid, line in ir.gl_refs)
        edition = Edition(meta, children, source=self.path, glossary_path=gl_path)
        return ReadResult(None if self.problems else edition, self.problems, self.notices, self.gl_refs)

    def _original(
        self, doc: _Doc, body: etree._Element, translation: etree._Element | None
    ) -> tuple[_Doc, etree._Element]:
        """The document holding the original, and its original div: here, in the separate file a
        translation file points at, or (an untranslated text) the whole body."""
        original = body.find("tei:div[@type='original']", NS)
        if original is not None:
            return doc, original
        if translation is None:
            return doc, body
        src = self._external_source(doc, translation)
        if src is None:
            raise TEIError(
                "a translation without an original: no div[@type='original'] here and no "
                "corresp pointing at another file",
                self.path,
                translation.sourceline or 1,
                1,
            )
        orig_doc = _load_doc(src, self.problems)
        orig_body = orig_doc.tree.getroot().find("tei:text/tei:body", NS)
        if orig_body is None:
            raise TEIError("the original file has no <text><body>", src, 1, 1)
        found = orig_body.find("tei:div[@type='original']", NS)
        return orig_doc, (found if found is not None else orig_body)

    def _metadata(self, doc: _Doc, orig_doc: _Doc) -> Metadata:
        """The original's metadata, named after this file; a translation in its own file gives the
        English title from its own header when the original has none."""
        meta = read_metadata(orig_doc.path, orig_doc.tree.getroot())
        meta = Metadata(**{**meta.__dict__, "slug": display_name(Path(self.path).stem)})
        if orig_doc is doc or meta.title_en:
            return meta
        root = doc.tree.getroot()
        own = read_metadata(doc.path, root)
        title_en = own.title_en or (own.title if (root.get(XML_LANG) or "").startswith("en") else "")
        return Metadata(**{**meta.__dict__, "title_en": title_en, "short_title": own.short_title or title_en})

    def _report_unused(self, trans_units: dict[str, tuple[list[tuple[etree._Element, Unit]], None]], doc: _Doc) -> None:
        """A problem for each translation unit that renders nothing of the original."""
        for key, (units, _) in trans_units.items():
            for el, _u in units:
                if id(el) not in self._used_trans:
                    self.problems.append(
                        TEIError(
                            f"translation unit points at {key!r}, which is not a heading, byline, paragraph or note of the original",
                            doc.path,
                            el.sourceline or 0,
                            1,
                        )
                    )

    # -- pointers -------------------------------------------------------------------------------
    def _external_source(self, doc: _Doc, translation: etree._Element) -> str | None:
        return external_source(doc.path, doc.tree.getroot(), translation)

    def _link_groups(self, doc: _Doc) -> dict[str, list[str]]:
        """linkGrp type='translation': translation id -> original ids."""
        out: dict[str, list[str]] = {}
        for grp in doc.tree.getroot().iterfind(".//tei:linkGrp", NS):
            if grp.get("type") not in ("translation", "alignment"):
                continue
            for link in grp.iterfind("tei:link", NS):
                ptrs = [frag for _f, frag in pointers(link.get("target"))]
                if len(ptrs) < 2:
                    self.problems.append(
                        TEIError("a translation link needs two targets", doc.path, link.sourceline or 0, 1)
                    )
                    continue
                a, b = ptrs[0], ptrs[1]
                a_orig = a in self.orig_doc.ids and self._in_original(self.orig_doc.ids[a])
                if not a_orig:
                    a, b = b, a
                if a not in self.orig_doc.ids:
                    self.problems.append(
                        TEIError(f"link target #{a} points nowhere", doc.path, link.sourceline or 0, 1)
                    )
                    continue
                if b not in self.trans_doc.ids:
                    self.problems.append(
                        TEIError(f"link target #{b} points nowhere", doc.path, link.sourceline or 0, 1)
                    )
                    continue
                out.setdefault(b, []).append(a)
        return out

    def _in_original(self, el: etree._Element) -> bool:
        for anc in el.iterancestors():
            if local(anc) == "div" and anc.get("type") == "translation":
                return False
        return True

    def _targets(self, el: etree._Element, doc: _Doc) -> list[str] | None:
        """Original ids a translation element points at (corresp or linkGrp), None if it points at none."""
        xid = el.get(XML_ID)
        if xid and xid in self.links:
            return self.links[xid]
        raw = el.get("corresp")
        if raw is None:
            return None
        out = []
        for file_part, frag in pointers(raw):
            if (
                file_part
                and Path(doc.path).parent / file_part != Path(self.orig_doc.path)
                and (Path(doc.path).parent / file_part).resolve() != Path(self.orig_doc.path).resolve()
            ):
                self.problems.append(
                    TEIError(
                        f"corresp points into {file_part!r}, not the original {self.orig_doc.path!r}",
                        doc.path,
                        el.sourceline or 0,
                        1,
                    )
                )
                continue
            if not frag or frag not in self.orig_doc.ids:
                self.problems.append(
                    TEIError(f"corresp target #{frag} points nowhere", doc.path, el.sourceline or 0, 1)
                )
                continue
            out.append(frag)
        return out

    # -- translation side -----------------------------------------------------------------------
    def _translation_units(
        self, div: etree._Element, doc: _Doc
    ) -> dict[str, tuple[list[tuple[etree._Element, Unit]], None]]:
        """Original unit id -> the translation units rendering it, in document order."""
        result: dict[str, tuple[list[tuple[etree._Element, Unit]], None]] = {}
        for el in div.iter():
            name = local(el)
            if name not in UNIT_KINDS or el is div:
                continue
            if name == "note" and el.get("type") != "publisher":
                continue
            if name == "docAuthor" or any(
                local(a) in ("note", "p", "head", "byline") for a in el.iterancestors() if a is not div
            ):
                continue
            targets = self._targets(el, doc)
            sentences = self._sentences(el, self.inline_trans, self.trans_lang, translation=True, doc=doc)
            if targets is None:
                # derive from the sentences' targets: the unit of the first original sentence
                targets = []
                for s in sentences:
                    for sid in s.corresp:
                        parent = self.orig_doc.ids[sid].getparent()
                        if parent is not None and parent.get(XML_ID):
                            targets = [parent.get(XML_ID)]
                            break
                    if targets:
                        break
                if not targets:
                    self.problems.append(
                        TEIError(
                            f"translation <{name}> has no corresp to a unit of the original",
                            doc.path,
                            el.sourceline or 0,
                            1,
                        )
                    )
                    continue
            unit = Unit(el.get(XML_ID), el.get(XML_LANG) or self.trans_lang, tuple(sentences), el.sourceline or 0)
            for tid in targets[:1]:
                result.setdefault(tid, ([], None))[0].append((el, unit))
        return result

    # -- original side --------------------------------------------------------------------------
    def _children(
        self,
        div: etree._Element,
        trans: dict,
        level: int,  # type: ignore[type-arg]
        skip: etree._Element | None = None,
    ) -> list[Node]:
        out: list[Node] = []
        for el in div:
            name = local(el)
            if not name or el is skip:
                continue
            if name == "div":
                out.append(self._section(el, trans, level))
            elif name in UNIT_KINDS and name != "docAuthor":
                if name == "note" and el.get("type") not in (None, "publisher", "editorial"):
                    continue
                kind = UNIT_KINDS[name]
                if name == "head" and level == 1:
                    kind = "title"
                out.append(self._block(kind, el, trans))
            elif name in ("pb", "lb", "milestone", "linkGrp", "divGen"):
                continue
            else:
                out.append(self._block("p", el, trans))
        return out

    def _section(self, el: etree._Element, trans: dict, level: int) -> Section:  # type: ignore[type-arg]
        head_el = el.find("tei:head", NS)
        head = self._block("head", head_el, trans) if head_el is not None else None
        kids = self._children(el, trans, level + 1, skip=head_el)
        return Section(el.get(XML_ID), el.get("n"), level, head, tuple(kids))

    def _block(self, kind: str, el: etree._Element, trans: dict) -> Block:  # type: ignore[type-arg]
        xid = el.get(XML_ID)
        sentences = self._sentences(el, self.inline_orig, self.orig_lang, translation=False, doc=self.orig_doc)
        unit = Unit(xid, el.get(XML_LANG) or self.orig_lang, tuple(sentences), el.sourceline or 0)
        units: list[Unit] = []
        if xid and xid in trans:
            for tel, tunit in trans[xid][0]:
                self._used_trans.add(id(tel))
                units.append(tunit)
        if not units and sentences and any(s.inlines for s in sentences):
            self.notices.append(
                TEIError(
                    f"untranslated {kind} {('#' + xid) if xid else ''}".strip(),
                    self.orig_doc.path,
                    el.sourceline or 0,
                    1,
                )
            )
        return Block(kind, unit, tuple(units))

    def _sentences(
        self, el: etree._Element, ir: InlineReader, lang: str, translation: bool, doc: _Doc
    ) -> list[Sentence]:
        has_s = any(local(c) in SENTENCE_TAGS for c in el)
        out: list[Sentence] = []
        if not has_s:
            inl = strip_edges(normalise(ir.children(el), lang))
            return [Sentence(None, inl, (), el.sourceline or 0)] if inl else []
        loose: list = []  # type: ignore[type-arg]

        def flush() -> None:
            inl = strip_edges(normalise(loose, lang))
            if inl:
                out.append(Sentence(None, inl, (), el.sourceline or 0))
            loose.clear()

        if el.text:
            loose.append(Text(el.text))
        for c in el:
            if local(c) in SENTENCE_TAGS:
                flush()
                corresp: tuple[str, ...] = ()
                if translation:
                    corresp = tuple(self._targets(c, doc) or ())
                out.append(
                    Sentence(c.get(XML_ID), strip_edges(normalise(ir.children(c), lang)), corresp, c.sourceline or 0)
                )
            else:
                loose.extend(ir.node(c))
            if c.tail:
                loose.append(Text(c.tail))
        flush()
        return out


def read_text(path: str | Path, glossary_ids: set[str] | None = None) -> ReadResult:
    """Read a TEI text; the result lists problems instead of raising (InputError still raises)."""
    return TextReader(path, glossary_ids).read()


def load_text(path: str | Path, glossary_ids: set[str] | None = None) -> Edition:
    """Read a TEI text into an Edition, raising the problems found."""
    res = read_text(path, glossary_ids)
    if res.edition is None:
        if len(res.problems) == 1:
            raise res.problems[0]
        raise ProblemList(res.problems)
    return res.edition
