"""Pairs the way others publish them: which input is a translation, and of which other input.

A translation may sit in its own file and point at its source (the original) in any of these ways:
``corresp="source.xml#id"``; fragment-only ``corresp="#id"`` that resolve in the source, not in the
translation file itself (the Thesaurus Linguae Sericae publishes its translations so); ``linkGrp``
links; or a ``sourceDesc`` ``bibl corresp="#ID"`` naming the source's ``TEI/@xml:id``. Given the files
built or checked together, :func:`find_pairs` says which file each translation renders, from a cheap
byte scan (so that a no-change rebuild still parses nothing).

The same module judges one pointer token (:func:`pointer_problem`) so that ``check`` and ``build``
word every bad pointer alike.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .vocab import FILE_POINTER as _FILE_POINTER
from .vocab import is_local_pointer

#: Fragment pointers of the elements that align a translation (not an apparatus's or a note's).
_FRAGMENTS = re.compile(
    rb'<(?:seg|s|p|ab|head|l|lg|div|byline|link)\b[^>]*?\s(?:corresp|target)\s*=\s*["\']#([^"\'\s]+)'
)
_ROOT_ID = re.compile(rb"<TEI\b[^>]*?\sxml:id\s*=\s*[\"']([^\"']+)[\"']")
_BIBL_CORRESP = re.compile(rb"<sourceDesc\b.*?<bibl\b[^>]*?\scorresp\s*=\s*[\"']#([^\"'\s]+)[\"']", re.S)
_TRANSL_TYPE = re.compile(rb"<TEI\b[^>]*?\stype\s*=\s*[\"']transl(?:ation)?[\"']")
_HAS_ORIGINAL = re.compile(rb"<div\b[^>]*?\stype\s*=\s*[\"']original[\"']")


@dataclass(frozen=True)
class Scan:
    """What a byte scan of one input found."""

    path: Path
    data: bytes
    root_id: str  #: the TEI element's xml:id, or ''
    source_id: str  #: the id a ``sourceDesc/bibl/@corresp`` names, or ''
    transl: bool  #: TEI/@type is transl or translation
    files: tuple[str, ...]  #: file parts of ``file.xml#id`` pointers (local ones only)
    fragments: tuple[str, ...]  #: fragments of ``#id`` pointers
    has_original: bool  #: holds a ``div type="original"``

    def defines(self, xml_id: str) -> bool:
        """Whether the file holds ``xml:id="xml_id"`` (byte scan)."""
        return f'xml:id="{xml_id}"'.encode() in self.data or f"xml:id='{xml_id}'".encode() in self.data


MAX_SCAN = 20 * 1024 * 1024  #: larger inputs are refused when read (the parser's size cap)


def scan(path: Path) -> Scan | None:
    """Scan one input, or None when it cannot be read or is no regular file (reported when it is
    read): a FIFO or a device is never opened here."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_SCAN:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    head = data[:20000]
    m = _ROOT_ID.search(head)
    b = _BIBL_CORRESP.search(data[:200000])
    files = []
    for fm in _FILE_POINTER.finditer(data):
        part = fm.group(1).decode("utf-8", "replace")
        if is_local_pointer(part) and part not in files:
            files.append(part)
    frags = [f.group(1).decode("utf-8", "replace") for f in _FRAGMENTS.finditer(data)]
    return Scan(
        path,
        data,
        m.group(1).decode("utf-8", "replace") if m else "",
        b.group(1).decode("utf-8", "replace") if b else "",
        bool(_TRANSL_TYPE.search(head)),
        tuple(files),
        tuple(frags),
        bool(_HAS_ORIGINAL.search(data)),
    )


def _dangling(s: Scan) -> list[str]:
    """Fragment pointers that name no id of the file itself."""
    return [f for f in dict.fromkeys(s.fragments) if not s.defines(f)]


def looks_like_translation(s: Scan) -> bool:
    """A file that renders another: typed so, naming its source, or pointing at ids it lacks."""
    if s.has_original:
        return False
    return s.transl or bool(s.source_id) or bool(s.files) or bool(_dangling(s))


def source_of(s: Scan, others: list[Scan]) -> Path | None:
    """Which of ``others`` the translation ``s`` renders, or None."""
    for part in s.files:
        target = (s.path.parent / part).resolve()
        for o in others:
            if o.path.resolve() == target:
                return o.path
    if s.source_id:
        for o in others:
            if o.root_id == s.source_id:
                return o.path
    dangling = _dangling(s)
    if dangling:
        best, hits = None, 0
        sample = dangling[:50]
        for o in others:
            n = sum(o.defines(f) for f in sample)
            if n > hits:
                best, hits = o.path, n
        return best
    return None


def find_pairs(texts: list[Path]) -> list[tuple[Path, Path | None]]:
    """Each text to build with the original it renders when that is another input given here.

    A text that another text given here renders is left out: ``reader build source.xml
    translation.xml`` builds the pair once, from the translation, not a second Chinese-only edition.
    """
    scans = {t: scan(t) for t in texts}
    pairs: dict[Path, Path | None] = {}
    originals: set[Path] = set()
    for t in texts:
        s = scans[t]
        if s is None or not looks_like_translation(s):
            pairs[t] = None
            continue
        others = [o for o in scans.values() if o is not None and o.path != t]
        src = source_of(s, others)
        pairs[t] = src
        if src is not None:
            originals.add(src.resolve())
        for part in s.files:  # a named source not given here is still its original, not a text
            originals.add((t.parent / part).resolve())
    out = [(t, src) for t, src in pairs.items() if t.resolve() not in originals]
    return out or [(t, None) for t in texts]


def translation_hint(path: str) -> str | None:
    """For a translation read without its source: what it is and how to build the pair, else None."""
    s = scan(Path(path))
    if s is None or not looks_like_translation(s) or s.files:
        return None
    named = f" (its sourceDesc names #{s.source_id})" if s.source_id else ""
    n = len(dict.fromkeys(s.fragments))
    return (
        f"a translation whose {n} pointer(s) resolve in another file: it needs its source{named}; "
        f"build or check the pair together: reader build SOURCE.xml {path}"
    )


def pointer_problem(attr: str, token: str, resolves: bool, names_original: bool, original: str) -> str | None:
    """What is wrong with one pointer token, worded alike everywhere, or None when it is fine.

    ``resolves``: its fragment names an element of the original; ``names_original``: its file part,
    if any, is the original (``original``, a file name for the message).
    """
    file_part, hash_, frag = token.partition("#")
    if not hash_ or not frag:
        return f'{attr} "{token}" is not a fragment (#id) or a file#fragment pointer'
    if file_part and not is_local_pointer(file_part):
        return f'{attr} "{token}" points outside the inputs (only a relative file.xml#id may name another file)'
    if file_part and not names_original:
        return f'{attr} "{token}" points outside the inputs (the original here is {original})'
    if not resolves:
        return f'{attr} "{token}" resolves to no element'
    return None
