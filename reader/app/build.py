"""``reader build``: texts -> model -> HTML and PDF editions in an output directory.

Each text is read with the glossary its ``gl:`` prefix names (or ``--glossary``), rendered in memory
and written atomically. Builds are incremental (see :mod:`reader.app.incremental`: an output is rebuilt
only when its inputs, the templates, the options or the package changed; ``--force`` rebuilds) and
parallel (``-j N`` worker processes, default one per CPU). A terminal gets a progress line; anything
else gets one ``wrote PATH`` line per file. A failing text prints its problems one per line and the
others still build; the exit status is then 1.

The HTML path never imports WeasyPrint, and deciding that nothing needs building imports neither lxml
nor Jinja2: the heavy modules load inside the functions that render.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import writers
from ..errors import ProblemList, ReaderError, quote
from ..runtime.gcpause import gc_paused_then_frozen, release
from .defaults import DEFAULT_GLOSSARY
from .incremental import DigestCache, Entry, Manifest, file_digest, output_entry, recipe_digest
from .inputs import Inputs, load_for_build, resolve_inputs  # noqa: F401  (re-exported)

if TYPE_CHECKING:
    from ..model import Edition, Glossary


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how."""

    outdir: Path  #: output directory
    formats: tuple[str, ...] = field(default_factory=writers.default_names)  #: registered writers' names
    script: str = "hant"  #: hant (as written) or hans (converted to Simplified)
    paper: str = "a4"  #: PDF paper size
    flags: tuple[tuple[str, object], ...] = ()  #: (name, value) of writers' own options (see writers.Flag)
    glossary: Path | None = None  #: glossary override
    force: bool = False  #: rebuild even if up to date
    jobs: int = 0  #: worker processes (0: one per CPU)
    known_words: tuple[str, ...] = ()  #: words the learner knows (sorted Simplified forms), for the HTML edition
    sources: tuple[tuple[str, str], ...] = ()  #: (translation, the original it renders) found among the inputs

    def source_of(self, text: Path | str) -> Path | None:
        """The original a translation file was paired with, if any."""
        key = str(text)
        return next((Path(src) for t, src in self.sources if t == key), None)


def parse_formats(value: str) -> tuple[str, ...]:
    """``html,pdf`` -> ('html', 'pdf'), refusing formats no writer is registered for."""
    out = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    bad = [f for f in out if f not in writers.names()]
    if bad or not out:
        raise ReaderError(f"unknown format {','.join(bad) or value!r}: use {writers.format_choices()}")
    return out


def output_name(slug: str | Edition, fmt: str, script: str) -> str:
    """``<slug>.html``, or ``<slug>.hans.html`` for the Simplified edition (the writer's suffix)."""
    stem = slug if isinstance(slug, str) else slug.metadata.slug
    variant = "" if script == "hant" else f".{script}"
    return f"{stem}{variant}{writers.get(fmt).suffix}"


def recipe_options(opts: BuildOptions, fmt: str) -> dict[str, object]:
    """The options that change output ``fmt`` (part of its recipe digest)."""
    out: dict[str, object] = {
        "script": opts.script,
        "glossary": str(opts.glossary.resolve()) if opts.glossary else None,
        "default_glossary": str(DEFAULT_GLOSSARY.resolve()),
    }
    out.update(writers.get(fmt).recipe(writer_options(opts)))
    return out


def writer_options(opts: BuildOptions) -> dict[str, object]:
    """The value of every option a writer may ask for (see :data:`reader.writers.OPTIONS`)."""
    return {
        "paper": opts.paper,
        "cache_dir": opts.outdir / ".reader-cache",
        "known_words": list(opts.known_words),
        **dict(opts.flags),
        "trust_cache": not opts.force,
    }


def render(edition: Edition, glossary: Glossary, fmt: str, opts: BuildOptions) -> bytes | str:
    """Render one format in memory with its registered writer (which imports only what it needs)."""
    writer = writers.get(fmt)
    values = writer_options(opts)
    return writer.renderer()(edition, glossary, script=opts.script, **writer.arguments(values))


