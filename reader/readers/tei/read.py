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
from ...runtime.safeio import display_name
from ...text.segment import strip_edges
from .align import FOREIGN_KINDS, UNIT_KINDS, SourceDoc, TranslationSide
from .header import external_source, glossary_path_of, pointers, read_metadata  # noqa: F401  (re-exported)
from .inline import InlineReader, local, normalise
from .pairs import translation_hint
from .parse import parse_xml
from .unfamiliar import INVISIBLE, Unrendered, apparatus, is_foreign
from .vocab import TEI_NS, XML_ID, XML_LANG, t

NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
SENTENCE_TAGS = {"s", "seg"}
#: Elements that only hold other blocks: read through, their blocks kept in order.
CONTAINERS = {"lg", "quote", "floatingText", "cit", "sp", "group", "juan"}
NS = {"tei": TEI_NS}


@dataclass
class ReadResult:
    """What reading a text found: the edition (None if errors), problems, and notices."""

    edition: Edition | None
    problems: list[ReaderError]
    notices: list[ReaderError]
    gl_refs: list[tuple[str, str, int]]  #: (entry id, path, line) of every glossary reference
    said: list[ReaderError] = field(default_factory=list)  #: notices the build prints too (not rendered)


def _load_doc(path: str, problems: list[ReaderError]) -> SourceDoc:
    tree = parse_xml(path)
    root = tree.getroot()
    if root.tag != t("TEI"):
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else "no namespace"
        what = f"<{etree.QName(root).localname}>"
        raise TEIError(f"the root element is {what} in {ns}; expected <TEI> in {TEI_NS}", path, root.sourceline or 1, 1)
    doc = SourceDoc(path, tree)
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


