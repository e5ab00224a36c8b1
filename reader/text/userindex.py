"""The indexes reader builds once into the user cache (CC-CEDICT, jieba's dictionary, OpenCC's
phrases): where they live, how one is written (to a temporary file renamed into place, so a reader
never sees half an index) and how one is opened (read-only, immutable, memory-mapped)."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path:
    """The user cache directory of reader (XDG)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reader"


def open_index(path: Path) -> sqlite3.Connection:
    """An index file of the user cache, opened read-only and immutable: every index is written to a
    temporary file and renamed into place, never changed in place, so SQLite need not lock it or look
    for a journal on each query (three system calls a query, a few thousand queries a build)."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    db.execute("PRAGMA mmap_size = 1073741824")  # pages read from a memory map, not one read() each
    return db


def open_existing(path: Path, *probes: str) -> sqlite3.Connection | None:
    """The index at ``path`` if it is there and each of the ``probes`` (queries) returns a row; None
    when it is missing, torn or of another format (it is then built again)."""
    if not path.is_file():
        return None
    try:
        db = open_index(path)
        if all(db.execute(sql).fetchone() is not None for sql in probes):
            return db
    except sqlite3.Error:
        pass
    return None


def build_index(path: Path | None, fill: Callable[[sqlite3.Connection], None], stale: str = "") -> sqlite3.Connection:
    """Build an index with ``fill`` (which creates and fills its tables) and return it opened as by
    :func:`open_index`: written beside ``path`` and renamed into place, the files matching the glob
    ``stale`` in its directory removed (indexes of other versions or formats); in memory when
    ``path`` is None. An unwritable directory raises OSError."""
    tmp = None
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    db = sqlite3.connect(tmp or ":memory:", check_same_thread=False)
    fill(db)
    db.commit()
    if tmp is None or path is None:
        return db
    db.close()
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    for old in path.parent.glob(stale) if stale else ():
        if old != path:
            try:
                old.unlink()
            except OSError:
                pass
    return open_index(path)
