"""The EPUB package: the XHTML page skeleton, the navigation document, the package document (OPF) and
the OCF container, written with the standard library's :mod:`zipfile`.

The container is small and fixed (``mimetype`` first and stored, ``META-INF/container.xml``, then the
publication under ``OEBPS/``), so the standard library writes it in a few lines with full control over
order, compression and timestamps; a library would add a dependency without saving code.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from markupsafe import Markup, escape

from ...model import Edition, Glossary
from .content import ContentDoc, NavPoint, lang_attrs

MEDIA_XHTML = "application/xhtml+xml"
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""
#: the namespace that mints the package's identifier from the text's slug and the edition's options
ID_NAMESPACE = uuid.UUID("4d6f6e8a-1c9b-5e2f-9a57-2f1d0c3b7e11")


@dataclass(frozen=True)
class Resource:
    """A file of the publication other than a content document (stylesheet, font)."""

    name: str  #: path inside OEBPS/
    media_type: str  #: its media type
    data: bytes  #: its content


def page(doc_title: str, lang: str, body: str, css: str = "css/epub.css") -> str:
    """A complete XHTML content document around ``body``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
        f'{lang_attrs(lang)}>\n<head>\n<meta charset="utf-8"/>\n<title>{escape(doc_title)}</title>\n'
        f'<link rel="stylesheet" type="text/css" href="{css}"/>\n</head>\n<body>\n{body}\n</body>\n</html>\n'
    )


def _nav_label(point: NavPoint, zh_lang: str) -> str:
    parts = []
    if point.zh:
        parts.append(f'<span class="zh"{lang_attrs(zh_lang)}>{escape(point.zh)}</span>')
    if point.en:
        parts.append(f'<span class="en"{lang_attrs("en")}>{escape(point.en)}</span>')
    return " ".join(parts)


def _nav_items(points: Sequence[NavPoint], zh_lang: str) -> str:
    items = []
    for p in points:
        sub = f"<ol>{_nav_items(p.children, zh_lang)}</ol>" if p.children else ""
        items.append(f'<li><a href="{escape(p.href)}">{_nav_label(p, zh_lang)}</a>{sub}</li>')
    return "".join(items)


def nav_document(docs: Sequence[ContentDoc], zh_lang: str) -> str:
    """The navigation document: the table of contents (sections, notes, glossary) and landmarks."""
    points = [d.nav for d in docs if d.nav is not None]
    toc = f'<nav epub:type="toc" role="doc-toc" id="toc"><h1>Contents</h1><ol>{_nav_items(points, zh_lang)}</ol></nav>'
    marks = []
    first = next((d for d in docs if d.kind == "chapter"), None)
    if first is not None:
        marks.append(f'<li><a epub:type="bodymatter" href="{first.name}">Start of the text</a></li>')
    for d in docs:
        if d.kind == "notes":
            marks.append(f'<li><a epub:type="endnotes" href="{d.name}">Translator’s notes</a></li>')
        elif d.kind == "glossary":
            marks.append(f'<li><a epub:type="glossary" href="{d.name}">Glossary</a></li>')
    landmarks = f'<nav epub:type="landmarks" hidden="hidden"><h2>Landmarks</h2><ol>{"".join(marks)}</ol></nav>'
    return page("Contents", "en", toc + "\n" + landmarks)


