"""The command line: version, help with examples on every command, check's exit status."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from reader import __version__

COMMANDS = [
    ["build"],
    ["check"],
    ["import"],
    ["annotate"],
    ["glossary"],
    ["glossary", "lookup"],
    ["glossary", "export"],
]


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0 and out.strip() == f"reader {__version__}"


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(run_cli, cmd):
    code, out, _ = run_cli(*cmd, "--help")
    assert code == 0
    assert "examples:" in out and "reader " + cmd[0] in out.split("examples:")[1]


def test_check_clean_fixture_exits_0(run_cli):
    code, _, err = run_cli("check", str(FIXTURES / "mini.xml"), str(FIXTURES / "glossary" / "glossary.xml"))
    assert code == 0, err
    assert "untranslated p #zh-s1-p2 (notice)" in err


def test_check_strict_makes_untranslated_a_problem(run_cli):
    code, _, err = run_cli("check", "--strict", str(FIXTURES / "mini.xml"))
    assert code == 1
    assert err.splitlines()[-1] == f"{FIXTURES / 'mini.xml'}:41:1: untranslated p #zh-s1-p2"
