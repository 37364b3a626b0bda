"""Fixing: the unambiguous fixes among a document's findings, applied, and the batch checked again.

:func:`plan_fix` chooses the edits (overlapping ones: the first, then the longer, wins);
:func:`apply_fixes` applies them to the document's bytes in memory (:mod:`glossmt.translate.check.edits`:
every other byte stays as it was); :func:`fix_and_recheck` does both for a batch, lets the caller
write (or preview) each changed file, and checks what the files now hold, so that what is reported
afterwards is what is left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from glossmt.translate.check.checker import Checker, Finding
from glossmt.translate.check.checks import check_documents
from glossmt.translate.check.edits import Edit, apply_to_bytes, apply_to_text, non_overlapping
from glossmt.translate.check.readers import Document, reparse

__all__ = ["FixPlan", "FixRun", "Fixed", "apply_fixes", "fix_and_recheck", "plan_fix"]


@dataclass(frozen=True, slots=True)
class FixPlan:
    """The fixes one document takes: the findings fixed, and its text afterwards."""

    fixed: tuple[Finding, ...]
    edits: tuple[Edit, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Fixed:
    """One document's fixes applied in memory: the plan, the new bytes, the document read again."""

    before: Document
    plan: FixPlan
    raw: bytes
    after: Document


@dataclass(frozen=True, slots=True)
class FixRun:
    """A batch after fixing: every document as it now stands, the findings fixed, and those left."""

    documents: tuple[Document, ...]
    fixed: tuple[Finding, ...]
    remaining: tuple[Finding, ...]


def plan_fix(doc: Document, findings: Iterable[Finding]) -> FixPlan:
    """The unambiguous fixes among ``findings`` (overlapping ones: the first, then the longer, wins)."""
    with_edits = [f for f in findings if f.edit is not None and f.diagnostic.path == doc.path]
    edits = non_overlapping([f.edit for f in with_edits if f.edit is not None])
    kept = set(edits)
    fixed = tuple(f for f in with_edits if f.edit in kept)
    return FixPlan(fixed, tuple(edits), apply_to_text(doc.text, edits))


def apply_fixes(doc: Document, findings: Iterable[Finding]) -> Fixed | None:
    """``doc`` with its unambiguous fixes applied to its bytes, or None when there is nothing to fix.

    Raises:
        BadInputError: the file cannot be rewritten byte for byte in its encoding.
    """
    plan = plan_fix(doc, findings)
    if not plan.edits:
        return None
    raw = apply_to_bytes(doc.raw, doc.text, doc.encoding, plan.edits, path=doc.path)
    return Fixed(doc, plan, raw, reparse(doc, raw))


def fix_and_recheck(
    checker: Checker, checked: Iterable[tuple[Document, Iterable[Finding]]], commit: Callable[[Fixed], bool]
) -> FixRun:
    """Fix each checked document, then check the whole batch again as it now stands.

    Args:
        checker: the glossary made ready, as the documents were checked with.
        checked: each document with its findings (from :class:`~glossmt.translate.check.checks.Batch`).
        commit: called with each changed document, in order: writes the new bytes (or shows them);
            returns False when it could not, and the document is then taken as it was.

    Returns:
        The documents as they stand, the findings fixed, and the findings left (the batch check's last).
    """
    documents: list[Document] = []
    fixed: list[Finding] = []
    for doc, findings in checked:
        change = apply_fixes(doc, findings)
        if change is None or not commit(change):
            documents.append(doc)
            continue
        fixed.extend(change.plan.fixed)
        documents.append(change.after)
    return FixRun(tuple(documents), tuple(fixed), tuple(check_documents(checker, documents)))
