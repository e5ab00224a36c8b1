"""The PDF edition: print HTML -> PDF with WeasyPrint. The only weasyprint import.

What it owns:

- the font check: before anything is rendered, fontconfig must know a CJK serif for the edition's
  script, else the build stops with a message naming the Debian package (a PDF of empty boxes is
  never written);
- a locked-down URL fetcher (:class:`AssetFetcher`) that serves only the print stylesheet shipped
  with ``reader`` and refuses everything else (other files, the network, attachments) by stopping
  the render;
- the two-step render: the title page and body are laid out once; the pages each glossary
  occurrence landed on are read from that layout; the glossary appendix is then laid out on its own,
  numbered on from the body, and the pages are joined into one PDF.

Logging policy: WeasyPrint's own warnings stay on its logger; a refused URL is an error (the render
stops), a missing font is an error raised before rendering.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .errors import OutputError, ReaderError
from .model import Edition, Glossary
from .print_view import SCRIPTS, PrintView, appendix_rows, build_view
from .resources import templates_dir

PAPERS = {"a4": "A4", "letter": "letter"}  #: --paper value -> CSS page size
ASSETS = frozenset({"print.css"})  #: the only files the fetcher serves (in the templates directory)
CJK_FAMILIES = {"hant": "Noto Serif CJK TC", "hans": "Noto Serif CJK SC"}  #: the fonts print.css names
FONT_LANG = {"hant": "zh-tw", "hans": "zh-cn"}  #: fontconfig language for each script
FONT_PACKAGE = "fonts-noto-cjk"  #: the Debian/Ubuntu package that provides them


# --- fonts ------------------------------------------------------------------------------------


def cjk_fonts(script: str = "hant") -> list[str]:
    """Families fontconfig lists as covering the script's Chinese (``fc-list :lang=…``)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise OutputError(
            "cannot check the fonts: fc-list is missing; install the Debian packages fontconfig and " + FONT_PACKAGE
        )
    proc = subprocess.run(
        [fc_list, f":lang={FONT_LANG[script]}", "family"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    families: set[str] = set()
    for line in proc.stdout.splitlines():
        families.update(name.strip() for name in line.split(",") if name.strip())
    return sorted(families)


def require_cjk_font(script: str = "hant") -> str:
    """The CJK family the PDF will use, or an :class:`OutputError` naming the package to install."""
    families = cjk_fonts(script)
    wanted = CJK_FAMILIES[script]
    if wanted in families:
        return wanted
    if not families:
        raise OutputError(
            f"no Chinese font is installed, so the PDF would show empty boxes; install one "
            f"(Debian/Ubuntu: apt-get install {FONT_PACKAGE}) and build again"
        )
    # another CJK font will be used by fallback: readable, but not the designed serif
    return families[0]


# --- the URL fetcher ----------------------------------------------------------------------------


def asset_base_url() -> str:
    """The base URL the print HTML is rendered against: the templates directory."""
    return templates_dir().as_uri() + "/"


@lru_cache(maxsize=1)
def _fetcher_class() -> type:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class RefusedURL(FatalURLFetchingError):
        """A URL the print edition must not read; stops the render."""

    class AssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves the files in :data:`ASSETS` from the templates directory, and nothing else."""

        refused = RefusedURL

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
            self.root = templates_dir().resolve()

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = asset_path(url, self.root)
            if path is None:
                raise RefusedURL(f"refused to fetch {url[:200]!r}: the PDF may read only reader's own assets")
            return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": "text/css"})

    return AssetFetcher


def asset_path(url: str, root: Path) -> Path | None:
    """The asset file a URL names, or None if it is anything but one of :data:`ASSETS` under ``root``."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or parts.query:
        return None
    path = Path(unquote(parts.path))
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if resolved.parent != root or resolved.name not in ASSETS or not resolved.is_file():
        return None
    return resolved


def make_fetcher() -> Any:
    """A new locked-down fetcher (a WeasyPrint ``URLFetcher``)."""
    return _fetcher_class()()


# --- rendering ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def print_html(view: PrintView, part: str = "body", entries: list[Any] | None = None) -> str:
    """The print HTML of one part (``body`` or ``appendix``)."""
    return _env().get_template("print.html.j2").render(view=view, part=part, entries=entries or [])


def occurrence_pages(document: Any, occurrences: dict[str, str]) -> dict[str, int]:
    """Anchor id -> 1-based page number, for every glossary occurrence in a laid-out document."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor in occurrences:
                pages.setdefault(anchor, number)
    return pages


def mark_first_occurrences(document: Any, anchors: set[str]) -> int:
    """Underline and colour, after layout, the glossary occurrences in ``anchors``; return the boxes marked.

    Which occurrence is the first of its entry on a page is known only once the pages exist, so the
    mark must not change any metric: it sets the text colour to the ``text-decoration-color`` that
    print.css gives terms, and a solid underline, on the laid-out text boxes (paint-only properties).
    """
    from weasyprint.formatting_structure.boxes import TextBox

    marked = 0
    for page in document.pages:
        page_anchors = anchors.intersection(page.anchors)
        if not page_anchors:
            continue
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or box.element_tag != "span" or element.get("id") not in page_anchors:
                continue
            for text in box.descendants():
                if isinstance(text, TextBox):
                    style = text.style.copy()
                    style["color"] = box.style["text_decoration_color"]
                    # fixed lengths from print.css: the font's own metrics were not measured at layout
                    style["text_decoration_thickness"] = box.style["text_decoration_thickness"]
                    style["text_underline_offset"] = box.style["text_underline_offset"]
                    style["text_decoration_line"] = frozenset({"underline"})
                    style["text_decoration_style"] = "solid"
                    text.style = style
                    marked += 1
    return marked


def render_pdf(edition: Edition, glossary: Glossary, *, script: str = "hant", paper: str = "a4") -> bytes:
    """The PDF edition of a text, as bytes (the caller writes it atomically)."""
    if script not in SCRIPTS:
        raise ReaderError(f"unknown script {script!r}: use hant or hans")
    if paper not in PAPERS:
        raise ReaderError(f"unknown paper size {paper!r}: use {' or '.join(PAPERS)}")
    require_cjk_font(script)
    view = build_view(edition, script)
    return _render(view, glossary, paper, edition.source or edition.metadata.slug)


def _render(view: PrintView, glossary: Glossary, paper: str, source: str) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fonts = FontConfiguration()
    base = asset_base_url()
    size = CSS(string=f"@page {{ size: {PAPERS[paper]}; }}", font_config=fonts)
    try:
        body = HTML(string=print_html(view), base_url=base, url_fetcher=make_fetcher()).render(
            stylesheets=[size], font_config=fonts
        )
        pages = occurrence_pages(body, view.occurrences)
        entries = appendix_rows(glossary, view.occurrences, pages, view.script)
        try:
            # not on the title page, whose names still count as occurrences (page 1, as books count)
            mark_first_occurrences(body, {anchor for g in entries for page, anchor in g.pages if page > 1})
        except (AttributeError, KeyError, TypeError) as exc:  # WeasyPrint internals moved: print unmarked
            logging.getLogger("reader").warning("first occurrences not marked: %s", exc)
        documents = [body]
        if entries:
            numbering = CSS(string=f"@page :first {{ counter-reset: page {len(body.pages) + 1}; }}", font_config=fonts)
            appendix = HTML(
                string=print_html(view, "appendix", entries), base_url=base, url_fetcher=make_fetcher()
            ).render(stylesheets=[size, numbering], font_config=fonts)
            documents.append(appendix)
        combined = body.copy([p for d in documents for p in d.pages])
        data = combined.write_pdf(attachments=[], uncompressed_pdf=False)
    except FatalURLFetchingError as exc:  # a BaseException: catch it by name
        raise OutputError(str(exc), source) from None
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf(None) always returns bytes
        raise OutputError("WeasyPrint returned no PDF", source)
    return data
