"""A check session: the glossary made ready once, then documents or paths in, findings and a verdict out.

:class:`CheckSession` is what ``glossmt check`` runs and what the tests call: it reads the inputs
(going on past a file it cannot read), runs every registered check
(:data:`glossmt.translate.check.checks.CHECKS`), optionally fixes the unambiguous findings (or only
shows them, ``dry_run``), and returns a :class:`CheckReport`: the findings, what was fixed, the files it
could not read, the exit decision and the JSON report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from glossmt.glossary.errors import BadInputError, GlossmtError
from glossmt.glossary.findings import Severity, severity_counts
from glossmt.glossary.io.fileio import DEFAULT_ENCODING, atomic_write_bytes
from glossmt.translate.check import readers
from glossmt.translate.check.checker import Checker, Finding
from glossmt.translate.check.checks import Batch, title
from glossmt.translate.check.edits import unified_diff
from glossmt.translate.check.fix import Fixed, fix_and_recheck
from glossmt.translate.check.nearmiss import DEFAULT_THRESHOLD
from glossmt.translate.check.readers import Document

if TYPE_CHECKING:
    from glossmt.glossary.compiled import Compiled
    from glossmt.glossary.model import Glossary

__all__ = ["CheckReport", "CheckSession"]

OnFindings = Callable[[list[Finding]], None]
OnError = Callable[[GlossmtError], None]


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What one check run found and did.

    ``failing``: what the exit decision counts (with ``dry_run``, the findings before the fixes shown,
    since the files still hold them). ``documents``: kept only when asked (the HTML report).
    """

    files: int
    findings: tuple[Finding, ...]
    fixed: tuple[Finding, ...] = ()
    failing: tuple[Finding, ...] = ()
    bad_input: tuple[GlossmtError, ...] = ()
    documents: tuple[Document, ...] = ()
    diff: str = ""  # dry_run: one unified diff per file changed
    filtered: bytes | None = None  # fix of stdin: its bytes, fixed (stdin cannot be rewritten; a filter prints them)
    dry_run: bool = False
    signature: str = ""

    def counts(self) -> dict[str, int]:
        """Findings by severity, and the fixable, fixed and files counts (the JSON report's ``summary``)."""
        tally = {severity.value: n for severity, n in severity_counts(f.diagnostic for f in self.findings).items()}
        tally["fixable"] = sum(1 for f in self.findings if f.edit is not None)
        tally["fixed"] = len(self.fixed)
        tally["files"] = self.files
        return tally

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """3 (or the first bad input's code) when an input could not be read or written; 1 when a
        finding is ``fail_on`` or more severe; else 0."""
        if self.bad_input:
            return self.bad_input[0].exit_code
        return 1 if any(f.diagnostic.severity.at_least(fail_on) for f in self.failing) else 0

    def to_json(self) -> dict[str, Any]:
        """The ``--format json`` report (docs/check.md)."""
        return {
            "signature": self.signature,
            "findings": [finding_json(f) for f in self.findings],
            "fixed": [{**finding_json(f), "replacement": f.edit.replacement if f.edit else None} for f in self.fixed],
            "dry_run": self.dry_run,
            **({"diff": self.diff} if self.dry_run else {}),
            "summary": self.counts(),
        }


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as the JSON report writes it."""
    data = finding.diagnostic.to_json()
    data.update(title=title(finding.diagnostic.code), found=finding.found, fixable=finding.edit is not None)
    return data


class CheckSession:
    """The glossary made ready for checking (:class:`~glossmt.translate.check.checker.Checker`), once.

    Args:
        glossary: the glossary, or its compiled form (``glossmt.glossary.loading.load_compiled``).
        threshold: near-miss similarity, 50–100 (lower finds more, and more false alarms).
    """

    def __init__(self, glossary: Glossary | Compiled, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        from glossmt.glossary.compiled import Compiled

        plain = glossary.glossary if isinstance(glossary, Compiled) else glossary
        self.checker = Checker(plain, threshold=threshold)

    @property
    def signature(self) -> str:
        return str(self.checker.signature)

    def check(
        self,
        documents: Iterable[Document],
        *,
        fix: bool = False,
        dry_run: bool = False,
        keep_documents: bool = False,
        on_findings: OnFindings | None = None,
        on_error: OnError | None = None,
    ) -> CheckReport:
        """Check ``documents``; with ``fix``, rewrite each file's unambiguous findings and check again.

        ``dry_run``: compute the fixes and return them as a diff; write nothing. ``on_findings``: called
        with each document's findings as they are found, then with the batch's (not when fixing: what is
        left is known only at the end). ``on_error``: called with each file that could not be written.
        """
        batch = Batch(self.checker)
        fixing = fix or dry_run
        findings: list[Finding] = []
        checked: list[tuple[Document, list[Finding]]] = []
        kept: list[Document] = []
        files = 0
        for doc in documents:
            files += 1
            batch.add(doc)  # pass one tallies every spelling, so no finding depends on the order of the files
        for doc, found in batch.results():
            if on_findings is not None and not fixing:
                on_findings(found)
            if fixing:
                checked.append((doc, found))
            elif keep_documents:
                kept.append(doc)
            findings.extend(found)
        last = batch.finish()
        findings.extend(last)
        if not fixing:
            if on_findings is not None:
                on_findings(last)
            found_all = tuple(findings)
            return CheckReport(files, found_all, failing=found_all, documents=tuple(kept), signature=self.signature)
        diff: list[str] = []
        errors: list[GlossmtError] = []
        filtered = [doc.raw for doc, _ in checked if not doc.writable][:1]  # stdin, as read unless fixed

        def commit(change: Fixed) -> bool:
            if dry_run:
                diff.append(unified_diff(change.before.path, change.before.text, change.plan.text))
                return True
            if not change.before.writable:  # stdin: the fixed bytes go back to the caller
                filtered[:] = [change.raw]
                return True
            try:
                atomic_write_bytes(change.before.path, change.raw)
            except BadInputError as exc:  # read-only, disk full: say so, keep the file, fix the others
                errors.append(exc)
                if on_error is not None:
                    on_error(exc)
                return False
            return True

        def refused(error: BadInputError) -> None:  # a fix that cannot be written: said, the file kept
            errors.append(error)
            if on_error is not None:
                on_error(error)

        result = fix_and_recheck(self.checker, checked, commit, refused)
        remaining = tuple(result.remaining)
        return CheckReport(
            files,
            remaining,
            fixed=tuple(result.fixed),
            failing=tuple(findings) if dry_run else remaining,  # a dry run changed nothing
            bad_input=tuple(errors),
            documents=tuple(result.documents) if keep_documents else (),
            diff="".join(diff),
            filtered=filtered[0] if filtered and not dry_run else None,
            dry_run=dry_run,
            signature=self.signature,
        )

    def check_paths(
        self,
        paths: Sequence[str],
        *,
        kind: str | None = None,
        encoding: str = DEFAULT_ENCODING,
        on_error: OnError | None = None,
        **modes: Any,
    ) -> CheckReport:
        """Check files and folders (``-`` is stdin) as :meth:`check` does; ``modes``: its keyword options.

        A file that cannot be read is reported to ``on_error`` and in the report's ``bad_input``; the
        others are checked.
        """
        unreadable: list[GlossmtError] = []

        def documents() -> Iterator[Document]:
            for name in readers.expand(paths):
                try:
                    doc = readers.load(name, kind=kind, encoding=encoding)
                except BadInputError as exc:
                    unreadable.append(exc)
                    if on_error is not None:
                        on_error(exc)
                    continue
                yield doc

        report = self.check(documents(), on_error=on_error, **modes)
        return _with_errors(report, unreadable)

    def check_aligned(self, source: str, target: str, *, encoding: str = DEFAULT_ENCODING, **modes: Any) -> CheckReport:
        """Check an English ``target`` line-aligned with its Chinese ``source`` (bilingual checks)."""
        return self.check([readers.load_aligned(source, target, encoding=encoding)], **modes)


def _with_errors(report: CheckReport, unreadable: list[GlossmtError]) -> CheckReport:
    from dataclasses import replace

    return replace(report, bad_input=(*unreadable, *report.bad_input)) if unreadable else report
