"""``reader build``: incremental (content hashes in a manifest), parallel, failure isolation, and the
HTML path's imports."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from reader.app import incremental
from reader.app.build import Progress, TaskResult, resolve_inputs
from reader.app.incremental import MANIFEST, Manifest

TEI = "http://www.tei-c.org/ns/1.0"


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A project directory with texts/a.xml (the mini fixture) and the glossary its prefix names."""
    (tmp_path / "texts" / "glossary").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "mini.xml", tmp_path / "texts" / "a.xml")
    shutil.copyfile(FIXTURES / "glossary" / "glossary.xml", tmp_path / "texts" / "glossary" / "glossary.xml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def wrote(err: str) -> list[str]:
    return sorted(line.removeprefix("wrote ") for line in err.splitlines() if line.startswith("wrote "))


def build(run_cli, *extra: str) -> tuple[int, str]:
    code, _, err = run_cli("build", "--format", "html", "-o", "out", "-j", "1", *extra)
    return code, err


def stamp(path: Path) -> int:
    return path.stat().st_mtime_ns


def test_second_build_writes_nothing(project, run_cli):
    code, err = build(run_cli)
    assert code == 0, err
    assert wrote(err) == ["out/a.html"]
    before = stamp(project / "out" / "a.html")
    code, err = build(run_cli)
    assert code == 0, err
    assert wrote(err) == []
    assert "1 up to date" in err
    assert stamp(project / "out" / "a.html") == before
    manifest = json.loads((project / "out" / MANIFEST).read_text())
    entry = manifest["outputs"]["a.html"]
    assert entry["text"] == str((project / "texts" / "a.xml").resolve())
    assert str((project / "texts" / "glossary" / "glossary.xml").resolve()) in entry["inputs"]


def test_changing_the_text_or_the_glossary_rebuilds(project, run_cli):
    build(run_cli)
    with (project / "texts" / "glossary" / "glossary.xml").open("a") as fh:
        fh.write("<!-- a new entry would go here -->\n")
    code, err = build(run_cli)
    assert code == 0 and wrote(err) == ["out/a.html"], err
    assert wrote(build(run_cli)[1]) == []
    with (project / "texts" / "a.xml").open("a") as fh:
        fh.write("<!-- edited -->\n")
    assert wrote(build(run_cli)[1]) == ["out/a.html"]


def test_touching_without_changing_does_not_rebuild(project, run_cli):
    build(run_cli)
    os.utime(project / "texts" / "a.xml")  # a new mtime, same content: judged by content
    assert wrote(build(run_cli)[1]) == []


def test_changing_an_option_or_forcing_rebuilds(project, run_cli):
    build(run_cli)
    other = project / "other-glossary.xml"
    shutil.copyfile(project / "texts" / "glossary" / "glossary.xml", other)
    assert wrote(build(run_cli, "--glossary", str(other))[1]) == ["out/a.html"]
    assert wrote(build(run_cli, "--glossary", str(other))[1]) == []
    assert wrote(build(run_cli, "--glossary", str(other), "--force")[1]) == ["out/a.html"]


def test_changing_a_template_rebuilds(project, run_cli, monkeypatch):
    from reader import resources

    copy = project / "templates"
    shutil.copytree(resources.templates_dir(), copy)
    monkeypatch.setattr(resources, "templates_dir", lambda: copy)
    incremental.tool_digest.cache_clear()
    try:
        build(run_cli)
        assert wrote(build(run_cli)[1]) == []
        template = next(p for p in sorted(copy.rglob("*.j2")))
        template.write_text(template.read_text() + "{# changed #}\n")
        incremental.tool_digest.cache_clear()
        assert wrote(build(run_cli)[1]) == ["out/a.html"]
    finally:
        incremental.tool_digest.cache_clear()


def test_a_deleted_or_edited_output_is_rebuilt(project, run_cli):
    build(run_cli)
    (project / "out" / "a.html").write_text("scribbled over")
    assert wrote(build(run_cli)[1]) == ["out/a.html"]
    (project / "out" / "a.html").unlink()
    assert wrote(build(run_cli)[1]) == ["out/a.html"]
    assert "scribbled" not in (project / "out" / "a.html").read_text()


def test_a_corrupt_manifest_means_a_full_rebuild(project, run_cli):
    build(run_cli)
    (project / "out" / MANIFEST).write_text("{not json")
    code, err = build(run_cli)
    assert code == 0 and wrote(err) == ["out/a.html"]
    assert Manifest.load(project / "out").entries.keys() == {"a.html"}


def test_a_failing_text_does_not_stop_the_others(project, run_cli):
    shutil.copyfile(project / "texts" / "a.xml", project / "texts" / "c.xml")
    (project / "texts" / "b.xml").write_text("<TEI><unclosed></TEI>\n")
    code, err = build(run_cli)
    assert code == 1
    assert wrote(err) == ["out/a.html", "out/c.html"]
    problems = [line for line in err.splitlines() if not line.startswith("wrote ")]
    assert len(problems) == 1 and problems[0].startswith("texts/b.xml:"), err
    assert not (project / "out" / "b.html").exists()
    assert "Traceback" not in err
    # the failed text is retried next time, the good ones are not
    code, err = build(run_cli)
    assert code == 1 and wrote(err) == []


def test_two_texts_with_one_name_are_refused(project, run_cli):
    (project / "more").mkdir()
    shutil.copyfile(project / "texts" / "a.xml", project / "more" / "a.xml")
    code, _, err = run_cli("build", "texts/a.xml", "more/a.xml", "--format", "html", "-o", "out", "-j", "1")
    assert code == 1
    assert "more/a.xml: same output names as 'texts/a.xml'" in err
    assert wrote(err) == ["out/a.html"]


def _split_pair(project: Path) -> tuple[Path, Path]:
    """The mini fixture split into an original file and a translation file pointing into it."""
    from lxml import etree

    src = project / "texts" / "a.xml"
    orig, trans = etree.parse(str(src)), etree.parse(str(src))
    for div in orig.iterfind(f".//{{{TEI}}}div[@type='translation']"):
        div.getparent().remove(div)
    for div in trans.iterfind(f".//{{{TEI}}}div[@type='original']"):
        div.getparent().remove(div)
    for el in trans.iter():
        if el.get("corresp"):
            el.set("corresp", " ".join(f"original.xml{p}" for p in el.get("corresp").split()))
    original, translation = project / "texts" / "original.xml", project / "texts" / "translation.xml"
    orig.write(str(original), encoding="UTF-8", xml_declaration=True)
    trans.write(str(translation), encoding="UTF-8", xml_declaration=True)
    src.unlink()
    return original, translation


def test_a_separate_original_is_an_input(project, run_cli):
    original, translation = _split_pair(project)
    inputs = resolve_inputs(Path("texts/translation.xml"))
    assert Path("texts/original.xml") in inputs.files
    assert inputs.glossary == Path("texts/glossary/glossary.xml")
    code, _, err = run_cli("build", "texts/translation.xml", "--format", "html", "-o", "out", "-j", "1")
    assert code == 0 and wrote(err) == ["out/translation.html"], err
    with original.open("a") as fh:
        fh.write("<!-- the original changed -->\n")
    code, _, err = run_cli("build", "texts/translation.xml", "--format", "html", "-o", "out", "-j", "1")
    assert code == 0 and wrote(err) == ["out/translation.html"], err


def _run(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *argv], cwd=project, capture_output=True, text=True, timeout=300)


