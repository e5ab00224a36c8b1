"""Dynamic programming over two sequences of segments, in a band around the diagonal.

:func:`align_sequences` finds the cheapest chain of links (shapes 1:1, 1:2, 2:1, 2:2, 1:0, 0:1) from
the start of both sequences to their end, as Gale–Church do, and gives each link of that chain its
posterior probability: the share of all chains, weighted by ``exp(-cost)``, that contain it (one
forward and one backward pass, in log space). Only cells within ``band`` segments of the expected
position (where the Chinese characters so far, times the length ratio, meet the English characters so
far) are visited, so the cost grows linearly with the text; when the best chain runs along the edge of
the band, the band is doubled and the search repeated.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: a link's cost: (first zh index, first en index, zh count, en count) -> -log probability
CostFn = Callable[[int, int, int, int], float]
INF = float("inf")


@dataclass(frozen=True)
class Step:
    """One link of an alignment: ``zh[i:i + di]`` rendered by ``en[j:j + dj]``."""

    i: int  #: first Chinese segment
    j: int  #: first English segment
    di: int  #: how many Chinese segments (0 for an added English one)
    dj: int  #: how many English segments (0 for an untranslated Chinese one)
    cost: float  #: the link's own cost (-log probability, shape prior included)
    posterior: float  #: the probability of this link given both texts, from the forward-backward passes


def _band(zh_lens: Sequence[int], en_lens: Sequence[int], width: int) -> list[tuple[int, int]]:
    """For each row i (0..m), the inclusive range of columns j visited."""
    m, n = len(zh_lens), len(en_lens)
    cz = [0]
    for x in zh_lens:
        cz.append(cz[-1] + x)
    ce = [0]
    for x in en_lens:
        ce.append(ce[-1] + x)
    ratio = ce[-1] / cz[-1] if cz[-1] else 1.0
    rows: list[tuple[int, int]] = []
    prev_lo = prev_hi = 0
    for i in range(m + 1):
        centre = bisect_left(ce, cz[i] * ratio) if i < m else n
        # a proportional centre too, so a run of very short or long segments cannot drag the band away
        lo = max(0, min(centre, (i * n) // max(m, 1)) - width)
        hi = min(n, max(centre, (i * n + m - 1) // max(m, 1)) + width)
        lo, hi = max(lo, prev_lo), max(hi, prev_hi)  # monotone ...
        lo = min(lo, prev_hi)  # ... and overlapping the row before, so every row is reachable
        if i == m:
            hi = n
        rows.append((lo, hi))
        prev_lo, prev_hi = lo, hi
    return rows


def _logsumexp_neg(values: list[float]) -> float:
    """``-log(sum(exp(-v)))`` of costs, stable."""
    best = min(values)
    if best == INF:
        return INF
    return best - math.log(sum(math.exp(best - v) for v in values))


def align_sequences(
    zh_lens: Sequence[int],
    en_lens: Sequence[int],
    cost: CostFn,
    shapes: Sequence[tuple[int, int]],
    band: int = 6,
) -> list[Step]:
    """The best chain of links between ``zh`` and ``en`` segments (given by their lengths) under ``cost``."""
    m, n = len(zh_lens), len(en_lens)
    width = band
    while True:
        steps, edge = _run(m, n, _band(zh_lens, en_lens, width), cost, shapes)
        if not edge or width >= max(m, n):
            return steps
        width *= 2


def _run(
    m: int, n: int, rows: list[tuple[int, int]], cost: CostFn, shapes: Sequence[tuple[int, int]]
) -> tuple[list[Step], bool]:
    best: list[list[float]] = []
    back: list[list[int]] = []
    fwd: list[list[float]] = []
    costs: list[list[list[float]]] = []  # costs[i][j - lo][k]: cost of shape k ending at (i, j)
    for i in range(m + 1):
        lo, hi = rows[i]
        brow = [INF] * (hi - lo + 1)
        frow = [INF] * (hi - lo + 1)
        krow = [-1] * (hi - lo + 1)
        crow: list[list[float]] = []
        for j in range(lo, hi + 1):
            cell = [INF] * len(shapes)
            if i == 0 and j == 0:
                brow[0] = frow[0] = 0.0
                crow.append(cell)
                continue
            options: list[float] = []
            b, bk = INF, -1
            for k, (di, dj) in enumerate(shapes):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                plo, phi = rows[pi]
                if not plo <= pj <= phi:
                    continue
                prev = best[pi][pj - plo] if pi < i else brow[pj - lo]
                pf = fwd[pi][pj - plo] if pi < i else frow[pj - lo]
                if pf == INF:
                    continue
                c = cost(pi, pj, di, dj)
                cell[k] = c
                options.append(pf + c)
                if prev + c < b:
                    b, bk = prev + c, k
            brow[j - lo], krow[j - lo] = b, bk
            frow[j - lo] = _logsumexp_neg(options) if options else INF
            crow.append(cell)
        best.append(brow)
        back.append(krow)
        fwd.append(frow)
        costs.append(crow)
    # backward pass: bwd[i][j] = -log(sum over chains from (i, j) to the end)
    bwd: list[list[float]] = [[INF] * (hi - lo + 1) for lo, hi in rows]
    bwd[m][n - rows[m][0]] = 0.0
    for i in range(m, -1, -1):
        lo, hi = rows[i]
        for j in range(hi, lo - 1, -1):
            here = bwd[i][j - lo]
            if here == INF:
                continue
            cell = costs[i][j - lo]
            for k, (di, dj) in enumerate(shapes):
                c = cell[k]
                if c == INF:
                    continue
                pi, pj = i - di, j - dj
                plo = rows[pi][0]
                old = bwd[pi][pj - plo]
                v = here + c
                bwd[pi][pj - plo] = v if old == INF else min(old, v) - math.log1p(math.exp(-abs(old - v)))
    total = fwd[m][n - rows[m][0]]
    steps: list[Step] = []
    i, j = m, n
    edge = False
    while i or j:
        lo, hi = rows[i]
        k = back[i][j - lo]
        if k < 0:  # pragma: no cover - the band always joins both ends
            raise RuntimeError("no alignment path in the band")
        if (j == lo and lo > 0) or (j == hi and hi < n):
            edge = True
        di, dj = shapes[k]
        c = costs[i][j - lo][k]
        pi, pj = i - di, j - dj
        post = math.exp(-(fwd[pi][pj - rows[pi][0]] + c + bwd[i][j - lo] - total))
        steps.append(Step(pi, pj, di, dj, c, min(1.0, post)))
        i, j = pi, pj
    steps.reverse()
    return steps, edge
