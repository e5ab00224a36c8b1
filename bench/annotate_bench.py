"""Section 3: annotation throughput on about 10 MB of Chinese text (UTF-8; 1 MB = 10^6 bytes) with
synthetic glossaries of 50, 1,000 and 20,000 entries: ``reader annotate`` end to end, reader's
Matcher alone, the bare automaton scan (ahocorasick-rs alone, on the forms as written) and a regex
alternation; and, for linearity, ``reader annotate`` on half the text (inputs are capped at 20 MiB,
so not twice). Last, the link transform against the splice path it replaced (issue 12: within 10%),
on about 1M characters with the project glossary: in process (import, matcher, annotation) and end
to end (``bench/annotate_splice.py`` holds the reference and checks both give the same bytes).

End to end means the whole command a user runs: a fresh process reads the plain text (import and
whitespace normalisation), loads the glossary, builds the matcher, matches, and writes the TEI file.
Nothing may carry over between runs: every run gets its own copy of the text and of the glossary
(each a little different, so no cache keyed by content or by path can answer), its own output path,
working directory and XDG cache directory; the in-process Matcher runs clear reader's in-memory
caches first."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .harness import Row, fmt_ratio, fmt_s, run_child, verdict
from .startup import reader_argv
from .synth import GLOSSARY, filler, glossary_entries, glossary_xml, running_text

SIZES = (50, 1000, 20000)
SPLICE_BUDGET = 1.10  #: the transform path may take at most 10% more CPU than the splice path
SPLICE_BYTES = 2_615_000  #: filler bytes for the splice comparison: about 1.02M characters of text
BUDGETS = {1000: 8.0, 20000: 3.0}  #: MB/s that `reader annotate` must reach
LINEARITY = 1000  #: the glossary size also measured on half the text
MATCH_METHODS = ("find_all", "findall", "find", "scan", "matches", "finditer", "iter", "__call__")


def _mbps(nbytes: int, seconds: float) -> float:
    return nbytes / 1e6 / seconds


def _fmt_rate(rate: float) -> str:
    if rate < 1:
        return f"{rate:.3f} MB/s"
    return f"{rate:.1f} MB/s" if rate < 100 else f"{rate:.0f} MB/s"


def _timed(fn: Callable[[], object], runs: int) -> float:
    """Median seconds of ``runs`` calls, cut short once a call takes over 5 s (the bench must stay
    under 10 minutes)."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if times[-1] > 5:
            break
    return statistics.median(times)


