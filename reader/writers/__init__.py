"""Layer 4, writers: the document model -> output files. This module is the registry of edition writers.

A writer is a name (``--format html``), the file suffix of what it writes, a line of help, and the
function that renders an edition, named as ``module:function`` so that nothing heavy is imported
before a build needs it (the HTML writer never loads WeasyPrint). ``reader build`` takes its
``--format`` choices, its help and its defaults from here; adding a format is a new folder under
``writers/`` and one :func:`register` call, with no edit to the build or the command line.

A render function is called as ``render(edition, glossary, script=..., **options)`` with the build
options the writer asked for in :attr:`Writer.options` (``paper``: the PDF paper size, ``cache_dir``:
where the text cache lives, ``trust_cache``: False with ``--force``, which must not read the cache)
and the values of its own :attr:`Writer.flags`, and returns the file's content as ``str`` or ``bytes``.
Every option except ``cache_dir`` and ``trust_cache`` is part of the output's recipe: changing it
rebuilds the file. A writer's flags are options only it understands (``--epub-layout``): ``reader
build`` adds each to its command line, and they reach only the writers that declare them.

Format folders share code only through ``writers/shared/``; they never import each other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: build options a writer may ask for, and whether a change of each must rebuild its outputs
OPTIONS = {"paper": True, "cache_dir": False, "known_words": True, "trust_cache": False}


@dataclass(frozen=True)
class Flag:
    """A build option one writer declares for the command line, e.g. ``--epub-layout blocks``."""

    name: str  #: the keyword its render function takes (``epub_layout`` -> ``--epub-layout``)
    help: str  #: one line for ``--help``
    default: str | bool  #: the value without the flag; a bool makes the flag a switch
    choices: tuple[str, ...] = ()  #: the values it takes (a string flag)
    recipe: bool = True  #: whether a change of value rebuilds the writer's outputs

    @property
    def option(self) -> str:
        """The command-line spelling."""
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class Writer:
    """One output format of ``reader build``."""

    name: str  #: the ``--format`` name
    suffix: str  #: the file suffix, e.g. ``.html`` (the Simplified edition adds ``.hans`` before it)
    summary: str  #: one line for help texts
    render: str | Callable[..., str | bytes]  #: ``module:function``, or the function itself
    options: tuple[str, ...] = ()  #: build options passed to it, from :data:`OPTIONS`
    prewarm: str | Callable[[], None] | None = None  #: loads its renderer before worker processes fork
    default: bool = True  #: built when ``--format`` is not given
    flags: tuple[Flag, ...] = ()  #: options of its own, added to ``reader build``'s command line

    def renderer(self) -> Callable[..., str | bytes]:
        """The render function (importing its module on first use)."""
        return _load(self.render)

    def warm(self) -> None:
        """Load what the renderer needs, once, so that forked workers share it."""
        if self.prewarm is not None:
            _load(self.prewarm)()

    def recipe(self, values: dict[str, Any]) -> dict[str, Any]:
        """The options (from ``values``) that change this writer's output."""
        out = {name: values[name] for name in self.options if OPTIONS[name]}
        out.update({f.name: values.get(f.name, f.default) for f in self.flags if f.recipe})
        return out

    def arguments(self, values: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of its render function (besides ``script``), from ``values``."""
        out = {name: values[name] for name in self.options}
        out.update({f.name: values.get(f.name, f.default) for f in self.flags})
        return out


def _load(target: str | Callable[..., Any]) -> Callable[..., Any]:
    if callable(target):
        return target
    module, _, attr = target.partition(":")
    fn = getattr(importlib.import_module(module), attr)
    assert callable(fn), target
    return fn  # type: ignore[no-any-return]


_REGISTRY: dict[str, Writer] = {}


def register(writer: Writer) -> Callable[[], None]:
    """Add (or replace) a writer; return a function that removes it again."""
    unknown = [o for o in writer.options if o not in OPTIONS]
    if unknown:
        raise ValueError(f"writer {writer.name!r}: unknown options {unknown}; known: {sorted(OPTIONS)}")
    previous = _REGISTRY.get(writer.name)
    _REGISTRY[writer.name] = writer

    def unregister() -> None:
        if previous is None:
            _REGISTRY.pop(writer.name, None)
        else:
            _REGISTRY[writer.name] = previous

    return unregister


def get(name: str) -> Writer:
    """The writer registered as ``name`` (KeyError if none is)."""
    return _REGISTRY[name]


def names() -> tuple[str, ...]:
    """Every registered format, in registration order."""
    return tuple(_REGISTRY)


def default_names() -> tuple[str, ...]:
    """The formats built when none is asked for."""
    return tuple(n for n, w in _REGISTRY.items() if w.default)


def flags() -> tuple[Flag, ...]:
    """Every registered writer's own options, once each, in registration order."""
    seen: dict[str, Flag] = {}
    for w in _REGISTRY.values():
        for f in w.flags:
            seen.setdefault(f.name, f)
    return tuple(seen.values())


def format_choices() -> str:
    """``html, pdf or html,pdf``: the formats, then the default combination."""
    return f"{', '.join(names())} or {','.join(default_names())}"


register(
    Writer(
        name="html",
        suffix=".html",
        summary="the HTML reading edition: one self-contained page",
        render="reader.writers.html.render:render_html",
        options=("cache_dir", "known_words", "trust_cache"),
        prewarm="reader.writers.html.render:prewarm",
    )
)
register(
    Writer(
        name="pdf",
        suffix=".pdf",
        summary="the PDF edition, with a glossary appendix",
        render="reader.writers.pdf.render:render_pdf",
        options=("paper",),
        prewarm="reader.writers.pdf.render:prewarm",
        flags=(
            Flag(
                "marks",
                "PDF: what is underlined: proper names (as Chinese print does), every term, or nothing "
                "(default: names)",
                "names",
                ("names", "all", "none"),
            ),
            Flag(
                "quotes",
                "PDF: quotation marks of the Simplified edition: as the script writes them (“”) or as the source "
                "(「」) (default: script)",
                "script",
                ("script", "source"),
            ),
            Flag(
                "layout",
                "PDF: two columns, or facing pages with the Chinese on the left and the English on the right "
                "(default: columns)",
                "columns",
                ("columns", "facing"),
            ),
            Flag(
                "line_numbers",
                "PDF: number every fifth line of each column in the margin, counted page by page",
                False,
            ),
            Flag(
                "imposition",
                "PDF: booklet prints the A5 pages 2-up on A4 in folding order (with --paper a5; default: none)",
                "none",
                ("none", "booklet"),
            ),
        ),
    )
)
register(
    Writer(
        name="epub",
        suffix=".epub",
        summary="the EPUB 3 edition for e-readers, with pop-up glossary and translator's notes",
        render="reader.writers.epub:render_epub",
        options=("cache_dir",),
        default=False,
        flags=(
            Flag(
                "epub_layout",
                "EPUB: Chinese and English pair by pair, or all the Chinese of a section then all the English "
                "(default: interleaved)",
                "interleaved",
                ("interleaved", "blocks"),
            ),
            Flag("embed_fonts", "EPUB: subset and embed the CJK font (default: the reading system's own)", False),
        ),
    )
)
