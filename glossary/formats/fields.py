"""Fields every term-file reader parses the same way: the term type, lists, and errors at ``file:line``."""

from __future__ import annotations

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.model import Origin, TermType

__all__ = ["split_list", "term_file_error", "term_type"]


def term_file_error(message: str, origin: Origin, hint: str) -> TermFileError:
    """A :class:`TermFileError` at ``origin`` (``file:line``) that says how to fix it."""
    return TermFileError(message, path=origin.path, line=origin.line, hint=hint)


def term_type(raw: str, origin: Origin) -> TermType | None:
    """The :class:`TermType` named by ``raw`` (any case, surrounding space ignored); None when empty."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        return TermType(raw.lower())
    except ValueError:
        kinds = "|".join(t.value for t in TermType)
        raise term_file_error(f"unknown type {raw!r}", origin, f"use one of {kinds}") from None


def split_list(cell: str) -> tuple[str, ...]:
    """``a; b;; c`` → ``("a", "b", "c")``: a list field written on one line."""
    return tuple(part.strip() for part in cell.split(";") if part.strip())
