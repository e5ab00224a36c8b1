"""The project's error types. Every user-facing error carries path, line and column.

A :class:`ReaderError` prints as ``path:line:col: message``; the command line prints exactly that, one
line per problem, and exits 1. Anything that is not a ReaderError is a bug in ``reader``.
"""

from __future__ import annotations

import os
import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]")


def quote(name: str | os.PathLike[str]) -> str:
    """A file name as it may appear in a message: itself if it is printable UTF-8, else quoted with
    escapes (a newline becomes ``\\n``, an undecodable byte ``\\udcff``), so it is always one line
    that cannot pass for another message, and printing it cannot fail."""
    text = os.fspath(name)
    if not _UNSAFE.search(text):
        return text
    return ascii(text) if any("\udc80" <= c <= "\udcff" for c in text) else repr(text)


class ReaderError(Exception):
    """A problem with the user's input or environment, reported as ``path:line:col: message``."""

    def __init__(self, message: str, path: str = "", line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())  # always one line
        self.path = quote(path)  #: quoted if it could break the line or the output encoding
        self.line = line
        self.col = col

    def __str__(self) -> str:
        if not self.path:
            return self.message
        if self.line:
            return f"{self.path}:{self.line}:{self.col or 1}: {self.message}"
        return f"{self.path}: {self.message}"


class InputError(ReaderError):
    """An input file cannot be read or parsed (I/O, encoding, XML well-formedness, size)."""


class TEIError(ReaderError):
    """A well-formed file breaks the TEI conventions (structure, ids, pointers)."""


class GlossaryError(ReaderError):
    """A glossary file breaks the glossary conventions."""


class OutputError(ReaderError):
    """An output cannot be written or rendered (permissions, missing fonts)."""


class ProblemList(ReaderError):
    """Several problems found at once (``reader check``); printed one per line."""

    def __init__(self, problems: list[ReaderError]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
