"""The one opener: every file ``reader`` reads goes through :func:`read_regular` (or its quiet twin
:func:`read_if_regular`); every name printed in a message is quoted (:func:`reader.errors.quote`,
applied by ``ReaderError`` to its path); temporary files beside an output are made and swept here.

Rules (``docs/security.md``, "The opener"):

- the file is opened without blocking (``O_NONBLOCK``: a FIFO cannot hang the open) and without
  becoming a controlling terminal, then judged on the open descriptor (``fstat``), so a name that is
  swapped for something else between the check and the read cannot slip through;
- only regular files are read: a directory, FIFO, socket or device (``/dev/zero``, ``/dev/stdin``)
  is refused, whether named directly or through a symlink;
- a file may be at most ``limit`` bytes, checked on the descriptor and again by a bounded read, so a
  file that grows while it is read is refused too;
- names that are not valid UTF-8 (``surrogateescape``) or that hold a line break or another control
  character are printed quoted, so that a name can neither crash a message nor fake a log line; in a
  document they become U+FFFD (:func:`display_name`).

This module imports only the standard library and :mod:`reader.errors`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from ..errors import InputError, quote  # noqa: F401  (quote: re-exported)

MAX_BYTES = 20 * 1024 * 1024  #: the documented size cap for one input file
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def display_name(name: str | os.PathLike[str]) -> str:
    """A file name as text that may go into a document (a TEI header, a page title): undecodable
    bytes and control characters become U+FFFD, so the name can neither break the XML nor a line."""
    return _NOT_TEXT.sub("\ufffd", os.fspath(name))


def kind_of(mode: int) -> str:
    """What a non-regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is an InputError."""
    name = str(path)
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", name) from None
    except PermissionError:
        raise InputError("permission denied: cannot read the file", name) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}", name) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, not a file", name)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"is {kind_of(st.st_mode)}, not a regular file", name)
        if st.st_size > limit:
            raise InputError(f"file is {st.st_size} bytes, over the {limit}-byte limit", name)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise InputError(f"file is over the {limit}-byte limit", name)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", name) from None
    finally:
        os.close(fd)


def read_if_regular(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> bytes | None:
    """:func:`read_regular`, or None where it would refuse (for caches and the build manifest, whose
    loss costs only time)."""
    try:
        return read_regular(path, limit)
    except InputError:
        return None


def digest(path: str | os.PathLike[str], limit: int = MAX_BYTES) -> str | None:
    """SHA-256 of a regular file of at most ``limit`` bytes, or None if the opener refuses it."""
    data = read_if_regular(path, limit)
    return None if data is None else hashlib.sha256(data).hexdigest()


def is_regular(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` is (or links to) a regular file; never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


# --- temporary files beside an output ----------------------------------------------------------

TMP_PREFIX = ".reader-tmp-"  #: every temporary file reader makes is ``.reader-tmp-PID-RANDOM.tmp``
_OUR_TMP = re.compile(r"\A\.reader-tmp-(\d+)-[A-Za-z0-9_]+\.tmp\Z")
STALE_SECONDS = 24 * 3600  #: a temporary file this old is stale even if its PID is alive (reused)


def make_temp(directory: Path) -> tuple[int, str]:
    """A new temporary file (mode 0600) in ``directory``: its descriptor and path. The name does not
    contain the target's, so a target name of any length that the file system allows works."""
    import tempfile

    return tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=directory)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def sweep_stale(directory: Path, target: str | None = None) -> None:
    """Remove temporary files of ours left in ``directory`` by a process that was killed (SIGKILL, a
    power cut): names of our pattern whose process is gone (or older than a day), regular files only.
    With ``target``, also the older pattern ``.TARGET.XXXXXXXX.tmp`` (mode 0600) of that one output."""
    import time

    old = re.compile(r"\A\." + re.escape(target) + r"\.[A-Za-z0-9_]{8}\.tmp\Z") if target else None
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        m = _OUR_TMP.match(entry.name)
        if not m and not (old and old.match(entry.name)):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or (not m and stat.S_IMODE(st.st_mode) != 0o600):
                continue
            if m and _alive(int(m.group(1))) and now - st.st_mtime < STALE_SECONDS:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
