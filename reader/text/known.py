"""Known-word lists: a file a learner keeps (one word per line) or exports from Pleco or Anki.

Accepted, line by line: blank lines and ``#`` lines (Anki's ``#separator:tab`` headers) are skipped;
the first tab-separated field is the word (Pleco and Anki exports put the headword first); a Pleco
headword written ``简体[繁體]`` counts in both forms; HTML tags (Anki fields) are dropped. Words are
compared through their character-by-character Simplified form, so a list in either script matches
text in either.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ReaderError
from .script import to_hans_chars

_TAG = re.compile(r"<[^>]*>")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def key(word: str) -> str:
    """The form a word is compared by (Simplified, character by character)."""
    return to_hans_chars(word)


def parse(text: str, path: str = "<known words>") -> set[str]:
    """The words of a known-words list (compared forms, see :func:`key`)."""
    out: set[str] = set()
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        field = _TAG.sub("", line.split("\t", 1)[0]).strip().strip('"')
        forms = [f for f in re.split(r"[\[\]［］]", field) if f.strip()]
        for form in forms:
            form = form.strip()
            if not _HAN.search(form):
                continue
            if any(c.isspace() for c in form):
                raise ReaderError(f"expected one word, found {form!r}", path, n, 1)
            out.add(key(form))
    return out


def load(path: Path) -> set[str]:
    """Read a known-words file; errors as ``path:line:col: message``."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(f"cannot read the known-words list: {exc.strerror or exc}", str(path)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ReaderError("the known-words list is not UTF-8", str(path), line, 1) from None
    return parse(text, str(path))
