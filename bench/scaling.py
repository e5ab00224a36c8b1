"""Section 7: the stages that were quadratic on hostile input (issue #19), at 1× and 10× their input.

- resolving a build's inputs for a text whose pointers name many distinct files (8,000 pointers in a
  96 KB file took 25-32 s before: a list searched for every pointer);
- rendering the HTML edition of a text in which one glossary entry occurs very often
  (``RenderContext.occur`` checked each occurrence against all earlier ones);
- ``reader import`` of many short sentences (20 MB took 4.4 GB before; now a text whose TEI would
  pass the input cap is refused before the model is built), with its peak memory.

A linear stage takes about 10× as long at 10× the input; the budget allows 15× (start-up costs and a
busy machine). Each time is the fastest of a few runs after one unmeasured run: on a machine shared
with other work the fastest run is the one least disturbed by it (under a load average of 16, the
ratio of two medians swung from 8× to 24× for the same code).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .harness import Row, fmt_ratio, fmt_s, run_child, verdict
from .startup import reader_argv
from .synth import ROOT

GOOD = ROOT / "tests" / "bad_inputs" / "good.xml"
GLOSSARY = ROOT / "tests" / "bad_inputs" / "glossary.xml"
LINEAR = 15.0  #: the 10× input may take at most this many times the 1× input


def _fastest(fn: Callable[[], float], runs: int) -> float:
    fn()  # unmeasured: the first call pays for imports and dictionaries
    return min(fn() for _ in range(runs))


def _pointer_text(tmp: Path, n: int) -> Path:
    """A translation whose ``corresp`` pointers name ``n`` distinct files (none of them exists)."""
    links = "".join(f'<link target="#en-p1 part{i}.xml#zh-p1"/>' for i in range(n))
    text = GOOD.read_text(encoding="utf-8").replace("</body>", f'<linkGrp type="translation">{links}</linkGrp></body>')
    path = tmp / f"pointers-{n}.xml"
    path.write_text(text, encoding="utf-8")
    (tmp / "glossary.xml").write_bytes(GLOSSARY.read_bytes())
    return path


def _occurrence_text(tmp: Path, n: int) -> Path:
    """A text in which the glossary's one entry occurs ``n`` times, in ``n`` sentences."""
    zh = "".join(f'<s xml:id="zh-p1-s{i}"><persName ref="gl:putin">普丁</persName>出席。</s>' for i in range(n))
    text = GOOD.read_text(encoding="utf-8").replace(
        '<s xml:id="zh-p1-s1"><persName ref="gl:putin">普丁</persName>出席。</s>', zh
    )
    text = text.replace(' corresp="#zh-p1-s1"', "")
    path = tmp / f"occurrences-{n}.xml"
    path.write_text(text, encoding="utf-8")
    (tmp / "glossary.xml").write_bytes(GLOSSARY.read_bytes())
    return path


def _short_sentences(tmp: Path, size: int) -> Path:
    path = tmp / f"short-{size}.txt"
    para = "一二三。" * 20
    count = max(1, size // (len(para.encode()) + 2))
    path.write_text((para + "\n\n") * count, encoding="utf-8")
    return path


def _resolve(text: Path) -> float:
    from reader.app.build import resolve_inputs

    start = time.perf_counter()
    resolve_inputs(text)
    return time.perf_counter() - start


def _render(text: Path) -> float:
    from reader.readers.glossary import load_glossary
    from reader.readers.tei.read import load_text
    from reader.writers.html.render import render_html

    glossary = load_glossary(text.parent / "glossary.xml")
    edition = load_text(text, set(glossary.by_id))
    start = time.perf_counter()
    render_html(edition, glossary)
    return time.perf_counter() - start


def _import(src: Path) -> tuple[float, float]:
    """``reader import`` in a fresh process: (wall seconds, peak MiB)."""
    child = run_child([*reader_argv(), "import", str(src), "-o", str(src.with_suffix(".xml"))])
    return child.wall, child.peak_mib


def _pair(section: str, name: str, one: float, ten: float, unit: str, note: str) -> list[Row]:
    ratio = ten / one if one > 0 else float("inf")
    return [
        Row(section, f"{name}, 1×", fmt_s(one), note=unit),
        Row(
            section,
            f"{name}, 10×",
            fmt_s(ten),
            fmt_s(one),
            fmt_ratio(ratio),
            f"≤ {LINEAR:g}× the 1× input",
            verdict(ratio <= LINEAR),
            note,
        ),
    ]


def measure(quick: bool) -> list[Row]:
    runs = 1 if quick else 5
    base_pointers, base_occ, base_bytes = (50, 50, 20_000) if quick else (2_000, 2_000, 200_000)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-scaling-") as tmpdir:
        tmp = Path(tmpdir)
        cwd = os.getcwd()
        os.chdir(tmp)  # no texts/ or glossary/ of the project's own
        try:
            small, large = _pointer_text(tmp, base_pointers), _pointer_text(tmp, base_pointers * 10)
            rows += _pair(
                "8",
                f"resolve inputs, {base_pointers:,} distinct pointer files",
                _fastest(lambda: _resolve(small), runs),
                _fastest(lambda: _resolve(large), runs),
                f"10×: {base_pointers * 10:,} pointers, {large.stat().st_size // 1024} KB",
                "was quadratic: 8,000 pointers took 25-32 s",
            )
            small, large = _occurrence_text(tmp, base_occ), _occurrence_text(tmp, base_occ * 10)
            rows += _pair(
                "8",
                f"HTML render, {base_occ:,} occurrences of one entry",
                _fastest(lambda: _render(small), runs),
                _fastest(lambda: _render(large), runs),
                f"10×: {base_occ * 10:,} occurrences",
                "RenderContext.occur was quadratic",
            )
            small, large = _short_sentences(tmp, base_bytes), _short_sentences(tmp, base_bytes * 10)
            _import(small)  # unmeasured: bytecode and the OS's file cache
            one = [_import(small) for _ in range(runs)]
            ten = [_import(large) for _ in range(runs)]
            rows += _pair(
                "8",
                f"reader import, {base_bytes // 1000:,} KB of short sentences",
                min(w for w, _ in one),
                min(w for w, _ in ten),
                f"peak {max(m for _, m in one):.0f} MiB",
                f"10×: peak {max(m for _, m in ten):.0f} MiB",
            )
        finally:
            os.chdir(cwd)
    return rows


if __name__ == "__main__":  # pragma: no cover
    from .harness import render_table

    print(render_table(measure("--quick" in sys.argv)))
