"""Which keys of a dictionary index occur in some texts: the lookup :mod:`reader.text.jiebadict` and
:mod:`reader.text.ccphrases` share.

An index is a SQLite table of keys, each with its value, plus every other proper prefix of a key with
a NULL value. :func:`find` looks up the substrings of the texts one length at a time (one query per
length for all the texts), extending only the strings that are a key or a key's prefix, so it asks
for a few thousand strings where the texts hold millions of substrings.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

MISSING = False  #: in ``known``: neither a key nor a key's prefix (a key's value is never False)
_SURROGATE = re.compile("[\ud800-\udfff]")  #: no key holds one (and SQLite could not be asked)


def find(db: sqlite3.Connection, table: str, texts: Iterable[str], known: dict[str, Any]) -> list[str]:
    """Look up every substring of ``texts`` that may be a key of ``table`` (columns ``k``, ``v``) and is
    not in ``known`` yet; record each answer in ``known`` (a value, None for a prefix only, or
    :data:`MISSING`); return the keys found that were not known before, in the order found."""
    query = f"SELECT k, v FROM {table} WHERE k IN (SELECT value FROM json_each(?))"
    alive = [(t, i) for t in dict.fromkeys(texts) for i in range(len(t))]
    found: list[str] = []
    length = 1
    while alive:
        alive = [(t, i) for t, i in alive if i + length <= len(t)]
        keys = [k for k in dict.fromkeys(t[i : i + length] for t, i in alive) if k not in known]
        if keys:
            asked = [k for k in keys if not _SURROGATE.search(k)] if any(map(_SURROGATE.search, keys)) else keys
            got = dict(db.execute(query, (json.dumps(asked, ensure_ascii=False),)))
            for k in keys:
                value = got.get(k, MISSING)
                known[k] = value
                if value is not MISSING and value is not None:
                    found.append(k)
        alive = [(t, i) for t, i in alive if known[t[i : i + length]] is not MISSING]
        length += 1
    return found