def _build_text(
    text: Path, opts: BuildOptions, formats: tuple[str, ...]
) -> tuple[dict[str, Entry], list[str], list[str]]:
    from .output import write_atomic

    source = opts.source_of(text)
    inputs = resolve_inputs(text, opts.glossary, source)
    digests = {str(p.resolve()): file_digest(p) for p in inputs.files}  # hashed before reading: a
    said: list[ReaderError] = []
    edition, glossary = load_for_build(text, opts.glossary, inputs, source, said)  # later edit still rebuilds
    rendered = [
        (output_name(text.stem, fmt, opts.script), fmt, render(edition, glossary, fmt, opts)) for fmt in formats
    ]
    entries: dict[str, Entry] = {}
    for name, fmt, data in rendered:
        target = opts.outdir / name
        write_atomic(target, data)
        recipe = recipe_digest(fmt, recipe_options(opts, fmt))
        entries[name] = output_entry(text.resolve(), recipe, digests, target)
    return entries, [str(opts.outdir / n) for n, _, _ in rendered], [str(n) for n in said]


@dataclass
class TaskResult:
    """What building one text did: outputs written (with their manifest entries), or its problems."""

    text: str
    formats: tuple[str, ...]
    entries: dict[str, Entry] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  #: what the edition leaves out, said once


_built = 0  #: texts this process has built


def build_task(text: str, opts: BuildOptions, formats: tuple[str, ...]) -> TaskResult:
    """Build one text, turning every problem into lines (runs in a worker process)."""
    global _built
    if _built and not gc.isenabled():  # a run with the collector paused (build_command): free the
        release()  # cycles the last text left before the next piles up on them
    _built += 1
    res = TaskResult(text, formats)
    try:
        res.entries, res.written, res.notices = _build_text(Path(text), opts, formats)
    except ProblemList as exc:
        res.errors = [str(p) for p in exc.problems]
    except ReaderError as exc:
        res.errors = [str(exc)]
    except Exception as exc:  # a bug: report it on one line and let the other texts build
        res.errors = [str(ReaderError(f"internal error, please report: {type(exc).__name__}: {exc}", text))]
    return res


def plan(texts: list[Path], opts: BuildOptions) -> tuple[list[tuple[Path, tuple[str, ...]]], int, list[str]]:
    """Which texts need which formats rebuilt; how many texts are up to date; clashing outputs."""
    manifest = Manifest.load(opts.outdir)
    digest = DigestCache()
    recipes = {fmt: recipe_digest(fmt, recipe_options(opts, fmt)) for fmt in opts.formats}
    todo: list[tuple[Path, tuple[str, ...]]] = []
    fresh, errors = 0, []
    claimed: dict[str, Path] = {}
    for text in texts:
        if text.stem in claimed:
            other = claimed[text.stem]
            errors.append(str(ReaderError(f"same output names as {str(other)!r} (rename one of them)", str(text))))
            continue
        claimed[text.stem] = text
        stale = tuple(
            fmt
            for fmt in opts.formats
            if opts.force
            or not manifest.is_fresh(output_name(text.stem, fmt, opts.script), text.resolve(), recipes[fmt], digest)
        )
        if stale:
            todo.append((text, stale))
        else:
            fresh += 1
    return todo, fresh, errors


