"""Pausing Python's cyclic garbage collector around allocation-heavy work (annotation, PDF layout,
the HTML edition's view).

Both make hundreds of thousands to millions of long-lived small objects and no reference cycles worth
collecting: left on, the collector walks every live object again and again (a third of annotation's
time with a 20,000-entry glossary, about 40% of a PDF render at 10 times the article) and frees almost
nothing. Memory is still freed by reference counting; the collector is switched back on afterwards.

:func:`gc_paused_then_frozen` is for a command whose process ends when it returns (``reader build``):
a paused collector resumes by walking everything allocated meanwhile (about 0.015 s after the HTML
build of the article), and the interpreter walks it all again at exit (about as much); frozen
(``gc.freeze``) before the collector resumes, what the command leaves is walked by neither. It is
still freed by reference counting; only reference cycles among it stay until the process ends (about
20 MiB for the article's HTML build). Such a command that does several pieces of work (texts) calls
:func:`release` between them, so that the cycles of one do not pile up under the next.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the body with the cyclic garbage collector paused, then restore its previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def gc_paused_then_frozen() -> Iterator[None]:
    """Like :func:`gc_paused`, and what survives the body is frozen before the collector resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def release() -> None:
    """Between two pieces of work of a paused run: free the reference cycles the last one left, and
    freeze what survives, so that the next release walks only what is new."""
    gc.collect()
    gc.freeze()
