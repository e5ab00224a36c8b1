"""Issue #8: every bad input gets one clear line, exit 1, no traceback, and nothing is lost.

The cases and their expected lines are data, in ``tests/bad_inputs/cases.toml``; one parametrized
test runs each case through each command that applies. Before every run the output directory holds
"previous good outputs"; afterwards they must be byte-for-byte the same and nothing else may have
appeared (no temporary file left behind).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from reader.readers.tei.parse import MAX_BYTES

HERE = Path(__file__).resolve().parent / "bad_inputs"
CASES: list[dict[str, Any]] = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]
GOOD_TEXT = HERE / "good.xml"
GOOD_GLOSSARY = HERE / "glossary.xml"
MANIFEST = ".reader-build.json"  # build's own record of what is current; rewriting it is not a loss
TEXT_CACHE = ".reader-cache"  # memoised readings and conversions (reader.text.textcache): not an output


def _make(kind: str, tmp: Path) -> Path:
    """Fixtures that cannot be committed: too big, or not regular files."""
    if kind == "oversize":
        path = tmp / "oversize.xml"
        good = GOOD_TEXT.read_bytes()
        pad = MAX_BYTES + 1 - len(good)
        marker = b"</TEI>"
        head, _, _ = good.rpartition(marker)
        filler = b"<!--" + b"x" * (pad - 7) + b"-->"
        path.write_bytes(head + filler + marker + good.rpartition(marker)[2])
        assert path.stat().st_size == MAX_BYTES + 1
        return path
    if kind == "oversize-txt":
        path = tmp / "oversize.txt"
        path.write_bytes("一段很長的文字。\n".encode() * (MAX_BYTES // 25 + 1))
        assert path.stat().st_size > MAX_BYTES
        return path
    if kind == "directory":
        path = tmp / "a-directory.xml"
        path.mkdir()
        return path
    if kind == "fifo":
        path = tmp / "a-fifo.xml"
        os.mkfifo(path)
        return path
    if kind == "zero-link":
        path = tmp / "zero.xml"
        path.symlink_to("/dev/zero")
        return path
    raise AssertionError(f"unknown fixture maker {kind!r}")


def _argv(command: str, role: str, inp: Path, out: Path) -> list[str]:
    text, glossary = (GOOD_TEXT, inp) if role == "glossary" else (inp, None)
    if command == "check":
        return ["check", str(inp)]
    if command == "build":
        extra = ["--glossary", str(glossary)] if glossary else []
        return ["build", str(text), "-o", str(out), "--format", "html,pdf", "-j", "1", *extra]
    if command == "annotate":
        return ["annotate", str(text), "-o", str(out / "annotated.xml"), "--glossary", str(glossary or GOOD_GLOSSARY)]
    if command == "import":
        return ["import", str(inp), "-o", str(out / "imported.xml")]
    raise AssertionError(f"unknown command {command!r}")


def _previous_outputs(out: Path, stem: str) -> dict[str, bytes]:
    """Plant good outputs from an earlier run where this run would write."""
    out.mkdir()
    planted = {}
    for name in (f"{stem}.html", f"{stem}.pdf", "good.html", "good.pdf", "annotated.xml", "imported.xml"):
        data = f"previous good output: {name}\n".encode()
        (out / name).write_bytes(data)
        planted[name] = data
    return planted


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name not in (MANIFEST, TEXT_CACHE)}


PARAMS = [
    pytest.param(case, command, id=f"{command}-{case.get('input') or case['make']}")
    for case in CASES
    for command in case["commands"]
]


@pytest.mark.parametrize(("case", "command"), PARAMS)
def test_bad_input(case: dict[str, Any], command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # no texts/ or glossary/ here: only the named inputs count
    inp = _make(case["make"], tmp_path) if "make" in case else HERE / case["input"]
    out = tmp_path / "out"
    before = _previous_outputs(out, inp.stem)
    code, stdout, stderr = run_cli(*_argv(command, case.get("role", "text"), inp, out))
    size = inp.stat().st_size if inp.is_file() else 0
    expected = case.get(f"expected_{command}", case["expected"]).format(input=inp, max=MAX_BYTES, size=size)
    problems = [line for line in stderr.splitlines() if not line.endswith("(notice)")]
    assert problems == [expected], stderr
    assert code == 1
    assert "Traceback" not in stderr
    assert stdout == ""
    assert _snapshot(out) == before  # old outputs intact byte for byte, no temporary file left


def test_every_fixture_is_a_case() -> None:
    """A fixture without a case (or a case without its fixture) is a mistake in this directory."""
    named = {c["input"] for c in CASES if "input" in c}
    support = {"good.xml", "glossary.xml", "evil.dtd", "secret.txt", "cases.toml", "hostile"}
    present = {p.name for p in HERE.iterdir()}
    assert named <= present
    assert present - support == named


def test_good_fixture_builds(tmp_path: Path, run_cli) -> None:
    """The base the bad cases are cut from is itself good: the failures are the edits', not its."""
    code, _, stderr = run_cli("check", str(GOOD_TEXT), str(GOOD_GLOSSARY))
    assert code == 0, stderr
    code, _, stderr = run_cli("build", str(GOOD_TEXT), "-o", str(tmp_path), "--format", "html", "-j", "1")
    assert code == 0, stderr
    assert (tmp_path / "good.html").is_file()


