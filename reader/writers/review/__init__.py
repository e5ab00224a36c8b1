"""The review page of an alignment: one offline HTML file showing every sentence link, weak ones marked.

Rendered with the writers' one Jinja2 environment (autoescape on, undefined names are errors) from the report's rows; the page
has no scripts and makes no external requests (its CSS is inline).
"""

from __future__ import annotations

from typing import Any


def render_review(report: dict[str, Any], title: str) -> str:
    """The HTML of the review page for an alignment report."""
    from ..shared.templates import template_environment

    env = template_environment("html", trim_blocks=True)
    rows = report["sentences"]
    weak_rows = [n for n, r in enumerate(rows, 1) if r["weak"]]
    return env.get_template("align_review.html.j2").render(
        title=title,
        rows=rows,
        weak_rows=weak_rows,
        summary=report["summary"],
        weak_below=report["weak_below"],
    )
