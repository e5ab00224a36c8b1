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

from reader.tei.parse import MAX_BYTES

HERE = Path(__file__).resolve().parent / "bad_inputs"
CASES: list[dict[str, Any]] = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]
GOOD_TEXT = HERE / "good.xml"
GOOD_GLOSSARY = HERE / "glossary.xml"
MANIFEST = ".reader-build.json"  # build's own record of what is current; rewriting it is not a loss


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
    if kind == "directory":
        path = tmp / "a-directory.xml"
        path.mkdir()
        return path
    if kind == "fifo":
        path = tmp / "a-fifo.xml"
        os.mkfifo(path)
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
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name != MANIFEST}


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
    expected = case["expected"].format(input=inp, max=MAX_BYTES, size=size)
    problems = [line for line in stderr.splitlines() if not line.endswith("(notice)")]
    assert problems == [expected], stderr
    assert code == 1
    assert "Traceback" not in stderr
    assert stdout == ""
    assert _snapshot(out) == before  # old outputs intact byte for byte, no temporary file left


def test_every_fixture_is_a_case() -> None:
    """A fixture without a case (or a case without its fixture) is a mistake in this directory."""
    named = {c["input"] for c in CASES if "input" in c}
    support = {"good.xml", "glossary.xml", "evil.dtd", "secret.txt", "cases.toml"}
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
