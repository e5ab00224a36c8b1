"""The alignment report: every link with its score, the weak ones flagged, and a summary.

Plain data (dicts and lists) ready for ``json.dumps``; the review page (:mod:`reader.writers.review`)
is drawn from the same rows.
"""

from __future__ import annotations

from typing import Any

from .core import WEAK, Alignment, Link

#: a pair of texts whose median sentence-link score is below this does not correspond
CORRESPONDENCE_THRESHOLD = 0.25


def _row(al: Alignment, lk: Link, ids: dict[int, str]) -> dict[str, Any]:
    if lk.level == "paragraph":
        zh_text = "".join(al.zh[k].text for p in lk.zh for k in al.zh_paras[p])
        en_text = " ".join(al.en[k].text for p in lk.en for k in al.en_paras[p])
        zh_ids = [al.zh[al.zh_paras[p][0]].target.rsplit("-s", 1)[0] for p in lk.zh if al.zh_paras[p]]
        en_ids: list[str] = []
    else:
        zh_text = "".join(al.zh[k].text for k in lk.zh)
        en_text = " ".join(al.en[k].text for k in lk.en)
        zh_ids = [al.zh[k].target for k in lk.zh]
        en_ids = [ids[k] for k in lk.en if k in ids]
    return {
        "level": lk.level,
        "shape": f"{len(lk.zh)}:{len(lk.en)}",
        "zh": zh_ids,
        "en": en_ids,
        "score": round(lk.score, 4),
        "posterior": round(lk.posterior, 4),
        "evidence": round(lk.evidence, 4),
        "anchors": lk.shared,
        "weak": lk.weak,
        "crosses_paragraphs": lk.crosses,
        "zh_text": zh_text,
        "en_text": en_text,
        "zh_texts": [al.zh[k].text for k in lk.zh] if lk.level == "sentence" else [],
        "en_texts": [al.en[k].text for k in lk.en] if lk.level == "sentence" else [],
    }


def report(al: Alignment, en_ids: dict[int, str], original: str, translation: str) -> dict[str, Any]:
    """The report of an alignment; ``en_ids`` gives each English sentence's xml:id in the output."""
    sentences = [_row(al, lk, en_ids) for lk in al.sentences]
    shapes: dict[str, int] = {}
    for r in sentences:
        shapes[r["shape"]] = shapes.get(r["shape"], 0) + 1
    return {
        "original": original,
        "translation": translation,
        "weak_below": WEAK,
        "correspondence_threshold": CORRESPONDENCE_THRESHOLD,
        "summary": {
            "zh_sentences": len(al.zh),
            "en_sentences": len(al.en),
            "paragraph_links": len(al.paragraphs),
            "sentence_links": len(al.sentences),
            "weak": sum(1 for r in sentences if r["weak"]),
            "median_score": round(al.median_score(), 4),
            "shapes": dict(sorted(shapes.items())),
        },
        "paragraphs": [_row(al, lk, en_ids) for lk in al.paragraphs],
        "sentences": sentences,
    }
