"""Pausing Python's cyclic garbage collector around allocation-heavy work (annotation, PDF layout,
the HTML edition's view).

Both make hundreds of thousands to millions of long-lived small objects and no reference cycles worth
collecting: left on, the collector walks every live object again and again (a third of annotation's
time with a 20,000-entry glossary, about 40% of a PDF render at 10 times the article) and frees almost
nothing. Memory is still freed by reference counting; the collector is switched back on afterwards.
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
