"""The package as a user installs it: a wheel into a new virtual environment outside the repository.

Checks that the templates ship inside the wheel and that ``reader build`` works from an unrelated
directory, with no help from the source tree. The wheel is built without network (hatchling comes
with the test extras); the new environment borrows the already installed dependencies through a
``.pth`` file instead of downloading them again, and installs reader itself from the wheel only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def _run(*cmd: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    res = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"{cmd} failed:\n{res.stdout}\n{res.stderr}"
    return res


def test_wheel_in_a_new_venv_builds_a_text_from_another_directory(tmp_path):
    dist = tmp_path / "dist"
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, ROOT, cwd=tmp_path
    )
    wheels = list(dist.glob("reader-*.whl"))
    assert len(wheels) == 1, wheels

    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    py = env / "bin" / "python"
    site = Path(
        _run(py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    )
    # the dependencies, not reader: the editable reader's own .pth is not read from an added path
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(
        sys.executable, "-m", "pip", "--python", py, "install", "--no-deps", "--no-index", "-q", wheels[0], cwd=tmp_path
    )

    where = _run(
        py, "-c", "import reader, reader.resources as r; print(reader.__file__); print(r.templates_dir())", cwd=tmp_path
    )
    module, templates = where.stdout.split()
    assert Path(module).is_relative_to(env) and Path(templates).is_relative_to(env), where.stdout
    assert not Path(module).is_relative_to(ROOT)

    work = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES, work / "fixtures", ignore=shutil.ignore_patterns("seed"))
    _run(env / "bin" / "reader", "build", "fixtures/mini.xml", "--format", "html", "-o", "out", cwd=work)
    html = (work / "out" / "mini.html").read_text(encoding="utf-8")
    assert "蒲亭" in html and "Vladimir Putin" in html and "<style" in html
