"""Issue #19: SIGTERM and SIGHUP clean up like Ctrl-C, worker processes die with their parent, and
temporary files left by a killed process are swept by the next write.

Every run checks: one line on stderr, the exit status, no traceback, the old outputs byte for byte,
and no temporary file.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GOOD_TEXT = HERE / "bad_inputs" / "good.xml"
GOOD_GLOSSARY = HERE / "bad_inputs" / "glossary.xml"
READER = [sys.executable, "-m", "reader.app.cli"]


def _temp_files(root: Path) -> list[str]:
    return sorted(str(p) for p in root.rglob("*.tmp"))


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = (Path("/proc") / entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if fields[0] != "Z":
                kids.setdefault(int(fields[1]), []).append(int(entry))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for kid in kids.get(todo.pop(), []):
            if kid not in found:
                found.add(kid)
                todo.append(kid)
    return found


def _alive(pids: set[int]) -> set[int]:
    live = set()
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":
            live.add(pid)
    return live


def _long_text(tmp: Path) -> Path:
    """A text long enough for the PDF to be laid out in chunks, in worker processes."""
    rng = random.Random(19)
    chars = [chr(0x4E00 + 7 * i) for i in range(2000)]
    paras = ["".join(rng.choice(chars) for _ in range(250)) + "。" for _ in range(1200)]
    src = tmp / "long.txt"
    src.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    (tmp / "glossary").mkdir()
    (tmp / "glossary" / "glossary.xml").write_bytes(GOOD_GLOSSARY.read_bytes())
    out = tmp / "long.xml"
    proc = subprocess.run([*READER, "import", str(src), "-o", str(out)], cwd=tmp, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_pdf_workers_die_with_their_parent(tmp_path: Path, sig: signal.Signals) -> None:
    text = _long_text(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "long.pdf").write_bytes(b"previous good output\n")
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    argv = [*READER, "build", str(text), "--format", "pdf", "-j", "1", "-o", str(out), "--force"]
    parent = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
        workers = _children(parent.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the PDF was not laid out in worker processes"
    time.sleep(0.5)  # let them start laying out
    parent.send_signal(sig)
    code = parent.wait(timeout=60)
    stderr = parent.stderr.read() if parent.stderr else ""
    deadline = time.monotonic() + 20
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive(workers) == set(), f"workers outlived the parent after {sig.name}"
    if sig == signal.SIGTERM:
        assert code == 128 + signal.SIGTERM
        assert stderr.splitlines() == ["reader: terminated by SIGTERM"]
    else:
        assert code == -signal.SIGKILL
    assert "Traceback" not in stderr
    assert (out / "long.pdf").read_bytes() == b"previous good output\n"
    assert _temp_files(tmp_path) == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_term_and_hup_while_writing_keep_the_old_file(tmp_path: Path, run_cli, monkeypatch, sig) -> None:
    """The signal arrives while the new output is being written: the old one stays, no temp file."""
    from reader.app import output

    out = tmp_path / "out"
    out.mkdir()
    (out / "good.html").write_bytes(b"previous good output\n")
    real_fsync = os.fsync

    def signalled(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), sig)
        time.sleep(1)  # the handler runs here

    monkeypatch.setattr(output.os, "fsync", signalled)
    code, stdout, stderr = run_cli("build", str(GOOD_TEXT), "-o", str(out), "--format", "html", "-j", "1")
    assert (code, stdout, stderr.splitlines()) == (128 + sig, "", [f"reader: terminated by {sig.name}"])
    assert (out / "good.html").read_bytes() == b"previous good output\n"
    assert _temp_files(tmp_path) == []
    assert signal.getsignal(sig) is signal.SIG_DFL or callable(signal.getsignal(sig))  # restored


def test_term_of_a_parallel_build_ends_its_workers(tmp_path: Path) -> None:
    """``reader build -j 2`` of several long texts: SIGTERM ends the workers now, not after their text."""
    text = _long_text(tmp_path)
    texts = [text]
    for i in range(3):
        copy = tmp_path / f"long{i}.xml"
        copy.write_bytes(text.read_bytes())
        texts.append(copy)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
    argv = [*READER, "build", *map(str, texts), "--format", "html,pdf", "-j", "2", "-o", str(out)]
    parent = subprocess.Popen(argv, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
        workers = _children(parent.pid)
        time.sleep(0.05)
    assert len(workers) >= 2
    time.sleep(1)
    parent.send_signal(signal.SIGTERM)
    code = parent.wait(timeout=60)
    stderr = parent.stderr.read() if parent.stderr else ""
    deadline = time.monotonic() + 20
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive(workers) == set()
    assert code == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "reader: terminated by SIGTERM"
    assert _temp_files(tmp_path) == []


def test_stale_temporary_files_are_swept_by_the_next_write(tmp_path: Path, run_cli) -> None:
    """A process killed by SIGKILL leaves its temporary file; the next write beside it removes it."""
    out = tmp_path / "out"
    out.mkdir()
    dead = _dead_pid()
    stale = out / f".reader-tmp-{dead}-abc123.tmp"  # ours, from a process that is gone
    stale.write_bytes(b"half an output")
    old_style = out / ".good.html.k2j4h5g6.tmp"  # the pattern before issue #19, mode 0600
    old_style.write_bytes(b"half an output")
    old_style.chmod(0o600)
    live = out / f".reader-tmp-{os.getppid()}-def456.tmp"  # a live process's: still being written
    live.write_bytes(b"in progress")
    mine = out / ".my-notes.tmp"  # not ours
    mine.write_bytes(b"keep")
    code, _, stderr = run_cli("build", str(GOOD_TEXT), "-o", str(out), "--format", "html", "-j", "1")
    assert code == 0, stderr
    assert not stale.exists() and not old_style.exists()
    assert live.read_bytes() == b"in progress" and mine.read_bytes() == b"keep"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid
