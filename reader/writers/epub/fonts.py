"""``--embed-fonts``: the CJK serif subset to the characters the EPUB shows, with fontTools.

E-readers carry a Chinese font, so by default nothing is embedded. When asked, fontconfig names the
Noto Serif CJK face for the script (the PDF edition's font; Debian's ``fonts-noto-cjk``), fontTools
(already installed as a WeasyPrint dependency) keeps only the glyphs of the characters used, and the
result is embedded as an OpenType (CFF) file. Every name record is kept, so the font's copyright and
its SIL Open Font License travel with it.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass

from ...errors import OutputError

FAMILIES = {"hant": "Noto Serif CJK TC", "hans": "Noto Serif CJK SC"}  #: the face for each script
PACKAGE = "fonts-noto-cjk"  #: the Debian/Ubuntu package that provides them


@dataclass(frozen=True)
class EmbeddedFont:
    """A subset font ready for the package."""

    family: str  #: the family it was cut from
    data: bytes  #: the OpenType file
    glyphs: int  #: glyphs kept


def locate(script: str) -> tuple[str, int]:
    """(file, face index) of the script's CJK serif, as fontconfig resolves it."""
    family = FAMILIES[script]
    if shutil.which("fc-match") is None:
        raise OutputError(f"--embed-fonts needs fontconfig's fc-match; install fontconfig and {PACKAGE}")
    res = subprocess.run(
        ["fc-match", "--format", "%{family}\n%{file}\n%{index}", f"{family}:style=Regular"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = res.stdout.split("\n")
    if res.returncode != 0 or len(lines) < 3 or family not in lines[0]:
        raise OutputError(f"--embed-fonts: the font {family!r} is not installed (Debian package {PACKAGE})")
    return lines[1], int(lines[2] or 0)


def subset(script: str, chars: set[str]) -> EmbeddedFont:
    """The script's CJK serif cut down to ``chars`` (plus what fontTools keeps: .notdef, the features)."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    path, index = locate(script)
    try:
        font = TTFont(path, fontNumber=index, lazy=True)
    except Exception as exc:  # fontTools raises many types for a damaged file
        raise OutputError(f"--embed-fonts: cannot read the font: {exc}", path) from None
    options = ftsubset.Options()
    options.name_IDs = ["*"]  # copyright, licence and its URL stay with the font
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    sub = ftsubset.Subsetter(options)
    sub.populate(unicodes=sorted(ord(c) for c in chars if not c.isspace()))
    sub.subset(font)
    out = io.BytesIO()
    font.save(out)
    return EmbeddedFont(FAMILIES[script], out.getvalue(), len(font.getGlyphOrder()))
