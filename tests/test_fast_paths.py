"""The HTML build's fast paths give what their plain definitions give: Han detection by code point
against the Han regex, runs of Chinese found by a scanner against the regex they replaced, and ruby
markup escaped run by run against escaping each character."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from reader.text import pinyin
from reader.writers.html.view import _han_runs, tag_han
from reader.writers.shared.inline import _ruby

HAN = re.compile(pinyin.HAN_PATTERN)
RUN = re.compile(f"(?:{pinyin.HAN_PATTERN})+(?:[\\s，、。；：「」『』（）·]*(?:{pinyin.HAN_PATTERN})+)*")
SAMPLES = [
    "",
    "plain English only",
    "習近平",
    "Xi Jinping (習近平) met 蒲亭 in 北京。",
    "「一帶一路」、 倡議 · 計畫 ， end",
    "trailing joiners 中國，、 ",
    "中\u3000國\n台灣\t香港",
    "𠀀𡃁 astral, 豈 compatibility, 㐀 extension A, ㄅ bopomofo, ｱ half-width",
    "<b>&amp; 中文 & 'quotes' \"double\"</b>",
]


def test_is_han_is_the_han_class() -> None:
    for ch in (
        "".join(SAMPLES)
        + "\u33ff\u3400\u4dbf\u4dc0\u4dff\u4e00\u9fff\ua000\uf8ff\uf900\ufaff\ufb00\U0001ffff\U00020000\U0003134f\U00031350"
    ):
        assert pinyin.is_han(ch) == bool(HAN.fullmatch(ch)), repr(ch)
    assert not pinyin.is_han("中文")  # one character only, as before
    assert pinyin.HAN.pattern == pinyin.HAN_PATTERN  # the compiled pattern is still there for callers


@pytest.mark.parametrize("text", SAMPLES)
def test_has_han_and_han_runs_match_the_regex(text: str) -> None:
    assert pinyin.has_han(text) == bool(HAN.search(text))
    assert _han_runs(text) == [m.span() for m in RUN.finditer(text)]
    expected = "".join(
        p if p.startswith("<") else RUN.sub(lambda m: f'<span lang="zh-Hans">{m.group()}</span>', p)
        for p in re.split(r"(<[^>]*>)", text)
    )
    assert str(tag_han(text, "zh-Hans")) == expected


@pytest.mark.parametrize("text", SAMPLES)
def test_ruby_escapes_like_one_character_at_a_time(text: str) -> None:
    reads: list[str | None] = [f"r{i}<&>" if pinyin.is_han(c) or c == "&" else None for i, c in enumerate(text)]
    expected = "".join(
        f"<ruby>{escape(c)}<rt>{escape(r)}</rt></ruby>" if r else str(escape(c))
        for c, r in zip(text, reads, strict=True)
    )
    assert _ruby(text, reads) == expected
    with pytest.raises(ValueError):
        _ruby(text, [*reads, None])
