"""The TEI vocabulary: every TEI element and attribute name the rest of the package needs, in one place.

Only the TEI reader (``readers/tei/``) and the TEI writer (``writers/tei/``) use TEI names; the
build, check and annotate commands ask this module instead of spelling elements out. Plain Python:
importing it loads no XML library (the build decides what is up to date without lxml).
"""

from __future__ import annotations

import re
from typing import Any

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
E = f"{{{TEI_NS}}}"  #: prefix of a TEI element's Clark name


def t(name: str) -> str:
    """The Clark name of a TEI element."""
    return E + name


ROOT = t("TEI")  #: the root element of a TEI text or glossary

#: glossary category -> the name element that links to an entry of it (others: <name type="…">)
NAME_TAGS = {"person": "persName", "org": "orgName", "place": "placeName", "term": "term"}

#: in a glossary's standOff: list element -> (category, the element holding each form)
GLOSSARY_LISTS = {
    "listPerson": ("person", "persName"),
    "listOrg": ("org", "orgName"),
    "listPlace": ("place", "placeName"),
    "listEvent": ("event", "eventName"),
    "list": ("term", "term"),
}
GLOSSARY_ENTRY_TAGS = {"person", "org", "place", "event", "item"}  #: the entry elements in those lists

#: attributes whose ``file.xml#id`` pointers name other input files (a separate original)
POINTER_ATTRS = ("corresp", "target")
#: the same pointers found by a byte scan, without parsing (group 1: the file part)
FILE_POINTER = re.compile(rb'(?:corresp|target)\s*=\s*["\']([^"\'#\s]+)#')

#: elements whose content annotation never links into (already linked, another language, notes,
#: links, gaps and other non-prose)
ANNOTATE_SKIP = frozenset(
    t(n)
    for n in (
        *("persName", "orgName", "placeName", "term", "name", "rs", "foreign", "ref", "ptr", "note"),
        *("date", "num", "gap", "fw", "pb", "lb", "figure", "graphic", "code", "idno"),
    )
)
NOTE = t("note")
#: elements that make a unit of text (offsets in an annotation report count from the unit's start)
UNIT_TAGS = frozenset(t(n) for n in ("head", "p", "s", "seg", "ab", "byline", "note", "l", "item", "div"))


def is_glossary_root(root: Any) -> bool:
    """Whether a parsed TEI root is a glossary (a standOff and no text) rather than a text."""
    return root.find(t("standOff")) is not None and root.find(t("text")) is None


def is_local_pointer(file_part: str) -> bool:
    """True if the file part of a ``corresp``/``target`` pointer names a TEI file the reader may open.

    Only relative paths to ``.xml`` files, without a URL scheme: a pointer in a text must not make
    the reader open (or hash) ``/etc/passwd``, a URL, or a file that is not a TEI document.
    """
    return (
        bool(file_part)
        and ":" not in file_part
        and "\\" not in file_part
        and not file_part.startswith("/")
        and file_part.lower().endswith(".xml")
    )
