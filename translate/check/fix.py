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

from glossmt.glossary.errors import BadInputError
from glossmt.translate.check.checker import Checker, Finding
from glossmt.translate.check.checks import check_documents
from glossmt.translate.check.edits import Edit, apply_to_bytes, apply_to_text, non_overlapping
from glossmt.translate.check.readers import READERS, Document, reparse

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

    A document format (Markdown, HTML, subtitles, Word…) is read again after the fix, and the fix
    refused unless its structure is intact: as many segments, each with the same markup, the text of
    the segments without a fix unchanged.

    Raises:
        BadInputError: the file cannot be rewritten byte for byte in its encoding, or the fix would
            change more than the names (nothing is written).
    """
    plan = plan_fix(doc, findings)
    if not plan.edits:
        return None
    reader = READERS.get(doc.kind)
    if reader is not None and reader.rewrite is not None:
        raw = reader.rewrite(doc, [(e.start, e.end, e.replacement) for e in plan.edits])
    else:
        raw = apply_to_bytes(doc.raw, doc.text, doc.encoding, plan.edits, path=doc.path)
    after = reparse(doc, raw)
    if reader is not None and reader.document and not _intact(doc, plan, after):
        raise BadInputError(
            "a fix here would change the document's markup or structure; nothing written",
            path=doc.path,
            hint="use --diff to see the fixes and make them by hand",
        )
    return Fixed(doc, plan, raw, after)


def _intact(before: Document, plan: FixPlan, after: Document) -> bool:
    """Did the fix change only the fixed spans' text: the same segments, markup and other text?"""
    if after.text != plan.text or len(after.segments) != len(before.segments):
        return False
    for old, new in zip(before.segments, after.segments, strict=True):
        if old.tags != new.tags:
            return False
        first, last = old.file_span(0, len(old.english)) if old.english else (old.origin, old.origin)
        edited = any(edit.start < max(last, first + 1) and edit.end > first for edit in plan.edits)
        if not edited and old.english != new.english:
            return False
    return True


def fix_and_recheck(
    checker: Checker,
    checked: Iterable[tuple[Document, Iterable[Finding]]],
    commit: Callable[[Fixed], bool],
    refused: Callable[[BadInputError], None] | None = None,
) -> FixRun:
    """Fix each checked document, then check the whole batch again as it now stands.

    Args:
        checker: the glossary made ready, as the documents were checked with.
        checked: each document with its findings (from :class:`~glossmt.translate.check.checks.Batch`).
        commit: called with each changed document, in order: writes the new bytes (or shows them);
            returns False when it could not, and the document is then taken as it was.
        refused: called with the error of a document whose fixes cannot be written (it is taken as it
            was); without it, the error is raised.

    Returns:
        The documents as they stand, the findings fixed, and the findings left (the batch check's last).
    """
    documents: list[Document] = []
    fixed: list[Finding] = []
    for doc, findings in checked:
        try:
            change = apply_fixes(doc, findings)
        except BadInputError as error:
            if refused is None:
                raise
            refused(error)
            change = None
        if change is None or not commit(change):
            documents.append(doc)
            continue
        fixed.extend(change.plan.fixed)
        documents.append(change.after)
    return FixRun(tuple(documents), tuple(fixed), tuple(check_documents(checker, documents)))
