"""The documentation that is generated or checked against the code stays in step with it."""

from __future__ import annotations

from pathlib import Path

from reader.app.clidoc import cli_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_cli_reference_is_up_to_date() -> None:
    """docs/cli.md is the --help of every command; regenerate it when the command line changes."""
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == cli_markdown(), "docs/cli.md is stale: run  python -m reader.app.clidoc > docs/cli.md"


def test_cli_reference_covers_every_command() -> None:
    text = cli_markdown()
    for command in ("build", "serve", "check", "import", "annotate", "glossary", "glossary lookup", "glossary export"):
        assert f"\n## reader {command}\n" in text
    assert "--format FORMAT" in text and "html, pdf, epub or html,pdf" in " ".join(text.split())


def test_architecture_names_every_module_and_the_rule() -> None:
    """docs/architecture.md lists each module of the package by its path, and states the layer rule."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        str(p.relative_to(ROOT / "reader"))
        for p in sorted((ROOT / "reader").rglob("*.py"))
        if p.name != "__init__.py" and str(p.relative_to(ROOT / "reader")) not in doc
    ]
    assert not missing, f"docs/architecture.md does not mention: {', '.join(missing)}"
    assert "model/errors → text → readers → transforms → writers → app" in doc
