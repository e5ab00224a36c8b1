"""Writing outputs safely: render in memory, write a temporary file beside the target, os.replace.

On any failure the previous output is untouched and no temporary file remains; the error is one
:class:`~reader.errors.OutputError` line naming the path.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..resources import replace_from_temp, temp_beside


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


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` atomically; on failure the old file is untouched and no temp file remains."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    ensure_dir(target.parent)
    try:
        fd, tmp = temp_beside(target)
    except OSError as exc:
        raise OutputError(f"cannot write to {str(target.parent)!r}: {exc.strerror or exc}", str(target)) from None
    try:
        replace_from_temp(fd, tmp, target, payload, durable=True)
    except OSError as exc:
        raise OutputError(f"cannot write the file: {exc.strerror or exc}", str(target)) from None
