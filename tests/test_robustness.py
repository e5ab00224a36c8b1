"""Issue #19, the failures that are not one bad input file: outputs that are devices, FIFOs or
symlinks; ``-o -``; a forged text cache; file names that are not UTF-8; caps on what import writes;
Markdown code blocks; annotate's glossary; ``<!DOCTYPE`` inside a comment.

(Signals and worker processes: tests/test_signals.py. The same hostile path at every place a path
enters: tests/test_hostile_paths.py.)
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from reader.errors import quote

HERE = Path(__file__).resolve().parent / "bad_inputs"
GOOD_TEXT = HERE / "good.xml"
GOOD_GLOSSARY = HERE / "glossary.xml"


def _temps(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*.tmp")]


# --- 1. outputs never replace a device, a FIFO or a symlink; "-" is standard output ----------------


def _target(kind: str, tmp: Path) -> Path:
    path = tmp / f"target-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        (tmp / "elsewhere.txt").write_bytes(b"not to be replaced\n")
        path.symlink_to(tmp / "elsewhere.txt")
    elif kind == "symlink-to-dev-null":
        path.symlink_to("/dev/null")
    elif kind == "device":  # a character device of our own (root can mknod), the same as /dev/null
        if os.geteuid() != 0:
            pytest.skip("mknod needs root (the suite runs as root in CI)")
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    elif kind == "directory":
        path.mkdir()
    return path


KINDS = ["fifo", "symlink", "symlink-to-dev-null", "device", "directory"]
WHAT = {
    "fifo": "a FIFO (named pipe)",
    "symlink": "a symbolic link",
    "symlink-to-dev-null": "a symbolic link",
    "device": "a device",
    "directory": "a directory",
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["import", "annotate", "report", "export"])
def test_an_output_that_is_not_a_regular_file_is_refused(kind: str, command: str, tmp_path: Path, run_cli) -> None:
    target = _target(kind, tmp_path)
    before = os.lstat(target)
    src = tmp_path / "a.txt"
    src.write_text("第一段。\n", encoding="utf-8")
    argv = {
        "import": ["import", str(src), "-o", str(target)],
        "annotate": ["annotate", str(src), "-o", str(target), "--glossary", str(GOOD_GLOSSARY)],
        "report": [
            "annotate",
            str(src),
            "-o",
            str(tmp_path / "ok.xml"),
            "--report",
            str(target),
            "--glossary",
            str(GOOD_GLOSSARY),
        ],
        "export": ["glossary", "export", "--format", "csv", "-o", str(target), "--glossary", str(GOOD_GLOSSARY)],
    }[command]
    code, stdout, stderr = run_cli(*argv)
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [f"{target}: is {WHAT[kind]}, not a regular file: reader replaces only regular files"]
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)
    assert not (tmp_path / "ok.xml").exists()  # refused before any work
    if kind == "symlink":
        assert (tmp_path / "elsewhere.txt").read_bytes() == b"not to be replaced\n"
    assert _temps(tmp_path) == []


def test_dev_null_itself_is_never_replaced(tmp_path: Path, run_cli) -> None:
    """The reported case: ``reader import … -o /dev/null`` as root replaced /dev/null with a file."""
    src = tmp_path / "a.txt"
    src.write_text("第一段。\n", encoding="utf-8")
    for target in ("/dev/null", "/dev/stdout"):
        before = os.lstat(target)
        code, _, stderr = run_cli("import", str(src), "-o", target)
        assert code == 1 and len(stderr.splitlines()) == 1 and "not a regular file" in stderr
        assert os.lstat(target).st_mode == before.st_mode and os.lstat(target).st_ino == before.st_ino


def test_build_never_replaces_an_output_that_is_a_symlink(tmp_path: Path, run_cli) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "secret").write_bytes(b"keep\n")
    (out / "good.html").symlink_to(tmp_path / "secret")
    code, _, stderr = run_cli("build", str(GOOD_TEXT), "-o", str(out), "--format", "html", "-j", "1")
    assert code == 1
    assert stderr.splitlines() == [
        f"{out / 'good.html'}: is a symbolic link, not a regular file: reader replaces only regular files"
    ]
    assert (out / "good.html").is_symlink() and (tmp_path / "secret").read_bytes() == b"keep\n"
    assert _temps(tmp_path) == []


@pytest.mark.parametrize("command", ["import", "annotate", "report", "export"])
def test_dash_is_standard_output(command: str, tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "a.txt"
    src.write_text("普丁出席。\n", encoding="utf-8")
    argv = {
        "import": ["import", str(src), "-o", "-"],
        "annotate": ["annotate", str(src), "-o", "-", "--glossary", str(GOOD_GLOSSARY)],
        "report": ["annotate", str(src), "-o", "x.xml", "--report", "-", "--glossary", str(GOOD_GLOSSARY)],
        "export": ["glossary", "export", "--format", "json", "-o", "-", "--glossary", str(GOOD_GLOSSARY)],
    }[command]
    code, stdout, stderr = run_cli(*argv)
    assert code == 0, stderr
    assert not (tmp_path / "-").exists()
    if command in ("import", "annotate"):
        assert stdout.startswith("<?xml") and "</TEI>" in stdout
    else:
        assert json.loads(stdout)


def test_report_and_tei_cannot_both_be_standard_output(tmp_path: Path, run_cli) -> None:
    src = tmp_path / "a.txt"
    src.write_text("第一段。\n", encoding="utf-8")
    code, stdout, stderr = run_cli("annotate", str(src), "--report", "-", "--glossary", str(GOOD_GLOSSARY))
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [f"{src}: --report - and the TEI cannot both go to standard output: give -o OUT.xml"]


# --- 9. the text cache is authenticated; --force does not read it ------------------------------


def _forge(cache: Path) -> None:
    """Rewrite a cache file's tables as an attacker would: the right key, forged answers."""
    data = json.loads(cache.read_text(encoding="utf-8"))
    for table in data["tables"].values():
        for k in table:
            if isinstance(table[k], str):
                table[k] = "FORGED" + table[k]
            elif isinstance(table[k], list):
                table[k] = ["forged"] * len(table[k])
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("force", [False, True])
def test_a_forged_text_cache_is_not_used(force: bool, tmp_path: Path, run_cli) -> None:
    out = tmp_path / "out"
    argv = ["build", str(GOOD_TEXT), "-o", str(out), "--format", "html", "-j", "1"]
    code, _, stderr = run_cli(*argv)
    assert code == 0, stderr
    honest = (out / "good.html").read_bytes()
    caches = list((out / ".reader-cache").glob("*.json"))
    assert caches
    for cache in caches:
        _forge(cache)
    (out / "good.html").unlink()  # so that the build runs again without --force too
    code, _, stderr = run_cli(*argv, *(["--force"] if force else []))
    assert code == 0, stderr
    page = (out / "good.html").read_bytes()
    assert b"FORGED" not in page and b"forged" not in page
    assert page == honest


