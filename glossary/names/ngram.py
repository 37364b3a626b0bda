"""A back-off n-gram model over string tokens (Witten–Bell), small enough to ship as data.

Used twice by the name model: over aligned (character, letters) pairs, and over the letters of real
Latin-script names. Stored the way ARPA files store a model: each seen n-gram's interpolated
log-probability and each history's back-off weight, so a lookup is a few dictionary reads.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

BOS = "<s>"
EOS = "</s>"
_JOIN = "\x1f"  # between the tokens of one n-gram key: never inside a token
_FLOOR = -20.0  # log-probability of a token the model has never seen
MEMO_SIZE = 1_000_000  # memoised letter lookups kept (names share their letter sequences: most repeat)


@dataclass(frozen=True, slots=True)
class NgramModel:
    """``probs[key]``: log P(last token | the ones before); ``backoffs[key]``: the weight of that history."""

    order: int
    probs: dict[str, float]
    backoffs: dict[str, float]
    _by_history: list[dict[str, dict[str, float]]] = field(default_factory=list, compare=False, repr=False)

    def logprob(self, history: Sequence[str], token: str) -> float:
        """log P(token | the last ``order - 1`` tokens of ``history``), backing off to shorter histories."""
        return self.logprobs(history, (token,))[0]

    def logprobs(self, history: Sequence[str], tokens: Sequence[str]) -> tuple[float, ...]:
        """:meth:`logprob` of each of ``tokens`` after one history (its back-off weights read once)."""
        history = tuple(history[len(history) - self.order + 1 :]) if self.order > 1 else ()
        following = self._following()
        levels = []  # per history from the longest: what the model stored after it, the weight so far
        penalty = 0.0
        for start in range(len(history) + 1):
            context = _JOIN.join(history[start:])
            if stored := following.get(context):
                levels.append((stored, penalty))
            if context:
                penalty += self.backoffs.get(context, 0.0)
        found = []
        for token in tokens:
            for stored, weight in levels:
                value = stored.get(token)
                if value is not None:
                    found.append(weight + value)
                    break
            else:
                found.append(penalty + _FLOOR)
        return tuple(found)

    def _following(self) -> dict[str, dict[str, float]]:
        """``probs`` by history: {history key: {token: log-probability}} (built on the first lookup, and
        only then shown to others: another thread never sees half of it)."""
        if not self._by_history:
            following: dict[str, dict[str, float]] = {}
            for key, value in self.probs.items():
                context, _, token = key.rpartition(_JOIN)
                following.setdefault(context, {})[token] = value
            self._by_history.append(following)
        return self._by_history[0]

    @classmethod
    def train(cls, sequences: Iterable[Sequence[str]], order: int, *, min_count: int = 1) -> NgramModel:
        """Witten–Bell interpolated estimates from token sequences (each padded with ``<s>`` and ``</s>``).

        ``min_count`` drops rarer n-grams of order two and above from the stored model (their mass goes
        to the back-off), which keeps the shipped file small.
        """
        counts: list[Counter[tuple[str, ...]]] = [Counter() for _ in range(order)]
        for sequence in sequences:
            padded = [BOS] * (order - 1) + list(sequence) + [EOS]
            for i in range(order - 1, len(padded)):
                for n in range(1, order + 1):
                    counts[n - 1][tuple(padded[i - n + 1 : i + 1])] += 1
        probs: dict[tuple[str, ...], float] = {}
        backoffs: dict[str, float] = {}
        unigram_total = sum(counts[0].values())
        vocabulary = len(counts[0]) + 1
        for (token,), count in counts[0].items():
            probs[(token,)] = (count + 1) / (unigram_total + vocabulary)
        for n in range(2, order + 1):
            totals: Counter[tuple[str, ...]] = Counter()
            types: defaultdict[tuple[str, ...], int] = defaultdict(int)
            for gram, count in counts[n - 1].items():
                totals[gram[:-1]] += count
                types[gram[:-1]] += 1
            for gram, count in counts[n - 1].items():
                history = gram[:-1]
                lower = _interpolated(probs, backoffs, gram[1:])
                value = (count + types[history] * lower) / (totals[history] + types[history])
                if count >= min_count or n == 2:
                    probs[gram] = value
            for history, total in totals.items():
                weight = types[history] / (total + types[history])
                backoffs[_JOIN.join(history)] = math.log(weight)
        return cls(
            order,
            {_JOIN.join(k): round(math.log(v), 3) for k, v in probs.items()},
            {k: round(v, 3) for k, v in backoffs.items()},
        )

    def to_json(self) -> dict[str, object]:
        return {"order": self.order, "probs": self.probs, "backoffs": self.backoffs}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> NgramModel:
        order, probs, backoffs = data["order"], data["probs"], data["backoffs"]
        if not isinstance(order, int) or not isinstance(probs, dict) or not isinstance(backoffs, dict):
            raise ValueError("not an n-gram model: order, probs and backoffs expected")
        return cls(order, {str(k): float(v) for k, v in probs.items()}, {str(k): float(v) for k, v in backoffs.items()})


@dataclass(frozen=True, slots=True)
class LetterNgram:
    """The same model over single letters, keyed by plain strings (``"kay"`` for P(y | ka)): decoding
    asks it about every letter of every hypothesis, and slicing a string is cheaper than joining tokens.
    ``^`` pads the start, ``$`` is the end."""

    order: int
    probs: dict[str, float]
    backoffs: dict[str, float]
    _memo: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, model: NgramModel) -> LetterNgram:
        def text(key: str) -> str:
            if "<" not in key:  # no <s> or </s> among its tokens (most keys): only the joins go
                return key.replace(_JOIN, "")
            return "".join({BOS: "^", EOS: "$"}.get(t, t) for t in key.split(_JOIN))

        return cls(
            model.order,
            {text(k): v for k, v in model.probs.items()},
            {text(k): v for k, v in model.backoffs.items()},
        )

    def text_logprob(self, text: str) -> float:
        """log P(``text``, then its end): a whole spelling scored letter by letter."""
        history = "^" * (self.order - 1)
        return self.continuation_logprob(history, text) + self.logprob(history + text, "$")

    def continuation_logprob(self, history: str, letters: str) -> float:
        """log P(``letters`` | ``history``), one letter after another (``history`` starts with ``^``s)."""
        total, memo, back = 0.0, self._memo, self.order - 1
        text = history[len(history) - back :] + letters  # each key: a letter and the ``back`` before it
        for end in range(len(text) - len(letters) + 1, len(text) + 1):
            key = text[end - back - 1 : end] if end > back else text[:end]
            found = memo.get(key)
            total += self._remember(key) if found is None else found
        return total

    def logprob(self, history: str, letter: str) -> float:
        """log P(letter | the last ``order - 1`` letters of ``history``); ``history`` starts with ``^``s,
        ``letter`` is one character."""
        context = history[len(history) - self.order + 1 :]
        key = context + letter
        found = self._memo.get(key)
        return self._remember(key) if found is None else found

    def _remember(self, key: str) -> float:
        """log P(the last letter of ``key`` | the letters before it), backing off to shorter contexts;
        memoised (by ``key``)."""
        if len(self._memo) > MEMO_SIZE:
            self._memo.clear()
        probs, backoffs, penalty = self.probs, self.backoffs, 0.0
        for start in range(len(key) - 1):
            found = probs.get(key[start:])
            if found is not None:
                self._memo[key] = found = penalty + found
                return found
            penalty += backoffs.get(key[start:-1], 0.0)
        found = probs.get(key[-1])
        self._memo[key] = found = penalty + (_FLOOR if found is None else found)
        return found


def _interpolated(probs: dict[tuple[str, ...], float], backoffs: dict[str, float], gram: tuple[str, ...]) -> float:
    """P(gram) from the lower orders already estimated (training only: linear, not log)."""
    penalty = 1.0
    for start in range(len(gram)):
        found = probs.get(gram[start:])
        if found is not None:
            return penalty * found
        if start < len(gram) - 1:
            penalty *= math.exp(backoffs.get(_JOIN.join(gram[start:-1]), 0.0))
    return penalty * math.exp(_FLOOR)
