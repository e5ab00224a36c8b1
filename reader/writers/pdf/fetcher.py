"""The PDF's locked-down URL fetcher: it serves only the print stylesheet shipped with ``reader``
(:data:`ASSETS`, in ``templates/print/``) and refuses everything else (other files, the network,
attachments) by stopping the render. WeasyPrint is imported only when a fetcher is made."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ...resources import templates_dir
from ...runtime.safeio import read_regular

ASSETS = frozenset({"print.css"})  #: the only files the fetcher serves (in the print templates directory)


def print_templates() -> Path:
    """The directory of the print templates and their stylesheet."""
    return templates_dir() / "print"


def asset_base_url() -> str:
    """The base URL the print HTML is rendered against: the print templates directory."""
    return print_templates().as_uri() + "/"


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
            self.root = print_templates().resolve()

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = asset_path(url, self.root)
            if path is None:
                raise RefusedURL(f"refused to fetch {url[:200]!r}: the PDF may read only reader's own assets")
            body = read_regular(path)  # the one opener, even for our own stylesheet
            return URLFetcherResponse(path.as_uri(), body=body, headers={"Content-Type": "text/css"})

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
