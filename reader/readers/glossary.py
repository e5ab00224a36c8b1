"""Loading a glossary file into the model (the TEI is read by :mod:`reader.readers.tei.glossary`),
with a per-process cache for builds. Lookup by form is :mod:`reader.transforms.lookup`; exports live in
:mod:`reader.writers.exports.glossary`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import GlossaryError, ProblemList, ReaderError
from ..model import Glossary
from ..text.han import fold
from .tei.glossary import LOCALES, read_glossary

__all__ = ["form_rule_problems", "load_glossary", "load_glossary_cached", "read_glossary"]


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


def form_rule_problems(glossary: Glossary) -> list[ReaderError]:
    """The glossary's form rules, as ``reader check`` enforces them on a glossary file.

    No single-character form may be matchable (keep 習 as ``subtype="display"`` or inside a compound
    such as 蒲習峰會); every form, exclusions included, has a locale (a Chinese one of
    :data:`LOCALES`, or ``en``) and a source (a ``bibl`` of the header)."""
    problems: list[ReaderError] = []
    where = glossary.source
    for e in glossary.entries:
        for f in e.forms:
            what = f"entry {e.id!r}: form {f.text!r}"
            if f.lang.startswith("zh") and f.matchable and len(fold(f.text)) < 2:
                problems.append(
                    GlossaryError(
                        f"{what} is one character and matchable; mark it subtype='display' "
                        "(shown, never matched) or give it only inside a longer form",
                        where,
                        e.line,
                        1,
                    )
                )
            if f.lang != "en" and f.lang not in LOCALES:
                problems.append(
                    GlossaryError(
                        f"{what} has locale {f.lang!r}; use one of {', '.join(LOCALES)} or en", where, e.line, 1
                    )
                )
            if not f.source:
                problems.append(GlossaryError(f"{what} ({f.lang}) has no source (source='#bibl-id')", where, e.line, 1))
    return problems
