"""One inline visitor, with a handler per node type, is what the HTML, print and TEI writers walk with."""

from __future__ import annotations

import pytest

from reader.model import Emph, Foreign, InlineVisitor, Link, Note, TermRef, Text
from reader.writers.pdf.view import _InlineRenderer
from reader.writers.shared.inline import _HtmlInlines
from reader.writers.shared.markup import element
from reader.writers.tei.write import _inline_xml, _InlineXml

HANDLERS = ("text", "term", "foreign", "emph", "link", "note")


@pytest.mark.parametrize("cls", [_HtmlInlines, _InlineRenderer, _InlineXml])
def test_each_writer_handles_every_inline_type(cls: type) -> None:
    assert issubclass(cls, InlineVisitor)
    for name in HANDLERS:
        assert getattr(cls, name) is not getattr(InlineVisitor, name), f"{cls.__name__} lacks {name}"


def test_an_unhandled_type_fails_loudly() -> None:
    class OnlyText(InlineVisitor[str]):
        def text(self, node: Text) -> str:
            return node.text

    assert OnlyText().visit_all([Text("a"), Text("b")]) == ["a", "b"]
    with pytest.raises(NotImplementedError, match="OnlyText has no handler for Emph"):
        OnlyText().visit(Emph((Text("x"),)))


def test_the_tei_visitor_writes_every_type() -> None:
    out: list[str] = []
    nodes = (
        Text("a<b & c"),
        TermRef("putin", "person", (Text("普京"),)),
        Foreign("en", (Text("Putin"),)),
        Emph((Text("e"),)),
        Link("https://example.com/?a=1&b=2", (Text("l"),)),
        Note("n1", "translator", (Text("note"),)),
    )
    _inline_xml(out, nodes)
    assert "".join(out) == (
        'a&lt;b &amp; c<persName ref="gl:putin">普京</persName><foreign xml:lang="en">Putin</foreign>'
        '<hi rend="italic">e</hi><ref target="https://example.com/?a=1&amp;b=2">l</ref>'
        '<note type="translator" xml:id="n1">note</note>'
    )


def test_element_escapes_values_and_inner_text_once() -> None:
    assert element("a", "x<y", class_="term", data_ref='a"b', title=None) == (
        '<a class="term" data-ref="a&#34;b">x&lt;y</a>'
    )
    assert element("em", element("b", "&")) == "<em><b>&amp;</b></em>"


def test_tei_sentence_fast_path_writes_what_the_handlers_write() -> None:
    term = TermRef("putin", "person", (Text("普京"),))
    nested = TermRef("x", "term", (Text("a"), TermRef("putin", "person", (Text("普京"),))))
    for nodes in (
        (Text("a<b"), term, Text("&"), term, TermRef("t&x", "event", (Text("<c>"),)), Text("d\r")),
        (Text("a"), term, Emph((Text("e"),)), term),
        (term, nested, Text("z")),
    ):
        fast: list[str] = []
        _InlineXml(fast).sentence(nodes)
        slow: list[str] = []
        _inline_xml(slow, nodes)
        assert "".join(fast) == "".join(slow)
