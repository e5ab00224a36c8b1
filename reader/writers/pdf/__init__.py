"""The PDF edition: print view, templates in templates/print/, fonts, fetcher, WeasyPrint layout (single or chunked) and pypdf joining. Nothing here is imported until a PDF is written.

Importing this package loads WeasyPrint first, through :func:`.libs.load_weasyprint`, so that no
module here can import it the way that runs ``ldconfig``, ``gcc`` and ``ld``."""

from .libs import load_weasyprint

load_weasyprint()
