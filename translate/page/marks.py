"""Untrusted text with highlighted spans, as escaped HTML: the one place page text is cut and escaped.

A mark is a span of the text and the attributes of the element that highlights it. Marks may nest
("Lutnick" inside "Howard Lutnick") and may be empty (a name the English lacks, marked where it
should start); a mark that crosses the end of an enclosing one is cut at that end, so the markup is
always well formed. Text and attribute values go through :func:`markupsafe.escape`; attribute names
are the page's own and are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


@dataclass(frozen=True, slots=True)
class Mark:
    """``text[start:end]`` highlighted by a ``<tag>`` with ``attrs`` (values are untrusted text)."""

    start: int
    end: int
    attrs: tuple[tuple[str, str], ...] = ()
    tag: str = "mark"


def element_open(tag: str, attrs: Iterable[tuple[str, str]]) -> Markup:
    """``<tag name="value" …>`` with every value escaped (an empty value writes a bare attribute)."""
    parts = [tag]
    for name, value in attrs:
        if not _NAME.match(name):
            raise ValueError(f"not an attribute name: {name!r}")
        parts.append(name if value == "" else f'{name}="{escape(value)}"')
    if not _NAME.match(tag):
        raise ValueError(f"not a tag name: {tag!r}")
    return Markup(f"<{' '.join(parts)}>")


def marked(text: str, marks: Sequence[Mark] = ()) -> Markup:
    """``text`` escaped, each mark's span wrapped in its element (outer marks first at one start)."""
    if not marks:
        return escape(text)
    out: list[str] = []
    stack: list[tuple[str, int]] = []  # (tag, end) of the open elements
    pos = 0

    def close_to(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1][1] <= limit:
            tag, end = stack.pop()
            out.append(escape(text[pos:end]))
            out.append(f"</{tag}>")
            pos = end

    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        start = max(mark.start, pos)
        close_to(start)
        end = min(mark.end, stack[-1][1]) if stack else mark.end
        end = max(end, start)
        out.append(escape(text[pos:start]))
        out.append(element_open(mark.tag, mark.attrs))
        pos = start
        if end == start:
            out.append(f"</{mark.tag}>")
        else:
            stack.append((mark.tag, end))
    close_to(len(text))
    out.append(escape(text[pos:]))
    return Markup("".join(out))