class TextReader(TranslationSide):
    """Reads one text (and, if it points at one, its separate original or translation file).

    ``source`` is the original a translation file renders, when the build or check found it among
    the files given together (see :mod:`reader.tei.pairs`); then fragment-only pointers that do not
    resolve in the translation file resolve there.
    """

    def __init__(
        self, path: str | Path, glossary_ids: set[str] | None = None, source: str | Path | None = None
    ) -> None:
        self.path = str(path)
        self.source = str(source) if source is not None else None
        self.problems: list[ReaderError] = []
        self.notices: list[ReaderError] = []
        self.glossary_ids = glossary_ids
        self.gl_refs: list[tuple[str, str, int]] = []
        self.unrendered = Unrendered()
        self.said: list[ReaderError] = []  #: notices the build prints too

    # -- entry point ----------------------------------------------------------------------------
    def read(self) -> ReadResult:
        """Read the text: find the original(s) and the translation(s), the metadata, then every unit."""
        doc = _load_doc(self.path, self.problems)
        root = doc.tree.getroot()
        body = root.find("tei:text/tei:body", NS)
        if body is None:
            raise TEIError("the TEI document has no <text><body>", self.path, root.sourceline or 1, 1)
        orig_doc, originals, translations = self._original(doc, body)
        meta_root = orig_doc.tree.getroot()
        meta = self._metadata(doc, orig_doc)
        gl_path = glossary_path_of(orig_doc.path, meta_root) or glossary_path_of(doc.path, root)

        self.orig_doc, self.trans_doc = orig_doc, doc
        self.orig_lang = originals[0].get(XML_LANG) or meta_root.get(XML_LANG) or meta.lang or "zh-Hant-TW"
        self.trans_lang = next((d.get(XML_LANG) for d in translations if d.get(XML_LANG)), None) or "en"
        self.inline_orig = InlineReader(orig_doc.path, self.problems, self.glossary_ids, self.unrendered)
        self.inline_trans = InlineReader(doc.path, self.problems, self.glossary_ids, self.unrendered)
        self.inline_orig.anchor_notes = apparatus(orig_doc.path, meta_root, self.unrendered)
        self._order = {el: i for i, el in enumerate(meta_root.iter())}  # keeps the proxies alive
        self.links = self._link_groups(doc)
        trans_units: dict[etree._Element, list[Unit]] = {}
        self._trans_where: dict[etree._Element, tuple[str, etree._Element]] = {}
        for tdiv in translations:
            self._translation_units(tdiv, doc, trans_units)
        self._used_trans: set[etree._Element] = set()
        children: tuple[Node, ...]
        if len(originals) > 1:  # a collection, or a long text in parts: every part is read
            children = tuple(self._section(o, trans_units, 1) for o in originals)
        else:
            children = tuple(self._children(originals[0], trans_units, level=1))
        self._report_unused(trans_units, doc)
        self._report_notices(children)

        for ir in (self.inline_orig, self.inline_trans):
            self.gl_refs.extend((eid, ir.path, line) for eid, line in ir.gl_refs)
        edition = Edition(meta, children, source=self.path, glossary_path=gl_path)
        return ReadResult(None if self.problems else edition, self.problems, self.notices, self.gl_refs, self.said)

    def _original(
        self, doc: SourceDoc, body: etree._Element
    ) -> tuple[SourceDoc, list[etree._Element], list[etree._Element]]:
        """The document holding the original, its original divisions, and this file's translation
        containers: here; in the source the build paired this file with; in the separate file a
        translation points at; or (an untranslated text) the whole body."""
        originals = body.findall("tei:div[@type='original']", NS)
        translations = body.findall("tei:div[@type='translation']", NS)
        if originals:
            return doc, originals, translations
        if self.source is not None:  # paired by the build: all of this file renders that one
            orig_doc = _load_doc(self.source, self.problems)
            return orig_doc, self._original_divs(orig_doc, self.source), translations or [body]
        if translations:
            src = self._external_source(doc, translations[0])
            if src is None:
                raise TEIError(
                    "a translation without an original: no div[@type='original'] here and no "
                    "corresp pointing at another file",
                    self.path,
                    translations[0].sourceline or 1,
                    1,
                )
            orig_doc = _load_doc(src, self.problems)
            return orig_doc, self._original_divs(orig_doc, src), translations
        hint = translation_hint(self.path)
        if hint is not None:
            raise TEIError(hint, self.path, body.sourceline or 1, 1)
        src = self._external_source(doc, body)
        if src is not None:  # file pointers without a translation div: all of it is the translation
            orig_doc = _load_doc(src, self.problems)
            return orig_doc, self._original_divs(orig_doc, src), [body]
        return doc, [body], []

    def _metadata(self, doc: SourceDoc, orig_doc: SourceDoc) -> Metadata:
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

    def _report_unused(self, trans_units: dict[etree._Element, list[Unit]], doc: SourceDoc) -> None:
        """A problem for each translation unit that renders nothing of the original."""
        for key in trans_units:
            if key not in self._used_trans:
                target, el = self._trans_where[key]
                self.problems.append(
                    TEIError(
                        f"translation unit points at {target!r}, which is not a heading, byline, paragraph, "
                        "line or note of the original",
                        doc.path,
                        el.sourceline or 0,
                        1,
                    )
                )

    def _report_notices(self, children: tuple[Node, ...]) -> None:
        """Notices: apparatus entries that found no anchor, one line for a wholly untranslated text,
        and what is not rendered (also kept in ``said``, which the build prints)."""
        for anchor in self.inline_orig.anchor_notes:
            if anchor not in self.inline_orig.used_anchors:
                msg = f"apparatus entry for #{anchor} points at no anchor of the text; not rendered"
                self.notices.append(TEIError(msg, self.orig_doc.path, 0, 0))
        untranslated = [n for n in self.notices if n.message.startswith("untranslated ")]
        if untranslated and not any(b.translated for b in Edition(Metadata("", ""), children).blocks()):
            self.notices = [n for n in self.notices if n not in untranslated]
            first = untranslated[0]
            msg = f"untranslated text ({len(untranslated)} units)"
            self.notices.insert(0, TEIError(msg, first.path, first.line, first.col))
        unrendered = self.unrendered.notices()
        self.said = unrendered + [n for n in self.notices if "left out" in n.message or "no anchor" in n.message]
        self.notices.extend(unrendered)

    def _original_divs(self, doc: SourceDoc, path: str) -> list[etree._Element]:
        ob = doc.tree.getroot().find("tei:text/tei:body", NS)
        if ob is None:
            raise TEIError("the original file has no <text><body>", path, 1, 1)
        return ob.findall("tei:div[@type='original']", NS) or [ob]

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
            if is_foreign(el):
                kind = FOREIGN_KINDS.get(etree.QName(el).localname)
                if kind == "div":
                    out.append(self._section(el, trans, level))
                elif kind == "container":
                    out.extend(self._children(el, trans, level))
                elif kind in ("head", "byline"):
                    out.append(self._block(kind, el, trans))
                else:
                    self.unrendered.add(self.orig_doc.path, el, "body")
                continue
            if name == "div":
                out.append(self._section(el, trans, level))
            elif name in UNIT_KINDS and name != "docAuthor":
                if name == "note" and el.get("type") not in (None, "publisher", "editorial"):
                    continue
                kind = UNIT_KINDS[name]
                if name == "head" and level == 1:
                    kind = "title"
                block = self._block(kind, el, trans)
                if block.original.sentences or block.translation or block.original.id:
                    out.append(block)
            elif name in INVISIBLE:
                continue
            elif name in CONTAINERS or any(local(c) in UNIT_KINDS or local(c) == "div" for c in el):
                out.extend(self._children(el, trans, level))
            else:
                out.append(self._block("p", el, trans))
        return out

    def _section(self, el: etree._Element, trans: dict, level: int) -> Section:  # type: ignore[type-arg]
        head_el = next((c for c in el if local(c) == "head"), None)
        head = self._block("head", head_el, trans) if head_el is not None else None
        kids = self._children(el, trans, level + 1, skip=head_el)
        return Section(el.get(XML_ID), el.get("n"), level, head, tuple(kids))

    def _block(self, kind: str, el: etree._Element, trans: dict) -> Block:  # type: ignore[type-arg]
        xid = el.get(XML_ID)
        sentences = self._sentences(el, self.inline_orig, self.orig_lang, translation=False, doc=self.orig_doc)
        unit = Unit(xid, el.get(XML_LANG) or self.orig_lang, tuple(sentences), el.sourceline or 0)
        units: list[Unit] = []
        if el in trans:
            self._used_trans.add(el)
            units.extend(trans[el])
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
        self, el: etree._Element, ir: InlineReader, lang: str, translation: bool, doc: SourceDoc
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
                inl = strip_edges(normalise(ir.children(c), lang))
                if inl or corresp:
                    out.append(Sentence(c.get(XML_ID), inl, corresp, c.sourceline or 0))
            else:
                loose.extend(ir.node(c))
            if c.tail:
                loose.append(Text(c.tail))
        flush()
        return out


def read_text(path: str | Path, glossary_ids: set[str] | None = None, source: str | Path | None = None) -> ReadResult:
    """Read a TEI text (with the source it translates, when paired); problems are listed, not raised."""
    return TextReader(path, glossary_ids, source).read()


def load_text(
    path: str | Path,
    glossary_ids: set[str] | None = None,
    source: str | Path | None = None,
    said: list[ReaderError] | None = None,
) -> Edition:
    """Read a TEI text into an Edition, raising the problems found.

    ``said`` collects what the build must say although the edition is made: what is not rendered.
    """
    res = read_text(path, glossary_ids, source)
    if said is not None:
        said.extend(res.said)
    if res.edition is None:
        if len(res.problems) == 1:
            raise res.problems[0]
        raise ProblemList(res.problems)
    return res.edition
