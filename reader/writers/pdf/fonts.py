"""The PDF's fonts: which CJK serif fontconfig offers for a script, checked before anything is rendered
(a PDF of empty boxes is never written: the error names the Debian package), and the page stylesheet
every render adds to print.css (paper size and font configuration)."""

from __future__ import annotations

import shutil
import subprocess
from typing import Any

from ...errors import OutputError

PAPERS = {"a4": "A4", "letter": "letter", "a5": "A5"}  #: --paper value -> CSS page size
#: page rules of each paper beyond its size: A5 is a book page, with outer margins of 25 mm to write in
#: (!important: this is a user stylesheet, and print.css's rules would win over it otherwise)
PAPER_RULES = {
    "a5": "@page { margin: 16mm 14mm 18mm 14mm !important; } @page :right { margin-right: 25mm !important; } "
    "@page :left { margin-left: 25mm !important; } html { font-size: 9pt !important; } "
    ".pair .zh p, .verso p { font-size: 10.5pt !important; } .titlepage { padding-top: 12mm !important; } "
    ".title-zh { font-size: 18pt !important; } .title-en { font-size: 12pt !important; margin-bottom: 8mm !important; } "
    ".credits { margin: 8mm 4mm 0 !important; } .titleback { margin: 0 !important; padding-top: 8mm !important; }",
}
CJK_FAMILIES = {"hant": "Noto Serif CJK TC", "hans": "Noto Serif CJK SC"}  #: the fonts print.css names
FONT_LANG = {"hant": "zh-tw", "hans": "zh-cn"}  #: fontconfig language for each script
FONT_PACKAGE = "fonts-noto-cjk"  #: the Debian/Ubuntu package that provides them


def cjk_fonts(script: str = "hant") -> list[str]:
    """Families fontconfig lists as covering the script's Chinese (``fc-list :lang=…``)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise OutputError(
            "cannot check the fonts: fc-list is missing; install the Debian packages fontconfig and " + FONT_PACKAGE
        )
    proc = subprocess.run(
        [fc_list, f":lang={FONT_LANG[script]}", "family"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    families: set[str] = set()
    for line in proc.stdout.splitlines():
        families.update(name.strip() for name in line.split(",") if name.strip())
    return sorted(families)


def require_cjk_font(script: str = "hant") -> str:
    """The CJK family the PDF will use, or an :class:`OutputError` naming the package to install."""
    families = cjk_fonts(script)
    wanted = CJK_FAMILIES[script]
    if wanted in families:
        return wanted
    if not families:
        raise OutputError(
            f"no Chinese font is installed, so the PDF would show empty boxes; install one "
            f"(Debian/Ubuntu: apt-get install {FONT_PACKAGE}) and build again"
        )
    # another CJK font will be used by fallback: readable, but not the designed serif
    return families[0]


def page_css(paper: str, fonts: Any, extra: str = "") -> Any:
    """The stylesheet every render adds to print.css: the paper size, and ``extra`` rules."""
    from weasyprint import CSS

    return CSS(string=f"@page {{ size: {PAPERS[paper]}; }}\n{PAPER_RULES.get(paper, '')}\n{extra}", font_config=fonts)


def anchors_to_mark(first_on_page: dict[str, dict[int, str]]) -> set[str]:
    """The first occurrences to mark: all but those on the title page (page 1), left plain by design."""
    return {anchor for by_page in first_on_page.values() for page, anchor in by_page.items() if page > 1}
