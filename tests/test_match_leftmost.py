"""The matcher's automaton finds exactly the leftmost-longest occurrences, checked against a
brute-force reference; and the case pyahocorasick's iter_long got wrong (a shorter form left pending
inside a longer partial one when the text ends) is found."""

from __future__ import annotations

import random

from reader.model import Form, Glossary, GlossaryEntry
from reader.text.match import Matcher


def glossary(*forms: str, category: str = "org") -> Glossary:
    return Glossary(
        tuple(
            GlossaryEntry(f"e{i}", category, (Form(f, "zh-Hant-TW", "main"),), f"Entry {i}", "A test entry.")
            for i, f in enumerate(forms)
        )
    )


def leftmost_longest(forms: list[str], text: str) -> list[tuple[int, int]]:
    """The reference: at each position the longest form that starts there, then go on after it."""
    out: list[tuple[int, int]] = []
    longest_first = sorted(set(forms), key=len, reverse=True)
    i = 0
    while i < len(text):
        hit = next((f for f in longest_first if text.startswith(f, i)), None)
        if hit is None:
            i += 1
        else:
            out.append((i, i + len(hit)))
            i += len(hit)
    return out


def test_a_short_form_inside_a_longer_partial_one_at_the_end_of_the_text() -> None:
    m = Matcher(glossary("中國國民黨", "國民"))
    assert [(x.start, x.surface) for x in m.find("反對中國國民")] == [(4, "國民")]
    assert [(x.start, x.surface) for x in m.find("反對中國國民黨")] == [(2, "中國國民黨")]


def test_random_texts_over_a_small_alphabet_match_the_reference() -> None:
    rng = random.Random(20220204)
    alphabet = "甲乙丙"
    for _ in range(3000):
        forms = list({"".join(rng.choices(alphabet, k=rng.randint(2, 4))) for _ in range(rng.randint(1, 6))})
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 14)))
        m = Matcher(glossary(*forms), heuristics=False)
        assert [(x.start, x.end) for x in m.find_all(text)] == leftmost_longest(forms, text), (forms, text)


def test_offsets_stay_in_characters_around_astral_characters_and_lone_surrogates() -> None:
    m = Matcher(glossary("普京", category="person"))
    assert [(x.start, x.surface) for x in m.find("𠀀a\ud800普京😀普京")] == [(3, "普京"), (6, "普京")]
