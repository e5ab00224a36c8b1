"""Long texts in the PDF edition: the body laid out in chunks, in parallel processes, then joined.

WeasyPrint's time and memory grow with the document (at 50 times the article one render took 95 s
and passed 1 GiB), so a text longer than :data:`CHUNK_SIZE` is cut into chunks of whole rows, at
section boundaries where it can be, and each chunk is laid out as its own document, in up to one
process per CPU. What a single render gets from laying the whole text out at once is put back:

- footnotes are numbered on: each chunk's ``footnote`` counter starts after the notes of the chunks
  before it (known from the print view);
- page numbers run on: chunks are laid out without them, and once every chunk's page count is known
  one quick render of blank pages carrying only the numbers is laid over the body pages;
- the glossary appendix gets the page of every occurrence, each chunk's pages shifted by the pages
  before it; first occurrences are marked per page, inside each chunk;
- bookmarks, the appendix's page links, metadata and page labels are rebuilt by
  :mod:`reader.writers.pdf.join` over the joined pages.

Each chunk starts on a new page. The running head comes from the chunk itself (its own ``.running``
string), the title page only from the first chunk.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from ...errors import OutputError
from ...model import Glossary
from ...runtime.gcpause import gc_paused
from ...runtime.procs import pool as new_pool
from ...runtime.procs import stop_pool
from .appendix import appendix_rows, first_occurrences
from .columns import NARROW_PAGES, paired
from .document import anchors_to_mark, mark_safely, numbers_html, occurrence_pages, print_html
from .fetcher import asset_base_url, make_fetcher
from .fonts import page_css
from .join import Bookmark
from .linenumbers import number_lines
from .view import PrintView, Row

CHUNK_SIZE = 200_000  #: characters of print HTML per chunk (the article has about 35,000)
PT_PER_PX = 0.75  #: WeasyPrint lays out in CSS pixels; PDF coordinates are points

T = TypeVar("T")
R = TypeVar("R")


# --- planning ---------------------------------------------------------------------------------


def plan_chunks(rows: list[Row], size: int, workers: int = 1) -> list[list[Row]]:
    """Cut the body into about ``total / size`` chunks of equal size (their number rounded up to a
    multiple of ``workers``, so that no worker is left alone at the end); one chunk if it is short.

    Each cut is made near its ideal place (k × total / count): before a level-1 heading if there is
    one within a quarter of a chunk's size, else before another heading, else before the nearest
    row. Never right after a heading: a heading stays with what follows.
    """
    weights = [max(r.size, 1) for r in rows]
    total = sum(weights)
    count = math.ceil(total / max(size, 1))
    if count <= 1:
        return [rows]
    count = math.ceil(count / workers) * workers
    before = [0]  # before[i]: the weight of rows[:i]
    for w in weights:
        before.append(before[-1] + w)
    allowed = [i for i in range(1, len(rows)) if rows[i - 1].kind != "head"]
    window = total / count / 4
    cuts: list[int] = []
    for k in range(1, count):
        ideal = total * k / count
        later = [i for i in allowed if i > (cuts[-1] if cuts else 0)]
        if not later:
            break
        near = [i for i in later if abs(before[i] - ideal) <= window]
        for good in (_section_start, _heading, None):
            chosen = [i for i in near if good is None or good(rows[i])]
            if chosen:
                break
        cuts.append(min(chosen or later, key=lambda i: abs(before[i] - ideal)))
    return [rows[a:b] for a, b in zip([0, *cuts], [*cuts, len(rows)], strict=True)]


def _section_start(row: Row) -> bool:
    return row.kind == "head" and row.level <= 1


def _heading(row: Row) -> bool:
    return row.kind == "head"


@lru_cache(maxsize=1)
def font_config() -> Any:
    """One WeasyPrint font configuration per process: a new one opens and parses the fonts again
    (about 0.1 s a chunk for the CJK face); the print edition declares no ``@font-face`` of its own."""
    from weasyprint.text.fonts import FontConfiguration

    from .justify import install as install_justification
    from .linebreak import install

    install()  # every chunk renderer asks for the fonts first: the line-breaking correction goes in with them
    install_justification()
    return FontConfiguration()


# --- one chunk, in a worker -------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkJob:
    """What a worker needs to lay out one chunk."""

    html: str  #: the chunk's print HTML
    paper: str  #: a4 or letter
    footnotes: int  #: footnotes called before this chunk
    title_page: bool  #: the first chunk, with the title page
    occurrences: dict[str, str]  #: anchor -> glossary id, for the whole text, in document order
    markable: frozenset[str] = frozenset()  #: the occurrences the --marks option lets be underlined
    line_numbers: bool = False  #: number every fifth line of each column (--line-numbers)


@dataclass
class ChunkResult:
    """A laid-out chunk: its PDF and what the join needs to know about it."""

    pdf: bytes = b""  #: the chunk as a PDF of its own (no page numbers, no named destinations)
    pages: int = 0  #: its page count
    occurrence_pages: dict[str, int] = field(default_factory=dict)  #: anchor -> 1-based page within the chunk
    targets: dict[str, tuple[int, float, float]] = field(default_factory=dict)  #: link targets: page, x, y (pt)
    bookmarks: list[Bookmark] = field(default_factory=list)  #: outline entries, in order
    error: str = ""  #: a refused URL (the render stopped)


def render_chunk(job: ChunkJob) -> ChunkResult:
    """Lay out one chunk, mark its first occurrences, and write it (runs in a worker process)."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    fonts = font_config()
    # numbered after the join (!important: these rules are a user stylesheet, print.css an author's)
    extra = "@page { @bottom-center { content: none !important; } }"
    if job.footnotes:
        extra += f"\nbody {{ counter-reset: footnote {job.footnotes}; }}"
    result = ChunkResult()
    try:
        with gc_paused():
            doc = HTML(string=job.html, base_url=asset_base_url(), url_fetcher=make_fetcher()).render(
                stylesheets=[page_css(job.paper, fonts, extra)], font_config=fonts
            )
            if job.line_numbers:
                number_lines(doc)
            pages = occurrence_pages(doc, job.occurrences)
            firsts = first_occurrences(job.occurrences, pages)
            wanted = {anchor for by_page in firsts.values() for anchor in by_page.values()}
            mark_safely(doc, (anchors_to_mark(firsts) if job.title_page else wanted) & job.markable)
            for number, page in enumerate(doc.pages):
                for anchor, (x, y, _w, _h) in page.anchors.items():
                    # a term broken across a page break has an anchor on both pages: the link leads
                    # where it begins, the page the appendix names (occurrence_pages: first page wins)
                    if anchor in wanted and anchor not in result.targets:
                        result.targets[anchor] = (number, x * PT_PER_PX, (page.height - y) * PT_PER_PX)
                page.anchors.clear()  # the join writes the destinations the appendix links to
                result.bookmarks.extend(_bookmarks(page, number))
            result.pdf = doc.write_pdf(attachments=[], uncompressed_pdf=False)
            result.pages = len(doc.pages)
            result.occurrence_pages = pages
            del doc
    except FatalURLFetchingError as exc:  # a BaseException, and not picklable: send its message
        result.error = str(exc)
    gc.collect()  # the worker lives on for the next chunk: free this one's cycles
    return result