def automaton_scan(forms: list[str], text: str) -> int:
    """Count the leftmost-longest occurrences of the forms with the automaton alone (ahocorasick-rs,
    as reader's matcher uses it; build included)."""
    import ahocorasick_rs

    auto = ahocorasick_rs.AhoCorasick(forms, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return len(auto.find_matches_as_indexes(text))


def regex_scan(forms: list[str], text: str) -> int:
    """Count the matches of one alternation of every form, longest first (compile included)."""
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    return sum(1 for _ in pattern.finditer(text))


def _consume(result: object) -> int:
    if isinstance(result, Iterable) and not isinstance(result, str | bytes):
        return sum(1 for _ in result)
    return 0


def _clear_caches() -> None:
    """Empty the in-memory caches (functools.lru_cache) of reader's matching modules."""
    for name in ("reader.text.match", "reader.text.script", "reader.readers.glossary"):
        module = sys.modules.get(name)
        for value in vars(module).values() if module else ():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def matcher_scan_fn() -> Callable[[Path, str], tuple[float, float]] | None:
    """reader.text.match.Matcher, if it exists: build it from a glossary file and scan the text."""
    try:
        match = importlib.import_module("reader.text.match")
    except ModuleNotFoundError:
        return None
    matcher_cls = getattr(match, "Matcher", None)
    if matcher_cls is None:
        return None
    method = next((m for m in MATCH_METHODS if callable(getattr(matcher_cls, m, None))), None)
    if method is None:
        return None
    from reader.readers.glossary import load_glossary

    def scan(glossary_path: Path, text: str) -> tuple[float, float]:
        """(seconds to load the glossary and build the Matcher, seconds to scan)."""
        _clear_caches()
        t0 = time.perf_counter()
        matcher = matcher_cls(load_glossary(glossary_path))
        t1 = time.perf_counter()
        _consume(getattr(matcher, method)(text))
        return t1 - t0, time.perf_counter() - t1

    return scan


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run a command once: (wall seconds, CPU seconds of the child, user + system). Fails loudly."""
    child = run_child(argv, cwd, env)
    return child.wall, child.cpu


def cli_seconds(work: Path, text: str, glossary: str, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``reader annotate TEXT -o OUT --glossary G`` over ``runs`` fresh
    runs (one unmeasured run first), each on its own copies of the inputs (see the module docstring).
    On a busy machine the wall time includes waiting for a CPU; the CPU time does not."""
    times: list[tuple[float, float]] = []
    for run in range(runs + 1):
        here = work / f"run-{run}"
        (here / "cache").mkdir(parents=True)
        tpath, gpath = here / "text.txt", here / "glossary.xml"
        tpath.write_text(f"{text}\n第{run + 1}次測量。\n", encoding="utf-8")
        gpath.write_text(glossary.replace("Synthetic glossary", f"Synthetic glossary, run {run + 1}"), encoding="utf-8")
        argv = [*reader_argv(), "annotate", str(tpath), "-o", str(here / "out.xml"), "--glossary", str(gpath)]
        elapsed, cpu = _run(argv, here, {"XDG_CACHE_HOME": str(here / "cache")})
        if not (here / "out.xml").stat().st_size > len(text):
            raise RuntimeError(f"{' '.join(argv)} wrote no annotated text")
        if run:
            times.append((elapsed, cpu))
        shutil.rmtree(here)
        if elapsed > 8 and len(times) >= 3:  # the bench must stay under 10 minutes
            break
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def _load() -> str:
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def splice_rows(work: Path, quick: bool) -> list[Row]:
    """The link transform against the splice path: CPU medians of interleaved runs, in process (import,
    glossary and matcher, annotation; the annotation alone in the note) and end to end."""
    from reader.app.annotate import annotate_edition
    from reader.readers.glossary import load_glossary
    from reader.readers.plaintext import load_input
    from reader.runtime.gcpause import gc_paused
    from reader.text.match import Matcher

    from .annotate_splice import annotate_edition_splice

    glossary = load_glossary(GLOSSARY)
    forms = [f.text for e in glossary.entries for f in e.matchable_forms()]
    text = running_text(filler(60_000 if quick else SPLICE_BYTES), forms)
    path = work / "splice.txt"
    path.write_text(text, encoding="utf-8")
    runs = 1 if quick else 7
    common: list[float] = []
    times: dict[str, list[float]] = {"transform": [], "splice": []}
    paths = {"transform": annotate_edition, "splice": annotate_edition_splice}
    for run in range(runs + 1):
        _clear_caches()
        got: dict[str, object] = {}
        with gc_paused():  # as reader annotate runs it
            t0 = time.process_time()
            edition = load_input(path)
            matcher = Matcher(load_glossary(GLOSSARY))
            if run:
                common.append(time.process_time() - t0)
            for name in ("transform", "splice") if run % 2 else ("splice", "transform"):
                t1 = time.process_time()
                got[name] = paths[name](edition, "g.xml", "n", matcher, False)
                if run:
                    times[name].append(time.process_time() - t1)
        if got["transform"] != got["splice"] or got["transform"] is None:
            raise RuntimeError("the transform and the splice path wrote different annotations")
    base = statistics.median(common)
    t, s = statistics.median(times["transform"]), statistics.median(times["splice"])
    label = f"{len(text) / 1e6:.2f}M characters, project glossary"
    rows = [
        Row(
            "3",
            f"annotate in process, link transform vs splice path ({label})",
            fmt_s(base + t),
            fmt_s(base + s),
            fmt_ratio((base + t) / (base + s)),
            f"≤ {SPLICE_BUDGET:.2f}×",
            verdict((base + t) / (base + s) <= SPLICE_BUDGET),
            f"CPU medians of {runs} interleaved runs, GC paused as in the command: import, glossary and "
            f"matcher {base:.3f} s, then the "
            f"annotation alone {t:.3f} s vs {s:.3f} s ({fmt_ratio(t / s)}); same bytes and report; {_load()}",
        )
    ]
    cli_runs = 1 if quick else 5
    cli: dict[str, list[float]] = {"transform": [], "splice": []}
    outputs: dict[str, bytes] = {}
    for run in range(cli_runs + 1):
        for name in ("transform", "splice") if run % 2 else ("splice", "transform"):
            here = work / f"splice-{name}-{run}"
            (here / "cache").mkdir(parents=True)
            out = here / "out.xml"
            prefix = [sys.executable, "-m", "reader.app.cli" if name == "transform" else "bench.annotate_splice"]
            argv = [*prefix, "annotate", str(path), "-o", str(out), "--glossary", str(GLOSSARY)]
            env = {"XDG_CACHE_HOME": str(here / "cache"), "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
            _, cpu = _run(argv, work, env)
            outputs[name] = out.read_bytes()
            shutil.rmtree(here)
            if run:
                cli[name].append(cpu)
        if outputs["transform"] != outputs["splice"]:
            raise RuntimeError("reader annotate and the splice path wrote different files")
    ct, cs = statistics.median(cli["transform"]), statistics.median(cli["splice"])
    rows.append(
        Row(
            "3",
            f"reader annotate end to end, link transform vs splice path ({label})",
            fmt_s(ct),
            fmt_s(cs),
            fmt_ratio(ct / cs),
            f"≤ {SPLICE_BUDGET:.2f}×",
            verdict(ct / cs <= SPLICE_BUDGET),
            f"CPU (user + system) medians of {cli_runs} interleaved fresh processes, .txt in, TEI out; "
            f"same bytes; {_load()}",
        )
    )
    return rows


def measure(quick: bool) -> list[Row]:
    size = 60_000 if quick else 10_000_000
    runs = 1 if quick else 3
    cli_runs = 1 if quick else 5
    chunks = filler(size)
    rows: list[Row] = []
    matcher = matcher_scan_fn()
    has_cli = importlib.util.find_spec("reader.app.annotate") is not None
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        work = Path(tmp)
        for n in SIZES:
            entries = glossary_entries(n)
            forms = [f for e in entries for f, _, _ in e.forms]
            text = running_text(chunks, forms)
            nbytes = len(text.encode("utf-8"))
            glossary = glossary_xml(entries)
            gpath = work / f"glossary-{n}.xml"
            gpath.write_text(glossary, encoding="utf-8")
            label = f"{n:,} entries, {nbytes / 1e6:.1f} MB"
            bare = _mbps(nbytes, _timed(lambda f=forms, t=text: automaton_scan(f, t), runs))  # type: ignore[misc]
            # the regex is far slower with many entries: time it on a sample sized to take a few seconds
            probe = text[: max(2000, len(text) // 200)]
            t0 = time.perf_counter()
            regex_scan(forms, probe)
            per_char = (time.perf_counter() - t0) / len(probe)
            sample = text if per_char * len(text) < 8 else text[: max(len(probe), int(4 / per_char))]
            rx = _mbps(len(sample.encode("utf-8")), _timed(lambda f=forms, s=sample: regex_scan(f, s), runs))  # type: ignore[misc]
            budget = BUDGETS.get(n)
            if has_cli:
                wall, cpu = cli_seconds(work, text, glossary, cli_runs)
                cli = _mbps(nbytes, wall)
                rows.append(
                    Row(
                        "3",
                        f"reader annotate ({label})",
                        _fmt_rate(cli),
                        _fmt_rate(bare),
                        fmt_ratio(cli / bare),
                        f"≥ {budget:g} MB/s" if budget else "",
                        verdict(cli >= budget) if budget else "",
                        f"vs bare automaton; whole command, .txt in, TEI out; median of {cli_runs}; "
                        f"CPU time alone: {_fmt_rate(_mbps(nbytes, cpu))}; {_load()}",
                    )
                )
                if n == LINEARITY:  # half the text, same glossary: the time should halve, less fixed costs
                    half = text[: text.index("\n\n", len(text) // 2)] + "\n"
                    hbytes = len(half.encode("utf-8"))
                    hrate = _mbps(hbytes, cli_seconds(work, half, glossary, runs)[0])
                    growth = (nbytes / cli) / (hbytes / hrate)
                    rows.append(
                        Row(
                            "3",
                            f"reader annotate ({n:,} entries, {hbytes / 1e6:.1f} MB)",
                            _fmt_rate(hrate),
                            _fmt_rate(cli),
                            fmt_ratio(hrate / cli),
                            note=f"linearity: {nbytes / hbytes:.2f}× the text took {growth:.2f}× the time; median of {runs}",
                        )
                    )
            else:
                rows.append(
                    Row(
                        "3",
                        f"reader annotate ({label})",
                        "not measured",
                        status="MISS",
                        note="reader/annotate.py missing",
                    )
                )
            if matcher is not None:
                timings = [matcher(gpath, text) for _ in range(runs)]
                setup = statistics.median(t[0] for t in timings)
                m = _mbps(nbytes, statistics.median(t[1] for t in timings))
                rows.append(
                    Row(
                        "3",
                        f"reader Matcher scan ({label})",
                        _fmt_rate(m),
                        _fmt_rate(bare),
                        fmt_ratio(m / bare),
                        note=f"in process; loading the glossary and building: {setup:.2f} s more",
                    )
                )
            rows.append(Row("3", f"bare automaton scan ({label})", _fmt_rate(bare), note="ahocorasick-rs alone"))
            note = "" if sample is text else f"on the first {len(sample.encode('utf-8')) / 1e6:.2f} MB"
            rows.append(
                Row(
                    "3", f"regex alternation ({label})", _fmt_rate(rx), _fmt_rate(bare), fmt_ratio(rx / bare), note=note
                )
            )
            print(f"bench: annotate {n} entries done", file=sys.stderr, flush=True)
        rows.extend(splice_rows(work, quick))
    return rows