def test_a_cache_that_verifies_is_used(tmp_path: Path, monkeypatch) -> None:
    """The authentication does not cost the cache its purpose: a warm cache answers without computing."""
    from reader.text import textcache

    path = tmp_path / "c.json"
    with textcache.session(path):
        assert textcache.lookup("t", "k", lambda: "computed", lambda k, v: True) == "computed"
    with textcache.session(path):
        assert textcache.lookup("t", "k", lambda: "again", lambda k, v: True) == "computed"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["t"]["k"] = "forged"
    path.write_text(json.dumps(data), encoding="utf-8")
    with textcache.session(path):
        assert textcache.lookup("t", "k", lambda: "recomputed", lambda k, v: True) == "recomputed"


# --- 7. names that are not UTF-8 ----------------------------------------------------------------


def test_build_records_a_text_whose_name_is_not_utf8(tmp_path: Path, run_cli, monkeypatch) -> None:
    """Manifest.save crashed after the outputs were written; a second build must find them current."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary.xml").write_bytes(GOOD_GLOSSARY.read_bytes())
    name = os.fsdecode(b"caf\xe9.xml")
    (tmp_path / name).write_bytes(GOOD_TEXT.read_bytes())
    code, _, stderr = run_cli("build", name, "-o", "out", "--format", "html", "-j", "1")
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines() == ["wrote " + quote(os.path.join("out", os.fsdecode(b"caf\xe9.html")))]
    assert stderr.splitlines() == ["wrote 'out/caf\\udce9.html'"]
    code, _, stderr = run_cli("build", name, "-o", "out", "--format", "html", "-j", "1")
    assert (code, stderr.splitlines()) == (0, ["reader build: 1 up to date (--force rebuilds)"])


# --- 3. what import writes stays within the caps reader reads with -----------------------------


def test_import_refuses_a_text_whose_tei_would_pass_the_cap_before_building_it(tmp_path: Path, run_cli) -> None:
    """20 MB of short sentences took 4.4 GB and wrote a 188 MB TEI file that check then refused."""
    from reader.runtime.safeio import MAX_BYTES

    src = tmp_path / "short.txt"
    sentence = "一二三。".encode()
    src.write_bytes((sentence * 20 + b"\n\n") * (MAX_BYTES // 2 // (len(sentence) * 20 + 2)))
    assert src.stat().st_size < MAX_BYTES
    code, _, stderr = run_cli("import", str(src), "-o", str(tmp_path / "short.xml"))
    assert code == 1
    [line] = stderr.splitlines()
    assert line.startswith(f"{src}: its TEI would be at least ") and line.endswith(
        f"bytes, over the {MAX_BYTES}-byte limit that reader check and build apply to a text: split it into several files"
    )
    assert not (tmp_path / "short.xml").exists() and _temps(tmp_path) == []


def test_no_tei_over_the_cap_is_written(tmp_path: Path, monkeypatch) -> None:
    from reader.app.output import write_output
    from reader.errors import OutputError

    target = tmp_path / "big.xml"
    with pytest.raises(OutputError) as info:
        write_output(target, b"x" * 101, limit=100)
    assert str(info.value).startswith(f"{target}: the TEI would be 101 bytes, over the 100-byte limit")
    assert not target.exists()


# --- 13. smaller ones -----------------------------------------------------------------------------


def test_markdown_code_blocks_are_kept(tmp_path: Path, run_cli) -> None:
    """An indented paragraph (a code block to Markdown) was dropped while the header said nothing changed."""
    src = tmp_path / "a.md"
    src.write_text(
        "# 標題\n\n第一段。\n\n    縮進的第二段，\n    接着寫。\n\n```\n圍起來的第三段。\n```\n", encoding="utf-8"
    )
    out = tmp_path / "a.xml"
    code, _, stderr = run_cli("import", str(src), "-o", str(out))
    assert code == 0, stderr
    tei = out.read_text(encoding="utf-8")
    assert "縮進的第二段，接着寫。" in tei and "圍起來的第三段。" in tei
    assert "no characters were changed" in tei


def test_annotate_uses_the_texts_own_glossary_or_says_it_is_missing(tmp_path: Path, run_cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "glossary.xml").write_bytes(GOOD_GLOSSARY.read_bytes())  # the default
    text = tmp_path / "text.xml"
    text.write_bytes(
        GOOD_TEXT.read_bytes().replace(b'replacementPattern="glossary.xml', b'replacementPattern="missing.xml')
    )
    code, stdout, stderr = run_cli("annotate", str(text), "-o", str(tmp_path / "out.xml"))
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        f"{text}:1:1: the gl: prefix points at '{tmp_path / 'missing.xml'}', which does not exist"
    ]
    code, _, check_err = run_cli("check", str(text))
    assert code == 1 and check_err.splitlines() == stderr.splitlines()  # as check says it
    assert not (tmp_path / "out.xml").exists()


@pytest.mark.parametrize(
    "hidden",
    [
        "<!-- an old note: <!DOCTYPE TEI> is not used here -->",
        "<?note <!DOCTYPE TEI> ?>",
    ],
)
def test_doctype_inside_a_comment_or_pi_is_not_a_doctype(hidden: str, tmp_path: Path, run_cli) -> None:
    text = tmp_path / "good.xml"
    text.write_text(GOOD_TEXT.read_text(encoding="utf-8").replace("<TEI ", hidden + "\n<TEI ", 1), encoding="utf-8")
    (tmp_path / "glossary.xml").write_bytes(GOOD_GLOSSARY.read_bytes())
    code, _, stderr = run_cli("check", str(text))
    assert code == 0, stderr


def test_doctype_inside_cdata_is_not_a_doctype(tmp_path: Path, run_cli) -> None:
    text = tmp_path / "good.xml"
    body = GOOD_TEXT.read_text(encoding="utf-8").replace("出席。", "出席。<![CDATA[<!DOCTYPE x>]]>", 1)
    text.write_text(body, encoding="utf-8")
    (tmp_path / "glossary.xml").write_bytes(GOOD_GLOSSARY.read_bytes())
    code, _, stderr = run_cli("check", str(text))
    assert code == 0, stderr


def test_a_real_doctype_after_a_comment_is_still_refused(tmp_path: Path, run_cli) -> None:
    text = tmp_path / "bad.xml"
    body = GOOD_TEXT.read_text(encoding="utf-8")
    text.write_text(body.replace("<TEI ", "<!-- a comment -->\n<!DOCTYPE TEI>\n<TEI ", 1), encoding="utf-8")
    code, _, stderr = run_cli("check", str(text))
    assert (code, stderr.splitlines()) == (
        1,
        [f"{text}:3:1: DOCTYPE declarations are not allowed (no DTDs or entities)"],
    )
