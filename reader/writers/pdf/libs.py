"""Loading WeasyPrint's native libraries without running a program.

WeasyPrint's import opens Pango, GObject, HarfBuzz and fontconfig through cffi, trying several names
for each; every name that is not a file name makes cffi call :func:`ctypes.util.find_library`, which
on Linux runs ``ldconfig -p``, then ``gcc`` and ``ld`` from ``$PATH`` (about 70 processes, any of
which a hostile ``$PATH`` could supply). :func:`load_weasyprint` imports WeasyPrint with
``find_library`` replaced by :func:`find_in_fixed_dirs`, which only looks for ``lib<name>.so*`` in a
fixed list of system library directories and never starts a process. Names that are file names
(``libpango-1.0.so.0``) are opened by the dynamic loader as before.

The package :mod:`reader.writers.pdf` calls it on import, before any of its modules touches WeasyPrint.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from functools import lru_cache


def library_dirs() -> list[str]:
    """The directories searched, in order: the platform's multiarch directories, then the usual ones."""
    arch = sysconfig.get_config_var("MULTIARCH") or ""
    dirs = ["/usr/local/lib"]
    if arch:
        dirs += [f"/usr/lib/{arch}", f"/lib/{arch}"]
    dirs += ["/usr/lib64", "/lib64", "/usr/lib", "/lib"]
    return [d for d in dirs if os.path.isdir(d)]


def find_in_fixed_dirs(name: str) -> str | None:
    """``ctypes.util.find_library`` without subprocesses: the absolute path of ``lib<name>.so`` (or
    ``lib<name>.so.N``) in :func:`library_dirs`, or None."""
    if "/" in name or not name:
        return None
    stem = f"lib{name}.so"
    for d in library_dirs():
        try:
            names = sorted(n for n in os.listdir(d) if n == stem or n.startswith(stem + "."))
        except OSError:
            continue
        if names:
            return os.path.join(d, names[0])
    return None


@lru_cache(maxsize=1)
def load_weasyprint() -> None:
    """Import WeasyPrint (and its native libraries) once, with no library search by subprocess."""
    if not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401  (find_library runs no program elsewhere that matters here)

        return
    import ctypes.util

    real = ctypes.util.find_library
    ctypes.util.find_library = find_in_fixed_dirs
    try:
        import weasyprint  # noqa: F401
        import weasyprint.text.ffi  # noqa: F401
    finally:
        ctypes.util.find_library = real
