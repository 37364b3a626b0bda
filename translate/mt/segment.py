"""Cutting Chinese lines into the pieces the model translates, with offsets into the line.

A line becomes sentences (cut after 。！？；… and any closing quotes or brackets that follow), and a
sentence longer than the model's limit becomes clauses (cut after ，、：, then at spaces, then
anywhere), so that nothing is truncated: every non-space character of the line lies in exactly one
piece. Glossary matches are *protected*: a cut never falls inside one, so a name is translated whole.

Pure Python; the length of a piece is measured by a callable given the piece's offsets (the model's
token count of what the model will read, in practice; characters by default), so this module never
needs the model.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from glossmt.glossary.spans import merge_spans

__all__ = [
    "CLAUSE_MARKS",
    "CLOSERS",
    "SENTENCE_ENDERS",
    "Piece",
    "Sentence",
    "characters",
    "segment_line",
    "split_long",
    "split_sentences",
]

# Sentence enders, full-width and ASCII. "." is left out: in Chinese text it is a decimal point
# ("3.5 亿") or part of a Latin name far more often than a full stop.
SENTENCE_ENDERS = frozenset("。！？；…!?;｡")
# Closing quotes and brackets that belong to the sentence they end: 他说：“好。” | 下一句
CLOSERS = frozenset("”’」』）》〉】〕\"')]")
# Where a long sentence may be cut, best first: after a clause mark, then after a space.
CLAUSE_MARKS = frozenset("，、：,:—")

# measure(line, start, end): the length of line[start:end] as the model will see it.
Length = Callable[[str, int, int], int]


def characters(line: str, start: int, end: int) -> int:
    return end - start


@dataclass(frozen=True, slots=True)
class Piece:
    """``line[start:end]``: one sentence, or one clause of a long sentence."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a line and the pieces (one, or several clauses) it is translated as."""

    start: int
    end: int
    pieces: tuple[Piece, ...]


def split_sentences(line: str) -> list[Piece]:
    """Sentences of ``line`` without surrounding whitespace; whitespace-only text gives none."""
    spans: list[Piece] = []
    start = 0
    i = 0
    size = len(line)
    while i < size:
        if line[i] in SENTENCE_ENDERS:
            while i < size and line[i] in SENTENCE_ENDERS:
                i += 1
            while i < size and line[i] in CLOSERS:
                i += 1
            _append_trimmed(spans, line, start, i)
            start = i
        else:
            i += 1
    _append_trimmed(spans, line, start, size)
    return spans


def _append_trimmed(spans: list[Piece], line: str, start: int, end: int) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Piece(start, end))


def split_long(
    line: str,
    piece: Piece,
    limit: int,
    length: Length = characters,
    protected: Sequence[tuple[int, int]] = (),
) -> list[Piece]:
    """Cut ``piece`` into consecutive pieces whose ``length`` is at most ``limit``.

    Cuts go after clause marks where they can, else after spaces, else between any two characters;
    never inside a ``protected`` span unless that span alone is over the limit.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return _split(line, piece, limit, length, _Interior(protected))


class _Interior:
    """The positions strictly inside some protected span, where no cut may fall.

    The spans' interiors are merged and searched by bisection, so asking about every position of a
    megabyte line costs ``n log m``, not ``n * m`` (issue 13: one 1 MB line with thousands of matches).
    """

    def __init__(self, protected: Sequence[tuple[int, int]]) -> None:
        # Cuts at s+1 … e-1 fall inside (s, e): the half-open interior (s+1, e). Interiors that touch
        # leave no allowed position between them, so merging touching ones is exact.
        merged = merge_spans((start + 1, end) for start, end in protected if end - start > 1)
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, position: int) -> bool:
        i = bisect.bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]


def _split(line: str, piece: Piece, limit: int, length: Length, interior: _Interior) -> list[Piece]:
    if length(line, piece.start, piece.end) <= limit:
        return [piece]
    for level in (_after_clause_marks, _after_spaces, _anywhere):
        cuts = [p for p in level(line, piece) if p not in interior]
        if cuts:
            packed = _pack(line, piece, cuts, limit, length)
            if all(length(line, p.start, p.end) <= limit for p in packed):
                return packed
            # Some clause is still too long: cut those finer, keep the rest.
            out: list[Piece] = []
            for part in packed:
                out.extend(_split(line, part, limit, length, interior))
            return out
    # Only a protected span is left and it is over the limit on its own: cut it anyway.
    return _pack(line, piece, list(_anywhere(line, piece)), limit, length)


def _after_clause_marks(line: str, piece: Piece) -> list[int]:
    return [i + 1 for i in range(piece.start, piece.end - 1) if line[i] in CLAUSE_MARKS]


def _after_spaces(line: str, piece: Piece) -> list[int]:
    return [i + 1 for i in range(piece.start, piece.end - 1) if line[i].isspace() and not line[i + 1].isspace()]


def _anywhere(line: str, piece: Piece) -> list[int]:
    return list(range(piece.start + 1, piece.end))


def _pack(line: str, piece: Piece, cuts: list[int], limit: int, length: Length) -> list[Piece]:
    """Join the parts between ``cuts`` into pieces as long as ``limit`` allows, left to right.

    Each piece takes its first part whatever its length (the caller cuts an overlong part finer), then
    as many more as fit. How many fit is found by galloping (1, 2, 4, … parts more) and then bisecting,
    so a piece of ``k`` parts costs about ``2 log k`` measurements, not ``k``: a measurement reads the
    whole candidate piece (the model's tokenizer), and one per part made cutting "anywhere" in a long
    line without punctuation cost ``n * limit`` (issue 13). With a measure that grows with the text,
    the pieces are those of adding one part at a time.
    """
    bounds = [piece.start, *sorted(set(cuts)), piece.end]
    last = len(bounds) - 1
    out: list[Piece] = []

    def fits(first: int, end: int) -> bool:
        return length(line, *_trimmed(line, bounds[first], bounds[end])) <= limit

    first = 0
    while first < last:
        good, step = first + 1, 1  # the first part is taken whatever its length
        while good + step <= last and fits(first, good + step):
            good, step = good + step, step * 2
        bad = min(good + step, last + 1)  # too long, or past the end
        while bad - good > 1:
            middle = (good + bad) // 2
            good, bad = (middle, bad) if fits(first, middle) else (good, middle)
        _append_trimmed_piece(out, line, bounds[first], bounds[good])
        first = good
    return out


def _trimmed(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def _append_trimmed_piece(out: list[Piece], line: str, start: int, end: int) -> None:
    pieces: list[Piece] = []
    _append_trimmed(pieces, line, start, end)
    out.extend(pieces)


def segment_line(
    line: str,
    limit: int | None = None,
    length: Length = characters,
    protected: Sequence[tuple[int, int]] = (),
    *,
    spans: Sequence[Piece] | None = None,
) -> list[Sentence]:
    """Sentences of ``line``, each cut into pieces of at most ``limit`` (no limit: one piece each).

    ``spans``: the sentences, already split (:func:`split_sentences`; the pass splits each line once).
    """
    if limit is not None and limit < 1:
        raise ValueError("limit must be at least 1")
    interior = _Interior(protected)  # once per line, not once per sentence
    sentences = []
    for span in split_sentences(line) if spans is None else spans:
        pieces = [span] if limit is None else _split(line, span, limit, length, interior)
        sentences.append(Sentence(span.start, span.end, tuple(pieces)))
    return sentences
