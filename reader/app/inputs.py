"""What one text needs to build: the glossary its ``gl:`` prefix names and the other files it points at
(resolved and judged before anything is opened), and reading the text with its glossary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReaderError
from .defaults import DEFAULT_GLOSSARY

if TYPE_CHECKING:
    from ..model import Edition, Glossary


@dataclass(frozen=True)
class Inputs:
    """The files one build of a text reads."""

    glossary: Path | None  #: the glossary to read (None: none exists)
    files: tuple[Path, ...]  #: every file whose content the outputs depend on


def resolve_inputs(text: Path, glossary_override: Path | None = None, source: Path | None = None) -> Inputs:
    """Find a text's glossary and the other files it points at (a separate original or translation).

    Linear in the number of pointers: each distinct file is kept once (a dict, not a list search),
    and no file is opened here but the text and, for its ``gl:`` prefix, the first separate file
    that exists. Every path is judged before it is used: pointers by :func:`is_local_pointer`, the
    ``gl:`` prefix by :func:`glossary_path_of`; a ``ref``'s ``target`` is link text, never a file.
    """
    from ..readers.tei.header import file_pointers
    from ..readers.tei.parse import is_local_pointer, parse_xml
    from ..readers.tei.read import external_source, glossary_path_of
    from ..runtime.safeio import is_regular

    root = parse_xml(text).getroot()
    others: dict[Path, None] = {source: None} if source is not None else {}
    for file_part in file_pointers(root):  # distinct: linear in the number of pointers
        if is_local_pointer(file_part):  # never /etc/passwd, a URL, or a ref's link text
            others[text.parent / file_part] = None
    files = [text, *others]
    if glossary_override is not None:
        gpath: Path | None = glossary_override
    else:
        found = glossary_path_of(str(text), root)
        original = external_source(str(text), root) if found is None else None
        if original is not None and is_regular(original):  # a translation may leave the prefix to its original
            try:
                found = glossary_path_of(original, parse_xml(original).getroot())
            except ReaderError:
                pass  # reported when the text is read
        if found is not None:
            gpath = Path(found)
            if not is_regular(gpath):
                what = "does not exist" if not gpath.exists() else "is not a regular file"
                raise ReaderError(f"glossary {str(gpath)!r} {what} (named by the text's gl: prefix)", str(text), 1, 1)
        else:
            files.append(DEFAULT_GLOSSARY)  # recorded even when absent: creating it must rebuild
            gpath = DEFAULT_GLOSSARY if is_regular(DEFAULT_GLOSSARY) else None
    if gpath is not None and gpath not in files:
        files.append(gpath)
    return Inputs(gpath, tuple(files))


def load_for_build(
    text: Path,
    glossary_override: Path | None = None,
    inputs: Inputs | None = None,
    source: Path | None = None,
    said: list[ReaderError] | None = None,
) -> tuple[Edition, Glossary]:
    """Read a text and its glossary, checking every glossary reference."""
    from ..model import Glossary
    from ..readers.glossary import load_glossary_cached
    from ..readers.tei.read import load_text
    from ..runtime.safeio import is_regular

    gpath = (inputs or resolve_inputs(text, glossary_override, source)).glossary
    if gpath is not None and not is_regular(gpath):
        raise ReaderError(f"glossary {str(gpath)!r} does not exist", str(text), 1, 1)
    glossary = load_glossary_cached(gpath) if gpath is not None else Glossary(())
    edition = load_text(text, set(glossary.by_id), source, said)
    return edition, glossary
