"""Spans of text, ``(start, end)`` half-open: whether two overlap, choosing ones that do not, and merging.

One implementation of each, used by term matching, the checker's near-misses and its fixes.
Two spans overlap when they share a character; an empty span overlaps nothing.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = ["SpanIndex", "merge_spans", "non_overlapping", "overlaps"]

T = TypeVar("T")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do spans ``a`` and ``b`` share a character? (An empty span shares none.)"""
    return max(a[0], b[0]) < min(a[1], b[1])


class SpanIndex:
    """Spans (overlapping or not) asked many times whether one of them overlaps, or holds, a span.

    Each question costs O(log n): the spans sorted by start, with the furthest end reached so far. Asking
    every candidate of a long text against every glossary match in turn grew with the square of the text.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, span: tuple[int, int]) -> bool:
        """Does a span start before ``span`` ends and end after it starts?"""
        i = bisect.bisect_left(self._starts, span[1])
        return i > 0 and self._reach[i - 1] > span[0]

    def holds(self, span: tuple[int, int]) -> bool:
        """Does one span start at or before ``span`` and end at or after it?"""
        i = bisect.bisect_right(self._starts, span[0])
        return i > 0 and self._reach[i - 1] >= span[1]


def non_overlapping(items: Iterable[T], span: Callable[[T], tuple[int, int]], rank: Callable[[T], Any]) -> list[T]:
    """The items whose spans do not overlap, chosen greedily in ``rank`` order; returned in text order.

    Each item, best ``rank`` first (lowest), is kept unless its span overlaps one already kept.
    Ties in text order are kept in ``rank`` order.
    """
    starts: list[int] = []  # kept non-empty spans by start (they never overlap: ends sort the same)
    ends: list[int] = []
    kept: list[tuple[int, T]] = []
    for item in sorted(items, key=rank):
        start, end = span(item)
        if start < end:
            i = bisect.bisect_right(starts, start)
            if (i and ends[i - 1] > start) or (i < len(starts) and starts[i] < end):
                continue
            starts.insert(i, start)
            ends.insert(i, end)
        kept.append((start, item))
    kept.sort(key=lambda pair: pair[0])
    return [item for _, item in kept]


def merge_spans(
    spans: Iterable[tuple[int, int]], *, margin: int = 0, limit: int | None = None
) -> list[tuple[int, int]]:
    """Spans that overlap or touch merged into one, in text order; each first widened by ``margin``
    on both sides (clipped to ``0`` and ``limit``)."""
    merged: list[tuple[int, int]] = []
    for span_start, span_end in sorted(spans):
        start = max(0, span_start - margin)
        end = span_end + margin if limit is None else min(limit, span_end + margin)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
