"""Is each expected term rendered in the English? One implementation for ``translate`` and ``check``.

Rules (README, "How terms are verified"):
- the canonical English must appear exactly, as whole words; only the case of its first letter is
  free (a commodity opens a sentence as "Tungsten concentrate"); any run of whitespace counts as a
  space; a possessive ("Samruk-Kazyna's") or a following hyphenated word ("Samruk-Kazyna-led") is fine;
- a hyphen is not a space: "Samruk Kazyna" is *not* "Samruk-Kazyna";
- occurrences are counted, longest target first, so "Howard Lutnick" does not also count as "Lutnick";
- an ``avoid`` rendering is found case-insensitively, as whole words;
- an ``accept``ed variant (``#. accept: Cove Kaz Capital``) counts as the canonical form where the
  caller passes it (``check`` does; the translation pass does not, so it always writes the canonical);
- a legal suffix (Inc., Ltd., LLP, JSC, Corp. …) is optional: :func:`legal_variants` gives the
  forms with and without it, for callers that accept variants.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "AvoidHit",
    "Expected",
    "Verdict",
    "avoid_pattern",
    "find_avoided",
    "find_spans",
    "rendering_pattern",
    "verify",
]

_LEFT = r"(?<![\w])"
_RIGHT = r"(?![\w])"


@lru_cache(maxsize=65536)
def rendering_pattern(target: str) -> re.Pattern[str]:
    """A regex for ``target`` as it may correctly appear in English text."""
    words = target.split()
    escaped = r"\s+".join(re.escape(w) for w in words)
    first = target[:1]
    if first.isalpha() and first.lower() != first.upper():
        escaped = f"[{re.escape(first.lower())}{re.escape(first.upper())}]" + escaped[len(re.escape(first)) :]
    return re.compile(_LEFT + escaped + _RIGHT)


@lru_cache(maxsize=65536)
def avoid_pattern(rendering: str) -> re.Pattern[str]:
    """A regex for a wrong rendering: any case, whole words, flexible whitespace."""
    escaped = r"\s+".join(re.escape(w) for w in rendering.split())
    return re.compile(_LEFT + escaped + _RIGHT, re.IGNORECASE)


def find_spans(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


# Legal-form suffixes a company name is written with or without ("Almonty Industries Inc.").
LEGAL_SUFFIXES = ("Inc.", "Inc", "Ltd.", "Ltd", "LLP", "LLC", "JSC", "PLC", "plc", "Corp.", "Corp", "Co., Ltd.", "AG")
_LEGAL_TAIL = re.compile(
    r",?\s+(?:" + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True)) + r")$"
)


def legal_variants(target: str) -> tuple[str, ...]:
    """``target`` without its legal suffix, or with the common ones when it has none (never itself)."""
    bare = _LEGAL_TAIL.sub("", target)
    if bare != target:
        return (bare,) if bare else ()
    return tuple(f"{target} {suffix}" for suffix in ("Inc.", "Ltd.", "LLP", "JSC", "Corp."))


@dataclass(frozen=True, slots=True)
class Expected:
    """A canonical English form the output must contain ``count`` times (or an ``accept``ed variant)."""

    concept: str
    target: str
    count: int = 1
    accept: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the English holds for one expected concept."""

    concept: str
    target: str
    expected: int
    spans: tuple[tuple[int, int], ...]

    @property
    def present(self) -> bool:
        return len(self.spans) >= self.expected


def verify(english: str, expected: Sequence[Expected]) -> list[Verdict]:
    """Count each expected target in ``english``; a span serves one target, longest target first.

    An accepted variant counts like the target; of overlapping spans, the longest form's is kept.
    """
    taken: list[tuple[int, int]] = []
    verdicts: dict[str, Verdict] = {}
    forms = sorted(
        ((form, item) for item in expected for form in dict.fromkeys((item.target, *item.accept))),
        key=lambda pair: -len(pair[0]),
    )
    found: dict[str, list[tuple[int, int]]] = {item.concept: [] for item in expected}
    for form, item in forms:
        spans = [
            span
            for span in find_spans(english, rendering_pattern(form))
            if not any(span[0] < end and start < span[1] for start, end in taken)
        ]
        taken.extend(spans)
        found[item.concept].extend(spans)
    for item in expected:
        verdicts[item.concept] = Verdict(item.concept, item.target, item.count, tuple(sorted(found[item.concept])))
    return [verdicts[e.concept] for e in expected]


@dataclass(frozen=True, slots=True)
class AvoidHit:
    """A wrong rendering found in the English."""

    concept: str
    rendering: str
    target: str
    start: int
    end: int


def find_avoided(english: str, avoid: Iterable[tuple[str, str, str]]) -> list[AvoidHit]:
    """Find ``(concept, rendering, canonical target)`` avoid renderings in ``english``, in text order.

    A hit inside a correct rendering of its own concept is not reported (an avoid entry
    that is a prefix of the canonical form must not flag the canonical form itself).
    """
    hits: list[AvoidHit] = []
    for concept, rendering, target in avoid:
        correct = find_spans(english, rendering_pattern(target))
        for start, end in find_spans(english, avoid_pattern(rendering)):
            if any(s <= start and end <= e for s, e in correct):
                continue
            hits.append(AvoidHit(concept, rendering, target, start, end))
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits
