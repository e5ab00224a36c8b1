"""Where the package's own assets are: templates and stylesheets, in the wheel or the source tree."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The directory holding the Jinja2 templates, CSS and JS (inside the wheel, or ../templates)."""
    here = Path(__file__).resolve().parent
    for cand in (here / "templates", here.parent / "templates"):
        if (cand / "html" / "edition.html.j2").is_file():
            return cand
    raise FileNotFoundError("reader's templates are missing from this installation")
