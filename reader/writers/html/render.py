"""The HTML reading edition: model -> view -> one self-contained HTML file via Jinja2.

Both scripts are rendered at build time (see :mod:`reader.writers.html.view`); the reader's toolbar only
switches what is shown. The pinyin ruby, word popovers and the learner's tools are made in the page from
compact per-word data (:mod:`reader.writers.html.learner`, ``templates/html/learner.js``). The
stylesheets (``templates/html/screen.css``, ``learner.css``) and the scripts (``templates/html/head.js``
in ``<head>``, then :data:`READER_JS` at the end) are inlined, so the file makes no request and works
from ``file://``.
Jinja2 runs with ``autoescape=True`` and ``StrictUndefined``; user text reaches the template only as
data. This module never imports WeasyPrint.

Given a ``cache_dir``, the pinyin readings and script conversions are memoised there, one file per
text and script (see :mod:`reader.text.textcache`), so a rebuild whose Chinese is unchanged loads neither
pypinyin nor OpenCC. The HTML is the same with or without the cache.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ...errors import OutputError
from ...model import Edition, Glossary
from ...resources import templates_dir
from ...runtime.gcpause import gc_paused
from ...text.textcache import session
from ..shared.templates import template_environment
from .view import edition_view
from .view_types import ColophonItem, EditionView

TEMPLATE = "edition.html.j2"
SCREEN_CSS = "screen.css"
LEARNER_CSS = "learner.css"
#: Inlined in ``<head>``: applies the reader's stored settings before the first paint.
HEAD_JS = "head.js"
#: Inlined at the end of ``<body>``, concatenated in this order (each file is one documented section).
READER_JS = ("popover.js", "reader.js", "glossary.js", "navigation.js", "learner.js")


#: Where compiled templates are kept: beside reader's own compiled modules, a directory trusted exactly
#: as much as they are (never the output directory: a compiled template is code).
BYTECODE_DIR = Path(__file__).resolve().parent / "__pycache__"


@lru_cache(maxsize=4)
def environment(bytecode_dir: Path | None = BYTECODE_DIR) -> Any:
    """The Jinja2 environment for the screen edition (autoescape on, undefined names are errors).

    Compiling the templates costs about a tenth of a build, so the compiled code is cached in
    ``bytecode_dir`` (None: compile every time); Jinja2 checks each cached template against its
    source and its own version.
    """
    return template_environment("html", trim_blocks=True, bytecode_dir=bytecode_dir, bytecode_name="screen")


def _asset(name: str, closing: str) -> Markup:
    """An asset to inline in a ``<style>`` or ``<script>`` element, refusing text that would end it."""
    from ...errors import InputError
    from ...runtime.safeio import read_regular

    path = templates_dir() / "html" / name
    try:
        text = read_regular(path).decode("utf-8")  # the one opener, even for our own assets
    except (InputError, UnicodeDecodeError) as exc:
        why = exc.message if isinstance(exc, InputError) else "not UTF-8"
        raise OutputError(f"cannot read the edition's {name}: {why}", str(path)) from None
    if closing in text.lower():
        raise OutputError(f"{name} contains {closing!r}, which would end the inline element early", str(path))
    return Markup(text)  # our own asset, not user text


def cache_file(cache_dir: Path, slug: str, script: str) -> Path:
    """The text cache file of one text's edition in ``cache_dir``."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", slug)[:100] or "text"
    return cache_dir / f"{safe}.{script}.json"


def _credits(view: EditionView) -> EditionView:
    """The view with the dictionary's and the levels' credits added to its colophon."""
    from ...text import cedict, levels
    from .view import tag_han

    extra = (
        ColophonItem("Dictionary", tag_han(str(escape(cedict.CREDIT)), view.lang), "en"),
        ColophonItem("Word levels", tag_han(str(escape(levels.SOURCE)), "zh-Hans"), "en"),
    )
    return replace(view, about=view.about + extra)


def render_html(
    edition: Edition,
    glossary: Glossary,
    *,
    script: str = "hant",
    cache_dir: Path | None = None,
    known_words: Iterable[str] | None = None,
    trust_cache: bool = True,
) -> str:
    """The HTML reading edition of ``edition`` as one string; ``script`` is the script shown first.

    ``cache_dir``: where to keep the text cache (None: compute everything). ``known_words``: words the
    reader already knows (compared forms, :func:`reader.text.known.key`), merged into the page's list.
    The pinyin ruby and the word popovers are made in the page from the learner's data
    (:mod:`reader.writers.html.learner`), so the page stays small. ``trust_cache=False`` (``--force``):
    compute everything and rewrite the cache without reading it.
    """
    from .learner import learner_data, to_json

    path = cache_file(cache_dir, edition.metadata.slug, script) if cache_dir is not None else None
    # the collector paused (as for annotation and the PDF): the view is hundreds of thousands of
    # long-lived objects, and its full collections made 10x the occurrences cost 20x the time
    with gc_paused():
        with session(path, trust_cache):
            view = edition_view(edition, glossary, script=script, scripts=("hant", "hans"), ruby=False)
            data = learner_data(
                list(view.zh_variants),
                glossary,
                title=f"{view.title_plain} · {view.title_en}",
                slug=view.slug,
                known_words=set(known_words or ()),
            )
        template = environment().get_template(TEMPLATE)
        return str(
            template.render(
                view=_credits(view),
                css=_asset(SCREEN_CSS, "</style") + Markup("\n") + _asset(LEARNER_CSS, "</style"),
                head_js=_asset(HEAD_JS, "</script"),
                js=Markup("\n").join(_asset(name, "</script") for name in READER_JS),
                words_json=Markup(to_json(data)),  # JSON with <, > and & escaped: inert in a script element
            )
        )


def prewarm() -> None:
    """Compile the page template once (before a build forks its workers)."""
    environment().get_template(TEMPLATE)
