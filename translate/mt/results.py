"""What the translation pass returns: one :class:`LineResult` per input line, and how each term got there.

Small frozen values and the two vocabularies the outputs use: :class:`How` (what happened to a term
occurrence; the words in JSONL ``how``, PO comments and the summary) and :class:`Strategy` (how the
pass decodes). Both are StrEnums, so they compare equal to, format as and serialise as their words.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["How", "LineResult", "Origin", "SentenceResult", "Strategy", "TermReport"]


class How(StrEnum):
    """How a term occurrence came to be in the English."""

    MODEL = "model"  # the model wrote the term unaided
    HINTED = "hinted"  # written after the canonical English was put into the source
    CONSTRAINED = "constrained"  # forced by constrained re-decoding
    SUBSTITUTED = "substituted"  # forced as a placeholder, or an avoid rendering replaced, in the text
    PINNED = "pinned"  # a name the glossary lacks, given one rendering for its document or run (pinning.py)
    DRAFT = "draft"  # a draft (fuzzy) term: reported, not enforced
    REVIEWED = "reviewed"  # in a reviewed human translation from the memory (mt/remember.py)

    @property
    def enforced(self) -> bool:
        """Is this an approved term, which the pass guarantees (every ``How`` but ``DRAFT``)?"""
        return self is not How.DRAFT


class Origin(StrEnum):
    """Where a sentence's English came from."""

    MODEL = "model"  # translated by the model in this run
    MEMORY = "memory"  # the translation memory (an earlier run, or a repeat within this one)
    REVIEWED = "reviewed"  # a reviewed human translation imported into the memory


class Strategy(StrEnum):
    """How the pass decodes."""

    CASCADE = "cascade"  # free first pass with hints, constrained re-decoding of failures (the default)
    DIRECT = "direct"  # every piece with terms decoded under constraints at once (one pass; for comparison)


@dataclass(frozen=True, slots=True)
class TermReport:
    """One matched term occurrence: where it is in the line, its canonical English, what happened."""

    concept: str
    source: str
    start: int
    end: int
    target: str
    how: How
    present: bool
    rendered_by: str = ""  # a pinned name's English came from: paired, cc-cedict, glossary, name-model, latin, model


@dataclass(frozen=True, slots=True)
class SentenceResult:
    """One sentence of a line (offsets into the line), its English and its terms."""

    start: int
    end: int
    source: str
    target: str
    terms: tuple[TermReport, ...] = ()
    origin: Origin = Origin.MODEL


@dataclass(frozen=True, slots=True)
class LineResult:
    """One input line (1-based ``number``) and its translation, one line of English."""

    number: int
    source: str
    target: str
    sentences: tuple[SentenceResult, ...] = ()

    @property
    def terms(self) -> tuple[TermReport, ...]:
        return tuple(t for s in self.sentences for t in s.terms)

    @property
    def from_memory(self) -> int:
        """How many of the line's sentences came from the translation memory (reviewed ones included)."""
        return sum(s.origin is not Origin.MODEL for s in self.sentences)
