"""Golden files: the model dump (reader.app.dump) of each text, compared line by line.

A change in the reader or in a text shows here as a unified diff. When the change is intended,
regenerate the golden files on purpose and review the diff before committing:

    python tests/test_golden.py                  # rewrites every tests/golden/*.dump
    python -m reader.app.dump texts/X.xml > tests/golden/X.dump   # or one at a time
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLDEN = HERE / "golden"

#: golden file name -> the TEI text it is the dump of (paths relative to the repository)
CASES = {
    "mini.dump": "tests/fixtures/mini.xml",
    "beijing-winter-olympics-home-summit.dump": "texts/beijing-winter-olympics-home-summit.xml",
}


def current_dump(source: str) -> str:
    from reader.app.dump import dump
    from reader.readers.tei.read import load_text

    return dump(load_text(ROOT / source))


def golden_diff(expected: str, actual: str, name: str) -> str:
    """A unified diff from the golden file to the current dump ('' when they agree)."""
    return "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"tests/golden/{name} (golden)",
            tofile=f"{name} (current)",
        )
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_dump_matches_golden_file(name):
    source = CASES[name]
    regen = f"python -m reader.app.dump {source} > tests/golden/{name}"
    golden = GOLDEN / name
    assert golden.is_file(), f"no golden file {golden.name}; create it on purpose with: {regen}"
    diff = golden_diff(golden.read_text(encoding="utf-8"), current_dump(source), name)
    if diff:
        pytest.fail(f"the dump of {source} differs from its golden file:\n{diff}\nIf intended: {regen}", pytrace=False)


def test_a_changed_dump_shows_as_a_diff():
    golden = current_dump(CASES["mini.dump"])
    changed = golden.replace("'這是第二句。'", "'這是第三句。'")
    diff = golden_diff(golden, changed, "mini.dump")
    assert "-    " in diff and "這是第二句" in diff and "+" in diff and "這是第三句" in diff
    assert golden_diff(golden, golden, "mini.dump") == ""


def regenerate() -> int:
    """Rewrite every golden file from the current code and texts."""
    sys.path.insert(0, str(ROOT))
    for name, source in sorted(CASES.items()):
        text = current_dump(source)
        (GOLDEN / name).write_text(text, encoding="utf-8")
        print(f"tests/golden/{name}: {len(text.splitlines())} lines from {source}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(regenerate())