def _bookmarks(page: Any, number: int) -> Iterable[Bookmark]:
    for level, label, (x, y), _state in page.bookmarks:
        yield Bookmark(level, label, number, x * PT_PER_PX, (page.height - y) * PT_PER_PX)


def render_numbers(paper: str, count: int, first: int) -> bytes:
    """``count`` blank pages that print only their page numbers, ``first`` onwards (to lay over the body)."""
    from weasyprint import HTML

    fonts = font_config()
    html = numbers_html(count)
    extra = (
        "@page { @top-left { content: none !important; } @top-right { content: none !important; } }\n"
        f"@page :first {{ counter-reset: page {first}; }}\n"
        ".blank { break-after: page; } .blank:last-child { break-after: auto; }"
    )
    with gc_paused():
        doc = HTML(string=html, base_url=asset_base_url(), url_fetcher=make_fetcher()).render(
            stylesheets=[page_css(paper, fonts, extra)], font_config=fonts
        )
        data = doc.write_pdf(attachments=[], uncompressed_pdf=False)
    assert isinstance(data, bytes)
    return data


# --- the whole text, in the parent -------------------------------------------------------------


def render_chunked(
    view: PrintView, glossary: Glossary, paper: str, source: str, chunks: list[list[Row]], jobs: int | None = None
) -> bytes:
    """The PDF edition of a long text: chunks laid out in parallel, then the appendix and the page
    numbers in two workers while this process starts joining the chunks."""
    from .join import AppendixLink, Joiner

    work: list[ChunkJob] = []
    footnotes = 0
    markable = frozenset(view.markable(set(view.occurrences)))
    for i, rows in enumerate(chunks):
        html = print_html(view, rows=rows, title_page=i == 0)
        work.append(ChunkJob(html, paper, footnotes, i == 0, view.occurrences, markable, view.line_numbers))
        footnotes += sum(r.notes for r in rows)
    with _Runner(worker_count(jobs, len(work))) as runner:
        results = runner.map(render_chunk, work)
        for r in results:
            if r.error:
                raise OutputError(r.error, source)
        starts = [0]  # 0-based joined page of each chunk's first page
        for r in results:
            starts.append(starts[-1] + r.pages)
        body_pages = starts[-1]
        pages = {a: starts[i] + p for i, r in enumerate(results) for a, p in r.occurrence_pages.items()}
        entries = appendix_rows(glossary, view.occurrences, pages, view.script, view.text_lang, view.text_forms)
        if entries:
            appendix = runner.submit(render_appendix, print_html(view, "appendix", entries), paper, body_pages + 1)
        else:  # no glossary entry used: no appendix
            appendix = runner.submit(AppendixResult)
        # numbers for pages 3 .. body_pages (the title page and its back have none)
        numbers = runner.submit(render_numbers, paper, body_pages - 2, 3)
        with gc_paused():
            joiner = Joiner()
            for i, r in enumerate(results):
                joiner.add(r.pdf, [(b, starts[i]) for b in r.bookmarks])
            tail = appendix.result()
            if tail.error:
                raise OutputError(tail.error, source)
            if tail.pdf:
                joiner.add(tail.pdf, [(b, body_pages) for b in tail.bookmarks])
            joiner.lay_over(numbers.result(), first=2)
            targets = {a: (starts[i] + p, x, y) for i, r in enumerate(results) for a, (p, x, y) in r.targets.items()}
            joiner.link(
                AppendixLink(body_pages + link.page, link.rect, *targets[link.anchor])
                for link in tail.links
                if link.anchor in targets
            )
            return joiner.write()


