"""Spans of text, ``(start, end)`` half-open: whether two overlap, choosing ones that do not, and merging.

One implementation of each, used by term matching, the checker's near-misses and its fixes.
Two spans overlap when they share a character; an empty span overlaps nothing.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

__all__ = ["merge_spans", "non_overlapping", "overlaps"]

T = TypeVar("T")


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do spans ``a`` and ``b`` share a character? (An empty span shares none.)"""
    return max(a[0], b[0]) < min(a[1], b[1])


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
