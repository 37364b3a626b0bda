"""Aligning a Chinese name to its Latin spelling: each character to a run of letters (卢特尼克 → lu|t|ni|ck).

Hard EM, as many-to-many transliteration aligners do: start from a length prior (a character spells
about as many letters as the name has per character), then alternate the best monotone alignment of
every pair under the current P(letters | character) with re-estimating that table from the
alignments. Training only: the shipped model holds what the alignments taught, not this code's state.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

MAX_CHUNK = 5  # letters one character may spell (施 → sch, 谢 → shche)
_UNSEEN = -12.0


def best_alignment(chars: str, letters: str, table: dict[str, dict[str, float]] | None) -> list[tuple[str, str]] | None:
    """The most probable split of ``letters`` into one non-empty run per character, or None if none fits."""
    n, m = len(chars), len(letters)
    if not n or m < n or m > n * MAX_CHUNK:
        return None
    expected = m / n
    # best[i][j]: best score aligning chars[:i] with letters[:j]; back[i][j]: the chunk length used.
    best = [[-math.inf] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        row = table.get(chars[i - 1], {}) if table is not None else {}
        for j in range(i, min(m, i * MAX_CHUNK) + 1):
            for k in range(1, min(MAX_CHUNK, j - i + 1) + 1):
                previous = best[i - 1][j - k]
                if previous == -math.inf:
                    continue
                chunk = letters[j - k : j]
                score = row.get(chunk, _UNSEEN) if table is not None else -abs(k - expected)
                if previous + score > best[i][j]:
                    best[i][j], back[i][j] = previous + score, k
    if best[n][m] == -math.inf:
        return None
    pairs = []
    j = m
    for i in range(n, 0, -1):
        k = back[i][j]
        pairs.append((chars[i - 1], letters[j - k : j]))
        j -= k
    return pairs[::-1]


def align_all(pairs: Sequence[tuple[str, str]], iterations: int = 4) -> list[list[tuple[str, str]]]:
    """Hard-EM alignments of (characters, letters) pairs; pairs that cannot be aligned are left out."""
    table: dict[str, dict[str, float]] | None = None
    aligned: list[list[tuple[str, str]]] = []
    for _ in range(iterations + 1):
        aligned = [a for chars, letters in pairs if (a := best_alignment(chars, letters, table)) is not None]
        table = _estimate(aligned)
    return aligned


def _estimate(aligned: Sequence[Sequence[tuple[str, str]]]) -> dict[str, dict[str, float]]:
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for alignment in aligned:
        for char, chunk in alignment:
            counts[char][chunk] += 1
    table = {}
    for char, chunks in counts.items():
        total = sum(chunks.values()) + 1.0
        table[char] = {chunk: math.log(count / total) for chunk, count in chunks.items()}
    return table
