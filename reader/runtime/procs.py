"""Signals and worker processes: how ``reader`` stops, whoever asks it to.

- The command line treats SIGTERM and SIGHUP like Ctrl-C (:func:`signals_as_interrupt`): they raise
  :class:`Terminated`, a ``KeyboardInterrupt``, so every ``try``/``finally`` and the atomic writer's
  clean-up run, no temporary file is left, and the exit status is 128 + the signal's number.
- Worker processes (``reader build -j``, the PDF's chunk workers) start with :func:`worker_init`:
  the kernel kills them when their parent dies, even by SIGKILL (``PR_SET_PDEATHSIG`` on Linux; a
  watchdog thread elsewhere), and SIGTERM or SIGHUP ends them quietly after their clean-up.
- :func:`stop_pool` ends a pool's workers at once when the parent is interrupted, instead of
  waiting for them to finish work whose result nobody will write.

Only the standard library is imported; ``ctypes`` loads the C library already in the process
(``CDLL(None)``), without any library search.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by pool() only: a build in one process never loads multiprocessing
    from concurrent.futures import ProcessPoolExecutor

SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_PR_SET_PDEATHSIG = 1


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the main thread was, like Ctrl-C's KeyboardInterrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated(signum)


@contextmanager
def signals_as_interrupt() -> Iterator[None]:
    """Inside the block, SIGTERM and SIGHUP raise :class:`Terminated` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise_terminated) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _exit_quietly(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)  # BaseException: the clean-up runs; no traceback from an idle worker


def _die_with(parent: int) -> None:
    """Make the kernel SIGKILL this process when ``parent`` goes, however it goes."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl: nobody will signal us
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:  # elsewhere (or if prctl failed): poll for the parent once a second
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="reader-parent-watch", daemon=True).start()


def worker_init(parent: int) -> None:
    """The initializer of every worker process: die with ``parent``; end quietly on SIGTERM/SIGHUP."""
    _die_with(parent)
    for s in SIGNALS:
        signal.signal(s, _exit_quietly)


def pool(workers: int, ctx: Any) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process (:func:`worker_init`)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),))


def stop_pool(executor: ProcessPoolExecutor, interrupted: bool) -> None:
    """Shut ``executor`` down; if ``interrupted``, end its workers first (SIGTERM: they clean up)."""
    if not interrupted:
        executor.shutdown(wait=True, cancel_futures=True)
        return
    procs = list((getattr(executor, "_processes", None) or {}).values())
    for proc in procs:
        _quietly(proc.terminate)
    executor.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + 10
    for proc in procs:
        _quietly(proc.join, max(0.0, deadline - time.monotonic()))
    for proc in procs:
        if proc.is_alive():
            _quietly(proc.kill)
            _quietly(proc.join, 1)


def _quietly(fn: Any, *args: Any) -> None:
    try:
        fn(*args)
    except (OSError, AttributeError, ValueError, AssertionError):
        pass
