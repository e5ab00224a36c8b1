"""The TEI header and pointers of a text: its metadata, the glossary its ``gl:`` prefix names, and the
separate original a translation file points into. Read by :mod:`reader.readers.tei.read` and the build.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ...errors import TEIError
from ...model import Metadata
from ...runtime.safeio import display_name
from .parse import is_local_pointer
from .vocab import POINTER_ATTRS, TEI_NS, XML_LANG, t

NS = {"tei": TEI_NS}


def glossary_path_of(doc_path: str, root: etree._Element) -> str | None:
    """The glossary file the ``gl:`` prefix resolves to, relative to the text, or None.

    The prefix is judged before anything opens it: only a relative path to a ``.xml`` file without a
    URL scheme (:func:`is_local_pointer`); ``/etc/passwd``, ``/proc/self/environ`` or ``file:`` are a
    TEIError at the ``prefixDef``, without their content ever being read."""
    for pd in root.iterfind(".//tei:listPrefixDef/tei:prefixDef", NS):
        if pd.get("ident") == "gl":
            pattern = pd.get("replacementPattern") or ""
            target = pattern.split("#")[0]
            if not target:
                return None
            if not is_local_pointer(target):
                raise TEIError(
                    f"the gl: prefix points at {target!r}: a glossary must be a relative .xml path",
                    doc_path,
                    pd.sourceline or 0,
                    1,
                )
            return str(Path(doc_path).parent / target)
    return None


def file_pointers(root: etree._Element) -> dict[str, None]:
    """The distinct file parts of every pointer that names another TEI file: ``corresp`` anywhere and
    ``target`` of a ``linkGrp``'s ``link`` (a ``ref``'s ``target`` is a link for the reader, never a
    file to open or hash), in document order. Not yet judged: see :func:`is_local_pointer`."""
    link = t("link")
    out: dict[str, None] = {}
    for el in root.iter():
        for attr in POINTER_ATTRS:
            if attr == "target" and el.tag != link:
                continue
            for token in (el.get(attr) or "").split():
                out.setdefault(token.partition("#")[0], None)
    return out


def external_source(path: str, root: etree._Element, translation: etree._Element | None = None) -> str | None:
    """The original file a translation file points into (corresp or a translation linkGrp), or None."""
    if translation is None:
        translation = root.find("tei:text/tei:body/tei:div[@type='translation']", NS)
    if translation is None:
        return None
    els = [el for el in translation.iter() if isinstance(el.tag, str)]
    attrs = [(el, el.get("corresp")) for el in els]
    attrs += [(link, link.get("target")) for link in root.iterfind(".//tei:linkGrp/tei:link", NS)]
    for el, value in attrs:
        for file_part, _frag in pointers(value):
            if file_part and not is_local_pointer(file_part):
                raise TEIError(
                    f"corresp points at {file_part!r}: a separate original must be a relative .xml path",
                    path,
                    el.sourceline or 0,
                    1,
                )
            if file_part:
                return str(Path(path).parent / file_part)
    return None


def _text_of(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def read_metadata(path: str, root: etree._Element) -> Metadata:
    ts = root.find(".//tei:teiHeader/tei:fileDesc/tei:titleStmt", NS)
    title = title_en = short = author = affiliation = translator = ""
    title_zh_tagged = False
    author_ref = None
    if ts is not None:
        untagged_latin = ""
        for tt in ts.iterfind("tei:title", NS):
            lang = tt.get(XML_LANG) or root.get(XML_LANG) or ""
            typ = tt.get("type") or "main"
            text = _text_of(tt)
            if typ == "short":
                short = short or text
            elif lang.startswith("en"):
                title_en = title_en or text
            elif not lang and not any("\u3400" <= c <= "\u9fff" for c in text):
                untagged_latin = untagged_latin or text  # an English title left untagged (CBETA)
            elif lang.startswith("zh") and title and not title_zh_tagged:
                title, title_zh_tagged = text, True  # a tagged Chinese title wins over an untagged one
            else:
                title = title or text
                title_zh_tagged = title_zh_tagged or lang.startswith("zh")
        if not title:
            title = untagged_latin
        elif not title_en:
            title_en = untagged_latin
        au = ts.find("tei:author", NS)
        if au is not None:
            pn = au.find("tei:persName", NS)
            if pn is None:
                pn = au.find("tei:name", NS)
            author = _text_of(pn) if pn is not None else _text_of(au)
            if pn is not None and (pn.get("ref") or "").startswith("gl:"):
                author_ref = pn.get("ref", "")[3:]
            affiliation = _text_of(au.find("tei:affiliation", NS))
        rs = ts.find("tei:respStmt", NS)
        if rs is not None:
            translator = _text_of(rs.find("tei:name", NS)) or _text_of(rs.find("tei:persName", NS))
    bibl = root.find(".//tei:sourceDesc/tei:bibl", NS)
    publisher = _text_of(bibl.find("tei:publisher", NS)) if bibl is not None else ""
    date_el = bibl.find("tei:date", NS) if bibl is not None else None
    date = (date_el.get("when") or _text_of(date_el)) if date_el is not None else ""
    rights = _text_of(root.find(".//tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability", NS))
    ed = root.find(".//tei:encodingDesc/tei:editorialDecl", NS)
    orig = root.find(".//tei:text//tei:div[@type='original']", NS)
    lang = (orig.get(XML_LANG) if orig is not None else None) or root.get(XML_LANG) or "zh-Hant-TW"
    return Metadata(
        slug=display_name(Path(path).stem),  # a name that is not UTF-8 must not reach a page
        title=title,
        title_en=title_en,
        short_title=short or title_en or title,
        author=author,
        author_ref=author_ref,
        affiliation=affiliation,
        publisher=publisher,
        translator=translator,
        editorial=_text_of(ed),
        rights=rights,
        date=date,
        lang=lang,
    )


def pointers(value: str | None) -> list[tuple[str, str]]:
    """``#a other.xml#b`` -> [('', 'a'), ('other.xml', 'b')]."""
    out = []
    for tok in (value or "").split():
        file_part, _, frag = tok.partition("#")
        out.append((file_part, frag))
    return out
