"""The span of a sentence most like a name: where the Chinese says a name must be, which words render it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from glossmt.translate.check.nameforms import FUNCTION_WORDS, WORD, name_form, name_parts
from glossmt.translate.check.nearmiss import NearMiss

__all__ = ["best_span"]


def best_span(
    text: str, names: Iterable[str], *, min_score: float, skip: Iterable[tuple[int, int]] = ()
) -> NearMiss | None:
    """The span of a short ``text`` (one sentence) most like one of ``names``, any case, or None.

    Used where the Chinese says a name must be there, so every word may start a candidate; a
    span does not begin or end with a function word the names lack ("the Kairaktinsky").
    """
    forms = {f: n for n in names if (f := name_form(n))}
    if not forms:
        return None
    name_words = {w for f in forms for w in re.split(r"[ -]", f)}
    limit = max(len(WORD.findall(f)) for f in forms) + 1
    blocked = list(skip)
    best: NearMiss | None = None
    for word in WORD.finditer(text):
        start = word.start()
        if _is_function_word(word.group(), name_words):
            continue
        for end, form in name_parts(text, start, limit=limit, follows=None):
            if any(start < e and s < end for s, e in blocked):
                break
            if _is_function_word(re.split(r"[ -]", form)[-1], name_words):
                continue
            hit = process.extractOne(
                form, list(forms), scorer=OSA.normalized_similarity, score_cutoff=min_score / 100.0
            )
            if hit is None:
                continue
            score = round(100.0 * hit[1], 1)
            if best is None or score > best.score or (score == best.score and end - start > best.end - best.start):
                best = NearMiss(start, end, text[start:end], "", forms[hit[0]], score)
    return best


def _is_function_word(word: str, name_words: set[str]) -> bool:
    lowered = word.lower()
    return lowered in FUNCTION_WORDS and lowered not in name_words