# --- files: outputs that cannot be written, builds that fail midway, inputs that cannot be read ----


def test_output_directory_under_a_regular_file(tmp_path: Path, run_cli) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_bytes(b"a regular file where a directory would go\n")
    out = blocker / "build"
    code, _, stderr = run_cli("build", str(GOOD_TEXT), "-o", str(out), "--format", "html", "-j", "1")
    assert code == 1
    assert stderr.splitlines() == [f"{out}: cannot create the output directory: {str(blocker)!r} is a file"]
    assert blocker.read_bytes() == b"a regular file where a directory would go\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_output_directory_is_a_regular_file(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "build"
    out.write_bytes(b"not a directory\n")
    code, _, stderr = run_cli("build", str(GOOD_TEXT), "-o", str(out), "--format", "html", "-j", "1")
    assert (code, stderr.splitlines()) == (1, [f"{out}: the output directory is a file, not a directory"])
    assert out.read_bytes() == b"not a directory\n"


def _good_build(tmp_path: Path, run_cli) -> tuple[Path, Path, dict[str, bytes]]:
    """A real HTML and PDF build of a copy of good.xml; returns (text, outdir, outputs)."""
    text = tmp_path / "good.xml"
    text.write_bytes(GOOD_TEXT.read_bytes().replace(b'replacementPattern="glossary.xml', b'replacementPattern="g.xml'))
    (tmp_path / "g.xml").write_bytes(GOOD_GLOSSARY.read_bytes())
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", str(text), "-o", str(out), "-j", "1")
    assert code == 0, stderr
    outputs = _snapshot(out)
    assert set(outputs) == {"good.html", "good.pdf"}
    assert outputs["good.pdf"].startswith(b"%PDF")
    return text, out, outputs


def test_build_failing_midway_keeps_the_good_outputs(tmp_path: Path, run_cli, monkeypatch) -> None:
    """The HTML renders, then the PDF fails: neither old file changes and nothing is left over."""
    import reader.writers.pdf.render
    from reader.errors import OutputError

    text, out, before = _good_build(tmp_path, run_cli)
    text.write_bytes(text.read_bytes().replace(b"attended.", b"attended the summit."))

    def fail(*args: object, **kwargs: object) -> bytes:
        raise OutputError("the PDF renderer failed (simulated)", str(text))

    monkeypatch.setattr(reader.writers.pdf.render, "render_pdf", fail)
    code, _, stderr = run_cli("build", str(text), "-o", str(out), "-j", "1", "--force")
    assert (code, stderr.splitlines()) == (1, [f"{text}: the PDF renderer failed (simulated)"])
    assert _snapshot(out) == before


def test_build_of_a_text_broken_after_a_good_build_keeps_the_good_outputs(tmp_path: Path, run_cli) -> None:
    text, out, before = _good_build(tmp_path, run_cli)
    text.write_bytes(text.read_bytes()[:-200])  # cut off mid-element, as an interrupted copy would be
    code, _, stderr = run_cli("build", str(text), "-o", str(out), "-j", "1")
    assert code == 1
    assert len(stderr.splitlines()) == 1 and f"{text}:25:" in stderr and "not well-formed XML" in stderr
    assert _snapshot(out) == before


def test_disk_full_while_writing_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    import errno

    from reader.app import output
    from reader.errors import OutputError

    target = tmp_path / "edition.html"
    target.write_bytes(b"old and good\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as info:
        output.write_atomic(target, "new" * 1000)
    assert str(info.value) == f"{target}: cannot write the file: No space left on device"
    assert target.read_bytes() == b"old and good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["edition.html"]


def test_interrupt_while_writing_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    from reader.app import output

    target = tmp_path / "edition.pdf"
    target.write_bytes(b"old and good\n")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"old and good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["edition.pdf"]


def test_permission_denied_is_one_line(tmp_path: Path, run_cli, monkeypatch) -> None:
    """EACCES, simulated: the suite runs as root in CI, where chmod 000 does not stop reading.

    The honest unreadable inputs (a directory, a FIFO) are cases in cases.toml; this checks the
    mapping of a refused open to its message, which a non-root user meets with chmod 000.
    """
    import errno

    from reader.runtime import safeio

    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any) -> int:
        if Path(path) == GOOD_TEXT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(safeio.os, "open", refuse)
    for argv in (["check", str(GOOD_TEXT)], ["build", str(GOOD_TEXT), "-o", str(tmp_path / "o"), "-j", "1"]):
        code, _, stderr = run_cli(*argv)
        assert (code, stderr.splitlines()) == (1, [f"{GOOD_TEXT}: permission denied: cannot read the file"])
