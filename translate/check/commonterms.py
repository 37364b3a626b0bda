"""Near-misses of common-noun terms: "studens" for "students", "tungstn concentrate" for "tungsten concentrate".

Proper names are found by :mod:`glossmt.translate.check.nearmiss` (capitalised n-grams); a term
that starts in lower case is looked for here, among lower-case words:

1. a *candidate* is a lower-case word that no right form of a term holds, near (by the same
   similarity as names, on each right form, plurals included: "studens" is one edit from
   "students") a word of a lower-case term; for a term of several words, the window of as many
   words around it, the other words equal;
2. a candidate that is itself an English word is another word, not a typo ("immortal" beside
   "mortal", "cooper" beside "copper"): :func:`~glossmt.translate.check.words.is_english_word`,
   asked only of the few candidates near a term.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from glossmt.glossary.spans import non_overlapping
from glossmt.translate.check.nearmiss import NearMiss
from glossmt.translate.check.words import is_english_word

__all__ = ["CommonTerms"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_LENGTH = 5  # shorter words have too many neighbours


@dataclass(frozen=True, slots=True)
class _Form:
    words: tuple[str, ...]
    concept: str
    text: str  # the right form as the suggestion


class CommonTerms:
    """The lower-case terms of a glossary, ready to find their near-misses in English."""

    def __init__(self, forms: Iterable[tuple[str, str]]) -> None:
        """``forms``: (concept, right form) pairs; only those starting in lower case are kept."""
        self._forms: list[_Form] = []
        for concept, form in forms:
            words = tuple(w.lower() for w in re.split(r"[ -]", form) if w)
            if form[:1].islower() and words and all(w.isalpha() for w in words):
                self._forms.append(_Form(words, concept, form))
        self._words = sorted({w for f in self._forms for w in f.words if len(w) >= _MIN_LENGTH})
        self._known = frozenset(w for f in self._forms for w in f.words)

    def __bool__(self) -> bool:
        return bool(self._words)

    def find(self, text: str, threshold: float, known: Iterable[tuple[int, int]] = ()) -> list[NearMiss]:
        """Near-misses of lower-case terms in ``text``, none overlapping a ``known`` span."""
        if not self._words:
            return []
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        unknown = sorted(
            {t for _, _, t in tokens if t.islower() and len(t) >= _MIN_LENGTH - 1 and t not in self._known}
        )
        if not unknown:
            return []
        cutoff = threshold / 100.0
        matrix = process.cdist(unknown, self._words, scorer=OSA.normalized_similarity, score_cutoff=cutoff)
        near = {unknown[row] for row in set(matrix.nonzero()[0])}
        near = {w for w in near if not is_english_word(w)}
        if not near:
            return []
        blocked = list(known)
        found: list[NearMiss] = []
        for i, (_start, _, word) in enumerate(tokens):
            if word not in near:
                continue
            for miss in self._windows(text, tokens, i, threshold):
                if not any(miss.start < e and s < miss.end for s, e in blocked):
                    found.append(miss)
        return non_overlapping(
            found, span=lambda m: (m.start, m.end), rank=lambda m: (-m.score, -(m.end - m.start), m.start)
        )

    def _windows(self, text: str, tokens: list[tuple[int, int, str]], i: int, threshold: float) -> list[NearMiss]:
        """The best form each window of words around token ``i`` may misspell."""
        out: list[NearMiss] = []
        for form in self._forms:
            n = len(form.words)
            for first in range(max(0, i - n + 1), min(i, len(tokens) - n) + 1):
                window = tokens[first : first + n]
                if not _adjacent(text, window):
                    continue
                words = [t.lower() for _, _, t in window]
                if any(w != f for j, (w, f) in enumerate(zip(words, form.words, strict=True)) if first + j != i):
                    continue
                score = round(100.0 * OSA.normalized_similarity(" ".join(words), " ".join(form.words)), 1)
                if score >= threshold:
                    start, end = window[0][0], window[-1][1]
                    out.append(NearMiss(start, end, text[start:end], form.concept, form.text, score))
        best: dict[tuple[int, int], NearMiss] = {}
        for miss in out:
            old = best.get((miss.start, miss.end))
            if old is None or miss.score > old.score:
                best[(miss.start, miss.end)] = miss
        return list(best.values())


def _adjacent(text: str, window: list[tuple[int, int, str]]) -> bool:
    """Are the words one phrase: only a space or a hyphen between them?"""
    return all(text[a[1] : b[0]] in (" ", "-") for a, b in itertools.pairwise(window))
