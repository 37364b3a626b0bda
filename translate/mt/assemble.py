"""One assembler of results: a sentence's English and the state of each of its matches become its reports.

Every source of a sentence's English goes through here: the model (this run's decoding), the translation
memory (an earlier run, or a repeat within this window) and a reviewed human translation. Each says, per
glossary match of the sentence in order, how the term got there and whether it is present
(:data:`TermState`); :func:`nth_present` is the one rule that turns counts found in the English into
those flags: the n-th occurrence of a concept is present if the English holds at least n.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

from glossmt.glossary.matching import Match
from glossmt.translate.mt.results import How, LineResult, Origin, SentenceResult, TermReport

__all__ = ["TermState", "line_result", "nth_present", "reported_result", "sentence_result"]

TermState = tuple[How, bool]  # per match: how the term got there, and whether the English holds it


def nth_present(
    matches: Sequence[Match], found: Mapping[Hashable, int], key: Callable[[Match], Hashable] | None = None
) -> list[bool]:
    """Per match, in order: does the English hold this occurrence (``found``: occurrences by ``key``)?"""
    by = key or _concept
    seen: dict[Hashable, int] = {}
    present = []
    for match in matches:
        k = by(match)
        nth = seen.get(k, 0)
        seen[k] = nth + 1
        present.append(found.get(k, 0) > nth)
    return present


def _concept(match: Match) -> Hashable:
    return match.concept


def sentence_result(  # noqa: PLR0917 (one sentence's parts, each needed)
    line: str,
    start: int,
    end: int,
    matches: Sequence[Match],
    target: str,
    states: Sequence[TermState],
    origin: Origin = Origin.MODEL,
) -> SentenceResult:
    """The sentence ``line[start:end]`` (``matches`` in line offsets) with its English and term reports."""
    if len(states) != len(matches):
        raise ValueError(f"{len(states)} term states for {len(matches)} matches")
    terms = tuple(
        TermReport(m.concept, m.text, m.start, m.end, m.target, how, present)
        for m, (how, present) in zip(matches, states, strict=True)
    )
    return SentenceResult(start, end, line[start:end], target, terms, origin)


def reported_result(  # noqa: PLR0917 (one sentence's parts, each needed)
    line: str, start: int, end: int, target: str, terms: Sequence[TermReport], origin: Origin
) -> SentenceResult:
    """The sentence ``line[start:end]`` whose term reports are known whole (the memory stores them)."""
    return SentenceResult(start, end, line[start:end], target, tuple(terms), origin)


def line_result(number: int, line: str, sentences: Sequence[SentenceResult]) -> LineResult:
    """A line from its sentences: their English joined by spaces."""
    return LineResult(number, line, " ".join(s.target for s in sentences if s.target), tuple(sentences))
