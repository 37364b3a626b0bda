"""Lexical constraints for decoding: required phrases in, ``avoid`` renderings out.

transformers 5 dropped constrained beam search from core, so glossmt decides token by token itself.
This module is the decision logic, in pure Python: given one hypothesis (the token ids generated so
far), :meth:`ConstraintTracker.decide` says which token to force, which to ban, which to nudge. The
torch side (``marian.py``) only applies those decisions to the scores, in greedy and beam search
alike: every beam of a sentence is tracked on its own, so every finished hypothesis obeys.

Why a logits processor and not dynamic beam allocation (Post & Vilar 2018): it works unchanged for
greedy and beam search inside transformers' own ``generate``, costs nothing for sentences without
constraints, and the cascade (``pipeline.py``) only sends the few sentences that failed a free pass
here. The rules, for a required phrase (its canonical token spelling, which always starts a word):

- *complete what was started*: once a hypothesis holds the first tokens of a missing phrase, the
  next token is forced;
- *start where the model nearly wants to*: the first token of a missing phrase gets a bonus
  (``start_bias``, in log-probability units), so the phrase lands where the model's own choice is
  close to it, not at the end;
- *start when the room runs out*: when the tokens left before the length cap are just enough for the
  missing phrases, the next one is started;
- *no end while something is missing*; *no extra copy*: once a phrase is present as often as
  required, writing it again is banned like an avoid rendering (below), and so is doubling a
  phrase's last word ("Howard Lutnick Lutnick"); *no glued word*: right after a phrase, a token that
  would extend its last word ("Lutnick" + "s") is banned.

Presence and counts are judged on the decoded text with :func:`glossmt.translate.verify.verify`, the
same rules the final check uses, so a phrase the model writes on its own in another token spelling
counts too. ``avoid`` renderings are banned on the text as well, case-insensitively and without
regard to word boundaries (stricter than the final check, never looser): any token that would
complete one is banned, whatever token spelling led there.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.verify import Expected, Verdict, find_avoided, verify

_BYTE_PIECE = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")
_WORD_START = re.compile(r"^\w")
_SPACES = re.compile(r"\s+")
# Room, in tokens, a forced phrase leaves before the length cap (for a closing full stop, say).
START_SLACK = 2
# Default bonus for starting a missing phrase; see the module docstring.
START_BIAS = 3.0


@dataclass(frozen=True, slots=True)
class Phrase:
    """Text that must appear ``count`` times; ``ids`` is the token spelling forced when it does not."""

    concept: str
    text: str
    ids: tuple[int, ...]
    count: int = 1


@dataclass(frozen=True, slots=True)
class Constraints:
    """What one sentence's decoding must obey. ``avoid`` items are ``(concept, rendering, canonical)``."""

    require: tuple[Phrase, ...] = ()
    avoid: tuple[tuple[str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.require or self.avoid)

    @property
    def needed_tokens(self) -> int:
        return sum(len(p.ids) * p.count for p in self.require)


@dataclass(frozen=True, slots=True)
class Request:
    """One piece of source text for the model, and the constraints on its translation.

    ``original_tokens``: the length of the piece as written, before hints (a Latin name written into
    the Chinese costs many source tokens but needs only its phrase's room); ``phrase_tokens``: the
    target tokens its required phrases take. Both set the length cap (:func:`length_cap`).
    """

    source: str
    constraints: Constraints = field(default_factory=Constraints)
    original_tokens: int | None = None
    phrase_tokens: int = 0


def length_cap(source_tokens: int, request: Request, limit: int) -> int:
    """Most tokens one output may have (``</s>`` included): twice its original source plus ten, plus its phrases.

    ``source_tokens`` is the length of what the model reads (used when the original is not known);
    ``limit`` is the decoder's position limit.
    """
    base = request.original_tokens if request.original_tokens is not None else source_tokens
    phrases = max(request.phrase_tokens, request.constraints.needed_tokens)
    cap = max(2 * base + 10 + phrases, request.constraints.needed_tokens + START_SLACK + 8)
    return min(limit, cap)


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one hypothesis's next-token scores."""

    force: int | None = None
    ban: frozenset[int] = frozenset()
    ban_continuations: bool = False
    ban_eos: bool = False
    bias: tuple[tuple[int, float], ...] = ()


NOTHING = Decision()


@dataclass(frozen=True, slots=True)
class _AvoidRule:
    """One avoid rendering, lower-cased, and the ids that complete it after each possible prefix."""

    text: str
    always: frozenset[int]
    after_prefix: tuple[frozenset[int], ...]  # [j]: ids completing it when the text ends in text[:j]


class PieceVocab:
    """The target side of a model, as the constraint logic needs it: surface text of every id.

    ``pieces[i]`` is the sentencepiece piece of id ``i`` (``▁`` marks a word start; ``<0x41>`` is a
    byte). Decoding is done here, from bytes, so the text the constraints judge is exactly the text
    glossmt outputs.
    """

    def __init__(self, pieces: Sequence[str], *, eos_id: int, pad_id: int, unk_id: int | None = None) -> None:
        self.eos_id = eos_id
        self.pad_id = pad_id
        self.unk_id = unk_id
        specials = {eos_id, pad_id} | ({unk_id} if unk_id is not None else set())
        self._bytes: list[bytes] = []
        self._high_bytes: list[int] = []  # byte pieces of multi-byte characters (which may be letters)
        texts: list[str] = []
        for i, piece in enumerate(pieces):
            byte = _BYTE_PIECE.match(piece)
            if i in specials or (piece.startswith("<") and piece.endswith(">") and not byte):
                data = b""
            elif byte:
                data = bytes([int(byte.group(1), 16)])
                if data[0] >= 0x80:
                    self._high_bytes.append(i)
            else:
                data = piece.replace("▁", " ").encode("utf-8")
            self._bytes.append(data)
            texts.append(data.decode("utf-8", "replace"))
        self.texts = tuple(texts)
        self._index = sorted((t.lower(), i) for i, t in enumerate(texts) if t)
        self._keys = [k for k, _ in self._index]
        self._rules: dict[str, _AvoidRule] = {}

    def __len__(self) -> int:
        return len(self._bytes)

    def decode(self, ids: Sequence[int]) -> str:
        """The text of ``ids`` (special tokens dropped), without the leading word-start space."""
        return b"".join(self._bytes[i] for i in ids if i < len(self._bytes)).decode("utf-8", "replace").lstrip()

    @cached_property
    def separator(self) -> int | None:
        """A comma or full stop: the token spent to make room between a word and a forced phrase."""
        for mark in (",", ".", " ,", " ."):
            for i, t in enumerate(self.texts):
                if t == mark:
                    return i
        return None

    @cached_property
    def word_continuations(self) -> tuple[int, ...]:
        """Ids whose text glues onto the previous word (no leading space, starts with a letter or digit).

        Bytes of multi-byte characters count too: "Region" + 0xC3 0xA9 would read "Regioné".
        """
        glued = {i for i, t in enumerate(self.texts) if _WORD_START.match(t)}
        return tuple(sorted(glued.union(self._high_bytes)))

    def ids_starting_with(self, prefix: str) -> list[int]:
        """Ids whose lower-cased text starts with ``prefix`` (lower case)."""
        lo = bisect.bisect_left(self._keys, prefix)
        hi = bisect.bisect_left(self._keys, prefix + "\U0010ffff")
        return [i for _, i in self._index[lo:hi]]

    def ids_containing(self, text: str) -> list[int]:
        return [i for key, i in self._index if text in key]

    def rule(self, text: str) -> _AvoidRule:
        """The ids that complete ``text`` (lower case), kept for the life of the vocabulary."""
        found = self._rules.get(text)
        if found is None:
            after = tuple(frozenset(self.ids_starting_with(text[j:])) if j else frozenset() for j in range(len(text)))
            found = self._rules[text] = _AvoidRule(text, frozenset(self.ids_containing(text)), after)
        return found


def _normalise_space(text: str) -> str:
    return fold_whitespace(text).lower()


class ConstraintTracker:
    """Decides, hypothesis by hypothesis, how the constraints of each sentence in a batch apply.

    ``items[b]`` and ``caps[b]`` belong to sentence ``b``; ``caps[b]`` is the most tokens it may
    generate, end-of-sentence included.
    """

    def __init__(
        self,
        vocab: PieceVocab,
        items: Sequence[Constraints],
        caps: Sequence[int],
        *,
        start_bias: float = START_BIAS,
    ) -> None:
        if len(items) != len(caps):
            raise ValueError("one cap per item")
        self.vocab = vocab
        self.items = tuple(items)
        self.caps = tuple(caps)
        self.start_bias = start_bias
        self._expected = [tuple(Expected(p.concept, p.text, p.count) for p in c.require) for c in self.items]
        self._avoid = [self._rules([r for _, r, _ in c.avoid]) for c in self.items]
        # Once a phrase is there as often as required, another copy is banned like an avoid rendering.
        self._copies = [tuple(self._rules([p.text]) for p in c.require) for c in self.items]
        # A phrase's last word is never doubled ("Howard Lutnick Lutnick"): decoders tend to repeat
        # the token they were just made to write.
        self._doubles = [self._rules([f"{w} {w}" for w in {p.text.split()[-1] for p in c.require}]) for c in self.items]
        self._cache: dict[tuple[int, tuple[int, ...]], Decision] = {}

    def _rules(self, texts: Sequence[str]) -> tuple[_AvoidRule, ...]:
        return tuple(self.vocab.rule(t) for t in dict.fromkeys(_normalise_space(t) for t in texts) if t)

    def constrained(self, item: int) -> bool:
        return bool(self.items[item])

    def banned_texts(self, item: int) -> tuple[str, ...]:
        """What no token may complete, in lower case with spaces folded: avoid renderings, copies, doubles."""
        return tuple(r.text for rules in (self._avoid[item], *self._copies[item], self._doubles[item]) for r in rules)

    def holds_every_phrase(self, item: int, generated: Sequence[int]) -> bool:
        """Every required phrase, as often as required, in a finished hypothesis? (Cheaper than a replay.)"""
        if not self.items[item].require:
            return True
        verdicts = verify(self.vocab.decode(generated), self._expected[item])
        return all(len(v.spans) >= v.expected for v in verdicts)

    def decide(self, item: int, generated: Sequence[int]) -> Decision:
        """The decision for sentence ``item`` whose hypothesis so far is ``generated`` (no start token)."""
        key = (item, tuple(generated))
        decision = self._cache.get(key)
        if decision is None:
            decision = self._decide(item, key[1])
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = decision
        return decision

    def _decide(self, item: int, generated: tuple[int, ...]) -> Decision:
        """The rules of the module docstring, in order; the first that applies decides."""
        if self.vocab.eos_id in generated:
            return NOTHING
        state = self._state(item, generated)
        for step in (self._complete_started, self._start_as_room_runs_out, self._end_at_cap):
            decision = step(state)
            if decision is not None:
                return decision
        return self._let_the_model_choose(state)

    def _state(self, item: int, generated: tuple[int, ...]) -> _Hypothesis:
        """What the hypothesis holds so far, judged on its text by the final check's rules."""
        phrases = self.items[item].require
        text = self.vocab.decode(generated)
        # Whitespace runs read as one space, as the final check reads them ("white\n tungsten" is
        # "white tungsten"); a trailing run still counts as the space after a word.
        lowered = _SPACES.sub(" ", text.lower())
        avoid = _bans(self._avoid[item], lowered) | _bans(self._doubles[item], lowered)
        verdicts = tuple(verify(text, self._expected[item])) if phrases else ()
        missing = tuple(max(0, v.expected - len(v.spans)) for v in verdicts)
        copies: set[int] = set()
        for rules, miss in zip(self._copies[item], missing, strict=True):
            if not miss:
                copies |= _bans(rules, lowered)  # no extra copy of a phrase that is there often enough
        state = _Hypothesis(
            item=item,
            generated=generated,
            text=text,
            verdicts=verdicts,
            missing=missing,
            todo=tuple(p for p, m in zip(phrases, missing, strict=True) if m),
            needed=sum(len(p.ids) * m for p, m in zip(phrases, missing, strict=True)),
            room=self.caps[item] - 1 - len(generated),  # tokens left before the slot kept for </s>
            ends_in_phrase=any(end == len(text) for v in verdicts for _, end in v.spans),
        )
        # A missing phrase may start where writing it whole is safe, even if its first word alone
        # would be an extra copy ("Trump" there, "Trump Tower" missing); not where it would make one
        # ("Donald Trump" there, a free "Donald" just written, "Trump" missing).
        starts = frozenset(p.ids[0] for p in state.todo if p.ids[0] not in avoid and self._safe(state, p.ids))
        return dataclasses.replace(state, starts=starts, ban=frozenset(avoid | (copies - starts)))

    def _complete_started(self, state: _Hypothesis) -> Decision | None:
        """Force the next token of a missing phrase the hypothesis has started (the longest start wins)."""
        best: tuple[int, Phrase] | None = None
        for phrase, miss in zip(self.items[state.item].require, state.missing, strict=True):
            done = _partial(state.generated, phrase.ids) if miss else 0
            if done and (best is None or done > best[0]) and self._safe(state, phrase.ids[done:]):
                best = (done, phrase)
        return None if best is None else Decision(force=best[1].ids[best[0]])

    def _start_as_room_runs_out(self, state: _Hypothesis) -> Decision | None:
        """Start a missing phrase when only just enough room is left for all of them."""
        if not state.needed or state.room > state.needed + START_SLACK:
            return None
        for phrase in state.todo:
            if phrase.ids[0] in state.starts:
                return Decision(force=phrase.ids[0])
        separator = self.vocab.separator
        if state.room == state.needed + 1 and separator is not None and separator not in state.ban:
            # One spare token: a comma or full stop, if that makes the next phrase safe to start
            # (copies still counted against the text before it).
            after = (*state.generated, separator)
            moved = dataclasses.replace(state, generated=after, text=self.vocab.decode(after))
            if self._safe(moved, state.todo[0].ids):
                return Decision(force=separator)
        if state.room <= state.needed:
            # Nothing can start safely and there is no room left to wait: presence wins.
            return Decision(force=state.todo[0].ids[0])
        return None

    def _end_at_cap(self, state: _Hypothesis) -> Decision | None:
        """Nothing missing and no room left: end the sentence."""
        return Decision(force=self.vocab.eos_id) if not state.needed and state.room <= 0 else None

    def _let_the_model_choose(self, state: _Hypothesis) -> Decision:
        """Bans and nudges only: the model picks, towards starting a missing phrase, never ending early."""
        bias = tuple((p.ids[0], self.start_bias) for p in state.todo if p.ids[0] in state.starts and self.start_bias)
        if not (state.ban or bias or state.needed or state.ends_in_phrase):
            return NOTHING
        return Decision(ban=state.ban, ban_continuations=state.ends_in_phrase, ban_eos=bool(state.needed), bias=bias)

    def _safe(self, state: _Hypothesis, rest: tuple[int, ...]) -> bool:
        """Can ``rest`` follow the hypothesis without an avoid rendering or an extra copy of a phrase?

        Judged by the final check's rules on the text; copies are counted against ``state.verdicts``.
        """
        after = self.vocab.decode(state.generated + rest)
        avoid = self.items[state.item].avoid
        if avoid and any(hit.end > len(state.text) for hit in find_avoided(after, avoid)):
            return False
        grown = verify(after, self._expected[state.item])
        return all(len(a.spans) <= max(len(b.spans), a.expected) for a, b in zip(grown, state.verdicts, strict=True))


@dataclass(frozen=True, slots=True)
class _Hypothesis:
    """One hypothesis of sentence ``item`` as the rules see it (``missing[k]``: copies phrase k still lacks)."""

    item: int
    generated: tuple[int, ...]
    text: str
    verdicts: tuple[Verdict, ...]
    missing: tuple[int, ...]
    todo: tuple[Phrase, ...]  # the phrases still missing
    needed: int  # tokens the missing copies take
    room: int  # tokens left before the slot kept for </s>
    ends_in_phrase: bool
    starts: frozenset[int] = frozenset()  # first ids of missing phrases that are safe to start here
    ban: frozenset[int] = frozenset()


def _bans(rules: Sequence[_AvoidRule], lowered: str) -> set[int]:
    """Ids that would complete one of ``rules``' texts right after ``lowered`` (the text so far).

    After a space, a token's own leading space adds nothing (spaces fold), so the text without its
    trailing space is tried too: "white " + " tungsten" reads "white tungsten".
    """
    ends = (lowered, lowered.rstrip(" ")) if lowered.endswith(" ") else (lowered,)
    ban: set[int] = set()
    for rule in rules:
        ban |= rule.always
        for j in range(1, len(rule.text)):
            if any(end.endswith(rule.text[:j]) for end in ends):
                ban |= rule.after_prefix[j]
    return ban


def _partial(generated: Sequence[int], ids: tuple[int, ...]) -> int:
    """The longest ``k < len(ids)`` with ``generated`` ending in ``ids[:k]``."""
    for k in range(min(len(ids) - 1, len(generated)), 0, -1):
        if tuple(generated[-k:]) == ids[:k]:
            return k
    return 0
