"""What the importers infer from imported text: its script (Simplified or Traditional) and its sentences.

Both rules are documented in ``docs/import.md``. The script is judged by counting characters that
only one script writes (OpenCC, through :mod:`reader.script`); the text itself is never changed.
Sentences are split with one regular expression per language, so the cost stays in C.
"""

from __future__ import annotations

import re

#: characters looked at to judge the script (a sample: a newspaper's year need not be converted)
SAMPLE = 20_000
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def detect_script(text: str) -> str:
    """``zh-Hans`` or ``zh-Hant`` by which script's own characters are more frequent, else ``zh``.

    A character is Traditional-only when OpenCC's character-by-character Traditional-to-Simplified
    conversion changes it (國 -> 国), Simplified-only when the Simplified-to-Traditional one does
    (国 -> 國). Each distinct character is converted alone, so phrase rules cannot shift the count.
    """
    from .script import to_hans_chars, to_hant

    han = _HAN.findall(text[:SAMPLE])
    if not han:
        return "zh"
    counts: dict[str, int] = {}
    for ch in han:
        counts[ch] = counts.get(ch, 0) + 1
    chars = sorted(counts)
    joined = "\n".join(chars)
    hans = to_hans_chars(joined).split("\n")
    hant = to_hant(joined).split("\n")
    if len(hans) != len(chars) or len(hant) != len(chars):  # pragma: no cover - OpenCC keeps line breaks
        return "zh"
    trad = sum(counts[c] for c, s in zip(chars, hans, strict=True) if s != c)
    simp = sum(counts[c] for c, t in zip(chars, hant, strict=True) if t != c)
    if simp > trad:
        return "zh-Hans"
    if trad > simp:
        return "zh-Hant"
    return "zh"
