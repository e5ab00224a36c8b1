"""The one walk over inline nodes: a visitor with a handler per node type, for every writer.

A writer subclasses :class:`InlineVisitor` and defines :meth:`~InlineVisitor.text`,
:meth:`~InlineVisitor.term`, :meth:`~InlineVisitor.foreign`, :meth:`~InlineVisitor.emph`,
:meth:`~InlineVisitor.link` and :meth:`~InlineVisitor.note`; :meth:`~InlineVisitor.visit` picks the
handler from the node's class. A new inline type in the model is then one new handler in each writer
(an unhandled one fails loudly), not a new branch in a dozen ``isinstance`` chains.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from ...model import Emph, Foreign, Inline, Link, Note, TermRef, Text

R = TypeVar("R")

_HANDLERS = {Text: "text", TermRef: "term", Foreign: "foreign", Emph: "emph", Link: "link", Note: "note"}


class InlineVisitor(Generic[R]):
    """Dispatches each inline node to the handler for its type."""

    _dispatch: dict[type, Any] = {}  #: node type -> the class's handler (filled for each subclass)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._dispatch = {node_type: getattr(cls, name) for node_type, name in _HANDLERS.items()}

    def visit(self, node: Inline) -> R:
        """The result of the node's handler."""
        result: R = self._dispatch[type(node)](self, node)
        return result

    def visit_all(self, nodes: Iterable[Inline]) -> list[R]:
        """The handlers' results for each node, in order."""
        return [self.visit(n) for n in nodes]

    def text(self, node: Text) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Text")

    def term(self, node: TermRef) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for TermRef")

    def foreign(self, node: Foreign) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Foreign")

    def emph(self, node: Emph) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Emph")

    def link(self, node: Link) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Link")

    def note(self, node: Note) -> R:
        raise NotImplementedError(f"{type(self).__name__} has no handler for Note")