@dataclass(frozen=True)
class Link:
    """A link in the appendix, taken out of its PDF for the join to restore."""

    page: int  #: 0-based page of the appendix
    rect: tuple[float, float, float, float]  #: in PDF points
    anchor: str  #: the occurrence it leads to


@dataclass
class AppendixResult:
    """The laid-out appendix."""

    pdf: bytes = b""  #: its PDF, numbered on from the body
    links: list[Link] = field(default_factory=list)  #: its links to occurrences
    bookmarks: list[Bookmark] = field(default_factory=list)  #: its outline entry
    error: str = ""  #: a refused URL


def render_appendix(html: str, paper: str, first_page: int) -> AppendixResult:
    """The glossary appendix as its own PDF, numbered from ``first_page`` (runs in a worker); its links
    are taken out (the occurrences they lead to are in other documents) for the join to restore."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    result = AppendixResult()
    fonts = font_config()
    css = page_css(paper, fonts, f"@page :first {{ counter-reset: page {first_page}; }}\n{NARROW_PAGES}")
    try:
        with gc_paused():
            doc = paired(
                HTML(string=html, base_url=asset_base_url(), url_fetcher=make_fetcher()).render(
                    stylesheets=[css], font_config=fonts
                )
            )
            for number, page in enumerate(doc.pages):
                for kind, target, (x1, y1, x2, y2), _box in page.links:
                    if kind == "internal":
                        h = page.height
                        rect = (x1 * PT_PER_PX, (h - y2) * PT_PER_PX, x2 * PT_PER_PX, (h - y1) * PT_PER_PX)
                        result.links.append(Link(number, rect, target))
                page.links = [link for link in page.links if link[0] != "internal"]
                result.bookmarks.extend(_bookmarks(page, number))
            result.pdf = doc.write_pdf(attachments=[], uncompressed_pdf=False)
            del doc
    except FatalURLFetchingError as exc:
        result.error = str(exc)
    gc.collect()
    return result


# --- processes ---------------------------------------------------------------------------------


def worker_count(jobs: int | None, chunks: int) -> int:
    """How many processes lay out chunks: ``jobs``, else one per CPU, but one inside a build worker
    (``reader build -j`` already keeps the CPUs busy with other texts)."""
    if jobs is None:
        if multiprocessing.parent_process() is not None:
            return 1
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs, chunks))


class _Runner:
    """Runs functions in a process pool, or in this process when there is one worker."""

    def __init__(self, workers: int) -> None:
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = new_pool(workers, ctx)  # workers die with this process, even by SIGKILL

    def __enter__(self) -> _Runner:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if self.pool is not None:
            stop_pool(self.pool, interrupted=kind is not None)

    def map(self, fn: Callable[[T], R], items: list[T]) -> list[R]:
        if self.pool is None:
            return [fn(item) for item in items]
        return list(self.pool.map(fn, items))

    def submit(self, fn: Callable[..., R], *args: Any) -> Future[R]:
        if self.pool is not None:
            return self.pool.submit(fn, *args)
        done: Future[R] = Future()
        done.set_result(fn(*args))
        return done
