"""Findings shared by ``glossary lint`` and ``check``: gcc-style lines editors can click, or JSON."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding at ``path:line:col`` (line and column 1-based; 0 means unknown)."""

    path: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    suggestion: str | None = None

    def format_gcc(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.suggestion is not None:
            text += f" (suggest: {self.suggestion!r})"
        return f"{text} [{self.code}]"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def severity_counts(diagnostics: Iterable[Diagnostic]) -> dict[Severity, int]:
    """How many diagnostics of each severity, every severity present (zero or more), most severe first."""
    counts = dict.fromkeys(Severity, 0)
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    return counts


def docstring_title(function: Callable[..., object]) -> str:
    """The first line of ``function``'s docstring: the title a registered rule or check shows."""
    return (function.__doc__ or "").strip().splitlines()[0] if function.__doc__ else function.__name__


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table (for the docs tables made from the registries)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


class LineIndex:
    """1-based ``(line, column)`` of character offsets in one text, for ``file:line:col`` messages."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
