"""Section 2: the PDF figures. bench/pdf_bench.py (owned by the PDF work) measures; this turns its
``measure(sizes) -> list[dict]`` into table rows, whatever keys it reports."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping

from .harness import Row, fmt_ratio, fmt_s

NAME_KEYS = ("name", "figure", "label")
VALUE_KEYS = ("seconds", "reader_s", "weasyprint_s", "time_s", "value")
REFERENCE_KEYS = ("chromium_s", "chromium_seconds", "chromium", "reference", "baseline_s")
RATIO_KEYS = ("ratio",)
BUDGET_KEYS = ("budget",)
STATUS_KEYS = ("status", "pass", "ok")


def _pick(d: Mapping[str, object], keys: tuple[str, ...]) -> tuple[str | None, object]:
    for k in keys:
        if k in d and d[k] is not None:
            return k, d[k]
    return None, None


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "PASS" if value else "MISS"
    if isinstance(value, float):
        return fmt_s(value)
    return str(value)


def _note(d: Mapping[str, object], used: set[str]) -> str:
    """Memory, pages and runs in words; any other key as key=value."""
    parts = []
    if "peak_rss_mib" in d:
        mem = f"peak {float(d['peak_rss_mib']):.0f} MiB"  # type: ignore[arg-type]
        if "chromium_peak_rss_mib" in d:
            mem += f" (Chromium {float(d['chromium_peak_rss_mib']):.0f})"  # type: ignore[arg-type]
        parts.append(mem)
    if "pages" in d:
        pages = f"{d['pages']} pages"
        if "chromium_pages" in d:
            pages += f" (Chromium {d['chromium_pages']})"
        parts.append(pages)
    if "runs" in d:
        parts.append(f"median of {d['runs']}" if d["runs"] != 1 else "1 run")
    known = {"peak_rss_mib", "chromium_peak_rss_mib", "pages", "chromium_pages", "runs", "size"}
    parts.extend(f"{k}={_fmt(v)}" for k, v in d.items() if k not in used and k not in known)
    return ", ".join(parts)


def to_row(d: Mapping[str, object]) -> Row:
    """One dict from pdf_bench.measure as a table row; unknown keys go into the note."""
    used: set[str] = set()
    parts = []
    for keys in (NAME_KEYS, VALUE_KEYS, REFERENCE_KEYS, RATIO_KEYS, BUDGET_KEYS, STATUS_KEYS):
        k, v = _pick(d, keys)
        if k:
            used.add(k)
        parts.append(v)
    name, value, reference, ratio, budget, status = parts
    if ratio is None and isinstance(value, float) and isinstance(reference, float) and reference:
        ratio = value / reference
    if isinstance(status, str) and status not in ("PASS", "MISS", ""):
        used.discard("status")  # e.g. "chromium not installed": no comparison, so the budget is missed
        status = "MISS"
    extra = _note(d, used)
    return Row(
        "2",
        str(name or f"PDF {d.get('size', '?')}×"),
        _fmt(value) if value is not None else "",
        _fmt(reference) if reference is not None else "",
        fmt_ratio(ratio) if isinstance(ratio, float) else ("" if ratio is None else str(ratio)),
        "" if budget is None else str(budget),
        _fmt(status) if isinstance(status, bool) else ("" if status is None else str(status)),
        extra,
    )


def measure(quick: bool) -> list[Row]:
    try:
        pdf_bench = importlib.import_module("bench.pdf_bench")
    except ModuleNotFoundError as exc:
        if exc.name != "bench.pdf_bench":
            raise
        return [Row("2", "reader build --format pdf", "not measured", status="MISS", note="bench/pdf_bench.py missing")]
    params = inspect.signature(pdf_bench.measure).parameters
    if "runs" not in params:
        return [to_row(d) for d in pdf_bench.measure(sizes=(1,) if quick else (1, 10, 50))]
    # the long texts take minutes each: one run of them keeps the whole bench under 10 minutes
    plan = [((1,), 1, "columns")] if quick else [((1,), 3, "columns"), ((10, 50), 1, "columns"), ((1,), 3, "facing")]
    if "layout" not in params:
        return [to_row(d) for sizes, runs, _layout in plan[:2] for d in pdf_bench.measure(sizes=sizes, runs=runs)]
    return [to_row(d) for sizes, runs, layout in plan for d in pdf_bench.measure(sizes=sizes, runs=runs, layout=layout)]
