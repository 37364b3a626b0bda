"""How an n-gram model's probabilities are estimated from counts (training only): Witten–Bell or modified
Kneser–Ney, both interpolated, both written the way ARPA files store a model — each seen n-gram's
probability (its lower orders mixed in) and each history's back-off weight, so that decoding reads either
the same way (:class:`glossmt.glossary.names.ngram.NgramModel`).

Kneser–Ney (Chen & Goodman 1998, modified: three discounts per order from the counts of counts) gives a
lower order the number of *contexts* a token follows rather than how often it is seen: a spelling that
follows many characters is a good guess after an unseen one, one seen often after a single character is
not. On the name model's pairs it is the better estimate (docs/names.md: dev top-1 0.273 → 0.280).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from glossmt.glossary.names.ngram import BOS, EOS, FLOOR

Gram = tuple[str, ...]
Estimates = tuple[dict[Gram, float], dict[Gram, float]]  # probabilities (linear), back-off weights (log)


def count(sequences: Iterable[Sequence[str]], order: int) -> list[Counter[Gram]]:
    """How often each n-gram (n = 1 … ``order``) occurs, each sequence padded with ``<s>`` and ``</s>``."""
    counts: list[Counter[Gram]] = [Counter() for _ in range(order)]
    for sequence in sequences:
        padded = [BOS] * (order - 1) + list(sequence) + [EOS]
        for i in range(order - 1, len(padded)):
            for n in range(1, order + 1):
                counts[n - 1][tuple(padded[i - n + 1 : i + 1])] += 1
    return counts


def witten_bell(counts: list[Counter[Gram]], min_count: int) -> Estimates:
    """Interpolated Witten–Bell: a history's weight for its lower order is how many different tokens
    followed it, against how often it was seen."""
    probs: dict[Gram, float] = {}
    backoffs: dict[Gram, float] = {}
    unigram_total = sum(counts[0].values())
    vocabulary = len(counts[0]) + 1
    for gram, seen in counts[0].items():
        probs[gram] = (seen + 1) / (unigram_total + vocabulary)
    for n in range(2, len(counts) + 1):
        totals: Counter[Gram] = Counter()
        types: defaultdict[Gram, int] = defaultdict(int)
        for gram, seen in counts[n - 1].items():
            totals[gram[:-1]] += seen
            types[gram[:-1]] += 1
        for gram, seen in counts[n - 1].items():
            history = gram[:-1]
            lower = interpolated(probs, backoffs, gram[1:])
            value = (seen + types[history] * lower) / (totals[history] + types[history])
            if seen >= min_count or n == 2:
                probs[gram] = value
        for history, total in totals.items():
            backoffs[history] = math.log(types[history] / (total + types[history]))
    return probs, backoffs


def kneser_ney(counts: list[Counter[Gram]], min_count: int) -> Estimates:
    """Interpolated modified Kneser–Ney. Below the top order an n-gram counts the different tokens seen
    before it (one that begins with ``<s>`` has none: its own count), as KenLM and SRILM do; each order
    discounts counts of one, two and three or more by its own amount."""
    order = len(counts)
    adjusted = [*_continuations(counts), counts[-1]]
    probs: dict[Gram, float] = {}
    backoffs: dict[Gram, float] = {}
    for n in range(1, order + 1):
        table, discount = adjusted[n - 1], _discounts(adjusted[n - 1])
        totals: Counter[Gram] = Counter()
        kinds: defaultdict[Gram, list[int]] = defaultdict(lambda: [0, 0, 0])  # how many seen 1, 2, 3+ times
        for gram, seen in table.items():
            totals[gram[:-1]] += seen
            kinds[gram[:-1]][min(seen, 3) - 1] += 1
        weights = {
            history: sum(d * k for d, k in zip(discount, kinds[history], strict=True)) / total
            for history, total in totals.items()
        }
        uniform = 1 / (len(table) + 1)  # the unigrams' lower order: every token alike, and one unseen
        for gram, seen in table.items():
            history = gram[:-1]
            lower = interpolated(probs, backoffs, gram[1:]) if n > 1 else uniform
            value = (seen - discount[min(seen, 3) - 1]) / totals[history] + weights[history] * lower
            if n <= 2 or counts[n - 1][gram] >= min_count:
                probs[gram] = value
        backoffs.update({history: math.log(weight) for history, weight in weights.items() if history})
    return probs, backoffs


def _continuations(counts: list[Counter[Gram]]) -> list[Counter[Gram]]:
    """For each order below the top: each n-gram's number of different tokens seen before it."""
    found = []
    for n in range(1, len(counts)):
        before: Counter[Gram] = Counter(gram[1:] for gram in counts[n])
        found.append(Counter({gram: seen if gram[0] == BOS else before[gram] for gram, seen in counts[n - 1].items()}))
    return found


def _discounts(table: Counter[Gram]) -> tuple[float, float, float]:
    """Chen & Goodman's discounts for n-grams seen once, twice and three or more times, from how many
    n-grams were seen once to four times; each kept between 0 and the count it discounts."""
    of = Counter(seen for seen in table.values() if seen <= 4)
    n1, n2, n3, n4 = of[1], of[2], of[3], of[4]
    if not (n1 and n2 and n3 and n4):  # too little data to tell: plain absolute discounting
        return 0.5, 1.0, 1.5
    y = n1 / (n1 + 2 * n2)
    found = (1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3)
    return tuple(min(max(d, 0.05), k + 0.95) for k, d in enumerate(found))  # type: ignore[return-value]


def interpolated(probs: dict[Gram, float], backoffs: dict[Gram, float], gram: Gram) -> float:
    """P(gram) from the lower orders already estimated (linear, not log)."""
    penalty = 1.0
    for start in range(len(gram)):
        found = probs.get(gram[start:])
        if found is not None:
            return penalty * found
        if start < len(gram) - 1:
            penalty *= math.exp(backoffs.get(gram[start:-1], 0.0))
    return penalty * math.exp(FLOOR)


ESTIMATORS = {"witten-bell": witten_bell, "kneser-ney": kneser_ney}
