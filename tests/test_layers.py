"""The package's layering, checked from its import graph (see docs/architecture.md).

Every ``import`` and ``from … import`` statement of every module counts, wherever it stands (inside
functions and under ``if TYPE_CHECKING`` too). A module may import only from its own layer or an
earlier one: model/errors -> text -> readers -> transforms -> writers -> app. Within the writers, the
format folders (html/, pdf/, tei/, exports/, …) share code only through writers/shared/ and the
registry, never by importing each other. There is no import cycle at all.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "reader"

#: module prefix -> layer (the longest matching prefix wins); ``reader`` itself is the public facade
LAYERS = {
    "reader.model": 0,
    "reader.errors": 0,
    "reader.version": 0,
    "reader.resources": 0,
    "reader.runtime": 0,
    "reader.text": 1,
    "reader.readers": 2,
    "reader.transforms": 3,
    "reader.writers": 4,
    "reader.app": 5,
    "reader": 6,
}
LAYER_NAMES = ["model/errors", "text", "readers", "transforms", "writers", "app", "the facade"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(imported reader module, line) for every import statement in the module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in known else target, node.lineno))
    return [(t, line) for t, line in found if t == "reader" or t.startswith("reader.")]


def layer_of(name: str) -> int:
    best = max((p for p in LAYERS if name == p or name.startswith(p + ".")), key=len)
    return LAYERS[best]


def writer_folder(name: str) -> str | None:
    """``reader.writers.html.view`` -> ``html``; None outside a writer's folder."""
    parts = name.split(".")
    if len(parts) >= 4 and parts[1] == "writers" and parts[2] != "shared":
        return parts[2]
    return None


def graph() -> dict[str, list[tuple[str, int]]]:
    mods = modules()
    known = set(mods)
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def test_the_graph_sees_imports_inside_functions() -> None:
    edges = {t for t, _ in graph()["reader.app.cli"]}
    assert "reader.app.build" in edges  # imported inside main(), only when the command runs


def test_no_upward_import() -> None:
    wrong = []
    for source, targets in graph().items():
        for target, line in targets:
            if target == source:
                continue
            if layer_of(target) > layer_of(source):
                wrong.append(
                    f"{source}:{line} imports {target} ({LAYER_NAMES[layer_of(source)]} -> "
                    f"{LAYER_NAMES[layer_of(target)]})"
                )
            mine, theirs = writer_folder(source), writer_folder(target)
            if mine and theirs and mine != theirs:
                wrong.append(f"{source}:{line} imports {target} (one writer into another)")
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle() -> None:
    g = {s: sorted({t for t, _ in ts if t != s}) for s, ts in graph().items()}
    state: dict[str, int] = {}  # 1: on the stack, 2: done
    stack: list[str] = []
    cycles: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in g.get(node, []):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in g:
        if node not in state:
            visit(node)
    assert not cycles, "\n".join(cycles)


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    """The graph builder, on made-up modules: a function-level upward import and a two-module cycle."""
    known = {"reader.text.a", "reader.text.b", "reader.app.cli"}
    a = tmp_path / "a.py"
    a.write_text("def f():\n    from ..app import cli\n    from . import b\n")
    edges = imports_of("reader.text.a", a, known)
    assert ("reader.app.cli", 2) in edges and ("reader.text.b", 3) in edges
    assert layer_of("reader.app.cli") > layer_of("reader.text.a")


@pytest.mark.parametrize("module", ["reader.writers.html", "reader.text.pinyin", "reader.model"])
def test_light_modules_load_neither_lxml_nor_weasyprint(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('lxml', 'weasyprint', 'pypdf'))\n"
        "print(' '.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_the_html_writer_is_what_reader_writers_html_loads() -> None:
    import reader.writers.html as html_writer

    assert callable(html_writer.render_html)


def test_no_private_name_crosses_a_module() -> None:
    """``from x import _name`` between the package's modules: a private name is its module's own."""
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("reader")):
                private = [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
                if private:
                    found.append(f"{name}:{node.lineno} imports {', '.join(private)}")
    assert not found, "\n".join(found)


def test_top_level_holds_at_most_six_modules() -> None:
    """Issue 12: the rest of the package lives in the layer folders."""
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 6, top
