"""The one escaping helper for markup built in Python: an element with escaped attribute values.

The classes, ids and data attributes the stylesheets and ``reader.js`` depend on are written through
:func:`element` (or in the Jinja templates), never by hand-escaped f-strings. Attribute names come
from keyword names: a trailing underscore is dropped (``class_``) and ``_`` becomes ``-``
(``data_ref``, ``aria_label``); an attribute whose value is None is left out.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def attributes(**attrs: object) -> str:
    """`` name="value"`` for each attribute given, values escaped, in the order given."""
    return "".join(
        f' {name.rstrip("_").replace("_", "-")}="{escape(value)}"' for name, value in attrs.items() if value is not None
    )


def element(tag: str, inner: object = "", **attrs: object) -> Markup:
    """``<tag attrs>inner</tag>``; ``inner`` is escaped unless it is already markup."""
    return Markup(f"<{tag}{attributes(**attrs)}>{escape(inner)}</{tag}>")
