"""Offsets in a text as 1-based ``(line, column)``: where a finding sits, for ``file:line:col`` messages."""

from __future__ import annotations

import bisect
import re

__all__ = ["LineIndex"]


class LineIndex:
    """1-based ``(line, column)`` of character offsets in one text, for ``file:line:col`` messages."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