def test_parallel_build_of_several_texts(project):
    for name in ("b", "c", "d"):
        shutil.copyfile(project / "texts" / "a.xml", project / "texts" / f"{name}.xml")
    (project / "texts" / "e.xml").write_text("not xml at all\n")
    res = _run(project, "-m", "reader.app.cli", "build", "--format", "html", "-o", "out", "-j", "2")
    assert res.returncode == 1
    assert wrote(res.stderr) == [f"out/{n}.html" for n in "abcd"]
    assert [line for line in res.stderr.splitlines() if line.startswith("texts/e.xml:")] != []
    assert set(Manifest.load(project / "out").entries) == {f"{n}.html" for n in "abcd"}
    res = _run(project, "-m", "reader.app.cli", "build", "--format", "html", "-o", "out", "-j", "2")
    assert wrote(res.stderr) == []


PROBE = """
import sys
from reader.app.cli import main
code = main(["build", "--format", "html", "-o", "out", "-j", "1"])
heavy = sorted(m for m in ("weasyprint", "lxml", "jinja2", "pydyf") if m in sys.modules)
print(code, ",".join(heavy))
"""


def test_the_html_path_never_imports_weasyprint(project):
    first = _run(project, "-c", PROBE)
    assert first.returncode == 0, first.stderr
    code, heavy = first.stdout.split()
    assert code == "0" and "weasyprint" not in heavy.split(",") and "pydyf" not in heavy.split(",")
    assert "lxml" in heavy.split(",")  # the probe can see imports: the build did read the text
    # and deciding that nothing changed imports neither lxml nor Jinja2
    second = _run(project, "-c", PROBE)
    assert second.stdout.split() == ["0"], second.stdout


def test_version_imports_only_the_standard_library(project):
    res = _run(project, "-X", "importtime", "-m", "reader.app.cli", "--version")
    assert res.returncode == 0
    modules = {line.split("|")[-1].strip() for line in res.stderr.splitlines() if "|" in line}
    assert not modules & {"lxml", "lxml.etree", "jinja2", "opencc", "markdown_it", "weasyprint"}


def test_progress_on_a_terminal_and_plain_lines_elsewhere():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    ok = TaskResult("texts/a.xml", ("html",), written=["out/a.html"])
    bad = TaskResult("texts/b.xml", ("html",), errors=["texts/b.xml:3:1: broken"])
    plain = io.StringIO()
    p = Progress(2, plain, Path("out"))
    p.begin("a.xml")
    p.finished(ok)
    p.finished(bad)
    p.close(1, 0, 1)
    assert plain.getvalue() == "wrote out/a.html\ntexts/b.xml:3:1: broken\n"
    tty = Tty()
    p = Progress(2, tty, Path("out"))
    p.begin("a.xml")
    p.finished(ok)
    p.finished(bad)
    p.close(1, 3, 1)
    shown = tty.getvalue()
    assert "[" + "#" * 12 + "-" * 12 + "] 1/2" in shown and "] 2/2" in shown
    assert "wrote " not in shown
    assert "\x1b[Ktexts/b.xml:3:1: broken\n" in shown
    assert re.search(r"built 1 text into out/, 3 up to date, 1 failed \([0-9.]+ s\)\n$", shown)
