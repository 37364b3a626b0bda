"""What the batch checks tally and report: each way a name was rendered, where first seen, how often.

Shared by ``inconsistent-rendering`` (glossary names, :mod:`glossmt.translate.check.checks`) and
``inconsistent-name`` (names outside the glossary, :mod:`glossmt.translate.check.unknown`), so both
say where and how often alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from glossmt.translate.check.checker import Analysis

__all__ = ["Placed", "Rendering", "tallied"]


@dataclass
class Rendering:
    """One way a name was rendered in the batch: where first seen (its span in the decoded file), how often."""

    text: str
    path: str
    line: int
    col: int
    start: int
    end: int
    count: int = 0

    @property
    def place(self) -> tuple[str, int]:
        """Where it was first seen, as an order-free key: path, then offset."""
        return (self.path, self.start)

    @classmethod
    def first_seen(cls, text: str, analysis: Analysis, start: int, end: int) -> Rendering:
        """``text``, first seen at ``english[start:end]`` of ``analysis``, not counted yet."""
        _, file_start, file_end = analysis.place(start, end)
        line, col = analysis.doc.position(file_start)
        return cls(text, analysis.doc.path, line, col, file_start, file_end)


@dataclass(frozen=True, slots=True)
class Placed:
    """What a batch check found, at a place in one of the batch's files (``start``/``end``: its span there)."""

    path: str
    line: int
    col: int
    message: str
    suggestion: str | None
    found: str
    start: int
    end: int

    @classmethod
    def at(cls, here: Rendering, message: str, suggestion: str | None) -> Placed:
        """A finding about the rendering ``here``, where it was first seen."""
        return cls(here.path, here.line, here.col, message, suggestion, here.text, here.start, here.end)


def tallied(renderings: Iterable[Rendering], here: Rendering) -> str:
    """``'Nurtleu' (2×, 1:10), 'Nurtileu' (1×, here)``: each rendering, how often, where first seen."""
    return ", ".join(f"{r.text!r} ({r.count}×, {_where(r, here)})" for r in renderings)


def _where(rendering: Rendering, here: Rendering) -> str:
    if rendering is here:
        return "here"
    place = f"{rendering.line}:{rendering.col}"
    return place if rendering.path == here.path else f"{rendering.path}:{place}"
