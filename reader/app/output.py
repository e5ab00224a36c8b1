"""Writing outputs safely: render in memory, write a temporary file beside the target, os.replace.

On any failure (including Ctrl-C, SIGTERM and SIGHUP, which the command line turns into
``KeyboardInterrupt``) the previous output is untouched and no temporary file remains; the error is
one :class:`~reader.errors.OutputError` line naming the path. Temporary files left by a process that
was killed outright are swept by the next write into the same directory
(:func:`reader.resources.temp_beside`).

Only a regular file (or nothing) is ever replaced: a target that is a symlink, a directory, a FIFO
or a device (``/dev/null``, ``/dev/stdout``) is refused with one line before anything is rendered or
written. ``-`` names standard output where a command writes one file (:func:`write_output`).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from ..errors import OutputError
from ..resources import replace_from_temp, temp_beside
from ..runtime.safeio import kind_of

STDOUT = "-"  #: the output name that means standard output


def ensure_dir(path: str | Path) -> Path:
    """Create the output directory ``path`` if needed; an OutputError says why it cannot be."""
    target = Path(path)
    if target.is_dir():
        return target
    for parent in (target, *target.parents):
        if parent.exists() and not parent.is_dir():
            if parent == target:
                raise OutputError("the output directory is a file, not a directory", str(target))
            raise OutputError(f"cannot create the output directory: {str(parent)!r} is a file", str(target))
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output directory: {exc.strerror or exc}", str(target)) from None
    return target


def check_target(path: str | Path) -> None:
    """Refuse, before any work, an output path where something other than a regular file is."""
    if str(path) == STDOUT:
        return
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write the file: {exc.strerror or exc}", str(path)) from None
    if not stat.S_ISREG(st.st_mode):
        what = kind_of(st.st_mode)
        raise OutputError(f"is {what}, not a regular file: reader replaces only regular files", str(path))


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically; on failure the old file is untouched and no temp file remains."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    ensure_dir(target.parent)
    check_target(target)
    try:
        fd, tmp = temp_beside(target)
    except OSError as exc:
        raise OutputError(f"cannot write to {str(target.parent)!r}: {exc.strerror or exc}", str(target)) from None
    try:
        replace_from_temp(fd, tmp, target, payload, durable=True)
    except OSError as exc:
        raise OutputError(f"cannot write the file: {exc.strerror or exc}", str(target)) from None


def write_output(path: str | Path, data: bytes | str, limit: int | None = None) -> None:
    """:func:`write_atomic`, or standard output for ``-``. With ``limit`` (a TEI text, which reader
    will read again), an output over that many bytes is refused instead of written."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if limit is not None and len(payload) > limit:
        raise OutputError(
            f"the TEI would be {len(payload)} bytes, over the {limit}-byte limit that reader check and "
            "build apply to a text: split the input into several texts",
            str(path),
        )
    if str(path) != STDOUT:
        write_atomic(path, payload)
        return
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    except OSError as exc:
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}", "-") from None
