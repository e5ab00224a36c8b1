"""Issue #8: arbitrary input yields a result or the project's own ReaderError, and nothing else.

Hypothesis feeds the TEI reader (whole files as bytes, and text spliced into a good TEI document),
the plain-text and Markdown importers, the glossary matcher and the note renderer with arbitrary
text: every code point including lone surrogates, NUL and the other C0 controls, and the characters
that mean something to XML and Markdown. A bounded number of examples keeps the suite fast; the
example database lives in .hypothesis/, which git ignores.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import ReaderError

HERE = Path(__file__).resolve().parent
GOOD_TEXT = (HERE / "bad_inputs" / "good.xml").read_text(encoding="utf-8")
GLOSSARY = HERE / "fixtures" / "glossary" / "glossary.xml"

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# every code point, surrogates and controls included, with a bias towards the interesting ones
ANY_CHAR = st.characters(codec=None, categories=None)
SPECIAL = st.sampled_from(
    list("<>&;\"'#[]()!*_`\\\n\r\t\x00\x01\x1b\x7f\ud800\udfff\ufeff\ufffe\u2028　。「」")
    + [
        "&#0;",
        "&#x1B;",
        "&lt;",
        "&amp;",
        "<!DOCTYPE x>",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "javascript:",
        "[a](",
        "<s>",
    ]
)
TEXT = st.lists(st.one_of(ANY_CHAR, SPECIAL), max_size=80).map("".join)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8, as in the wild


def _result_or_reader_error(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except ReaderError as exc:
        assert "\n" not in str(exc)  # one line per problem
        return None


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(data=st.one_of(st.binary(max_size=300), TEXT.map(_encode)))
def test_tei_reader_on_arbitrary_bytes(data: bytes, fuzz_dir: Path) -> None:
    from reader.readers.tei.read import read_text

    path = fuzz_dir / "bytes.xml"
    path.write_bytes(data)
    _result_or_reader_error(read_text, path)


@FUZZ
@given(text=TEXT, where=st.sampled_from(["出席。", "attended.", "標題", 'corresp="#zh-p1"', 'ref="gl:putin"']))
def test_tei_reader_on_text_spliced_into_a_good_document(text: str, where: str, fuzz_dir: Path) -> None:
    from reader.readers.tei.read import read_text

    path = fuzz_dir / "spliced.xml"
    path.write_bytes(_encode(GOOD_TEXT.replace(where, text, 1)))
    res = _result_or_reader_error(read_text, path, {"putin"})
    if res is not None:
        assert res.edition is not None or res.problems


@FUZZ
@given(text=TEXT)
def test_glossary_reader_on_text_spliced_into_a_note(text: str, fuzz_dir: Path) -> None:
    from reader.readers.glossary import read_glossary

    source = GLOSSARY.read_text(encoding="utf-8").replace("President of Russia.", text, 1)
    path = fuzz_dir / "glossary.xml"
    path.write_bytes(_encode(source))
    _result_or_reader_error(read_glossary, path)


@FUZZ
@given(text=TEXT)
def test_plain_text_importer(text: str) -> None:
    from reader.readers.plaintext import import_text

    _result_or_reader_error(import_text, text, "fuzz.txt")


@FUZZ
@given(text=TEXT)
def test_markdown_importer(text: str) -> None:
    from reader.readers.plaintext import import_markdown

    _result_or_reader_error(import_markdown, text, "fuzz.md")


@FUZZ
@given(data=st.one_of(st.binary(max_size=200), TEXT.map(_encode)), suffix=st.sampled_from([".txt", ".md"]))
def test_import_of_arbitrary_files(data: bytes, suffix: str, fuzz_dir: Path) -> None:
    from reader.readers.plaintext import load_input

    path = fuzz_dir / f"input{suffix}"
    path.write_bytes(data)
    _result_or_reader_error(load_input, path)


@pytest.fixture(scope="module")
def matcher():  # type: ignore[no-untyped-def]
    from reader.readers.glossary import load_glossary
    from reader.text.match import Matcher

    return Matcher(load_glossary(GLOSSARY))


@FUZZ
@given(text=TEXT)
def test_matcher(text: str, matcher) -> None:  # type: ignore[no-untyped-def]
    found = _result_or_reader_error(matcher.find, text)
    for m in found or []:
        assert 0 <= m.start < m.end <= len(text)


@FUZZ
@given(text=TEXT)
def test_note_renderer(text: str) -> None:
    from reader.readers.markdown import note_problems, render_note

    html = _result_or_reader_error(render_note, text)
    _result_or_reader_error(note_problems, text)
    if html and html.strip():
        _assert_inert(html)


@FUZZ
@given(
    text=st.lists(
        st.one_of(ANY_CHAR, st.sampled_from(["*", "!", "(", ")", "]", "]:", "\n", "http://x", "&lt;"])), max_size=80
    ).map("".join)
)
def test_markdown_without_angle_or_square_brackets_has_no_problems(text: str) -> None:
    """markdown_problems skips the parse for text with no < and no [: the full parse agrees."""
    from reader.readers.markdown import _parsed_problems, markdown_problems

    if "<" in text or "[" in text:
        return
    assert markdown_problems(text) == _parsed_problems(text, "Markdown") == []


def test_markdown_problems_still_found() -> None:
    from reader.readers.markdown import markdown_problems

    assert markdown_problems("a <b>x</b>")[0][1].startswith("raw HTML")
    assert markdown_problems("![i](http://x/y.png)")[0][1].startswith("image")
    assert markdown_problems("[a](javascript:x)")[0][1].startswith("link to")
    assert markdown_problems("<javascript:x>")  # an autolink


def _assert_inert(html: str) -> None:
    """Whatever the note said, its HTML has no element or attribute that runs or fetches anything."""
    import lxml.html

    for el in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(el.tag, str):
            continue
        assert el.tag in ALLOWED_TAGS, el.tag
        for name, value in el.attrib.items():
            assert name in ("href", "rel", "class"), name
            if name == "href":
                assert value.startswith(("http://", "https://", "#")), value


ALLOWED_TAGS = {"div", "p", "em", "strong", "a", "code", "pre", "ul", "ol", "li", "blockquote", "br", "hr", "s"}
ALLOWED_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td"}
