"""Shared fixtures: paths, the TEI schema (compiled once per run), and a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCHEMA = Path(__file__).resolve().parent / "schema" / "tei_all.rng"
TEXTS = ROOT / "texts"
GLOSSARY = ROOT / "glossary" / "glossary.xml"
SEED = ROOT.parent / "shared" / "seed" / "000_98b864c6a4c550a8.txt"
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(scope="session", autouse=True)
def _text_cache_key_home(tmp_path_factory: pytest.TempPathFactory):
    """The text cache's per-user secret (reader.text.textcache) lives in a temporary directory, not in
    the home of whoever runs the tests; subprocesses inherit it."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@pytest.fixture(scope="session")
def tei_schema():
    """The official TEI P5 tei_all schema, compiled once (about 15 s)."""
    from lxml import etree

    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture()
def run_cli(capsys):
    """Run ``reader`` in-process: returns (exit status, stdout, stderr)."""
    from reader.app.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse --help / --version / usage errors
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
