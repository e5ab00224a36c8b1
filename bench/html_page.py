"""Section 5: the HTML edition of the article as a reader's browser gets it (issue 13's budgets): the
file's size, the elements at load (the page's parse tree: the script adds none until the reader acts),
the ruby at load, the learner data's share, and that the HTML path never imports WeasyPrint."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from .harness import Row, verdict
from .synth import ARTICLE, FIXTURE

MAX_BYTES = 800_000  #: the article's page
MAX_ELEMENTS = 10_000  #: elements at load

PROBE = """
import sys
from reader.app.cli import main
code = main(["build", sys.argv[1], "--format", "html", "-o", sys.argv[2], "--force", "-j", "1"])
print("weasyprint" in sys.modules, code)
"""


def measure(quick: bool) -> list[Row]:
    from lxml import html as lxml_html

    text = FIXTURE if quick or not ARTICLE.is_file() else ARTICLE
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        got = subprocess.run(
            [sys.executable, "-c", PROBE, str(text), tmp], capture_output=True, text=True, check=True
        ).stdout.split()
        page = next(Path(tmp).glob("*.html")).read_bytes()
    size = len(page)
    doc = lxml_html.document_fromstring(page)
    elements = sum(1 for _ in doc.iter())
    ruby = len(doc.xpath("//ruby"))
    data = doc.get_element_by_id("reader-words")
    data_bytes = len((data.text or "").encode("utf-8")) if data is not None else 0
    weasy = got[0] == "True"
    return [
        Row(
            "6",
            f"HTML edition ({text.stem}): file size",
            f"{size / 1000:.0f} KB",
            budget=f"≤ {MAX_BYTES // 1000} KB",
            status=verdict(size <= MAX_BYTES),
            note=f"the learner's word data {data_bytes / 1000:.0f} KB of it",
        ),
        Row(
            "6",
            f"HTML edition ({text.stem}): elements at load",
            f"{elements:,}",
            budget=f"≤ {MAX_ELEMENTS:,}",
            status=verdict(elements <= MAX_ELEMENTS),
            note=f"{ruby} ruby at load (made on demand)",
        ),
        Row(
            "6",
            "HTML build imports WeasyPrint",
            "yes" if weasy else "no",
            budget="no",
            status=verdict(not weasy),
        ),
    ]
