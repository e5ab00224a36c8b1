"""A persistent memo of derived text: pinyin readings and Traditional/Simplified conversions.

Loading pypinyin's dictionaries and segmenter and OpenCC's dictionaries costs several times what
rendering an edition does. Their results depend only on the input string and on the library (and
on our own code in :mod:`reader.text.pinyin`, :mod:`reader.text.script` and :mod:`reader.text.wordseg`),
so those modules look each result up here first and call the library only on a miss: a rebuild
whose Chinese is unchanged imports none of them.

What is memoised is the library's answer for one string (a conversion by one OpenCC config, the
readings pypinyin gives a string, the readings it knows for one character, rjieba's cut of a run of
text), never anything that
depends on the glossary: the glossary's readings are applied after the lookup, so editing one
cannot leave a stale page.

A cache file is JSON, ``{"key": ..., "mac": ..., "tables": {table: {input: result}}}``. ``key`` is a digest of
:data:`FORMAT`, the installed pypinyin, OpenCC and rjieba (their distribution names and versions, and
the size and time of their package files, found without importing them) and the source of the
modules in :data:`CODE`; a file with another key is ignored.
``mac`` authenticates the tables: an HMAC-SHA256 of their JSON under a secret kept per user
(:func:`secret`, ``$XDG_CACHE_HOME/reader/text-cache.key``, mode 0600, made on first use). A file
whose tables do not verify (crafted, copied from someone else, edited) is ignored as a whole, so a
cache file cannot forge a page's Simplified text or pinyin; where no secret can be kept, nothing is
cached. ``reader build --force`` does not read the cache at all (:func:`session` with
``trust=False``). The file is read through the one opener (:mod:`reader.runtime.safeio`): a FIFO or a
symlink to ``/dev/zero`` in its place is skipped, never read.
Saving keeps only the entries the session used (so the file does not grow with old text), writes
atomically (without fsync) and only when something changed. A missing, unreadable or malformed file, or a failed
save, costs speed only, never the build.

Outside :func:`session` (unit tests, callers that pass no cache directory) every lookup computes,
as if there were no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeVar

from ..resources import replace_from_temp, temp_beside

FORMAT = "reader-text-cache 2"  #: bump when the meaning of a table changes
LIBRARIES = ("pypinyin", "opencc", "rjieba", "jieba")  #: the libraries whose answers are memoised
CODE = (
    "pinyin.py",
    "script.py",
    "textcache.py",
    "wordseg.py",
    "jiebadict.py",
    "ccphrases.py",
)  #: our modules that shape the answers

T = TypeVar("T")
Check = Callable[[str, Any], bool]


@lru_cache(maxsize=32)
def dist_version(name: str) -> str:
    """The version of the installed package ``name`` from its ``.dist-info`` folder beside it, or
    ``missing``. (Unlike importlib.metadata this opens no file: it does not probe every path entry.)"""
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        spec = None
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    if spec is not None and spec.origin and not places:
        places = [str(Path(spec.origin).parent)]
    for place in places:  # a package folder (or a namespace package's), its site directory above it
        site = Path(place).parent
        try:
            names = os.listdir(site)
        except OSError:
            continue
        for n in sorted(names):
            base, _, version = n.removesuffix(".dist-info").partition("-")
            if n.endswith(".dist-info") and base.lower().replace("-", "_") == name.lower():
                return version
    return "missing"


def _library_stamp(name: str) -> str:
    """The installed distribution of ``name`` and the size and time of its package files."""
    try:
        spec = find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return f"{name}: missing"
    pkg = Path(spec.origin).parent
    parts = [name]
    try:
        site = pkg.parent
        parts += sorted(n for n in os.listdir(site) if n.lower().startswith(f"{name}-") and n.endswith(".dist-info"))
        for entry in sorted(os.scandir(pkg), key=lambda e: e.name):
            if entry.is_file():
                st = entry.stat()
                parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    except OSError as exc:
        parts.append(f"unreadable: {exc}")
    return "|".join(parts)


@lru_cache(maxsize=1)
def cache_key() -> str:
    """The digest that a cache file must carry to be used by this installation."""
    h = hashlib.sha256(FORMAT.encode())
    for name in LIBRARIES:
        h.update(_library_stamp(name).encode("utf-8", "surrogateescape"))
    here = Path(__file__).resolve().parent
    for module in CODE:
        try:
            h.update((here / module).read_bytes())
        except OSError:
            h.update(f"{module}: unreadable".encode())
    return h.hexdigest()


MAX_CACHE = 64 * 1024 * 1024  #: a larger cache file is ignored, never read
KEY_BYTES = 32


def _key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reader" / "text-cache.key"


def _read_key(path: Path) -> bytes | None:
    """The secret, if ``path`` is a regular file of ours that only we can read (not followed if a link)."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
            return None
        data = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == KEY_BYTES else None


