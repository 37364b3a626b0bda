"""Inline markup as values: text and tags, shared by the translation pass, the documents and the checker.

A segment of a document is a sequence of *parts*: ``str`` and :class:`Tag`. A paired element is an
``OPEN`` and a ``CLOSE`` tag sharing one ``id``; a lone code is one ``STANDALONE`` tag; ``markup`` is
the caller's, never looked inside. How tags travel through the model: :mod:`glossmt.translate.mt.tags`
(which re-exports these names). This module imports nothing from glossmt, so the checker and the
document readers can use it without the translation pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Kind", "Parts", "Tag", "plain", "render", "well_nested"]


class Kind(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    STANDALONE = "standalone"


@dataclass(frozen=True, slots=True)
class Tag:
    """One inline tag. ``id`` is unique in its segment, shared by an OPEN and its CLOSE; ``markup`` is opaque."""

    kind: Kind
    id: int
    markup: str = ""


Parts = tuple["str | Tag", ...]


def plain(parts: Iterable[str | Tag]) -> str:
    """The text of ``parts`` without its tags."""
    return "".join(p for p in parts if isinstance(p, str))


def render(parts: Iterable[str | Tag]) -> str:
    """``parts`` joined, each tag written as its ``markup``."""
    return "".join(p if isinstance(p, str) else p.markup for p in parts)


def well_nested(parts: Iterable[str | Tag]) -> bool:
    """Is every OPEN closed after it, by its own CLOSE, with no crossing, and no id used twice?"""
    stack: list[int] = []
    seen: set[tuple[Kind, int]] = set()
    for part in parts:
        if isinstance(part, str):
            continue
        if (part.kind, part.id) in seen:
            return False
        seen.add((part.kind, part.id))
        if part.kind is Kind.OPEN:
            stack.append(part.id)
        elif part.kind is Kind.CLOSE and (not stack or stack.pop() != part.id):
            return False
    return not stack
