"""Loading a glossary file into the model (the TEI is read by :mod:`reader.readers.tei.glossary`),
with a per-process cache for builds. Lookup by form is :mod:`reader.transforms.lookup`; exports live in
:mod:`reader.writers.exports.glossary`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import ProblemList
from ..model import Glossary
from .tei.glossary import read_glossary

__all__ = ["load_glossary", "load_glossary_cached", "read_glossary"]


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary, raising its problems."""
    glossary, problems = read_glossary(path)
    if glossary is None:
        if len(problems) == 1:
            raise problems[0]
        raise ProblemList(problems)
    return glossary


@lru_cache(maxsize=8)
def _cached(path: str, mtime: float) -> Glossary:
    return load_glossary(path)


def load_glossary_cached(path: str | Path) -> Glossary:
    """load_glossary, cached per path and modification time within one process."""
    p = Path(path)
    try:
        mtime = p.stat().st_mtime
    except OSError:
        return load_glossary(p)
    return _cached(str(p), mtime)
