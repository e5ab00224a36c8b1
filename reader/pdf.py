"""The PDF edition: print HTML -> PDF with WeasyPrint (imported only here and in reader.pdf_chunks).

What it owns:

- the font check: before anything is rendered, fontconfig must know a CJK serif for the edition's
  script, else the build stops with a message naming the Debian package (a PDF of empty boxes is
  never written);
- a locked-down URL fetcher (:class:`AssetFetcher`) that serves only the print stylesheet shipped
  with ``reader`` and refuses everything else (other files, the network, attachments) by stopping
  the render;
- the two-step render: the title page and body are laid out once; the pages each glossary
  occurrence landed on are read from that layout; the glossary appendix is then laid out on its own,
  numbered on from the body, and the pages are joined into one PDF. A long text is laid out in
  chunks instead (:mod:`reader.pdf_chunks`, joined by :mod:`reader.pdf_join`), with the helpers
  here: the print HTML, occurrence pages, first-occurrence marks.

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
from .gcpause import gc_paused
from .model import Edition, Glossary
from .print_view import SCRIPTS, PrintView, Row, appendix_rows, build_view, first_occurrences
from .resources import templates_dir

PAPERS = {"a4": "A4", "letter": "letter"}  #: --paper value -> CSS page size
ASSETS = frozenset({"print.css"})  #: the only files the fetcher serves (in the templates directory)
CJK_FAMILIES = {"hant": "Noto Serif CJK TC", "hans": "Noto Serif CJK SC"}  #: the fonts print.css names
FONT_LANG = {"hant": "zh-tw", "hans": "zh-cn"}  #: fontconfig language for each script
FONT_PACKAGE = "fonts-noto-cjk"  #: the Debian/Ubuntu package that provides them
#: The appendix links its page references to the pages up to this many; past it they are plain text.
#: Each link is an inline box: at 50 times the article, 6,500 links took 4 s of layout, plain text 0.
LINKED_REFERENCES = 2500


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


def print_html(
    view: PrintView,
    part: str = "body",
    entries: list[Any] | None = None,
    rows: list[Row] | None = None,
    title_page: bool = True,
) -> str:
    """The print HTML of one part (``body`` or ``appendix``); a body of the given rows (default all)."""
    chosen = view.rows if rows is None else rows
    linked = sum(len(g.runs) for g in entries or []) <= LINKED_REFERENCES
    template = _env().get_template("print.html.j2")
    return template.render(
        view=view, part=part, entries=entries or [], rows=chosen, title_page=title_page, linked=linked
    )


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


def render_pdf(
    edition: Edition,
    glossary: Glossary,
    *,
    script: str = "hant",
    paper: str = "a4",
    chunk_size: int | None = None,
    jobs: int | None = None,
) -> bytes:
    """The PDF edition of a text, as bytes (the caller writes it atomically).

    A text longer than ``chunk_size`` characters of print HTML (default
    :data:`reader.pdf_chunks.CHUNK_SIZE`) is laid out in chunks, in up to ``jobs`` processes
    (default: the CPUs this process may use), and joined (see :mod:`reader.pdf_chunks`); a shorter
    one in a single render.
    """
    if script not in SCRIPTS:
        raise ReaderError(f"unknown script {script!r}: use hant or hans")
    if paper not in PAPERS:
        raise ReaderError(f"unknown paper size {paper!r}: use {' or '.join(PAPERS)}")
    require_cjk_font(script)
    view = build_view(edition, script)
    source = edition.source or edition.metadata.slug
    from .pdf_chunks import CHUNK_SIZE, plan_chunks, render_chunked, worker_count

    chunks = plan_chunks(view.rows, chunk_size or CHUNK_SIZE, worker_count(jobs, len(view.rows)))
    if len(chunks) > 1:
        return render_chunked(view, glossary, paper, source, chunks, jobs)
    return _render(view, glossary, paper, source)


def page_css(paper: str, fonts: Any, extra: str = "") -> Any:
    """The stylesheet every render adds to print.css: the paper size, and ``extra`` rules."""
    from weasyprint import CSS

    return CSS(string=f"@page {{ size: {PAPERS[paper]}; }}\n{extra}", font_config=fonts)


def anchors_to_mark(first_on_page: dict[str, dict[int, str]]) -> set[str]:
    """The first occurrences to mark: all but those on the title page (page 1), left plain by design."""
    return {anchor for by_page in first_on_page.values() for page, anchor in by_page.items() if page > 1}


def _render(view: PrintView, glossary: Glossary, paper: str, source: str) -> bytes:
    """The single-render path: title page and body laid out at once, then the appendix, joined by WeasyPrint."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    fonts = FontConfiguration()
    base = asset_base_url()
    size = page_css(paper, fonts)
    try:
        with gc_paused():
            body = HTML(string=print_html(view), base_url=base, url_fetcher=make_fetcher()).render(
                stylesheets=[size], font_config=fonts
            )
            pages = occurrence_pages(body, view.occurrences)
            entries = appendix_rows(glossary, view.occurrences, pages, view.script)
            mark_safely(body, anchors_to_mark(first_occurrences(view.occurrences, pages)))
            documents = [body]
            if entries:
                numbering = page_css(paper, fonts, f"@page :first {{ counter-reset: page {len(body.pages) + 1}; }}")
                appendix = HTML(
                    string=print_html(view, "appendix", entries), base_url=base, url_fetcher=make_fetcher()
                ).render(stylesheets=[numbering], font_config=fonts)
                documents.append(appendix)
            combined = body.copy([p for d in documents for p in d.pages])
            data = combined.write_pdf(attachments=[], uncompressed_pdf=False)
    except FatalURLFetchingError as exc:  # a BaseException: catch it by name
        raise OutputError(str(exc), source) from None
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf(None) always returns bytes
        raise OutputError("WeasyPrint returned no PDF", source)
    return data


def mark_safely(document: Any, anchors: set[str]) -> None:
    """:func:`mark_first_occurrences`, printing unmarked (with a warning) if WeasyPrint's internals moved."""
    try:
        mark_first_occurrences(document, anchors)
    except (AttributeError, KeyError, TypeError) as exc:
        logging.getLogger("reader").warning("first occurrences not marked: %s", exc)
