"""Issue #19: the same hostile shapes at every place a path enters ``reader``.

Shapes: a FIFO, a symlink to ``/dev/zero``, a directory, a missing file, an absolute path to a system
file, a name that is not UTF-8, and a name holding a newline (which could fake a log line).
Places: a command-line argument, a pointer in a text (``corresp="X#id"``), the text's ``gl:`` prefix,
``--glossary``, the build manifest, a text-cache file, and an input listed in the manifest.

Every run has a deadline (SIGALRM: a FIFO must not hang anything), and must end with one line
``path[:line:col]: message`` naming the path (quoted where it holds a newline or undecodable bytes),
exit 1 and no traceback; or, where the path is only a cache, succeed. Nothing but the expected
output may change, and no temporary file may remain.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.errors import quote

HERE = Path(__file__).resolve().parent / "bad_inputs"
GOOD = (HERE / "good.xml").read_text(encoding="utf-8")
GLOSSARY = (HERE / "glossary.xml").read_bytes()
DEADLINE = 60  #: seconds; a hang on a FIFO would exceed it
SHAPES = ("fifo", "zero", "directory", "absent", "system", "not-utf8", "newline")
#: what the one line says for each shape reached by name (fragments of the message)
SAYS = {
    "fifo": "FIFO",
    "zero": "device",
    "directory": "directory",
    "absent": "",
    "system": "",
}


class Timeout(Exception):
    pass


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise Timeout(f"no answer within {DEADLINE} s (a FIFO or /dev/zero was read?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(DEADLINE)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _name(shape: str, suffix: str = ".xml") -> str:
    if shape == "not-utf8":
        return os.fsdecode(b"caf\xe9" + suffix.encode())
    if shape == "newline":
        return f"two\nfake.xml:1:1: a forged line{suffix}"
    if shape == "system":
        return "/etc/passwd"
    return f"{shape}{suffix}"


def _make(shape: str, path: Path, content: bytes) -> None:
    """Put ``shape`` at ``path`` (names that are odd but regular files get ``content``)."""
    if shape == "fifo":
        os.mkfifo(path)
    elif shape == "zero":
        path.symlink_to("/dev/zero")
    elif shape == "directory":
        path.mkdir()
    elif shape in ("not-utf8", "newline"):
        path.write_bytes(content)


def _text(glossary_href: str = "glossary.xml") -> str:
    return GOOD.replace('replacementPattern="glossary.xml#$1"', f'replacementPattern="{glossary_href}#$1"')


def _files(root: Path) -> dict[str, bytes | str]:
    """Everything under ``root``: regular files by content, anything else by kind (never read)."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames + dirnames:
            p = Path(dirpath) / name
            st = os.lstat(p)
            rel = str(p.relative_to(root))
            if name == ".reader-build.json" or ".reader-cache" in rel:
                continue  # build's own record and memo: rewritten even by a failed build, not outputs
            if stat.S_ISREG(st.st_mode):
                out[rel] = p.read_bytes()
            elif not stat.S_ISDIR(st.st_mode):
                out[rel] = f"mode {stat.S_IFMT(st.st_mode):o}"
    return out


def _temps(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.name.endswith(".tmp")]


def _one_line(stderr: str, path: str, says: str) -> None:
    problems = [line for line in stderr.splitlines() if not line.endswith("(notice)")]
    assert len(problems) == 1, stderr
    assert re.fullmatch(re.escape(quote(path)) + r"(:\d+:\d+)?: .+", problems[0]), (problems, quote(path))
    assert says in problems[0], problems
    assert "Traceback" not in stderr


def _no_forged_line(stderr: str) -> None:
    assert not any(line.startswith("fake.xml") for line in stderr.splitlines()), stderr
    assert "Traceback" not in stderr


def _setup(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp)
    (tmp / "glossary.xml").write_bytes(GLOSSARY)
    out = tmp / "out"
    out.mkdir()
    (out / "previous.html").write_bytes(b"an earlier output\n")
    return out


# --- a command-line argument -------------------------------------------------------------------


