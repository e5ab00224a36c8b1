"""TEI from elsewhere: what the editions do not render, said aloud, and the critical apparatus.

Owns the notices for unrendered elements ("14 <app> in <back> not rendered; first at f:120:7"), the
column of an element or attribute in its source line (lxml knows only lines), and the simple
critical apparatus of a ``back`` (``app`` with ``lem`` and ``rdg``, pointed at by ``from``) turned into
notes anchored where the variant stands, so that the editions show them as endnotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from ...errors import TEIError
from ...model import Note, Text
from .vocab import TEI_NS, XML_ID

CBETA_NS = "http://www.cbeta.org/ns/1.0"
#: Elements that render as nothing on purpose: milestones and anchors (pb/lb make no visible break).
INVISIBLE = frozenset({"pb", "lb", "cb", "milestone", "anchor", "gap", "space", "linkGrp", "divGen"})


def display_name(el: etree._Element) -> str:
    """``app`` for a TEI element, ``cb:mulu`` for a CBETA one, ``{ns}x`` for any other namespace."""
    q = etree.QName(el)
    if q.namespace in (None, TEI_NS):
        return q.localname
    if q.namespace == CBETA_NS:
        return f"cb:{q.localname}"
    prefix = el.prefix or ""
    return f"{prefix}:{q.localname}" if prefix else f"{{{q.namespace}}}{q.localname}"


def is_foreign(el: etree._Element) -> bool:
    """True for an element in a namespace other than TEI's (CBETA's ``cb:``, say)."""
    ns = etree.QName(el).namespace
    return ns is not None and ns != TEI_NS


@lru_cache(maxsize=64)
def _lines(path: str) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return tuple(f.read().splitlines())
    except OSError:
        return ()


def column(path: str, line: int, needle: str) -> int:
    """1-based column of ``needle`` in line ``line`` of ``path`` (1 when not found)."""
    lines = _lines(path)
    if 0 < line <= len(lines):
        at = lines[line - 1].find(needle)
        if at >= 0:
            return at + 1
    return 1


def element_column(path: str, el: etree._Element) -> int:
    """Column of an element's start tag on its line."""
    q = etree.QName(el)
    tag = f"<{el.prefix}:{q.localname}" if el.prefix else f"<{q.localname}"
    return column(path, el.sourceline or 0, tag)


@dataclass
class Unrendered:
    """Counts of elements the editions leave out, each with the first place it occurs."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    first: dict[tuple[str, str], tuple[str, int, int]] = field(default_factory=dict)

    def add(self, path: str, el: etree._Element, area: str) -> None:
        key = (display_name(el), area)
        self.counts[key] = self.counts.get(key, 0) + 1
        if key not in self.first:
            self.first[key] = (path, el.sourceline or 0, element_column(path, el))

    def notices(self) -> list[TEIError]:
        out = []
        for key, n in self.counts.items():
            name, area = key
            path, line, col = self.first[key]
            msg = f"{n} <{name}> in <{area}> not rendered; first at {path}:{line}:{col}"
            out.append(TEIError(msg, path, line, col))
        return out


def _has_own_text(el: etree._Element) -> bool:
    if (el.text or "").strip():
        return True
    return any((c.tail or "").strip() for c in el)


def _wits(value: str | None, sigla: dict[str, str]) -> str:
    return "".join(sigla.get(tok.lstrip("#"), tok.lstrip("#")) for tok in (value or "").split())


def _reading(el: etree._Element) -> str:
    text = "".join(el.itertext()).strip()
    return text or "(omitted)"


def apparatus(path: str, root: etree._Element, unrendered: Unrendered) -> dict[str, Note]:
    """Anchor id -> a note giving the readings, for each simple ``app`` in ``back``.

    The rest of ``back`` and of ``front`` (editors' notes, lists) is not rendered and is counted.
    """
    sigla = {
        w.get(XML_ID, ""): "".join(w.itertext()).strip() for w in root.iter(f"{{{TEI_NS}}}witness") if w.get(XML_ID)
    }
    notes: dict[str, Note] = {}
    for area in ("front", "back"):
        for part in root.iterfind(f"{{{TEI_NS}}}text/{{{TEI_NS}}}{area}"):
            for el in part.iter():
                if not isinstance(el.tag, str) or el is part:
                    continue
                q = etree.QName(el)
                if q.localname == "app" and q.namespace == TEI_NS and area == "back":
                    # the note stands after the lemma: at the ``to`` anchor where there is one
                    anchor = (el.get("to") or el.get("from") or "").lstrip("#")
                    lem = el.find(f"{{{TEI_NS}}}lem")
                    rdgs = el.findall(f"{{{TEI_NS}}}rdg")
                    if anchor and lem is not None and anchor not in notes:
                        parts = [f"{_reading(lem)} {_wits(lem.get('wit'), sigla)}".strip()]
                        parts += [f"{_reading(r)} {_wits(r.get('wit'), sigla)}".strip() for r in rdgs]
                        nid = f"app-{anchor}"
                        notes[anchor] = Note(nid, "apparatus", (Text("; ".join(parts)),))
                        continue
                    unrendered.add(path, el, area)
                    continue
                if any(etree.QName(a).localname == "app" for a in el.iterancestors()):
                    continue
                if _has_own_text(el):
                    unrendered.add(path, el, area)
    return notes
