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
     plus that token (and every token forced after it);
   - the end reached with a phrase missing: the phrase is written whole at the best place before the
     end, chosen by the model's own score (``score_batch``) among the word starts near where the
     source term sits, inserted there or in place of the one or two words the model wrote there;
   - a banned token: the likeliest allowed token after the prefix (``return_logits_vocab``, the
     tracker's decision applied) is taken instead;
4. *splice* (the default): the rest of the hypothesis after the break is kept behind the repaired
   prefix (its first tokens dropped where they would glue onto a phrase), and the whole is replayed
   again. Only where splicing keeps breaking (:data:`SPLICE_ROUNDS`), or with ``splice=False``, is
   the rest *decoded on* from the repaired prefix (``target_prefix``), which costs nearly a whole
   decode per round because CTranslate2 steps through the prefix with every beam.

Each round fixes a longer prefix that obeys the rules (or adds a missing phrase), so the loop ends;
every output it returns has passed the tracker's rules at every token, which is the same guarantee
as the transformers backend's. Why splicing is the default, and what it costs in the model's own
score: docs/design.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Protocol

from glossmt.translate.mt.constraints import START_SLACK, ConstraintTracker, Decision

# Word starts scored as places for a missing phrase: this many on each side of where its term sits.
PLACES_AROUND = 3
# Words a placed phrase may take the place of (0: inserted), when the rest is spliced.
REPLACED_WORDS = (0, 1, 2)
# Splice rounds one item may take before the rest of it is decoded on instead (a guard, rarely met).
SPLICE_ROUNDS = 8


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
    spliced: int = 0  # repairs finished by keeping the hypothesis's own rest
    decoded: int = 0  # rows decoded on from a repaired prefix

    def add(self, other: Stats) -> None:
        for name in (f.name for f in fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))


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
        splice: bool = True,
        stats: Stats | None = None,
    ) -> None:
        self.tracker = tracker
        self.decoder = decoder
        self.sources = sources
        self.beams = beams
        self.place = place  # False: no placement by score, the tracker's own end-of-room forcing (for comparison)
        self.splice = splice  # False: the rest after every repair is decoded on (for comparison)
        self.eos = tracker.vocab.eos_id
        self._glued = frozenset(tracker.vocab.word_continuations)
        self.stats = stats if stats is not None else Stats()  # the caller's, to add up over batches

    def first_break(self, item: int, tokens: Sequence[int], *, start: int = 0, ended: bool = True) -> Break | None:
        """The first token from ``start`` on that breaks a decision (``</s>`` after the last if ``ended``)."""
        start = max(start, min(self._quiet_until(item, tokens), len(tokens)))
        stop = len(tokens) + (1 if ended else 0)
        for at in range(start, stop):
            token = tokens[at] if at < len(tokens) else self.eos
            decision = self.tracker.decide(item, tokens[:at])
            if not self.allowed(decision, token):
                return Break(at, token, decision)
        return None

    def _quiet_until(self, item: int, tokens: Sequence[int]) -> int:
        """A position before which no rule can act on ``tokens`` (0 where that is not seen at once).

        Where they hold no phrase's first token and their text none of the texts the rules ban
        (avoid renderings, phrases, doubled last words), the tracker forces nothing and bans none of
        their tokens until the room before the cap runs out: replaying those tokens is skipped.
        """
        constraints = self.tracker.items[item]
        if {p.ids[0] for p in constraints.require}.intersection(tokens):
            return 0
        text = " ".join(self.tracker.vocab.decode(tokens).lower().split())
        if any(banned in text for banned in self.tracker.banned_texts(item)):
            return 0
        return max(0, self.tracker.caps[item] - 2 - constraints.needed_tokens - START_SLACK)

    def _obeys(self, item: int, tokens: Sequence[int]) -> bool:
        """Does a finished hypothesis obey every rule? (Most n-best lack a phrase: that is seen at once.)"""
        return self.tracker.holds_every_phrase(item, tokens) and self.first_break(item, tokens) is None

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
        splices: dict[int, int] = {}
        for item, candidates in hypotheses.items():
            good = next((c for c in candidates if self._obeys(item, c)), None)
            if good is not None:
                done[item] = good
                self.stats.kept_nbest += 1
            else:
                pending[item] = candidates[0]
                fixed[item] = 0
                self.stats.repaired += 1
        while pending:
            self.stats.rounds += 1
            repaired = self._prefixes(pending, fixed, done)
            pending = {}
            decode_on: dict[int, list[int]] = {}
            for item, (prefix, rest) in repaired.items():
                fixed[item] = len(prefix)
                if self.splice and splices.get(item, 0) < SPLICE_ROUNDS:
                    splices[item] = splices.get(item, 0) + 1
                    pending[item] = [*prefix, *self._rest(item, prefix, rest)]
                    self.stats.spliced += 1
                else:
                    decode_on[item] = prefix
            if decode_on:
                items = list(decode_on)
                caps = [self.tracker.caps[i] for i in items]
                decoded = self.decoder.decode(
                    [self.sources[i] for i in items], [decode_on[i] for i in items], caps, self.beams
                )
                self.stats.decoded += len(items)
                for item, candidates in zip(items, decoded, strict=True):
                    prefix = decode_on[item]
                    tokens = candidates[0]
                    # A continuation always starts with its prefix; guard against a decoder that drops it.
                    pending[item] = tokens if tokens[: len(prefix)] == prefix else prefix
        return done

    def _rest(self, item: int, prefix: list[int], rest: Sequence[int]) -> list[int]:
        """The hypothesis's own rest behind a repaired prefix, less the tokens that would glue onto a phrase."""
        if not self.tracker.decide(item, prefix).ban_continuations:
            return list(rest)
        skip = 0
        while skip < len(rest) and rest[skip] in self._glued:
            skip += 1
        return list(rest[skip:])

    def _prefixes(
        self, pending: dict[int, list[int]], fixed: dict[int, int], done: dict[int, list[int]]
    ) -> dict[int, tuple[list[int], list[int]]]:
        """One round: each pending item's repaired prefix, and the rest of its hypothesis after the repair.

        Items that need no repair, or whose repair ends them, go to ``done``.
        """
        repaired: dict[int, tuple[list[int], list[int]]] = {}
        places: dict[int, tuple[list[int], Break]] = {}
        steps: dict[int, tuple[list[int], Break]] = {}
        for item, tokens in pending.items():
            found = self.first_break(item, tokens, start=fixed[item])
            if found is None:
                done[item] = tokens
            elif found.decision.force == self.eos:
                done[item] = tokens[: found.at]
            elif found.decision.force is not None:
                # The forced token goes in before the model's own token there (a phrase started, a separator).
                repaired[item] = ([*tokens[: found.at], found.decision.force], tokens[found.at :])
            elif found.token == self.eos and found.decision.ban_eos and self.place:
                places[item] = (tokens, found)
            else:
                steps[item] = (tokens, found)
        for item, placed in self._place(places, fixed).items():
            if placed is None:
                steps[item] = places[item]
            else:
                repaired[item] = placed
        for item, token in self._step(steps).items():
            tokens, found = steps[item]
            prefix = [*tokens[: found.at], token]
            if token == self.eos:
                done[item] = prefix[:-1]
            else:
                repaired[item] = (prefix, tokens[found.at + 1 :])  # the banned token is replaced
        for item in list(repaired):
            prefix, ended = self._follow(item, repaired[item][0])
            if ended:
                done[item] = prefix
                del repaired[item]
            else:
                repaired[item] = (prefix, repaired[item][1])
        return repaired

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
        """The best allowed token at each break, as the transformers processor would pick it there.

        ``steps`` holds each item's hypothesis and its break. The model's scores for the token there
        get the tracker's decision applied (bans, nudges), as :class:`glossmt.translate.mt.marian.decode`
        applies it at every step.
        """
        import numpy

        if not steps:
            return {}
        items = list(steps)
        prefixes = [steps[i][0][: steps[i][1].at] for i in items]
        scores = self.decoder.next_scores([self.sources[i] for i in items], prefixes)
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

    def _place(
        self, places: dict[int, tuple[list[int], Break]], fixed: dict[int, int]
    ) -> dict[int, tuple[list[int], list[int]] | None]:
        """Each item's prefix ending in its missing phrase at the best-scored place, and the rest after it.

        Decoding on, the phrase's own fit there is scored (the rest is the model's to write). Splicing,
        the whole sequence is scored per token, so the model judges whether the phrase reads best
        beside the words it wrote there or in place of one or two of them. None: no place fits.
        """
        candidates: list[tuple[int, list[int], list[int], int]] = []  # (item, prefix, rest, phrase length)
        for item, (tokens, found) in places.items():
            candidates.extend((item, *place) for place in self._places(item, tokens, found, fixed[item]))
        best: dict[int, tuple[float, list[int], list[int]]] = {}
        if candidates:
            targets = [[*prefix, *self._rest(item, prefix, rest)] for item, prefix, rest, _ in candidates]
            scores = self.decoder.score([self.sources[item] for item, *_ in candidates], targets)
            for (item, prefix, rest, size), logprobs in zip(candidates, scores, strict=True):
                if self.splice:
                    value = sum(logprobs) / max(1, len(logprobs))
                else:
                    value = sum(logprobs[len(prefix) - size : len(prefix)])
                if item not in best or value > best[item][0]:
                    best[item] = (value, prefix, rest)
        self.stats.placed += len(best)
        return {item: (best[item][1], best[item][2]) if item in best else None for item in places}

    def _places(self, item: int, tokens: list[int], found: Break, start: int) -> list[tuple[list[int], list[int], int]]:
        """Places for a missing phrase at the word starts near where its term sits in the source.

        Each is ``(prefix ending in the phrase, the rest after it, phrase length)``; splicing, the
        phrase may also take the place of the next one or two words (:data:`REPLACED_WORDS`).
        """
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
        out: list[tuple[list[int], list[int], int]] = []
        places = 0
        for at in spots:
            if places >= 2 * PLACES_AROUND + 1:
                break
            if at < len(tokens) and at > start and tokens[at] in self._glued:
                continue  # not inside a word
            prefix = [*tokens[:at], *ids]
            decision = self.tracker.decide(item, tokens[:at])
            fits = decision.force is None and self.allowed(decision, ids[0]) and first in dict(decision.bias)
            if not (fits and self.first_break(item, prefix, start=at, ended=False) is None):
                continue
            places += 1
            if not self.splice:
                out.append((prefix, [], len(ids)))
                continue
            rests = {tuple(tokens[self._after_words(tokens, at, words, end) : end]) for words in REPLACED_WORDS}
            out.extend((prefix, list(rest), len(ids)) for rest in sorted(rests, key=len, reverse=True))
        return out

    def _after_words(self, tokens: Sequence[int], at: int, words: int, end: int) -> int:
        """The index ``words`` whole words after ``at`` (a word: a token and the glued tokens after it)."""
        for _ in range(words):
            if at >= end:
                break
            at += 1
            while at < end and tokens[at] in self._glued:
                at += 1
        return at

    def _where(self, item: int, ids: tuple[int, ...]) -> float:
        """Where in the source (0..1) the phrase's term sits: its hint, when the source holds one."""
        phrase = next(p for p in self.tracker.items[item].require if p.ids == ids)
        source = "".join(self.sources[item]).replace("▁", " ")
        at = source.find(phrase.text)
        return at / max(1, len(source)) if at >= 0 else 1.0