class Progress:
    """A one-line progress display on a terminal; plain ``wrote PATH`` lines anywhere else."""

    def __init__(self, total: int, stream: TextIO, outdir: Path) -> None:
        self.total, self.done, self.stream, self.outdir = total, 0, stream, outdir
        self.tty = stream.isatty()
        self.start = time.monotonic()

    def _draw(self, label: str = "") -> None:
        if self.tty and self.total:
            width = 24
            filled = width * self.done // self.total
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r\x1b[K[{bar}] {self.done}/{self.total} {label}"[:200])
            self.stream.flush()

    def begin(self, first: str) -> None:
        self._draw(f"building {first}")

    def finished(self, res: TaskResult) -> None:
        self.done += 1
        if self.tty:
            self.stream.write("\r\x1b[K")
        for line in res.errors:
            print(line, file=self.stream)
        for line in res.notices:
            print(f"{line} (notice)", file=self.stream)
        if not self.tty:
            for path in res.written:
                print(f"wrote {quote(path)}", file=self.stream)
        self._draw(f"{Path(res.text).name} done")

    def close(self, built: int, fresh: int, failed: int) -> None:
        if self.tty:
            secs = time.monotonic() - self.start
            self.stream.write("\r\x1b[K")
            parts = [f"built {built} text{'s' if built != 1 else ''} into {self.outdir}/"] if built else []
            if fresh:
                parts.append(f"{fresh} up to date")
            if failed:
                parts.append(f"{failed} failed")
            print(f"reader build: {', '.join(parts) or 'nothing to do'} ({secs:.1f} s)", file=self.stream)
        elif fresh and not built and not failed:
            print(f"reader build: {fresh} up to date (--force rebuilds)", file=self.stream)


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_build(texts: list[Path], opts: BuildOptions, stream: TextIO | None = None) -> int:
    """Build ``texts`` incrementally and in parallel; return the exit status."""
    stream = stream or sys.stderr
    todo, fresh, errors = plan(texts, opts)
    for line in errors:
        print(line, file=stream)
    progress = Progress(len(todo), stream, opts.outdir)
    changed: dict[str, Entry | None] = {}
    failed, built = len(errors), 0
    jobs = min(opts.jobs or default_jobs(), len(todo))
    if todo:
        progress.begin(todo[0][0].name)
    try:
        for res in _results(todo, opts, jobs):
            progress.finished(res)
            changed.update(res.entries)
            built += not res.errors
            if res.errors:
                failed += 1
                for fmt in res.formats:  # whatever was there is no longer known to be current
                    changed[output_name(Path(res.text).stem, fmt, opts.script)] = None
    finally:
        if changed:
            try:
                Manifest(opts.outdir).save(changed)
            except ReaderError as exc:
                print(exc, file=stream)
                failed += 1
    progress.close(built, fresh, failed)
    return 1 if failed else 0


def prewarm(formats: tuple[str, ...]) -> None:
    """Load the renderers and their data once, before forking, so that every worker shares them.

    Loading pypinyin's and OpenCC's dictionaries, compiling the templates (and importing WeasyPrint
    for PDF) costs more than rendering a text; without this each worker would pay it again.
    """
    from ..text.pinyin import readings
    from ..text.script import to_hans, to_hant

    readings("中文")
    to_hans("漢字")
    to_hant("汉字")
    for fmt in formats:
        writers.get(fmt).warm()


def _results(todo: list[tuple[Path, tuple[str, ...]]], opts: BuildOptions, jobs: int) -> Iterator[TaskResult]:
    """Yield each text's TaskResult as it completes: in this process, or in ``jobs`` workers."""
    if jobs <= 1:
        for text, formats in todo:
            yield build_task(str(text), opts, formats)
        return
    import multiprocessing
    from concurrent.futures import as_completed

    from ..runtime.procs import pool as new_pool
    from ..runtime.procs import stop_pool

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        prewarm(opts.formats)
    pool = new_pool(jobs, ctx)
    interrupted = True
    try:
        futures = {pool.submit(build_task, str(text), opts, formats): (text, formats) for text, formats in todo}
        for fut in as_completed(futures):
            text, formats = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # the worker died (killed, out of memory)
                msg = f"the build process failed: {type(exc).__name__}: {exc}"
                yield TaskResult(str(text), formats, errors=[str(ReaderError(msg, str(text)))])
        interrupted = False
    finally:
        stop_pool(pool, interrupted)  # Ctrl-C, SIGTERM, SIGHUP: end the workers now


def build_command(args: argparse.Namespace) -> int:
    """Run ``reader build``."""
    texts = [Path(t) for t in args.texts] or sorted(Path("texts").glob("*.xml"))
    if not texts:
        raise ReaderError("nothing to build: no TEXT given and no texts/*.xml here", ".")
    jobs = getattr(args, "jobs", 0) or 0
    if jobs < 0:
        raise ReaderError(f"-j {jobs}: the number of parallel builds must be at least 1")
    from dataclasses import replace

    from ..readers.tei.pairs import find_pairs

    pairs = find_pairs(texts)
    opts = BuildOptions(
        outdir=Path(args.output),
        formats=parse_formats(args.format),
        script=args.script,
        paper=args.paper,
        glossary=Path(args.glossary) if args.glossary else None,
        force=bool(getattr(args, "force", False)),
        jobs=jobs,
        known_words=_known_words(getattr(args, "known_words", None)),
        flags=tuple((f.name, getattr(args, f.name, f.default)) for f in writers.flags()),
    )
    from .output import ensure_dir

    ensure_dir(opts.outdir)  # one clear line before any work if the directory cannot be made
    opts = replace(opts, sources=tuple((str(t), str(s)) for t, s in pairs if s is not None))
    if "pdf" in opts.formats:  # PDF layout pauses the collector itself, and leaves it to free each
        return run_build([t for t, _ in pairs], opts)  # text's boxes: memory stays bounded
    with gc_paused_then_frozen():  # the process ends next: the collector would only walk what it built
        return run_build([t for t, _ in pairs], opts)


def _known_words(path: str | None) -> tuple[str, ...]:
    """``--known-words FILE``: its words, sorted (one per line, or a Pleco or Anki export)."""
    if not path:
        return ()
    from ..text.known import load

    return tuple(sorted(load(Path(path))))
