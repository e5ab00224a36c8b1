"""reader: a bilingual annotated reader for Chinese texts and their English translations.

The public API: load a text and a glossary into the document model, and write editions from it.
Heavy modules (WeasyPrint) load only when their function is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .model import Edition, Glossary

__all__ = ["__version__", "load_text", "load_glossary", "build_html", "build_pdf", "annotate", "align"]


def load_text(path: str, glossary: Glossary | None = None) -> Edition:
    """Read a TEI text (checking its glossary references when a glossary is given)."""
    from .readers.tei.read import load_text as _load

    return _load(path, {e.id for e in glossary.entries} if glossary else None)


def load_glossary(path: str) -> Glossary:
    """Read a glossary TEI file."""
    from .readers.glossary import load_glossary as _load

    return _load(path)


def build_html(edition: Edition, glossary: Glossary, **options: Any) -> str:
    """Render the HTML reading edition of a text as a string."""
    from .writers.html.render import render_html

    return render_html(edition, glossary, **options)


def build_pdf(edition: Edition, glossary: Glossary, **options: Any) -> bytes:
    """Render the PDF edition of a text as bytes."""
    from .writers.pdf.render import render_pdf

    return render_pdf(edition, glossary, **options)


def annotate(path: str, glossary: Glossary, **options: Any) -> Any:
    """Link glossary entries in a TEI, plain-text or Markdown input."""
    from .app.annotate import annotate_file

    return annotate_file(path, glossary, **options)


def align(original: str, translation: str, glossary: Glossary | None = None, output: str = "out.xml") -> Any:
    """Align a Chinese text (TEI, .txt or .md) with its English translation (.txt, .md or TEI):
    the aligned TEI as bytes and the report (every link scored, weak ones flagged). ``output`` is
    where the TEI will go (the glossary is referenced relative to it). See docs/align.md."""
    from pathlib import Path

    from .app.align import DEFAULT_GLOSSARY, align_files

    gpath = Path(glossary.source) if glossary is not None and glossary.source else None
    if glossary is None and DEFAULT_GLOSSARY.is_file():
        from .readers.glossary import load_glossary as _load

        glossary, gpath = _load(DEFAULT_GLOSSARY), DEFAULT_GLOSSARY
    return align_files(Path(original), Path(translation), glossary, gpath, Path(output))
