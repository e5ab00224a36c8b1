"""What ``reader serve`` watches and rebuilds: the served texts, their pages and problems, and the
poller.

A :class:`Site` knows the texts served, the files each is built from (the text, its glossary, a
separate original), the problems of the last build of each, and a version that changes whenever a
page or a problem did. :meth:`Site.rebuild` brings every page up to date through the incremental
build (:func:`reader.app.build.plan`, then one text at a time in this process). The :class:`Poller`
thread checks the watched files a few times a second by modification time, size and inode, and
rebuilds on a change; polling needs no dependency and costs a few ``stat`` calls.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from ..errors import ReaderError
from .build import DEFAULT_GLOSSARY, BuildOptions, build_task, output_name, plan, resolve_inputs
from .incremental import Entry, Manifest

POLL_SECONDS = 0.2  #: how often the watched files are checked


@dataclass
class Site:
    """What the server knows: the texts, their built pages, problems, and a version that changes with them."""

    texts: list[Path]  #: the texts served
    opts: BuildOptions  #: how they are built (HTML only)
    default_texts: bool = False  #: texts are all of texts/ (new files there are picked up)
    version: int = 0  #: changes whenever a rebuild changed a page or the problems
    problems: dict[str, list[str]] = field(default_factory=dict)  #: slug -> problem lines (empty: fine)
    inputs: dict[str, list[Path]] = field(default_factory=dict)  #: slug -> the files its build reads
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_rebuild: float = 0.0  #: seconds the last rebuild took (for the log and the bench)
    hosts: frozenset[str] = frozenset()  #: Host headers answered (empty: any); refuses DNS rebinding

    def page(self, slug: str) -> Path:
        return self.opts.outdir / output_name(slug, "html", self.opts.script)

    def slugs(self) -> list[str]:
        return [t.stem for t in self.texts]

    def watched(self) -> list[Path]:
        """Every file whose change should trigger a rebuild."""
        files: list[Path] = []
        for text in self.texts:
            files.append(text)
            files.extend(self.inputs.get(text.stem, ()))
        files.append(self.opts.glossary or DEFAULT_GLOSSARY)
        return list(dict.fromkeys(files))

    def rescan(self) -> bool:
        """Pick up texts added to or removed from texts/ (only when serving all of it)."""
        if not self.default_texts:
            return False
        found = sorted(Path("texts").glob("*.xml"))
        if found != self.texts:
            self.texts = found
            return True
        return False

    def rebuild(self, log: TextIO | None = None) -> bool:
        """Bring every page up to date through the incremental build; True if a page or a problem changed."""
        start = time.perf_counter()
        for text in self.texts:
            if text.stem not in self.inputs:
                try:
                    self.inputs[text.stem] = list(resolve_inputs(text, self.opts.glossary).files)
                except ReaderError:
                    self.inputs[text.stem] = []  # reported by the build below
        todo, _fresh, clashes = plan(self.texts, self.opts)
        changed_entries: dict[str, Entry | None] = {}
        changed = False
        problems = {slug: list(p) for slug, p in self.problems.items() if slug in self.slugs()}
        for line in clashes:
            print(line, file=log or sys.stderr)
        for text, formats in todo:
            res = build_task(str(text), self.opts, formats)
            changed_entries.update(res.entries)
            if res.errors:
                for fmt in formats:
                    changed_entries[output_name(text.stem, fmt, self.opts.script)] = None
            if problems.get(text.stem, []) != res.errors:
                changed = True
            problems[text.stem] = res.errors
            if res.written:
                changed = True
            try:
                self.inputs[text.stem] = list(resolve_inputs(text, self.opts.glossary).files)
            except ReaderError:
                pass  # the text does not parse: watch what was known
            if log is not None:
                for line in res.errors:
                    print(line, file=log)
                for path in res.written:
                    print(f"rebuilt {path}", file=log)
        if changed_entries:
            Manifest(self.opts.outdir).save(changed_entries)
        with self.lock:
            self.problems = problems
            if changed:
                self.version += 1
        self.last_rebuild = time.perf_counter() - start
        return changed

    def state(self, slug: str) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "problems": list(self.problems.get(slug, []))}


def snapshot(files: list[Path]) -> dict[Path, tuple[int, int, int]]:
    """(mtime_ns, size, inode) of each file (an editor that saves by renaming changes the inode);
    (0, -1, 0) for one that is missing."""
    out: dict[Path, tuple[int, int, int]] = {}
    for f in files:
        try:
            st = f.stat()
            out[f] = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            out[f] = (0, -1, 0)
    return out


class Poller(threading.Thread):
    """Watches the site's files and rebuilds when any changes."""

    def __init__(self, site: Site, log: TextIO) -> None:
        super().__init__(name="reader-serve-poller", daemon=True)
        self.site, self.log = site, log
        self.stop = threading.Event()
        self.seen = snapshot(site.watched())

    def run(self) -> None:
        while not self.stop.wait(POLL_SECONDS):
            self.step()

    def step(self) -> bool:
        """One poll: rebuild if any watched file changed since the last; True if it rebuilt."""
        rescanned = self.site.rescan()
        now = snapshot(self.site.watched())
        if now == self.seen and not rescanned:
            return False
        self.site.rebuild(self.log)
        # what was seen before the rebuild: a save during the rebuild is caught by the next poll;
        # files the rebuild found a text now reads are watched from here on
        after = self.site.watched()
        self.seen = {f: now[f] for f in after if f in now} | snapshot([f for f in after if f not in now])
        return True
