"""The HTML reading edition: model -> view -> one self-contained HTML file via Jinja2.

Both scripts and the pinyin ruby are rendered at build time (see :mod:`reader.view`); the reader's
toolbar only switches what is shown. The stylesheet (``templates/screen.css``) and the script
(``templates/reader.js``) are inlined, so the file makes no request and works from ``file://``.
Jinja2 runs with ``autoescape=True`` and ``StrictUndefined``; user text reaches the template only as
data. This module never imports WeasyPrint.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from .errors import OutputError
from .model import Edition, Glossary
from .resources import templates_dir
from .view import edition_view

TEMPLATE = "edition.html.j2"
SCREEN_CSS = "screen.css"
READER_JS = "reader.js"


@lru_cache(maxsize=1)
def environment() -> Any:
    """The Jinja2 environment for the screen edition (autoescape on, undefined names are errors)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str, closing: str) -> Markup:
    """An asset to inline in a ``<style>`` or ``<script>`` element, refusing text that would end it."""
    path = templates_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot read the edition's {name}: {exc.strerror or exc}", str(path)) from None
    if closing in text.lower():
        raise OutputError(f"{name} contains {closing!r}, which would end the inline element early", str(path))
    return Markup(text)  # our own asset, not user text


def render_html(edition: Edition, glossary: Glossary, *, script: str = "hant") -> str:
    """The HTML reading edition of ``edition`` as one string; ``script`` is the script shown first."""
    view = edition_view(edition, glossary, script=script, scripts=("hant", "hans"), ruby=True)
    template = environment().get_template(TEMPLATE)
    return str(
        template.render(
            view=view,
            css=_asset(SCREEN_CSS, "</style"),
            js=_asset(READER_JS, "</script"),
        )
    )
