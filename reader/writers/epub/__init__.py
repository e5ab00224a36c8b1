"""The EPUB 3 edition: one ``.epub`` per text, for e-readers and tablets.

The model is written as XHTML content documents (:mod:`.content`: title page, one document per
section, Chinese and English pair by pair or in two blocks), followed by the translator's notes and
the full glossary (:mod:`.backmatter`), a navigation document and a package document with metadata in
both languages, zipped into an OCF container (:mod:`.package`). Glossary terms and translator's notes
are EPUB 3 footnotes (``noteref`` -> ``aside``). The CJK font is embedded, subset, only on request
(:mod:`.fonts`). Every XHTML document is parsed back before it is zipped, so a malformed document is a
bug reported as an error, never a broken book.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from ...errors import OutputError
from ...model import Edition, Glossary
from ...resources import templates_dir
from ...text.textcache import session
from .backmatter import colophon, glossary_doc, notes_doc
from .content import LAYOUTS, SCRIPT_LANG, render_content
from .package import Resource, container, modified_time, nav_document, package_document, page

CSS = "epub/epub.css"  #: the stylesheet, relative to the templates directory
FONT_NAME = "fonts/cjk.otf"  #: where an embedded font goes inside the package


def _check_xml(name: str, text: str) -> None:
    """Parse a document back (no DTD, no network); a failure is a bug in this writer."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise OutputError(f"internal error, please report: the EPUB's {name} is not well-formed XML: {exc}") from None


def render_epub(
    edition: Edition,
    glossary: Glossary,
    *,
    script: str = "hant",
    epub_layout: str = "interleaved",
    embed_fonts: bool = False,
    cache_dir: Path | None = None,
    modified: datetime | None = None,
) -> bytes:
    """The EPUB 3 edition of ``edition`` as the bytes of an ``.epub`` file.

    ``script``: hant (as written) or hans (converted); ``epub_layout``: interleaved (pair by pair) or
    blocks (all the Chinese of a section, then all the English); ``embed_fonts``: subset and embed the
    CJK serif; ``cache_dir``: where the text cache keeps this edition's script conversions and readings
    (its own file, so that the HTML edition's is left alone; None: compute them); ``modified``: the
    package's ``dcterms:modified`` (default: see :func:`.package.modified_time`).
    """
    path = _cache_path(cache_dir, edition.metadata.slug, script) if cache_dir is not None else None
    with session(path):
        return _render(edition, glossary, script, epub_layout, embed_fonts, modified)


def _cache_path(cache_dir: Path, slug: str, script: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", slug)[:100] or "text"
    return cache_dir / f"{safe}.{script}.epub.json"


def _render(
    edition: Edition, glossary: Glossary, script: str, epub_layout: str, embed_fonts: bool, modified: datetime | None
) -> bytes:
    if epub_layout not in LAYOUTS:
        raise OutputError(f"unknown EPUB layout {epub_layout!r}: use {' or '.join(LAYOUTS)}")
    if script not in SCRIPT_LANG:
        raise OutputError(f"unknown script {script!r}: use hant or hans")
    m = edition.metadata
    src = "hans" if m.lang.startswith(("zh-Hans", "zh-CN", "zh-SG")) else "hant"
    zh_lang = m.lang if script == src else SCRIPT_LANG[script]
    font_note = (
        "The Chinese is set in a subset of Noto Serif CJK (SIL Open Font License 1.1), embedded in this book."
        if embed_fonts
        else "No font is embedded: the reading system's own Chinese font is used."
    )
    about = colophon(edition, glossary, script, font_note)
    content = render_content(edition, glossary, script=script, layout=epub_layout, colophon=about)
    docs = list(content.docs)
    for extra in (notes_doc(content), glossary_doc(edition, glossary, content, script)):
        if extra is not None:
            docs.append(extra)
    css_path = templates_dir() / CSS
    try:
        css = css_path.read_bytes()
    except OSError as exc:
        raise OutputError(f"cannot read the EPUB stylesheet: {exc.strerror or exc}", str(css_path)) from None
    resources = [Resource("css/epub.css", "text/css", css)]
    if embed_fonts:
        from .fonts import subset

        font = subset(script, content.chars)
        face = f'@font-face {{ font-family: "Reader CJK"; src: url("../{FONT_NAME}"); }}\n'
        rule = f':lang({zh_lang}) {{ font-family: "Reader CJK", serif; }}\n'
        resources[0] = Resource("css/epub.css", "text/css", css + ("\n" + face + rule).encode("utf-8"))
        resources.append(Resource(FONT_NAME, "font/otf", font.data))
    files: list[tuple[str, bytes]] = []
    for d in docs:
        lang = zh_lang if d.kind in ("title", "chapter", "closing") else "en"
        text = page(d.title, lang, str(d.body))
        _check_xml(d.name, text)
        files.append((d.name, text.encode("utf-8")))
    nav = nav_document(docs, zh_lang)
    _check_xml("nav.xhtml", nav)
    when = modified or modified_time(edition)
    opf = package_document(
        edition,
        glossary,
        script=script,
        layout=epub_layout,
        zh_lang=zh_lang,
        docs=docs,
        resources=resources,
        modified=when,
    )
    _check_xml("package.opf", opf)
    files = [("package.opf", opf.encode("utf-8")), ("nav.xhtml", nav.encode("utf-8")), *files]
    files += [(r.name, r.data) for r in resources]
    return container(files, when)
