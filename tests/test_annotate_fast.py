"""The one-pass writer for imported text (annotate_edition) against the lxml tree path it replaces."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from reader.app.annotate import annotate_edition, annotate_root
from reader.model import Edition
from reader.readers.glossary import load_glossary
from reader.readers.plaintext import import_markdown, load_input
from reader.text.match import Matcher
from reader.writers.tei.write import edition_to_tree

FIXTURES = Path(__file__).parent / "fixtures"
NOTE = "Imported by a test."


def both(edition: Edition, glossary: Path, records: bool = True) -> tuple[object, object]:
    matcher = Matcher(load_glossary(glossary))
    fast = annotate_edition(edition, "../glossary.xml", NOTE, matcher, records)
    slow = annotate_root(edition_to_tree(edition, "../glossary.xml", NOTE), matcher, records)
    return fast, slow


def generated_text(glossary: Path, seed: int) -> str:
    """Paragraphs of filler, glossary forms, escapes and odd spacing, some indented, some headings."""
    rng = random.Random(seed)
    root = etree.parse(str(glossary)).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    forms = [el.text for el in root.iter() if el.get(lang, "").startswith("zh-Han") and el.text]
    assert forms
    bits = ["我們", "的", "。", "！", "？」", "，", "a<b", "&amp;", " R&D ", "x>y", "（注）", "2024年", "　"]
    lines = ["一個標題", "作者 機構", ""]
    for p in range(40):
        if p % 9 == 3:
            lines += [f"{'一二三四五'[p % 5]}、小節", ""]
        words = [rng.choice(forms) if rng.random() < 0.3 else rng.choice(bits) for _ in range(rng.randint(1, 60))]
        lines += [("  " if p % 2 else "") + "".join(words) + "。", ""]
    return "\n".join(lines)


@pytest.mark.parametrize("records", [True, False])
def test_seed_and_reuse_cases_match_the_tree_path(tmp_path: Path, records: bool) -> None:
    glossary = FIXTURES / "reuse" / "glossary.xml"
    cases = [p for p in (FIXTURES / "seed").glob("*.txt")]
    reuse = tmp_path / "reuse.txt"
    reuse.write_text(
        "\n".join(
            ln for ln in (FIXTURES / "reuse" / "cases.txt").read_text("utf-8").splitlines() if ln[:1] not in "#="
        ),
        "utf-8",
    )
    cases.append(reuse)
    for path in cases:
        for gl in (glossary, FIXTURES / "glossary" / "glossary.xml"):
            fast, slow = both(load_input(path), gl, records)
            assert fast is not None
            assert fast == slow, path
            assert fast[1] or path == reuse  # type: ignore[index]


def test_generated_text_matches_the_tree_path(tmp_path: Path) -> None:
    glossary = FIXTURES / "glossary" / "glossary.xml"
    for seed in range(5):
        path = tmp_path / f"gen{seed}.txt"
        path.write_text(generated_text(glossary, seed), "utf-8")
        fast, slow = both(load_input(path), glossary)
        assert fast is not None and fast[1]  # type: ignore[index]
        assert fast == slow
        etree.fromstring(fast[0])  # type: ignore[index]


def test_markdown_with_emphasis_falls_back_and_plain_markdown_does_not() -> None:
    glossary = FIXTURES / "glossary" / "glossary.xml"
    fast, _ = both(import_markdown("# 標題\n\n北京*很*大。\n"), glossary)
    assert fast is None
    fast, slow = both(
        import_markdown("# 標題\n\n北京很大。上海也大。\n\n> Beijing is big. So is Shanghai.\n"), glossary
    )
    assert fast is not None and fast == slow


def test_text_scanned_in_small_pieces_gives_the_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = FIXTURES / "glossary" / "glossary.xml"
    path = tmp_path / "gen.txt"
    path.write_text(generated_text(glossary, 7), "utf-8")
    whole, _ = both(load_input(path), glossary)
    monkeypatch.setattr("reader.transforms.link.SCAN_CHARS", 50)
    pieces, slow = both(load_input(path), glossary)
    assert pieces == whole == slow
