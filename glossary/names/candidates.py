"""A name's English candidates: each with its score and its source, and a whole name's from its parts'.

A name of several parts (弗拉基米尔·普京) is looked up part by part; :func:`combined` puts the parts'
candidates together, :func:`joins` says what goes between their English, :func:`position` which words
of a many-word lexicon entry a part stands for.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from glossmt.glossary.normalise import SEPARATORS

_SEPARATOR_RUN = re.compile(f"[{re.escape(SEPARATORS)}]+")
_HYPHENS = frozenset("‐‑‒–—―-－﹣⁃")


class Source(StrEnum):
    GLOSSARY = "glossary"
    LEXICON = "lexicon"
    PINYIN = "pinyin"  # a Chinese person's name: its English is its pinyin (Wang Wentao)
    MODEL = "model"
    ROMANISED = "romanised"


@dataclass(frozen=True, slots=True)
class NameCandidate:
    """One English rendering of a name: its text, a score in 0–1 and its source."""

    english: str
    score: float
    source: Source

    @property
    def is_english(self) -> bool:
        """May this be offered as English (a msgstr, a pinned rendering)? Never a romanisation."""
        return self.source is not Source.ROMANISED


def position(index: int, count: int) -> slice:
    """The words of a lexicon entry that part ``index`` of ``count`` stands for: all, the first or the last."""
    if count == 1:
        return slice(None)
    return slice(0, 1) if index == 0 else slice(-1, None)


def joins(name: str) -> list[str]:
    """Between the parts of ``name``: a hyphen where the Chinese has one (让-巴普蒂斯特 Jean-Baptiste),
    else a space (弗拉基米尔·普京 Vladimir Putin)."""
    runs = _SEPARATOR_RUN.findall(name.strip(SEPARATORS + " "))
    return ["-" if all(c in _HYPHENS for c in run.strip()) and run.strip() else " " for run in runs]


def combined(options: Sequence[Sequence[NameCandidate]], joins: Sequence[str]) -> list[NameCandidate]:
    """Whole-name candidates from each part's: the best of each, then one part at a time varied."""
    if not options or any(not o for o in options):
        return []
    best = [o[0] for o in options]
    combos = [best]
    for i, choices in enumerate(options):
        combos += [[*best[:i], alt, *best[i + 1 :]] for alt in choices[1:]]
    found = []
    for combo in combos:
        score = math.prod(c.score for c in combo)
        source = max((c.source for c in combo), key=list(Source).index)  # the weakest part's source
        english = combo[0].english + "".join(join + c.english for join, c in zip(joins, combo[1:], strict=True))
        found.append(NameCandidate(english, round(score, 3), source))
    return sorted(found, key=lambda c: -c.score)


def distinct(candidates: Sequence[NameCandidate]) -> list[NameCandidate]:
    """The first of each spelling (case and accents aside), in order."""
    from glossmt.glossary.names.spelling import spelling_key

    seen: set[str] = set()
    kept = []
    for candidate in candidates:
        key = spelling_key(candidate.english, strict=True)
        if key not in seen:
            seen.add(key)
            kept.append(candidate)
    return kept
