"""The HTML reading edition: one self-contained page (view, templates in templates/html/, render)."""

from .render import render_html

__all__ = ["render_html"]
