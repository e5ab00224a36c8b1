"""The PDF as a document: tagged (WeasyPrint's PDF/UA-1 variant: a structure tree, the title shown by
viewers, XMP metadata) with the language of each element, and the edition's metadata.

WeasyPrint 70 tags the structure but gives the tree's elements no ``/Lang``: a screen reader would
read the English column with the document's Chinese voice. :func:`install` wraps the function that
builds the tree so that every element made for an HTML element with a ``lang`` attribute carries it
(``en`` for the English column and notes, ``zh-Hant-TW``/``zh-Hans`` for the Chinese, and the
Chinese quoted inside English notes). :func:`describe` fills the document's metadata: the title in
both languages, the author in both scripts and romanised, the date of the edition, the languages.

Tagging applies to the single render; a text long enough to be laid out in chunks is joined by
pypdf, which keeps each chunk's pages but not one structure tree over them.
"""

from __future__ import annotations

import datetime
import os
from typing import Any
from xml.sax.saxutils import escape

from ...text.script import to_hans, to_hant
from .view import PrintView

_INSTALLED = False
#: write_pdf options of a tagged edition
TAGGED = {"pdf_variant": "pdf/ua-1"}


def install() -> None:
    """Give the structure elements WeasyPrint builds the ``lang`` of their HTML element (once)."""
    global _INSTALLED
    if _INSTALLED:
        return
    import pydyf
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box: Any, parent: Any, pdf: Any, *args: Any) -> Any:
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        element = getattr(inner, "element", None)
        lang = None
        if element is not None and getattr(inner, "element_tag", None) not in ("html", "body"):
            lang = element.get("lang")
        for made in original(box, parent, pdf, *args):
            if lang and "Lang" not in made:
                made["Lang"] = pydyf.String(lang)
            yield made

    tags._build_box_tree = build
    _INSTALLED = True


def edition_date() -> str:
    """The date of the edition: ``SOURCE_DATE_EPOCH`` if set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch and epoch.isdigit()
        else datetime.datetime.now(datetime.UTC)
    )
    return when.strftime("%Y-%m-%d")


def describe(document: Any, view: PrintView) -> None:
    """Set the laid-out document's metadata for the edition (written to the Info dictionary and XMP)."""
    meta = document.metadata
    meta.title = f"{view.title} / {view.title_en}" if view.title_en else view.title
    authors = []
    for name in (to_hant(view.author), to_hans(view.author), view.author_en):
        if name and name not in authors:
            authors.append(name)
    meta.authors = authors
    meta.created = meta.modified = edition_date()
    meta.description = f"{view.title_en}: the Chinese text with its English translation"
    meta.lang = view.lang
    languages = "".join(f"<rdf:li>{escape(tag)}</rdf:li>" for tag in (view.lang, "en"))
    titles = f'<rdf:li xml:lang="{escape(view.lang)}">{escape(view.title)}</rdf:li>'
    if view.title_en:
        titles += f'<rdf:li xml:lang="en">{escape(view.title_en)}</rdf:li>'
    meta.xmp_metadata = [
        (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/">'
            f"<dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>"
            f"<dcterms:alternative><rdf:Alt>{titles}</rdf:Alt></dcterms:alternative>"
            f"<dcterms:issued>{edition_date()}</dcterms:issued>"
            "</rdf:Description></rdf:RDF>"
        ).encode()
    ]
