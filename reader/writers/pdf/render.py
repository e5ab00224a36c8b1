"""The PDF edition: print HTML -> PDF with WeasyPrint (imported only here and in reader.writers.pdf.chunks).

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
  chunks instead (:mod:`reader.writers.pdf.chunks`, joined by :mod:`reader.writers.pdf.join`), with the helpers
  here: the print HTML, occurrence pages, first-occurrence marks.

Logging policy: WeasyPrint's own warnings stay on its logger; a refused URL is an error (the render
stops), a missing font is an error raised before rendering.
"""

from __future__ import annotations

from ...errors import OutputError, ReaderError
from ...model import Edition, Glossary
from ...runtime.gcpause import gc_paused
from .appendix import appendix_rows, first_occurrences
from .columns import NARROW_PAGES, paired
from .document import (  # noqa: F401  (re-exported: the print HTML and the occurrence pages)
    anchors_to_mark,
    mark_first_occurrences,
    mark_safely,
    occurrence_pages,
    print_html,
)
from .fetcher import asset_base_url, make_fetcher
from .fonts import PAPERS, page_css, require_cjk_font
from .justify import install as install_justification
from .linebreak import install as install_line_breaking
from .linenumbers import number_lines
from .notes import laid_out_with_marks
from .tagging import TAGGED, describe
from .tagging import install as install_tagging
from .view import IMPOSITIONS, LAYOUTS, MARKS, QUOTES, SCRIPTS, PrintView, build_view


def render_pdf(
    edition: Edition,
    glossary: Glossary,
    *,
    script: str = "hant",
    paper: str = "a4",
    marks: str = "names",
    quotes: str = "script",
    layout: str = "columns",
    imposition: str = "none",
    line_numbers: bool = False,
    chunk_size: int | None = None,
    jobs: int | None = None,
) -> bytes:
    """The PDF edition of a text, as bytes (the caller writes it atomically).

    A text longer than ``chunk_size`` characters of print HTML (default
    :data:`reader.writers.pdf.chunks.CHUNK_SIZE`) is laid out in chunks, in up to ``jobs`` processes
    (default: the CPUs this process may use), and joined (see :mod:`reader.writers.pdf.chunks`); a shorter
    one in a single render.
    """
    if script not in SCRIPTS:
        raise ReaderError(f"unknown script {script!r}: use hant or hans")
    if paper not in PAPERS:
        raise ReaderError(f"unknown paper size {paper!r}: use {' or '.join(PAPERS)}")
    require_cjk_font(script)
    if marks not in MARKS:
        raise ReaderError(f"unknown marks {marks!r}: use {', '.join(MARKS)}")
    if quotes not in QUOTES:
        raise ReaderError(f"unknown quotes {quotes!r}: use {' or '.join(QUOTES)}")
    if layout not in LAYOUTS:
        raise ReaderError(f"unknown layout {layout!r}: use {' or '.join(LAYOUTS)}")
    if imposition not in IMPOSITIONS:
        raise ReaderError(f"unknown imposition {imposition!r}: use {' or '.join(IMPOSITIONS)}")
    if imposition == "booklet" and paper != "a5":
        raise ReaderError("--imposition booklet prints A5 pages 2-up on A4: use it with --paper a5")
    view = build_view(edition, script, marks=marks, quotes=quotes, glossary=glossary)
    view.layout = layout
    view.line_numbers = line_numbers
    source = edition.source or edition.metadata.slug
    data = _pages(view, glossary, paper, source, chunk_size, jobs)
    if imposition == "booklet":
        from .impose import booklet

        return booklet(data)
    return data


def _pages(
    view: PrintView, glossary: Glossary, paper: str, source: str, chunk_size: int | None, jobs: int | None
) -> bytes:
    """The edition's pages: facing pages in one render; columns in one render or in chunks."""
    if view.layout == "facing":
        return _render(view, glossary, paper, source)
    from .chunks import CHUNK_SIZE, plan_chunks, render_chunked, worker_count

    chunks = plan_chunks(view.rows, chunk_size or CHUNK_SIZE, worker_count(jobs, len(view.rows)))
    if len(chunks) > 1:
        return render_chunked(view, glossary, paper, source, chunks, jobs)
    return _render(view, glossary, paper, source)


def _render(view: PrintView, glossary: Glossary, paper: str, source: str) -> bytes:
    """The single-render path: title page and body laid out at once, then the appendix, joined by WeasyPrint."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    install_line_breaking()
    install_justification()
    install_tagging()
    fonts = FontConfiguration()
    base = asset_base_url()
    size = page_css(paper, fonts)
    try:
        with gc_paused():
            if view.layout == "facing":
                from .facing import facing_html

                html = facing_html(view, paper, fonts)
            else:
                html = print_html(view)
            body = laid_out_with_marks(
                html,
                lambda source: HTML(string=source, base_url=base, url_fetcher=make_fetcher()).render(
                    stylesheets=[size], font_config=fonts
                ),
            )
            if view.line_numbers:
                number_lines(body)
            pages = occurrence_pages(body, view.occurrences)
            entries = appendix_rows(glossary, view.occurrences, pages, view.script, view.text_lang, view.text_forms)
            mark_safely(body, view.markable(anchors_to_mark(first_occurrences(view.occurrences, pages))))
            documents = [body]
            if entries:
                numbering = page_css(
                    paper, fonts, f"@page :first {{ counter-reset: page {len(body.pages) + 1}; }}\n{NARROW_PAGES}"
                )
                appendix = HTML(
                    string=print_html(view, "appendix", entries), base_url=base, url_fetcher=make_fetcher()
                ).render(stylesheets=[numbering], font_config=fonts)
                documents.append(paired(appendix))
            combined = body.copy([p for d in documents for p in d.pages])
            describe(combined, view)
            data = combined.write_pdf(attachments=[], uncompressed_pdf=False, **TAGGED)
    except FatalURLFetchingError as exc:  # a BaseException: catch it by name
        raise OutputError(str(exc), source) from None
    if not isinstance(data, bytes):  # pragma: no cover - write_pdf(None) always returns bytes
        raise OutputError("WeasyPrint returned no PDF", source)
    return data


def prewarm() -> None:
    """Import WeasyPrint once (before a build forks its workers): making a fetcher imports it."""
    make_fetcher()
    install_line_breaking()
    install_justification()