@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "system"])  # an argument is the user's choice
@pytest.mark.parametrize("command", ["check", "build", "annotate", "import"])
def test_argument(shape: str, command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    out = _setup(tmp_path, monkeypatch)
    suffix = ".txt" if command == "import" else ".xml"
    name = _name(shape, suffix)
    content = "第一段。\n".encode() if command == "import" else _text().encode()
    _make(shape, tmp_path / name if shape != "system" else Path("/nonexistent"), content)
    argv = {
        "check": ["check", name],
        "build": ["build", name, "-o", str(out), "--format", "html", "-j", "1"],
        "annotate": ["annotate", name, "-o", str(out / "annotated.xml"), "--glossary", "glossary.xml"],
        "import": ["import", name, "-o", str(out / "imported.xml")],
    }[command]
    before = _files(tmp_path)
    code, stdout, stderr = run_cli(*argv)
    if shape in ("not-utf8", "newline"):  # odd names of good files: the command works, messages quoted
        assert code == 0, stderr
        _no_forged_line(stderr)
    else:
        assert code == 1
        _one_line(stderr, name, SAYS[shape])
        assert _files(tmp_path) == before
    assert _temps(tmp_path) == []


# --- a pointer in a text, the gl: prefix, --glossary ----------------------------------------------


def _translation(pointer: str) -> str:
    """A translation file whose counterparts are in ``pointer`` (corresp="POINTER#zh-p1")."""
    body = (
        '<div type="translation" xml:lang="en">\n'
        f'        <p xml:id="en-p1" corresp="{pointer}#zh-p1"><s xml:id="en-p1-s1">Putin attended.</s></p>\n'
        "      </div>"
    )
    return re.sub(r'<div type="original".*?</div>\s*<div type="translation".*?</div>', body, _text(), flags=re.S)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("command", ["check", "build"])
def test_pointer(shape: str, command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    out = _setup(tmp_path, monkeypatch)
    name = _name(shape)
    _make(shape, tmp_path / name if shape != "system" else Path("/nonexistent"), _text().encode())
    text = tmp_path / "translation.xml"
    text.write_bytes(_translation(name.replace("\n", "&#10;")).encode("utf-8", "surrogateescape"))
    argv = (
        ["check", str(text)]
        if command == "check"
        else ["build", str(text), "-o", str(out), "-j", "1", "--format", "html"]
    )
    before = _files(tmp_path)
    code, _, stderr = run_cli(*argv)
    assert "Traceback" not in stderr
    if shape in ("not-utf8", "newline"):
        _no_forged_line(stderr)  # such a name cannot be written in XML (not UTF-8) or is not .xml-local
    else:
        assert code == 1, stderr
        problems = [line for line in stderr.splitlines() if not line.endswith("(notice)")]
        assert len(problems) == 1, stderr
        assert problems[0].startswith((str(text), quote(str(tmp_path / name)), quote(name))), problems
        assert _files(tmp_path) == before
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("command", ["check", "build", "annotate"])
def test_prefix(shape: str, command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    out = _setup(tmp_path, monkeypatch)
    name = _name(shape)
    _make(shape, tmp_path / name if shape != "system" else Path("/nonexistent"), GLOSSARY)
    text = tmp_path / "text.xml"
    text.write_bytes(_text(name.replace("\n", "&#10;")).encode("utf-8", "surrogateescape"))
    argv = {
        "check": ["check", str(text)],
        "build": ["build", str(text), "-o", str(out), "-j", "1", "--format", "html"],
        "annotate": ["annotate", str(text), "-o", str(out / "annotated.xml")],
    }[command]
    before = _files(tmp_path)
    code, _, stderr = run_cli(*argv)
    if shape in ("not-utf8", "newline"):
        assert "Traceback" not in stderr
        _no_forged_line(stderr)
    else:
        assert code == 1, stderr
        problems = [line for line in stderr.splitlines() if not line.endswith("(notice)")]
        assert len(problems) == 1 and problems[0].startswith(str(text)), stderr
        if shape == "system":
            assert "a glossary must be a relative .xml path" in problems[0]
            assert "root:" not in problems[0]  # nothing of /etc/passwd is shown
        assert _files(tmp_path) == before
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("command", ["build", "annotate", "lookup", "export"])
def test_glossary_option(shape: str, command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    out = _setup(tmp_path, monkeypatch)
    name = _name(shape)
    _make(shape, tmp_path / name if shape != "system" else Path("/nonexistent"), GLOSSARY)
    text = tmp_path / "text.xml"
    text.write_text(_text(), encoding="utf-8")
    argv = {
        "build": ["build", str(text), "-o", str(out), "-j", "1", "--format", "html", "--glossary", name],
        "annotate": ["annotate", str(text), "-o", str(out / "annotated.xml"), "--glossary", name],
        "lookup": ["glossary", "lookup", "普丁", "--glossary", name],
        "export": ["glossary", "export", "--format", "csv", "-o", str(out / "g.csv"), "--glossary", name],
    }[command]
    before = _files(tmp_path)
    code, stdout, stderr = run_cli(*argv)
    assert "Traceback" not in stderr
    if shape in ("not-utf8", "newline"):
        assert code == 0, stderr
        _no_forged_line(stderr)
    else:
        assert code == 1, stderr
        problems = [line for line in stderr.splitlines() if not line.endswith("(notice)")]
        assert len(problems) == 1, stderr
        assert quote(name) in problems[0] or problems[0].startswith(str(text)), problems
        assert _files(tmp_path) == before
    assert _temps(tmp_path) == []


# --- the build's own files: the manifest, a cache file, an input the manifest lists ---------------


def _build(text: Path, out: Path, run_cli) -> tuple[int, str]:
    code, _, stderr = run_cli("build", str(text), "-o", str(out), "-j", "1", "--format", "html")
    return code, stderr


@pytest.mark.parametrize("shape", ["fifo", "zero", "directory"])
def test_manifest_replaced(shape: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    """The manifest is never read (the build rebuilds) and never replaced (one line, exit 1)."""
    out = _setup(tmp_path, monkeypatch)
    text = tmp_path / "text.xml"
    text.write_text(_text(), encoding="utf-8")
    manifest = out / ".reader-build.json"
    _make(shape, manifest, b"")
    code, stderr = _build(text, out, run_cli)
    assert code == 1
    says = {"fifo": "FIFO", "zero": "symbolic link", "directory": "directory"}[shape]
    _one_line(stderr.replace(f"wrote {out / 'text.html'}\n", ""), str(manifest), says)
    assert (out / "text.html").is_file()
    assert not stat.S_ISREG(os.lstat(manifest).st_mode)  # still what it was
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("shape", ["fifo", "zero", "directory"])
def test_cache_file_replaced(shape: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    """A text-cache file is only a cache: never read, never replaced, and the build succeeds."""
    out = _setup(tmp_path, monkeypatch)
    text = tmp_path / "text.xml"
    text.write_text(_text(), encoding="utf-8")
    code, stderr = _build(text, out, run_cli)
    assert code == 0, stderr
    expected = (out / "text.html").read_bytes()
    caches = list((out / ".reader-cache").iterdir())
    assert caches
    for cache in caches:
        cache.unlink()
        _make(shape, cache, b"")
    code, stderr = run_cli("build", str(text), "-o", str(out), "-j", "1", "--format", "html", "--force")[::2]
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert (out / "text.html").read_bytes() == expected
    assert all(not stat.S_ISREG(os.lstat(c).st_mode) for c in caches)
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("listed", ["/dev/zero", "fifo.xml", "/proc/self/environ"])
def test_input_listed_in_the_manifest(listed: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    """A manifest that lists /dev/zero or a FIFO as an input: judged unchanged-or-not without reading it."""
    out = _setup(tmp_path, monkeypatch)
    text = tmp_path / "text.xml"
    text.write_text(_text(), encoding="utf-8")
    code, stderr = _build(text, out, run_cli)
    assert code == 0, stderr
    if listed == "fifo.xml":
        os.mkfifo(tmp_path / listed)
        listed = str(tmp_path / listed)
    manifest = out / ".reader-build.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for entry in data["outputs"].values():
        entry["inputs"][listed] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    code, stderr = _build(text, out, run_cli)  # the listed input "changed" (unreadable): rebuild
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert _temps(tmp_path) == []


def test_a_fifo_among_several_texts(tmp_path: Path, run_cli, monkeypatch) -> None:
    """``reader build`` of texts/ holding a FIFO and a symlink to /dev/zero: the good text builds."""
    out = _setup(tmp_path, monkeypatch)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "good.xml").write_text(_text("../glossary.xml"), encoding="utf-8")
    os.mkfifo(texts / "fifo.xml")
    (texts / "zero.xml").symlink_to("/dev/zero")
    code, _, stderr = run_cli("build", "-o", str(out), "-j", "1", "--format", "html")
    assert code == 1
    assert sorted(line for line in stderr.splitlines() if not line.startswith("wrote")) == [
        f"{Path('texts') / 'fifo.xml'}: is a FIFO (named pipe), not a regular file",
        f"{Path('texts') / 'zero.xml'}: is a device, not a regular file",
    ]
    assert (out / "good.html").is_file()
    assert _temps(tmp_path) == []


def test_a_long_file_stem_fits_beside_its_temporary_file(tmp_path: Path, run_cli, monkeypatch) -> None:
    """A 250-character stem: the temporary name used to add a prefix and fail with "File name too long"."""
    _setup(tmp_path, monkeypatch)
    src = tmp_path / "a.txt"
    src.write_text("第一段。\n", encoding="utf-8")
    target = tmp_path / ("x" * 250 + ".xml")
    code, _, stderr = run_cli("import", str(src), "-o", str(target))
    assert code == 0, stderr
    assert target.is_file() and _temps(tmp_path) == []


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_translation_chain_does_not_reach_a_system_file(command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    """A translation points into an original whose gl: prefix names /etc/hostname: refused, never opened."""
    from reader.runtime import safeio

    out = _setup(tmp_path, monkeypatch)
    (tmp_path / "orig.xml").write_text(_text("/etc/hostname"), encoding="utf-8")
    text = tmp_path / "translation.xml"
    text.write_text(_translation("orig.xml").replace('replacementPattern="glossary.xml#$1"', ""), encoding="utf-8")
    text.write_text(re.sub(r"<listPrefixDef>.*?</listPrefixDef>", "", text.read_text("utf-8"), flags=re.S), "utf-8")
    opened: list[str] = []
    real_open = os.open

    def recording(path, flags, *args):  # type: ignore[no-untyped-def]
        opened.append(os.fsdecode(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(safeio.os, "open", recording)
    argv = (
        ["check", str(text)]
        if command == "check"
        else ["build", str(text), "-o", str(out), "-j", "1", "--format", "html"]
    )
    code, _, stderr = run_cli(*argv)
    assert code == 1
    problems = [line for line in stderr.splitlines() if not line.endswith("(notice)")]
    assert problems == [
        f"{tmp_path / 'orig.xml'}:14:1: the gl: prefix points at '/etc/hostname': a glossary must be a relative .xml path"
    ]
    assert "/etc/hostname" not in opened and str(tmp_path / "orig.xml") in opened
    assert _temps(tmp_path) == []
