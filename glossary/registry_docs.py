"""What the docs tables of the registries are made from: a registered function's title, a Markdown table.

``glossary lint``'s rules (:mod:`glossmt.glossary.lint`) and ``check``'s checks are registries; docs/ shows each
as a table made by these helpers, and a test holds the docs to the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

__all__ = ["docstring_title", "markdown_table"]


def docstring_title(function: Callable[..., object]) -> str:
    """The first line of ``function``'s docstring: the title a registered rule or check shows."""
    return (function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else function.__name__


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table (for the docs tables made from the registries)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
