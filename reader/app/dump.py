"""A stable, readable text dump of the model (like pandoc's native format), for golden-file tests.

One line per node, indented by depth. Regenerate golden files on purpose only:
``python -m reader.app.dump texts/X.xml > tests/golden/X.dump``.
"""

from __future__ import annotations

import sys

from ..model import (
    Block,
    Edition,
    Emph,
    Foreign,
    Inline,
    InlineVisitor,
    Link,
    Node,
    Note,
    Section,
    Sentence,
    TermRef,
    Text,
    Unit,
)


class _Dump(InlineVisitor[str]):
    """An inline node as ``'text'`` or ``[label child child …]``."""

    def _node(self, label: str, children: tuple[Inline, ...]) -> str:
        return f"[{label} " + " ".join(self.visit_all(children)) + "]"

    def text(self, node: Text) -> str:
        return repr(node.text)

    def term(self, node: TermRef) -> str:
        return self._node(f"{node.kind}:{node.ref}", node.children)

    def foreign(self, node: Foreign) -> str:
        return self._node(f"foreign:{node.lang}", node.children)

    def emph(self, node: Emph) -> str:
        return self._node("emph", node.children)

    def link(self, node: Link) -> str:
        return self._node(f"link:{node.href}", node.children)

    def note(self, node: Note) -> str:
        return self._node(f"note:{node.kind}#{node.id}", node.children)


_DUMP = _Dump()


def _sentence(s: Sentence, depth: int) -> list[str]:
    pad = "  " * depth
    head = f"{pad}S #{s.id or '-'}"
    if s.corresp:
        head += " -> " + " ".join("#" + c for c in s.corresp)
    return [head + " " + " ".join(_DUMP.visit_all(s.inlines))]


def _unit(label: str, u: Unit, depth: int) -> list[str]:
    out = [f"{'  ' * depth}{label} #{u.id or '-'} lang={u.lang}"]
    for s in u.sentences:
        out.extend(_sentence(s, depth + 1))
    return out


def _node(n: Node, depth: int) -> list[str]:
    pad = "  " * depth
    if isinstance(n, Section):
        out = [f"{pad}Section #{n.id or '-'} n={n.n or '-'} level={n.level}"]
        if n.head is not None:
            out.extend(_node(n.head, depth + 1))
        for c in n.children:
            out.extend(_node(c, depth + 1))
        return out
    assert isinstance(n, Block)
    out = [f"{pad}Block {n.kind}" + ("" if n.translated else " untranslated")]
    out.extend(_unit("ZH", n.original, depth + 1))
    for u in n.translation:
        out.extend(_unit("EN", u, depth + 1))
    return out


def dump(edition: Edition) -> str:
    """The dump of an edition as text (ends with a newline)."""
    m = edition.metadata
    lines = ["Edition " + m.slug]
    for field in (
        "title",
        "title_en",
        "short_title",
        "author",
        "author_ref",
        "affiliation",
        "publisher",
        "translator",
        "lang",
    ):
        lines.append(f"  {field}: {getattr(m, field)!r}")
    for n in edition.children:
        lines.extend(_node(n, 1))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the dump of a TEI text."""
    from ..readers.tei.read import load_text

    args = sys.argv[1:] if argv is None else argv
    for path in args:
        sys.stdout.write(dump(load_text(path)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
