"""Files, at the bottom of the layers: where the package's own assets are (templates and stylesheets,
in the wheel or the source tree), and the one implementation of replacing a file atomically (a
temporary file beside it, then ``os.replace``), used by the outputs (:mod:`reader.app.output`) and the
text cache (:mod:`reader.text.textcache`)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def templates_dir() -> Path:
    """The directory holding the Jinja2 templates, CSS and JS (inside the wheel, or ../templates)."""
    here = Path(__file__).resolve().parent
    for cand in (here / "templates", here.parent / "templates"):
        if (cand / "html" / "edition.html.j2").is_file():
            return cand
    raise FileNotFoundError("reader's templates are missing from this installation")


def temp_beside(path: Path) -> tuple[int, str]:
    """A new temporary file in ``path``'s folder: (open descriptor, its path).

    Its name is ``.reader-tmp-PID-RANDOM.tmp`` (:func:`reader.runtime.safeio.make_temp`), not the target's
    (a 250-character target name would make it too long), and temporary files that a killed process
    left there are swept first (:func:`reader.runtime.safeio.sweep_stale`)."""
    from .runtime.safeio import make_temp, sweep_stale

    sweep_stale(path.parent, path.name)
    return make_temp(path.parent)


def replace_from_temp(fd: int, tmp: str, path: Path, payload: bytes, *, durable: bool) -> None:
    """Write ``payload`` to the temporary file (fsynced if ``durable``), make it world-readable and move it
    over ``path``. On any failure the temporary file is removed and the exception raised again."""
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
