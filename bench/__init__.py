"""reader's benchmark suite: ``python -m bench`` (or ``make bench``) prints figures, ratios and budgets.

Sections: 1 cold start against the import floor (startup.py), 2 PDF against headless Chromium
(pdf_bench.py, via pdf_rows.py), 3 annotation throughput against a bare automaton and a regex
(annotate_bench.py), 4 incremental and parallel rebuilds (rebuild.py). Inputs are synthetic, made
from a fixed seed (synth.py); timing and the table live in harness.py.
"""
