"""Span selection and merging: the one implementation matching, near-misses and fixes share."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from glossmt.glossary.spans import merge_spans, non_overlapping, overlaps

spans = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)).map(lambda p: (p[0], p[0] + p[1])), max_size=12)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do they share a character? (An empty span shares none.)"""
    return max(a[0], b[0]) < min(a[1], b[1])


@given(spans)
def test_kept_spans_never_overlap_and_each_dropped_one_meets_a_better_kept_one(items: list[tuple[int, int]]) -> None:
    rank = {span: -(span[1] - span[0]) for span in items}  # longest first
    kept = non_overlapping(items, span=lambda s: s, rank=lambda s: rank[s])
    assert [s[0] for s in kept] == sorted(s[0] for s in kept)
    assert not any(overlap(a, b) for i, a in enumerate(kept) for b in kept[i + 1 :])
    for span in items:
        if span not in kept:
            assert any(overlap(span, k) and rank[k] <= rank[span] for k in kept)


def test_rank_decides_between_overlapping_spans() -> None:
    items = [(0, 3), (2, 8), (8, 9)]
    assert non_overlapping(items, span=lambda s: s, rank=lambda s: s[0]) == [(0, 3), (8, 9)]
    assert non_overlapping(items, span=lambda s: s, rank=lambda s: s[0] - s[1]) == [(2, 8), (8, 9)]


@given(spans, st.integers(0, 3))
def test_merged_spans_are_disjoint_and_cover_every_widened_span(items: list[tuple[int, int]], margin: int) -> None:
    merged = merge_spans(items, margin=margin, limit=45)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(merged))
    for start, end in items:
        widened = (max(0, start - margin), min(45, end + margin))
        assert any(m[0] <= widened[0] and widened[1] <= m[1] for m in merged)


@given(spans, spans)
def test_overlaps_is_sharing_a_character(some: list[tuple[int, int]], others: list[tuple[int, int]]) -> None:
    for a, b in itertools.product(some, others):
        assert overlaps(a, b) is overlap(a, b)
        assert overlaps(a, b) is bool(set(range(*a)) & set(range(*b)))