def identifier(edition: Edition, script: str, layout: str) -> str:
    """A stable ``urn:uuid``: the same text and options give the same identifier."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, f'{edition.metadata.slug}/{script}/{layout}')}"


def package_document(
    edition: Edition,
    glossary: Glossary,
    *,
    script: str,
    layout: str,
    zh_lang: str,
    docs: Sequence[ContentDoc],
    resources: Sequence[Resource],
    modified: datetime,
    word_data: bool = False,
) -> str:
    """The OPF: metadata in both languages, the manifest and the spine."""
    m = edition.metadata
    author_en = glossary.by_id[m.author_ref].english if m.author_ref and glossary.get(m.author_ref) else ""
    meta: list[Markup] = [
        Markup('<dc:identifier id="uid">{}</dc:identifier>').format(identifier(edition, script, layout)),
        Markup('<dc:title id="title"{}>{}</dc:title>').format(lang_xml(zh_lang), _zh(m.title, edition, script)),
        Markup('<meta refines="#title" property="title-type">main</meta>'),
    ]
    if m.title_en:
        meta.append(
            Markup('<meta refines="#title" property="alternate-script" xml:lang="en">{}</meta>').format(m.title_en)
        )
    if m.author:
        meta.append(
            Markup('<dc:creator id="author"{}>{}</dc:creator>').format(
                lang_xml(zh_lang), _zh(m.author, edition, script)
            )
        )
        meta.append(Markup('<meta refines="#author" property="role" scheme="marc:relators">aut</meta>'))
        if author_en:
            meta.append(
                Markup('<meta refines="#author" property="alternate-script" xml:lang="en">{}</meta>').format(author_en)
            )
    if m.translator:
        meta.append(Markup('<dc:contributor id="translator" xml:lang="en">{}</dc:contributor>').format(m.translator))
        meta.append(Markup('<meta refines="#translator" property="role" scheme="marc:relators">trl</meta>'))
    meta.append(Markup("<dc:language>{}</dc:language>").format(zh_lang))
    meta.append(Markup("<dc:language>{}</dc:language>").format(m.translation_lang))
    source = "，".join(_zh(x, edition, script) for x in (m.author, m.title, m.publisher) if x)
    if source:
        meta.append(Markup("<dc:source{}>{}</dc:source>").format(lang_xml(zh_lang), source))
    if m.date:
        meta.append(Markup("<dc:date>{}</dc:date>").format(m.date))
    rights = m.rights
    if word_data:
        rights = f"{rights} Word data from CC-CEDICT (CC BY-SA 4.0).".strip()
    if rights:
        meta.append(Markup('<dc:rights xml:lang="en">{}</dc:rights>').format(rights))
    meta.append(Markup('<meta property="dcterms:modified">{}</meta>').format(modified.strftime("%Y-%m-%dT%H:%M:%SZ")))
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>']
    for i, d in enumerate(docs):
        manifest.append(f'<item id="d{i}" href="{escape(d.name)}" media-type="{MEDIA_XHTML}"/>')
    for i, r in enumerate(resources):
        manifest.append(f'<item id="r{i}" href="{escape(r.name)}" media-type="{escape(r.media_type)}"/>')
    spine = "".join(f'<itemref idref="d{i}"/>' for i in range(len(docs)))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="en">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        + "\n".join(meta)
        + "\n</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + f"\n</manifest>\n<spine>{spine}</spine>\n</package>\n"
    )


def lang_xml(lang: str) -> Markup:
    return Markup(' xml:lang="{}"').format(lang)


def _zh(text: str, edition: Edition, script: str) -> str:
    from ..shared.inline import convert_text, source_script

    return convert_text(text, source_script(edition.metadata.lang), script)


def container(files: Sequence[tuple[str, bytes]], modified: datetime) -> bytes:
    """The OCF zip: ``mimetype`` first and uncompressed, then ``META-INF/container.xml``, then ``files``."""
    stamp = (max(modified.year, 1980), modified.month, modified.day, modified.hour, modified.minute, modified.second)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:

        def add(name: str, data: bytes, method: int) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data)

        add("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        add("META-INF/container.xml", CONTAINER.encode("utf-8"), zipfile.ZIP_DEFLATED)
        for name, data in files:
            add(f"OEBPS/{name}", data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def modified_time(edition: Edition) -> datetime:
    """``dcterms:modified``: $SOURCE_DATE_EPOCH if set (reproducible builds), else the text file's mtime."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    try:
        return datetime.fromtimestamp(int(os.stat(edition.source).st_mtime), UTC)
    except (OSError, ValueError):
        return datetime.now(UTC).replace(microsecond=0)
