"""TEI inline content -> model inline nodes, with whitespace normalised as a reader expects."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from lxml import etree

from ...errors import ReaderError, TEIError
from ...model import Emph, Foreign, Inline, Link, Note, TermRef, Text
from ...text.han import CJK_CLASS
from .unfamiliar import Unrendered, is_foreign
from .vocab import TEI_NS, XML_ID, XML_LANG

NAME_KINDS = {"persName": "person", "orgName": "org", "placeName": "place", "term": "term"}
SAFE_URL = re.compile(r"^(https?://|#)", re.I)
_CJK = re.compile(f"[{CJK_CLASS}]")
_WS = re.compile(r"[ \t\r\n]+")
#: How deep phrase-level elements may nest inside a sentence or unit. ``reader check`` and ``reader
#: build`` both read texts here, so they agree; a deeper text is one error, never a RecursionError in
#: a renderer (WeasyPrint failed at about 230 levels, under the parser's own 256). Real texts nest 3-4.
MAX_INLINE_DEPTH = 50


def local(el: etree._Element) -> str:
    """The local name of a TEI element ('' for comments and processing instructions)."""
    if not isinstance(el.tag, str):
        return ""
    if el.tag.startswith(f"{{{TEI_NS}}}"):
        return el.tag[len(TEI_NS) + 2 :]
    return el.tag


class InlineReader:
    """Turns TEI phrase-level content into model inlines, collecting problems as it goes."""

    def __init__(
        self,
        path: str,
        problems: list[ReaderError],
        glossary_ids: set[str] | None,
        unrendered: Unrendered | None = None,
    ) -> None:
        self.path = path
        self.problems = problems
        self.glossary_ids = glossary_ids
        self.gl_refs: list[tuple[str, int]] = []  #: every gl: reference with its line
        self._note_counter = 0
        self.unrendered = unrendered if unrendered is not None else Unrendered()
        self.anchor_notes: dict[str, Note] = {}  #: apparatus notes by the anchor they stand at
        self.used_anchors: set[str] = set()
        self._depth = 0
        self._too_deep = False

    def err(self, msg: str, el: etree._Element) -> None:
        self.problems.append(TEIError(msg, self.path, el.sourceline or 0, 1))

    def children(self, el: etree._Element, skip: Callable[[etree._Element], bool] | None = None) -> list[Inline]:
        """The inline content of an element: its text, children and their tails."""
        if self._depth >= MAX_INLINE_DEPTH:
            if not self._too_deep:
                self._too_deep = True
                self.err(f"inline elements are nested more than {MAX_INLINE_DEPTH} deep", el)
            return []
        self._depth += 1
        try:
            out: list[Inline] = []
            if el.text:
                out.append(Text(el.text))
            for child in el:
                if skip is None or not skip(child):
                    out.extend(self.node(child))
                if child.tail:
                    out.append(Text(child.tail))
            return out
        finally:
            self._depth -= 1

    def node(self, el: etree._Element) -> list[Inline]:
        name = local(el)
        if not name:
            return []
        if is_foreign(el):  # cb:mulu and the like: never printed as text, but counted
            self.unrendered.add(self.path, el, "body")
            return []
        if name == "anchor":
            xid = el.get(XML_ID) or ""
            if xid in self.anchor_notes and xid not in self.used_anchors:
                self.used_anchors.add(xid)
                return [self.anchor_notes[xid]]
            return []
        if name in ("pb", "lb", "cb", "milestone", "gap", "space"):
            return []
        if name == "c" and not (el.text or "").strip() and len(el) == 0:
            return [Text(el.get("n") or "")]  # TLS punctuation: <c n="，"/>
        if name == "app":  # parallel-segmentation apparatus: the lemma in the text, readings as a note
            return self._app(el)
        if name == "choice":
            return self._choice(el)
        if name in NAME_KINDS or name in ("name", "rs"):
            ref = el.get("ref")
            kids = tuple(self.children(el))
            if ref is None:
                return list(kids)
            entry_id = self.gl_ref(ref, el)
            if entry_id is None:
                return list(kids)
            kind = NAME_KINDS.get(name) or (
                el.get("type") if el.get("type") in ("person", "org", "place", "event") else "term"
            )
            return [TermRef(entry_id, kind, kids)]
        if name == "foreign":
            return [Foreign(el.get(XML_LANG) or "und", tuple(self.children(el)))]
        if name in ("hi", "emph", "title", "mentioned", "soCalled", "q", "quote"):
            return [Emph(tuple(self.children(el)))]
        if name in ("ref", "ptr"):
            target = (el.get("target") or "").strip()
            kids = tuple(self.children(el)) or (Text(target),)
            if not target:
                return list(kids)
            if not SAFE_URL.match(target):
                self.err(f"link target {target!r} is not allowed (only http, https and #fragment)", el)
                return list(kids)
            return [Link(target, kids)]
        if name == "note":
            self._note_counter += 1
            note_id = el.get(XML_ID) or f"note-{self._note_counter}"
            return [Note(note_id, el.get("type") or "note", tuple(self.children(el)))]
        return self.children(el)

    def _app(self, el: etree._Element) -> list[Inline]:
        lem = el.find(f"{{{TEI_NS}}}lem")
        out = self.children(lem) if lem is not None else []
        readings = ["".join(r.itertext()).strip() or "(omitted)" for r in el.findall(f"{{{TEI_NS}}}rdg")]
        if readings:
            self._note_counter += 1
            wits = [(r.get("wit") or "").replace("#", "") for r in el.findall(f"{{{TEI_NS}}}rdg")]
            text = "; ".join(f"{r} {w}".strip() for r, w in zip(readings, wits, strict=True))
            out.append(Note(el.get(XML_ID) or f"app-{self._note_counter}", "apparatus", (Text(text),)))
        return out

    def _choice(self, el: etree._Element) -> list[Inline]:
        for pref in ("corr", "reg", "expan", "unclear", "sic", "orig", "abbr"):
            c = el.find(f"{{{TEI_NS}}}{pref}")
            if c is not None:
                return self.children(c)
        return self.children(el)

    def gl_ref(self, ref: str, el: etree._Element) -> str | None:
        """The glossary id of a ``gl:`` reference, recording problems."""
        ref = ref.strip()
        if not ref.startswith("gl:"):
            self.err(f"ref {ref!r} must point into the glossary as gl:ID", el)
            return None
        entry_id = ref[3:]
        self.gl_refs.append((entry_id, el.sourceline or 0))
        if self.glossary_ids is not None and entry_id not in self.glossary_ids:
            self.err(f"glossary reference gl:{entry_id} points to no glossary entry", el)
        return entry_id


def normalise(inlines: list[Inline], lang: str) -> tuple[Inline, ...]:
    """Collapse source whitespace: runs become one space; around CJK text a line break vanishes."""
    cjk = lang.startswith("zh")
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            s = node.text
            if cjk and "\n" in s:
                s = re.sub(r"[ \t\r]*\n[ \t\r\n]*", "\n", s)
                s = _join_lines(s)
            s = _WS.sub(" ", s)
            if s:
                out.append(Text(s))
        elif isinstance(node, (TermRef, Foreign, Emph, Link)):
            kids = normalise(list(node.children), node.lang if isinstance(node, Foreign) else lang)
            out.append(replace(node, children=kids))
        elif isinstance(node, Note):
            out.append(Note(node.id, node.kind, normalise(list(node.children), "en")))
        else:
            out.append(node)
    return _merge(out)


def _join_lines(s: str) -> str:
    parts = s.split("\n")
    res = parts[0]
    for p in parts[1:]:
        if (not res or _CJK.match(res[-1])) or (not p or _CJK.match(p[0])):
            res += p
        else:
            res += " " + p
    return res


def _merge(nodes: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for n in nodes:
        if isinstance(n, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + n.text)
        else:
            out.append(n)
    return tuple(out)
