"""The writer registry: ``reader build`` learns its formats from it (choices, help, defaults, rendering).

A toy writer registered here is built by ``reader build --format toy`` with no change to the build or
the command line, which is what adding a real writer (EPUB, …) needs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader import writers
from reader.model import Edition, Glossary

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini.xml"
MINI_GLOSSARY = ROOT / "tests" / "fixtures" / "glossary" / "glossary.xml"

CALLS: list[dict[str, object]] = []


def render_toy(edition: Edition, glossary: Glossary, *, script: str, paper: str) -> str:
    """A writer as small as can be: the title, the script, the paper and how many units and entries."""
    CALLS.append({"script": script, "paper": paper})
    return f"{edition.metadata.title_en}|{script}|{paper}|{len(edition.blocks())}|{len(glossary.entries)}\n"


@pytest.fixture
def toy():
    CALLS.clear()
    unregister = writers.register(
        writers.Writer(
            name="toy",
            suffix=".toy.txt",
            summary="a test writer",
            render=f"{__name__}:render_toy",
            options=("paper",),
            default=False,
        )
    )
    yield
    unregister()


def test_the_built_in_writers_are_registered() -> None:
    assert writers.names()[:3] == ("html", "pdf", "epub")
    assert writers.default_names() == ("html", "pdf")
    assert writers.format_choices() == "html, pdf, epub or html,pdf"
    assert writers.get("html").suffix == ".html" and writers.get("pdf").suffix == ".pdf"
    assert writers.get("epub").suffix == ".epub"
    assert [f.option for f in writers.flags()] == [
        *("--marks", "--quotes", "--layout", "--line-numbers", "--imposition"),  # the PDF's, then the EPUB's
        *("--epub-layout", "--embed-fonts"),
    ]


def test_build_uses_a_registered_writer(toy, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = run_cli(
        "build", str(MINI), "--glossary", str(MINI_GLOSSARY), "--format", "toy", "--paper", "letter", "-o", str(out)
    )
    assert code == 0, err
    written = sorted(p.name for p in out.iterdir() if p.is_file() and not p.name.startswith("."))
    assert written == ["mini.toy.txt"]
    title, script, paper, units, entries = (out / "mini.toy.txt").read_text(encoding="utf-8").strip().split("|")
    assert (script, paper) == ("hant", "letter") and int(units) > 0 and int(entries) > 0 and title
    assert CALLS == [{"script": "hant", "paper": "letter"}]

    # its options are part of the recipe: the same build is up to date, another paper rebuilds
    assert (
        run_cli(
            "build", str(MINI), "--glossary", str(MINI_GLOSSARY), "--format", "toy", "--paper", "letter", "-o", str(out)
        )[0]
        == 0
    )
    assert len(CALLS) == 1
    assert run_cli("build", str(MINI), "--glossary", str(MINI_GLOSSARY), "--format", "toy", "-o", str(out))[0] == 0
    assert CALLS[-1] == {"script": "hant", "paper": "a4"}

    # the Simplified edition puts the script before the writer's suffix
    assert (
        run_cli(
            "build", str(MINI), "--glossary", str(MINI_GLOSSARY), "--format", "toy", "--script", "hans", "-o", str(out)
        )[0]
        == 0
    )
    assert (out / "mini.hans.toy.txt").is_file()


def test_the_command_line_learns_the_formats_from_the_registry(toy, run_cli) -> None:
    code, out, _ = run_cli("build", "--help")
    assert code == 0
    assert "html, pdf, epub, toy or html,pdf (default: html,pdf)" in " ".join(out.split())
    code, _, err = run_cli("build", str(MINI), "--format", "mobi")
    assert code == 1
    assert "unknown format 'mobi': use html, pdf, epub, toy or html,pdf" in err


def test_a_writer_with_an_unknown_option_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown options"):
        writers.register(writers.Writer("bad", ".bad", "", render=str, options=("colour",)))
    assert "bad" not in writers.names()


def test_unregistering_restores_what_was_there() -> None:
    html = writers.get("html")
    undo = writers.register(writers.Writer("html", ".htm", "replaced", render=str))
    assert writers.get("html").suffix == ".htm"
    undo()
    assert writers.get("html") is html


FLAGGED: list[dict[str, object]] = []


def render_flagged(edition: Edition, glossary: Glossary, *, script: str, toy_colour: str, toy_loud: bool) -> str:
    FLAGGED.append({"colour": toy_colour, "loud": toy_loud})
    return f"{toy_colour}|{toy_loud}\n"


def test_a_writers_own_flags_reach_it_and_are_part_of_its_recipe(run_cli, tmp_path: Path) -> None:
    FLAGGED.clear()
    undo = writers.register(
        writers.Writer(
            name="flagged",
            suffix=".flagged.txt",
            summary="a test writer with options of its own",
            render=f"{__name__}:render_flagged",
            default=False,
            flags=(
                writers.Flag("toy_colour", "a colour", "red", ("red", "blue")),
                writers.Flag("toy_loud", "a switch", False),
            ),
        )
    )
    try:
        out = tmp_path / "out"
        base = ("build", str(MINI), "--glossary", str(MINI_GLOSSARY), "-o", str(out), "--format")
        assert "--toy-colour {red,blue}" in run_cli("build", "--help")[1]
        assert run_cli(*base, "flagged")[0] == 0
        assert run_cli(*base, "flagged,html")[0] == 0  # html does not take the flags, and is not rebuilt by them
        assert FLAGGED == [{"colour": "red", "loud": False}]
        assert run_cli(*base, "flagged", "--toy-colour", "blue", "--toy-loud")[0] == 0
        assert FLAGGED[-1] == {"colour": "blue", "loud": True}
        assert (out / "mini.flagged.txt").read_text(encoding="utf-8") == "blue|True\n"
        html = (out / "mini.html").stat().st_mtime_ns
        assert run_cli(*base, "html", "--toy-colour", "red")[0] == 0
        assert (out / "mini.html").stat().st_mtime_ns == html  # not another writer's flag's business
        assert run_cli(*base, "flagged", "--toy-colour", "nope")[0] == 2
    finally:
        undo()
