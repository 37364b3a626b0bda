"""The summary ``glossmt translate`` prints on stderr: lines (or segments), term occurrences by how, memory."""

from __future__ import annotations

from glossmt.translate.batch.run import BatchReport
from glossmt.translate.mt.results import How, LineResult, Origin

__all__ = ["Tally"]


class Tally:
    """Counts what a run translated, one result at a time; :meth:`summary` is the closing line."""

    def __init__(self) -> None:
        self.lines = 0
        self.counts = dict.fromkeys(How, 0)
        self.missing = 0
        self.sentences = 0
        self.remembered = 0
        self.reviewed = 0

    def add(self, result: LineResult) -> None:
        self.lines += 1
        self.sentences += len(result.sentences)
        self.remembered += result.from_memory
        self.reviewed += sum(s.origin is Origin.REVIEWED for s in result.sentences)
        for term in result.terms:
            self.counts[term.how] += 1
            if term.how.enforced and not term.present:
                self.missing += 1

    def summary(self, glossary: bool, report: BatchReport | None = None) -> str:
        files = ""
        if report is not None:
            files = f"{report.translated} files translated, {report.kept} kept from an earlier run"
            files += f", {len(report.failed)} unreadable; " if report.failed else "; "
        if not glossary:
            return f"{files}{self.lines} lines translated without a glossary{self._memory()}"
        approved = sum(n for how, n in self.counts.items() if how.enforced)
        parts = [f"{n} {how}" for how, n in self.counts.items() if n and how.enforced]
        text = f"{files}{self.lines} lines, {approved} term occurrences ({', '.join(parts) or 'none'})"
        if self.counts[How.DRAFT]:
            text += f", {self.counts[How.DRAFT]} draft terms reported, not enforced"
        text += self._memory()
        if self.missing:
            text += f"; warning: {self.missing} term occurrences missing (see --format jsonl)"
        return text

    def _memory(self) -> str:
        if not self.remembered:
            return ""
        reviewed = f", {self.reviewed} reviewed" if self.reviewed else ""
        return f"; {self.remembered} of {self.sentences} sentences from memory{reviewed}"
