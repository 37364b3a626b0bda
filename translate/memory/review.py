"""Reviewed PO files into the memory: a post-editor's work wins over the model from then on.

``glossmt translate --format po`` writes one fuzzy entry per sentence (``msgid`` the Chinese sentence,
``msgstr`` the machine translation). A reviewer corrects the ``msgstr`` and clears the fuzzy flag (Poedit:
"Needs work" off); only such entries are approved. Entries still fuzzy, empty or obsolete are left out and
counted, so a half-reviewed file can be imported again when the rest is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glossmt.glossary.formats.po import read_catalog
from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.memory.key import normalise_source
from glossmt.translate.memory.store import Approved, Memory

__all__ = ["ReviewImport", "import_review"]


@dataclass(frozen=True, slots=True)
class ReviewImport:
    """What one reviewed file gave: approved entries, and entries left out because still fuzzy or empty."""

    approved: int
    fuzzy: int
    empty: int


def import_review(memory: Memory, path: str | Path) -> ReviewImport:
    """Store the reviewed (non-fuzzy, non-empty) entries of the PO file ``path`` as approved translations.

    Raises:
        BadInputError: the file cannot be read or is not a valid PO file (at its line).
    """
    _, catalog = read_catalog(path)  # the term files' strict reading: an unterminated string is refused at its line
    approved, fuzzy, empty = [], 0, 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.fuzzy:
            fuzzy += 1
        elif not entry.msgstr.strip():
            empty += 1
        else:
            origin = f"{path}:{entry.linenum}"
            approved.append(Approved(normalise_source(entry.msgid), fold_whitespace(entry.msgstr), origin))
    memory.approve(approved)
    return ReviewImport(len(approved), fuzzy, empty)
