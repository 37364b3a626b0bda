"""A back-off n-gram model over string tokens (Witten–Bell), small enough to ship as data.

Used twice by the name model: over aligned (character, letters) pairs, and over the letters of real
Latin-script names. Stored the way ARPA files store a model: each seen n-gram's interpolated
log-probability and each history's back-off weight, so a lookup is a few dictionary reads.

The name model's artefact keeps its tables *packed* (:func:`pack`, :meth:`NgramModel.to_packed`): keys one
per line in one string, values in thousandths in one list of whole numbers, the pair model's n-grams
grouped by history and each history's table made when first asked for (issue 22's start-up: JSON
reads that several times faster than an object of 650,000 keys with their decimals)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

BOS = "<s>"
EOS = "</s>"
_JOIN = "\x1f"  # between the tokens of one n-gram key: never inside a token
FLOOR = -20.0  # log-probability of a token the model has never seen
MEMO_SIZE = 1_000_000  # memoised letter lookups kept (names share their letter sequences: most repeat)


@dataclass(frozen=True, slots=True)
class NgramModel:
    """``probs[key]``: log P(last token | the ones before); ``backoffs[key]``: the weight of that history."""

    order: int
    probs: Mapping[str, float]  # a dict, or a packed model's view (:class:`_Grouped`)
    backoffs: Mapping[str, float]
    _by_history: list[Mapping[str, dict[str, float]]] = field(default_factory=list, compare=False, repr=False)

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
                found.append(penalty + FLOOR)
        return tuple(found)

    def _following(self) -> Mapping[str, dict[str, float]]:
        """``probs`` by history: {history key: {token: log-probability}} (built on the first lookup, and
        only then shown to others: another thread never sees half of it; a packed model's comes with it,
        one history at a time: :class:`_Grouped`)."""
        if not self._by_history:
            following: dict[str, dict[str, float]] = {}
            for key, value in self.probs.items():
                context, _, token = key.rpartition(_JOIN)
                following.setdefault(context, {})[token] = value
            self._by_history.append(following)
        return self._by_history[0]

    @classmethod
    def train(
        cls, sequences: Iterable[Sequence[str]], order: int, *, min_count: int = 1, smoothing: str = "witten-bell"
    ) -> NgramModel:
        """Interpolated estimates from token sequences (each padded with ``<s>`` and ``</s>``), by
        ``smoothing``: ``witten-bell`` or ``kneser-ney`` (:mod:`.estimate`).

        ``min_count`` drops rarer n-grams of order three and above from the stored model (their mass goes
        to the back-off), which keeps the shipped file small.
        """
        from glossmt.glossary.names.estimate import ESTIMATORS, count

        probs, backoffs = ESTIMATORS[smoothing](count(sequences, order), min_count)
        return cls(
            order,
            {_JOIN.join(k): round(math.log(v), 3) for k, v in probs.items()},
            {_JOIN.join(k): round(v, 3) for k, v in backoffs.items()},
        )

    def to_json(self) -> dict[str, object]:
        return {"order": self.order, "probs": dict(self.probs), "backoffs": dict(self.backoffs)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> NgramModel:
        order, probs, backoffs = data["order"], data["probs"], data["backoffs"]
        if not isinstance(order, int) or not isinstance(probs, dict) or not isinstance(backoffs, dict):
            raise ValueError("not an n-gram model: order, probs and backoffs expected")
        return cls(order, {str(k): float(v) for k, v in probs.items()}, {str(k): float(v) for k, v in backoffs.items()})

    def to_packed(self) -> dict[str, object]:
        """The model grouped by history: every history once, sorted (``histories``: those with n-grams
        stored after them and those with a back-off weight), how many n-grams follow each (``sizes``),
        their last tokens one per line (``tokens``) and log-probabilities (``thousandths``), and each
        history's back-off weight (``backoffs``, null where it has none); values in thousandths (:func:`pack`)."""
        grouped: dict[str, list[tuple[str, float]]] = {history: [] for history in self.backoffs}
        for key, value in self.probs.items():
            history, _, token = key.rpartition(_JOIN)
            grouped.setdefault(history, []).append((token, value))
        histories = sorted(grouped)
        grams = [gram for history in histories for gram in sorted(grouped[history])]
        return {
            "order": self.order,
            "histories": pack_keys(histories),
            "sizes": [len(grouped[history]) for history in histories],
            "tokens": pack_keys(token for token, _ in grams),
            "thousandths": [_thousandths(value) for _, value in grams],
            "backoffs": [_thousandths(self.backoffs[h]) if h in self.backoffs else None for h in histories],
        }

    @classmethod
    def from_packed(cls, data: dict[str, object]) -> NgramModel:
        """The model from :meth:`to_packed`'s form, its tables made one history at a time when first asked
        about (:class:`_Grouped`); ValueError when it is not one."""
        order, grouped = data["order"], _Grouped.of(data)
        if not isinstance(order, int):
            raise ValueError("not a packed n-gram model: an order expected")
        model = cls(order, grouped.probs, grouped.backoffs)
        model._by_history.append(grouped)
        return model


