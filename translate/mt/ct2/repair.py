"""The term guarantee without a logits processor: replay each finished hypothesis, repair where it breaks.

CTranslate2 cannot be steered step by step from Python, but it can continue any forced prefix
(``target_prefix``, beam search included), list the likeliest next tokens after one
(``return_logits_vocab``) and score a sequence (``score_batch``). The rules stay in one place,
:class:`glossmt.translate.mt.constraints.ConstraintTracker`, the same object the transformers
backend consults at every step. Here it judges *finished* hypotheses instead:

1. *n-best first*: of the free pass's n best (beam search), the first that obeys every rule is kept
   as it is (no further decoding);
2. *replay*: otherwise the best hypothesis is replayed token by token against the tracker's
   decisions; the first token that breaks one (a required phrase not completed, an avoid rendering
   or an extra copy begun, the end reached while a phrase is missing, the length cap passed) is the
   repair point;
3. *repair*, by the kind of break:
   - a token the tracker forces (completing a phrase, ending at the cap): the prefix up to the break
     plus that token is decoded on;
   - the end reached with a phrase missing: the phrase is written whole at the best place before the
     end, chosen by the model's own score of the phrase there (``score_batch``) among the word starts
     near where the source term sits, and the rest is decoded on;
   - a banned token: the likeliest allowed token after the prefix (``return_logits_vocab``, the
     tracker's decision applied) is taken instead, and the rest decoded on.
   Every repaired hypothesis is replayed again, until one obeys every rule.

Each round fixes a longer prefix that obeys the rules (or adds a missing phrase), so the loop ends;
every output it returns has passed the tracker's rules at every token, which is the same guarantee
as the transformers backend's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from glossmt.translate.mt.constraints import ConstraintTracker, Decision

# Word starts scored as places for a missing phrase: this many on each side of where its term sits.
PLACES_AROUND = 3


class Decoder(Protocol):
    def decode(
        self,
        sources: Sequence[list[str]],
        prefixes: Sequence[Sequence[int] | None],
        caps: Sequence[int],
        beams: int,
        n_best: int = 1,
    ) -> list[list[list[int]]]: ...

    def next_scores(self, sources: Sequence[list[str]], prefixes: Sequence[Sequence[int]]) -> list[Any]: ...

    def score(self, sources: Sequence[list[str]], targets: Sequence[Sequence[int]]) -> list[list[float]]: ...


@dataclass(frozen=True, slots=True)
class Break:
    """Where a hypothesis first breaks a rule: token ``at`` is ``token`` but ``decision`` says otherwise."""

    at: int
    token: int
    decision: Decision


@dataclass
class Stats:
    """What the repair did (for benchmarks and docs): kept n-best, rounds, phrases placed."""

    kept_nbest: int = 0
    repaired: int = 0
    rounds: int = 0
    placed: int = 0
    stepped: int = 0


class Repairer:
    """Repairs the constrained rows of one batch. ``sources[i]`` and ``tracker`` item ``i`` belong together."""

    def __init__(
        self,
        tracker: ConstraintTracker,
        decoder: Decoder,
        sources: Sequence[list[str]],
        beams: int,
        *,
        place: bool = True,
    ) -> None:
        self.tracker = tracker
        self.decoder = decoder
        self.sources = sources
        self.beams = beams
        self.place = place  # False: no placement by score, the tracker's own end-of-room forcing (for comparison)
        self.eos = tracker.vocab.eos_id
        self._glued = frozenset(tracker.vocab.word_continuations)
        self.stats = Stats()

    def first_break(self, item: int, tokens: Sequence[int], *, start: int = 0, ended: bool = True) -> Break | None:
        """The first token from ``start`` on that breaks a decision (``</s>`` after the last if ``ended``)."""
        stop = len(tokens) + (1 if ended else 0)
        for at in range(start, stop):
            token = tokens[at] if at < len(tokens) else self.eos
            decision = self.tracker.decide(item, tokens[:at])
            if not self.allowed(decision, token):
                return Break(at, token, decision)
        return None

    def allowed(self, decision: Decision, token: int) -> bool:
        if decision.force is not None:
            return token == decision.force
        if token == self.eos:
            return not decision.ban_eos
        return token not in decision.ban and not (decision.ban_continuations and token in self._glued)

    def repair(self, hypotheses: dict[int, list[list[int]]]) -> dict[int, list[int]]:
        """The output of each item: an n-best hypothesis that obeys every rule, or a repaired one."""
        done: dict[int, list[int]] = {}
        pending: dict[int, list[int]] = {}
        fixed: dict[int, int] = {}  # tokens of each item's prefix already known to obey the rules
        for item, candidates in hypotheses.items():
            good = next((c for c in candidates if self.first_break(item, c) is None), None)
            if good is not None:
                done[item] = good
                self.stats.kept_nbest += 1
            else:
                pending[item] = candidates[0]
                fixed[item] = 0
                self.stats.repaired += 1
        while pending:
            self.stats.rounds += 1
            prefixes = self._prefixes(pending, fixed, done)
            pending = {}
            if prefixes:
                items = list(prefixes)
                caps = [self.tracker.caps[i] for i in items]
                decoded = self.decoder.decode(
                    [self.sources[i] for i in items], [prefixes[i] for i in items], caps, self.beams
                )
                for item, candidates in zip(items, decoded, strict=True):
                    prefix = prefixes[item]
                    fixed[item] = len(prefix)
                    tokens = candidates[0]
                    # A continuation always starts with its prefix; guard against a decoder that drops it.
                    pending[item] = tokens if tokens[: len(prefix)] == prefix else prefix
        return done

    def _prefixes(
        self, pending: dict[int, list[int]], fixed: dict[int, int], done: dict[int, list[int]]
    ) -> dict[int, list[int]]:
        """One round: each pending item's repaired prefix to decode on (items that need none go to ``done``)."""
        prefixes: dict[int, list[int]] = {}
        places: dict[int, tuple[list[int], Break]] = {}
        steps: dict[int, tuple[list[int], Break]] = {}
        for item, tokens in pending.items():
            found = self.first_break(item, tokens, start=fixed[item])
            if found is None:
                done[item] = tokens
            elif found.decision.force == self.eos:
                done[item] = tokens[: found.at]
            elif found.decision.force is not None:
                prefixes[item] = [*tokens[: found.at], found.decision.force]
            elif found.token == self.eos and found.decision.ban_eos and self.place:
                places[item] = (tokens, found)
            else:
                steps[item] = (tokens[: found.at], found)
        for item, prefix in self._place(places, fixed).items():
            if prefix is None:
                tokens, found = places[item]
                steps[item] = (tokens[: found.at], found)
            else:
                prefixes[item] = prefix
        for item, token in self._step(steps).items():
            prefix = [*steps[item][0], token]
            if token == self.eos:
                done[item] = prefix[:-1]
            else:
                prefixes[item] = prefix
        for item in list(prefixes):
            prefix, ended = self._follow(item, prefixes[item])
            if ended:
                done[item] = prefix
                del prefixes[item]
            else:
                prefixes[item] = prefix
        return prefixes

    def _follow(self, item: int, prefix: list[int]) -> tuple[list[int], bool]:
        """``prefix`` extended by every token the tracker forces after it, and whether it forces the end.

        A phrase forced from its first token on, or the end at the cap, is written here in Python
        instead of one decoding round per token (a random model, which never writes a name, took 27
        rounds for 16 sentences; one per phrase is enough).
        """
        limit = self.tracker.caps[item] + self.tracker.items[item].needed_tokens
        while len(prefix) < limit:
            force = self.tracker.decide(item, prefix).force
            if force is None:
                break
            if force == self.eos:
                return prefix, True
            prefix = [*prefix, force]
        return prefix, False

    def _step(self, steps: dict[int, tuple[list[int], Break]]) -> dict[int, int]:
        """The best allowed next token after each prefix, as the transformers processor would pick it.

        The model's scores for the next token get the tracker's decision applied (bans, nudges), as
        :class:`glossmt.translate.mt.marian.decode` applies it at every step.
        """
        import numpy

        if not steps:
            return {}
        items = list(steps)
        scores = self.decoder.next_scores([self.sources[i] for i in items], [steps[i][0] for i in items])
        chosen: dict[int, int] = {}
        for item, raw in zip(items, scores, strict=True):
            decision = steps[item][1].decision
            values = raw.astype(numpy.float64)
            values -= numpy.logaddexp.reduce(values)  # log-probabilities: the nudges are in those units
            if self.tracker.vocab.pad_id < len(values):  # CTranslate2 drops Marian's <pad> (the last id)
                values[self.tracker.vocab.pad_id] = -numpy.inf
            for token, bonus in decision.bias:
                values[token] += bonus
            if decision.ban:
                values[[t for t in decision.ban if t < len(values)]] = -numpy.inf
            if decision.ban_eos:
                values[self.eos] = -numpy.inf
            if decision.ban_continuations and self._glued:
                values[[t for t in self._glued if t < len(values)]] = -numpy.inf
            best = int(numpy.argmax(values))
            if numpy.isfinite(values[best]):
                chosen[item] = best
            else:
                # Nothing is allowed (never seen): what the tracker itself would start, else the end.
                starts = [t for t, _ in decision.bias]
                chosen[item] = starts[0] if starts else self.eos
        self.stats.stepped += len(steps)
        return chosen

    def _place(self, places: dict[int, tuple[list[int], Break]], fixed: dict[int, int]) -> dict[int, list[int] | None]:
        """For each item, its prefix with a missing phrase written at the best-scored place (None: no place)."""
        candidates: list[tuple[int, list[int], int]] = []  # (item, prefix with phrase, phrase length)
        for item, (tokens, found) in places.items():
            candidates.extend((item, prefix, size) for prefix, size in self._places(item, tokens, found, fixed[item]))
        best: dict[int, tuple[float, list[int]]] = {}
        if candidates:
            scores = self.decoder.score([self.sources[i] for i, _, _ in candidates], [p for _, p, _ in candidates])
            for (item, prefix, size), logprobs in zip(candidates, scores, strict=True):
                value = sum(logprobs[len(prefix) - size : len(prefix)])
                if item not in best or value > best[item][0]:
                    best[item] = (value, prefix)
        self.stats.placed += len(best)
        return {item: best[item][1] if item in best else None for item in places}

    def _places(self, item: int, tokens: list[int], found: Break, start: int) -> list[tuple[list[int], int]]:
        """Prefixes ending in a missing phrase, at the word starts near where its term sits in the source."""
        missing = [(token, bonus) for token, bonus in found.decision.bias]
        if not missing:
            return []
        phrases = {p.ids[0]: p.ids for p in self.tracker.items[item].require}
        first = missing[0][0]
        ids = phrases.get(first)
        if ids is None:
            return []
        end = found.at
        share = self._where(item, ids)
        centre = start + round(share * (end - start))
        spots = sorted(range(start, end + 1), key=lambda at: (abs(at - centre), at))
        out: list[tuple[list[int], int]] = []
        for at in spots:
            if len(out) >= 2 * PLACES_AROUND + 1:
                break
            if at < len(tokens) and at > start and tokens[at] in self._glued:
                continue  # not inside a word
            prefix = [*tokens[:at], *ids]
            decision = self.tracker.decide(item, tokens[:at])
            fits = decision.force is None and self.allowed(decision, ids[0]) and first in dict(decision.bias)
            if fits and self.first_break(item, prefix, start=at, ended=False) is None:
                out.append((prefix, len(ids)))
        return out

    def _where(self, item: int, ids: tuple[int, ...]) -> float:
        """Where in the source (0..1) the phrase's term sits: its hint, when the source holds one."""
        phrase = next(p for p in self.tracker.items[item].require if p.ids == ids)
        source = "".join(self.sources[item]).replace("▁", " ")
        at = source.find(phrase.text)
        return at / max(1, len(source)) if at >= 0 else 1.0
