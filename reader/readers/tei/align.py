"""The translation side of a text: pointers resolved and checked, translation units gathered.

A translation unit renders an original unit when it points at it (``corresp`` or a ``linkGrp``
link); a unit whose sentences point at sentences of the original is split among the original units
that hold them (segment-level alignment, as TLS and other projects publish it). Every pointer is
judged by :func:`reader.readers.tei.pairs.pointer_problem`, so check and build word problems alike.
Mixed into :class:`reader.readers.tei.read.TextReader`, which owns the original side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...errors import ReaderError, TEIError
from ...model import Sentence, Unit
from .header import external_source
from .inline import InlineReader, local
from .pairs import pointer_problem
from .unfamiliar import column, is_foreign
from .vocab import TEI_NS, XML_ID, XML_LANG

NS = {"tei": TEI_NS}
UNIT_KINDS = {
    "head": "head",
    "byline": "byline",
    "p": "p",
    "ab": "p",
    "note": "note",
    "docAuthor": "byline",
    "docNumber": "byline",
    "l": "l",
}
#: Namespaced (non-TEI) elements understood by their local name: CBETA's divisions and headings.
FOREIGN_KINDS = {"div": "div", "juan": "container", "jhead": "head", "docNumber": "byline"}


@dataclass
class SourceDoc:
    """A parsed TEI file with its ids."""

    path: str
    tree: etree._ElementTree
    ids: dict[str, etree._Element] = field(default_factory=dict)


class TranslationSide:
    """Pointer resolution and the gathering of translation units (see the module's docstring)."""

    path: str
    problems: list[ReaderError]
    notices: list[ReaderError]
    orig_doc: SourceDoc
    trans_doc: SourceDoc
    links: dict[str, list[str]]
    inline_trans: InlineReader
    trans_lang: str
    _order: dict[etree._Element, int]
    _trans_where: dict[etree._Element, tuple[str, etree._Element]]

    def _sentences(
        self, el: etree._Element, ir: InlineReader, lang: str, translation: bool, doc: SourceDoc
    ) -> list[Sentence]:
        raise NotImplementedError

    # -- pointers -------------------------------------------------------------------------------
    def _external_source(self, doc: SourceDoc, translation: etree._Element) -> str | None:
        return external_source(doc.path, doc.tree.getroot(), translation)

    def _pointer_error(self, doc: SourceDoc, el: etree._Element, attr: str, msg: str) -> None:
        col = column(doc.path, el.sourceline or 0, f'{attr}="') if attr else 1
        self.problems.append(TEIError(msg, doc.path, el.sourceline or 0, col))

    def _resolve(self, doc: SourceDoc, el: etree._Element, attr: str, token: str) -> str | None:
        """The original id a pointer token names, or None (the problem recorded)."""
        file_part, _, frag = token.partition("#")
        names_original = True
        if file_part:
            target = Path(doc.path).parent / file_part
            original = Path(self.orig_doc.path)
            names_original = self.orig_doc is not doc and (target == original or target.resolve() == original.resolve())
        where = Path(self.orig_doc.path).name
        msg = pointer_problem(attr, token, bool(frag) and frag in self.orig_doc.ids, names_original, where)
        if msg is not None:
            self._pointer_error(doc, el, attr, msg)
            return None
        return frag

    def _link_groups(self, doc: SourceDoc) -> dict[str, list[str]]:
        """linkGrp type='translation': translation id -> original ids."""
        out: dict[str, list[str]] = {}
        for grp in doc.tree.getroot().iterfind(".//tei:linkGrp", NS):
            if grp.get("type") not in ("translation", "alignment"):
                continue
            for link in grp.iterfind("tei:link", NS):
                toks = (link.get("target") or "").split()
                if len(toks) < 2:
                    self.problems.append(
                        TEIError("a translation link needs two targets", doc.path, link.sourceline or 0, 1)
                    )
                    continue
                frags = [tok.partition("#")[2] for tok in toks[:2]]
                a, b = frags
                ta, tb = toks[0], toks[1]
                a_orig = a in self.orig_doc.ids and self._in_original(self.orig_doc.ids[a])
                if not a_orig:
                    a, b, ta, tb = b, a, tb, ta
                if self._resolve(doc, link, "target", ta) is None:
                    continue
                if b not in self.trans_doc.ids:
                    self._pointer_error(doc, link, "target", f'target "{tb}" resolves to no element')
                    continue
                out.setdefault(b, []).append(a)
        return out

    def _in_original(self, el: etree._Element) -> bool:
        for anc in el.iterancestors():
            if local(anc) == "div" and anc.get("type") == "translation":
                return False
        return True

    def _targets(self, el: etree._Element, doc: SourceDoc) -> list[str] | None:
        """Original ids a translation element points at (corresp or linkGrp), None if it points at none."""
        xid = el.get(XML_ID)
        if xid and xid in self.links:
            return self.links[xid]
        raw = el.get("corresp")
        if raw is None:
            return None
        out = []
        for token in raw.split() or [raw]:
            frag = self._resolve(doc, el, "corresp", token)
            if frag is not None:
                out.append(frag)
        return out

    def _unit_of(self, xml_id: str) -> etree._Element:
        """The unit (heading, paragraph, line …) of the original holding the element with this id."""
        el = self.orig_doc.ids[xml_id]
        for cand in (el, *el.iterancestors()):
            if local(cand) in UNIT_KINDS or (
                is_foreign(cand) and FOREIGN_KINDS.get(etree.QName(cand).localname) in ("head", "byline")
            ):
                return cand
        return el

    # -- translation side -----------------------------------------------------------------------
    def _translation_units(self, div: etree._Element, doc: SourceDoc, result: dict[etree._Element, list[Unit]]) -> None:
        """Add to ``result``: original unit element -> the translation units rendering it.

        A unit that points at a unit of the original renders it as a whole. A unit whose sentences
        point at sentences of the original is split among the units holding those: there the
        translation's sentences stand in the original's order, whatever order the file gives them.
        """
        separate = doc is not self.orig_doc
        seg_groups: dict[etree._Element, list[tuple[int, Sentence]]] = {}
        seg_where: dict[etree._Element, tuple[str, etree._Element]] = {}
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
            if targets:
                key = self._unit_of(targets[0])
                unit = Unit(el.get(XML_ID), el.get(XML_LANG) or self.trans_lang, tuple(sentences), el.sourceline or 0)
                result.setdefault(key, []).append(unit)
                self._trans_where.setdefault(key, (targets[0], el))
                continue
            if targets is not None:
                continue  # its pointers were bad: already reported
            pointed = [s for s in sentences if s.corresp]
            if not pointed:
                if any(c.get("corresp") for c in el.iter() if c is not el):
                    continue  # sentences whose pointers were bad: already reported
                if separate and name == "head":
                    text = " ".join("".join(el.itertext()).split())
                    self.notices.append(
                        TEIError(
                            f'heading "{text}" of the translation file is its own container, not part of the text; left out',
                            doc.path,
                            el.sourceline or 0,
                            1,
                        )
                    )
                    continue
                if not sentences:
                    continue
                self.problems.append(
                    TEIError(
                        f"translation <{name}> has no corresp to a unit of the original",
                        doc.path,
                        el.sourceline or 0,
                        1,
                    )
                )
                continue
            current: etree._Element | None = None
            for s in sentences:
                if s.corresp:
                    current = self._unit_of(s.corresp[0])
                    pos = self._order.get(self.orig_doc.ids[s.corresp[0]], 0)
                    seg_where.setdefault(current, (s.corresp[0], el))
                elif current is None:
                    first = next(x for x in sentences if x.corresp)
                    current = self._unit_of(first.corresp[0])
                    pos = self._order.get(self.orig_doc.ids[first.corresp[0]], 0)
                seg_groups.setdefault(current, []).append((pos, s))
        for key, items in seg_groups.items():
            ordered = [s for _pos, s in sorted(items, key=lambda x: x[0])]
            where = seg_where[key]
            result.setdefault(key, []).append(Unit(None, self.trans_lang, tuple(ordered), where[1].sourceline or 0))
            self._trans_where.setdefault(key, where)
