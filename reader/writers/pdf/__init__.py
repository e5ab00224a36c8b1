"""The PDF edition: print view, templates in templates/print/, fonts, fetcher, WeasyPrint layout (single or chunked) and pypdf joining. Nothing here is imported until a PDF is written."""
