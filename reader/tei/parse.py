"""Safe XML parsing for every TEI input: no entities, no DTDs, no network, no XInclude, a size cap.

Every failure becomes an :class:`~reader.errors.InputError` with the file's path, line and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import InputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
MAX_BYTES = 20 * 1024 * 1024  #: the documented size cap for one input file

_CONTROL_REF = re.compile(rb"&#(?:x0*([0-8bBcCeEfF]|1[0-9a-fA-F])|0*([0-8]|1[1-9]|2[0-9]|3[01]|12));")


class _RefuseResolver(etree.Resolver):
    """A resolver that refuses every external resource."""

    def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
        raise etree.XMLSyntaxError(f"external resource refused: {system_url}", None, 0, 0)


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        collect_ids=False,
    )
    parser.resolvers.add(_RefuseResolver())
    return parser


def t(name: str) -> str:
    """The Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{name}"


def read_bytes(path: str | Path) -> bytes:
    """Read an input file, refusing what is not a readable file or is over the size cap."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory, not a file", str(path))
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size} bytes, over the {MAX_BYTES}-byte limit", str(path))
        return p.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except PermissionError:
        raise InputError("permission denied: cannot read the file", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", str(path)) from None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def parse_xml(path: str | Path, data: bytes | None = None) -> etree._ElementTree:
    """Parse an XML file safely; raise InputError with path:line:col on any problem."""
    name = str(path)
    if data is None:
        data = read_bytes(path)
    if not data.strip():
        raise InputError("the file is empty", name, 1, 1)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise InputError(f"invalid UTF-8 (byte 0x{data[exc.start]:02x})", name, line, col) from None
    m = re.search(rb"<!DOCTYPE", data)
    if m:
        line, col = _line_col(data, m.start())
        raise InputError("DOCTYPE declarations are not allowed (no DTDs or entities)", name, line, col)
    m = _CONTROL_REF.search(data)
    if m:
        line, col = _line_col(data, m.start())
        raise InputError("a character reference to a control character is not allowed", name, line, col)
    m = re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", data)
    if m:
        line, col = _line_col(data, m.start())
        raise InputError(f"control character U+{data[m.start()]:04X} is not allowed", name, line, col)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser(), base_url=None))
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (0, 0)
        msg = str(exc.msg or exc).split(", line ")[0]
        raise InputError(f"not well-formed XML: {msg}", name, line or 1, col or 1) from None
    root = tree.getroot()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}include") and "XInclude" in el.tag:
            raise InputError("XInclude is not allowed", name, el.sourceline or 0, 1)
    return tree


def where(path: str, el: etree._Element) -> tuple[str, int, int]:
    """Path, line and column (1) of an element, for error messages."""
    return path, el.sourceline or 0, 1
