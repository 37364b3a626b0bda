"""How the n-gram models are estimated: Witten–Bell and modified Kneser–Ney, both proper distributions,
and Kneser–Ney's lower orders counting contexts rather than occurrences."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from glossmt.glossary.names.estimate import _discounts, count, kneser_ney
from glossmt.glossary.names.ngram import BOS, EOS, NgramModel

_DRAW = random.Random(0)
TEXTS = [[_DRAW.choice("aabbbcd") for _ in range(_DRAW.randint(2, 7))] for _ in range(300)]


@pytest.mark.parametrize("smoothing", ["witten-bell", "kneser-ney"])
@pytest.mark.parametrize("history", [[BOS, BOS], [BOS, "a"], ["a", "b"], ["c", "a"], ["d", "d"], ["x", "y"]])
def test_each_history_s_probabilities_add_up_to_at_most_one(smoothing: str, history: list[str]) -> None:
    model = NgramModel.train(TEXTS, 3, smoothing=smoothing)
    total = sum(math.exp(p) for p in model.logprobs(history, ["a", "b", "c", "d", EOS]))
    # What is left is the share kept for tokens never seen, and rounding to thousandths; Kneser–Ney keeps
    # more for them after a history never seen (its unigrams: five tokens, each after a few contexts only).
    assert (0.99 if history != ["x", "y"] else 0.9) < total < 1.001


def test_kneser_ney_s_lower_order_counts_the_contexts_a_token_follows() -> None:
    # x is frequent but only ever after a; y is rarer but follows four different tokens.
    texts = [["a", "x"]] * 12 + [[t, "y"] for t in "abcd"]
    kneser = NgramModel.train(texts, 2, smoothing="kneser-ney")
    witten = NgramModel.train(texts, 2, smoothing="witten-bell")
    # After e (never seen), both back off to the unigrams: Witten–Bell prefers x, Kneser–Ney y.
    assert witten.logprob(["e"], "x") > witten.logprob(["e"], "y")
    assert kneser.logprob(["e"], "y") > kneser.logprob(["e"], "x")
    # After a, where x was seen twelve times, x is the likelier under both.
    assert kneser.logprob(["a"], "x") > kneser.logprob(["a"], "y")


def test_rare_n_grams_are_dropped_but_their_history_keeps_its_weight() -> None:
    full = NgramModel.train(TEXTS, 3, smoothing="kneser-ney")
    pruned = NgramModel.train(TEXTS, 3, smoothing="kneser-ney", min_count=2)
    assert len(pruned.probs) < len(full.probs)
    assert pruned.backoffs == full.backoffs
    assert all(full.probs[key] == value for key, value in pruned.probs.items())


def test_the_discounts_come_from_the_counts_of_counts() -> None:
    # 100 n-grams seen once, 40 twice, 20 three times, 12 four times, 50 ten times (which do not count).
    table = Counter({(f"w{i}",): seen for i, seen in enumerate([1] * 100 + [2] * 40 + [3] * 20 + [4] * 12 + [10] * 50)})
    y = 100 / (100 + 2 * 40)
    assert _discounts(table) == pytest.approx((1 - 2 * y * 40 / 100, 2 - 3 * y * 20 / 40, 3 - 4 * y * 12 / 20))
    # Too few n-grams seen three and four times to tell: plain absolute discounting.
    assert _discounts(count([list("ab")], 2)[1]) == (0.5, 1.0, 1.5)
    probs, backoffs = kneser_ney(count(TEXTS, 2), 1)
    assert (BOS,) not in probs  # <s> is never predicted
    assert () not in backoffs  # and no history has no weight