class _Grouped(Mapping[str, dict[str, float]]):
    """A packed model's n-grams by history, {history: {token: log-probability}}, each history's table made
    from its span of the tokens the first time it is asked for; :attr:`probs` is the model's table seen
    through it (nothing is built for a history never asked about), :attr:`backoffs` a plain dict."""

    def __init__(
        self, names: list[str], ends: list[int], tokens: list[str], values: list[int], weights: list[int | None]
    ) -> None:
        self._names, self._ends, self._tokens, self._values, self._weights = names, ends, tokens, values, weights
        self._index = dict(zip(names, range(len(names)), strict=True))
        self._made: dict[str, dict[str, float]] = {}
        self.probs = _Probs(self)
        # A dict (0.05 s at load): decoding reads a weight at every step, and a view's method costs 5 % more.
        self.backoffs = {name: n / 1000 for name, n in zip(names, weights, strict=True) if n is not None}

    @classmethod
    def of(cls, data: dict[str, object]) -> _Grouped:
        """:meth:`NgramModel.to_packed`'s tables; ValueError when they are not."""
        histories, sizes, tokens = data["histories"], data["sizes"], data["tokens"]
        values, weights = data["thousandths"], data["backoffs"]
        if not isinstance(histories, str) or not isinstance(tokens, str):
            raise ValueError("a packed model's histories and tokens are text")
        if not isinstance(sizes, list) or not isinstance(values, list) or not isinstance(weights, list):
            raise ValueError("a packed model's sizes, thousandths and back-off weights are lists")
        if not set(map(type, sizes)) | set(map(type, values)) <= {int} or min(sizes, default=0) < 0:
            raise ValueError("a packed model's sizes and thousandths are whole numbers")
        if not set(map(type, weights)) <= {int, type(None)} or len(weights) != len(sizes):
            raise ValueError("a packed model has a back-off weight (a whole number or null) for each history")
        if sum(sizes) != len(values):
            raise ValueError("a packed model's sizes do not add up to its n-grams")
        names = unpack_keys(histories, len(sizes))
        return cls(names, list(accumulate(sizes)), unpack_keys(tokens, len(values)), values, weights)

    def get(self, history: str, default: dict[str, float] | None = None) -> dict[str, float] | None:  # type: ignore[override]
        found = self._made.get(history)
        if found is None:
            index = self._index.get(history)
            if index is None:
                return default
            start, end = self._ends[index - 1] if index else 0, self._ends[index]
            values = map((1000).__rtruediv__, self._values[start:end])  # n / 1000: see unpack
            # Made whole before it is kept: another thread never sees half of it.
            found = self._made[history] = dict(zip(self._tokens[start:end], values, strict=True))
        return found

    def __getitem__(self, history: str) -> dict[str, float]:
        found = self.get(history)
        if found is None:
            raise KeyError(history)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _Probs(Mapping[str, float]):
    """A packed model's ``probs``: each n-gram's key (its tokens joined) → its log-probability."""

    def __init__(self, grouped: _Grouped) -> None:
        self._grouped = grouped

    def __getitem__(self, key: str) -> float:
        history, _, token = key.rpartition(_JOIN)
        return self._grouped[history][token]

    def __iter__(self) -> Iterator[str]:
        for history, table in self._grouped.items():
            yield from (history + _JOIN + token if history else token for token in table)

    def __len__(self) -> int:
        return sum(len(table) for table in self._grouped.values())


def pack(table: Mapping[str, float], keys: Iterable[str]) -> dict[str, object]:
    """``table``'s ``keys`` (each once: all of them, in the order wanted) and their values, packed:
    {"keys": the keys one per line, "thousandths": each value times 1,000}. ValueError for a value not
    rounded to thousandths (it would not come back the same) or a key with a line break."""
    keys = list(keys)
    if len(keys) != len(table) or set(keys) != table.keys():
        raise ValueError("pack every key of the table once")
    return {"keys": pack_keys(keys), "thousandths": [_thousandths(table[key]) for key in keys]}


def _thousandths(value: float) -> int:
    """``value`` times 1,000 (ValueError where that is not whole: it would not come back the same)."""
    whole = round(value * 1000)
    if whole / 1000 != value:  # -0.0 comes back 0.0: equal, and only ever added to a penalty
        raise ValueError(f"{value!r} is not rounded to thousandths")
    return whole


def unpack(data: object) -> dict[str, float]:
    """:func:`pack`'s table back, the same keys in the same order with the same values; ValueError when
    ``data`` is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), str):
        raise ValueError("a packed table has keys and thousandths")
    thousandths = data.get("thousandths")
    if not isinstance(thousandths, list) or not set(map(type, thousandths)) <= {int}:
        raise ValueError("a packed table's thousandths are whole numbers")
    # Each n / 1000, correctly rounded: the very float that JSON's "-2.833" is.
    return dict(zip(unpack_keys(data["keys"], len(thousandths)), map((1000).__rtruediv__, thousandths), strict=True))


def pack_keys(keys: Iterable[str]) -> str:
    """Keys one per line in one string (ValueError for a key with a line break)."""
    keys = list(keys)
    if any("\n" in key for key in keys):
        raise ValueError("a packed key cannot hold a line break")
    return "\n".join(keys)


def unpack_keys(text: str, count: int) -> list[str]:
    """:func:`pack_keys`' ``count`` keys back (ValueError if there are not that many)."""
    keys = text.split("\n") if count or text else []
    if len(keys) != count:
        raise ValueError(f"{len(keys)} keys for {count} values")
    return keys


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

    def to_packed(self) -> dict[str, object]:
        """The model with :func:`pack`'s tables (read back without a key converted)."""
        return {
            "order": self.order,
            "probs": pack(self.probs, sorted(self.probs)),
            "backoffs": pack(self.backoffs, sorted(self.backoffs)),
        }

    @classmethod
    def from_packed(cls, data: dict[str, object]) -> LetterNgram:
        """The model from :meth:`to_packed`'s form; ValueError when it is not one."""
        order = data["order"]
        if not isinstance(order, int):
            raise ValueError("not a packed letter model: an order expected")
        return cls(order, unpack(data["probs"]), unpack(data["backoffs"]))

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
        self._memo[key] = found = penalty + (FLOOR if found is None else found)
        return found
