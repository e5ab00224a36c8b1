"""The length model of the aligner: Gale–Church, calibrated on Chinese characters against English characters.

Gale and Church (1993) model the length of a translation as proportional to the length of its source,
with a variance that grows with the length: for a link of ``zh`` Chinese characters rendered by ``en``
English characters, ``delta = (en - C * zh) / sqrt(S2 * zh)`` is close to a standard normal variable.
A link's length cost is ``-log(2 * (1 - Phi(|delta|)))`` plus ``-log`` of the prior of its shape
(1:1, 1:2, ...). :data:`C` and :data:`S2` were measured by :func:`calibrate` on the sentence links of
``texts/beijing-winter-olympics-home-summit.xml`` (a test recomputes them from the file); the shape
priors are the article's counts, smoothed, with small floors for shapes it lacks; 2:2 is kept rarer
than a 1:2 and a 2:1 together, so two neighbouring splits are not read as one 2:2 link.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

#: English characters per Chinese character (the article: 4.05 over 32 sentence links)
C = 4.05
#: variance of ``en - C * zh`` per Chinese character (the article: 26.9)
S2 = 26.9
#: link shapes (Chinese sentences, English sentences) and their prior probabilities at sentence level.
#: The article has 24 links 1:1 and 8 links 1:2 (a long Chinese sentence split in two English ones).
SENTENCE_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.72,
    (1, 2): 0.18,
    (2, 1): 0.05,
    (2, 2): 0.005,
    (1, 0): 0.02,
    (0, 1): 0.02,
}
#: the same for paragraphs, which translators split or merge less often than sentences
PARAGRAPH_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.90,
    (1, 2): 0.035,
    (2, 1): 0.035,
    (2, 2): 0.002,
    (1, 0): 0.015,
    (0, 1): 0.015,
}
MAX_COST = 30.0  #: a length cost never exceeds this (probabilities below e**-30 are all "impossible")


def calibrate(pairs: Iterable[tuple[int, int]]) -> tuple[float, float]:
    """``(C, S2)`` from ``(chinese_chars, english_chars)`` of known links: the ratio of the totals, and
    the variance of ``(en - C * zh) / sqrt(zh)`` about its mean."""
    data = [(z, e) for z, e in pairs if z > 0]
    if not data:
        raise ValueError("no links to calibrate on")
    c = sum(e for _, e in data) / sum(z for z, _ in data)
    devs = [(e - c * z) / math.sqrt(z) for z, e in data]
    mean = sum(devs) / len(devs)
    s2 = sum((d - mean) ** 2 for d in devs) / len(devs)
    return c, s2


def delta(zh: int, en: int, c: float = C, s2: float = S2) -> float:
    """Gale–Church's normalised length difference of a link (0 for two empty sides)."""
    if zh == 0 and en == 0:
        return 0.0
    mean = (zh + en / c) / 2  # Gale–Church use the mean of both lengths in source units
    return (en - c * zh) / math.sqrt(s2 * max(mean, 1.0))


def match_probability(zh: int, en: int) -> float:
    """How likely lengths this far apart are in a true link: ``2 * (1 - Phi(|delta|))``, in [0, 1]."""
    return math.erfc(abs(delta(zh, en)) / math.sqrt(2))


_SQRT2 = math.sqrt(2)
_TINY = math.exp(-MAX_COST)


def length_cost(zh: int, en: int) -> float:
    """``-log`` of :func:`match_probability`, capped at :data:`MAX_COST` (inlined: the DP's inner loop)."""
    if zh == 0 and en == 0:
        return 0.0
    mean = (zh + en / C) / 2
    p = math.erfc(abs(en - C * zh) / math.sqrt(S2 * (mean if mean > 1.0 else 1.0)) / _SQRT2)
    return MAX_COST if p <= _TINY else -math.log(p)