@lru_cache(maxsize=1)
def secret() -> bytes | None:
    """This user's text-cache secret, made on first use; None where none can be kept (no cache)."""
    import secrets

    from ..runtime.safeio import make_temp

    path = _key_path()
    key = _read_key(path)
    if key is not None:
        return key
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = make_temp(path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(KEY_BYTES))
            os.link(tmp, path)  # atomic, and never over a key another process made meanwhile
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    except OSError:
        return None
    return _read_key(path)


def _mac(tables_json: str) -> str | None:
    import hmac

    key = secret()
    if key is None:
        return None
    return hmac.new(key, f"{cache_key()}\0{tables_json}".encode("utf-8", "surrogatepass"), "sha256").hexdigest()


def _tables_json(tables: dict[str, Any]) -> str:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":"))


class TextCache:
    """Tables of memoised answers, optionally backed by one JSON file."""

    def __init__(self, path: Path | None = None, trust: bool = True) -> None:
        self.path = path if path is None or secret() is not None else None  #: no secret: no file
        self.stored: dict[str, dict[str, Any]] = {}  #: what the file held (authenticated, unvalidated)
        self.used: dict[str, dict[str, Any]] = {}  #: what this session looked up or computed
        self.dirty = False  #: whether the session computed something new
        if self.path is not None and trust:
            self.stored = _load(self.path)

    def get(self, table: str, key: str, compute: Callable[[], T], valid: Check) -> T:
        """The memoised answer for ``key`` in ``table``, computing (and recording) it on a miss.

        ``valid(key, value)`` vets a stored value (the file is outside our control); a value that
        fails it is computed again.
        """
        used = self.used.setdefault(table, {})
        if key in used:
            return used[key]  # type: ignore[no-any-return]
        stored = self.stored.get(table, {})
        if key in stored and valid(key, stored[key]):
            value = stored[key]
        else:
            value = compute()
            self.dirty = True
        used[key] = value
        return value

    def save(self) -> None:
        """Write the entries used this session, if they differ from what the file holds."""
        if self.path is None:
            return
        stale = any(set(self.stored.get(t, {})) - set(self.used.get(t, {})) for t in self.stored)
        if not (self.dirty or stale):
            return
        tables = _tables_json(self.used)
        mac = _mac(tables)
        if mac is None:
            return
        payload = f'{{"key":{json.dumps(cache_key())},"mac":"{mac}","tables":{tables}}}'
        if _write(self.path, payload.encode("utf-8", "surrogatepass")):
            self.stored, self.dirty = {t: dict(v) for t, v in self.used.items()}, False


def _write(path: Path, payload: bytes) -> bool:
    """Replace ``path`` atomically (a temporary file beside it, then os.replace); False on failure.

    Unlike outputs, a cache file is not fsynced: a file lost or torn by a crash is ignored on load.
    A FIFO, device or symlink where the cache file should be is left alone (no cache).
    """
    import stat

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):  # never replace a FIFO, device or symlink
                return False
        except FileNotFoundError:
            pass
        fd, tmp = temp_beside(path)
        replace_from_temp(fd, tmp, path, payload, durable=False)
        return True
    except OSError:  # a cache that cannot be written costs speed only
        return False


def _load(path: Path) -> dict[str, dict[str, Any]]:
    import hmac

    from ..runtime.safeio import read_if_regular

    raw = read_if_regular(path, MAX_CACHE)  # a FIFO, a device or an oversized file: no cache
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("key") != cache_key() or not isinstance(data.get("tables"), dict):
        return {}
    mac = _mac(_tables_json(data["tables"]))
    if mac is None or not isinstance(data.get("mac"), str) or not hmac.compare_digest(mac, data["mac"]):
        return {}  # not written by this user's reader: forged, copied or edited
    return {t: v for t, v in data["tables"].items() if isinstance(v, dict)}


_active: TextCache | None = None


def lookup(table: str, key: str, compute: Callable[[], T], valid: Check) -> T:
    """Look ``key`` up in the active session's cache (see :meth:`TextCache.get`); outside one, compute."""
    if _active is None:
        return compute()
    return _active.get(table, key, compute, valid)


@contextmanager
def session(path: Path | None, trust: bool = True) -> Iterator[TextCache]:
    """Use the cache file ``path`` for the lookups inside the block, and save it at the end.

    Nothing is saved when the block raises. With ``path=None`` the answers are memoised for the
    block only (in memory). With ``trust=False`` (``--force``) the file is not read, only rewritten.
    """
    global _active
    cache = TextCache(path, trust)
    previous, _active = _active, cache
    try:
        yield cache
        cache.save()
    finally:
        _active = previous
