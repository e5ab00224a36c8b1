"""The project's error types. Every user-facing error carries path, line and column.

A :class:`ReaderError` prints as ``path:line:col: message``; the command line prints exactly that, one
line per problem, and exits 1. Anything that is not a ReaderError is a bug in ``reader``.
"""

from __future__ import annotations


class ReaderError(Exception):
    """A problem with the user's input or environment, reported as ``path:line:col: message``."""

    def __init__(self, message: str, path: str = "", line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())  # always one line
        self.path = path
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
