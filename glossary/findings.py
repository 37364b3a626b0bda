"""Findings shared by ``glossary lint``, ``glossary find`` and ``check``: gcc-style lines editors can click, or JSON.

Where a finding sits in a text (offset to ``line:column``) is :mod:`glossmt.glossary.io.line_index`; the
docs tables of the registered rules and checks are :mod:`glossmt.glossary.registry_docs`.
"""

from __future__ import annotations

from collections.abc import Iterable
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
