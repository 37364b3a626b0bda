"""The learned name model: Chinese characters of a foreign name → ranked Latin spellings (托卡耶夫 → Tokayev).

A joint source–channel model: the name is a sequence of aligned (character, letters) pairs
(托|to 卡|ka 耶|ye 夫|v), scored by an n-gram model over those pairs, so a character's spelling depends
on its neighbours (夫 is ``v`` after 耶 at the end, ``f`` before 兰); candidates are re-ranked by an
n-gram model of the letters of real Latin-script names. A beam search proposes spellings; a character
never seen in training borrows the spellings of a seen character that sounds the same (pinyin).

The model is data, not code: one gzip'd JSON file (``data/name-model.json.gz``), loaded on first use,
its big tables packed to be read fast (:func:`glossmt.glossary.names.ngram.pack`; the names seen whole
one line each, read when first asked about: :class:`SeenWhole`).
Training: :mod:`glossmt.glossary.names.training`; sources and licences: ``data/SOURCES.md``.
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from glossmt.glossary.names.ngram import BOS, EOS, LetterNgram, NgramModel, pack_keys, unpack_keys

FORMAT = "glossmt-name-model"
# 2: each name part seen whole keeps its spellings with their counts; 3: the tables packed (the same model)
VERSION = 3
ARTEFACT = "name-model.json.gz"
UNIT = "|"  # between a character and its letters in a pair token: 托|to
BEAM = 8
CHUNKS = 12  # spellings of one character tried in the beam
CHUNK_SHARE = 0.005  # … each at least this share as likely as the best (docs/names.md: 8 and 0.02 before)
MEMO_SIZE = 1_000_000
ANSWERS = 100_000  # name parts whose spellings are kept: a list repeats its first names and surnames
BEGINNINGS = 20_000  # beams kept after a name's first characters (about 3 kB each)


class ModelError(ValueError):
    """The model file is not a glossmt name model of this version."""


@dataclass(frozen=True, slots=True)
class Spelling:
    """One proposed Latin spelling and its log-probability under the model."""

    latin: str
    logprob: float


@dataclass(frozen=True, slots=True)
class NameModel:
    """Chunk candidates per character, the pair and letter n-gram models, and the names seen whole."""

    chunks: dict[str, tuple[str, ...]]
    by_sound: dict[str, str]
    pairs: NgramModel
    letters: LetterNgram
    letter_weight: float
    tokens: Mapping[str, tuple[tuple[str, int], ...]]  # name parts seen whole: spellings, counts, most frequent first
    places: frozenset[str]  # name parts the training data knows as places only
    # Memoised pair-model lookups: names share their pieces, so most lookups repeat (bounded in size).
    _memo: dict[tuple[str, ...], tuple[float, ...]] = field(default_factory=dict, compare=False, repr=False)
    _answers: dict[tuple[str, int], tuple[Spelling, ...]] = field(default_factory=dict, compare=False, repr=False)
    _tokens: dict[str, tuple[_Option, ...]] = field(default_factory=dict, compare=False, repr=False)
    _beginnings: dict[str, list[_Hypothesis]] = field(default_factory=dict, compare=False, repr=False)
    _checks: list[bool] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def empty(cls) -> NameModel:
        """A model that has learned nothing: it spells no name (for tests, and a baseline)."""
        return cls({}, {}, NgramModel(1, {}, {}), LetterNgram(1, {}, {}), 0.0, {}, frozenset())

    def spell(self, chars: str, top: int = 5) -> list[Spelling]:
        """The ``top`` most probable spellings of one name part (Chinese characters only), best first."""
        key = (chars, top)
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) > ANSWERS:
                self._answers.clear()
            found = self._answers[key] = tuple(self._spell(chars, top))
        return list(found)

    def _spell(self, chars: str, top: int) -> list[Spelling]:
        units = [self._known(c) for c in chars]
        if not chars or any(u is None for u in units):
            return []
        weight, sqrt = self.letter_weight, math.sqrt
        known = "".join(u for u in units if u is not None)
        # The beam after a name's first characters depends on them alone, and names share their beginnings
        # (阿布杜…, 卡拉…, 斯…): start from the longest beginning decoded before (wholes are not kept).
        done, beam = 0, [(0.0, (BOS,) * (self.pairs.order - 1), "", 0.0, 0.0, "^" * self._tail)]
        for size in range(len(known) - 1, 0, -1):
            if (begun := self._beginnings.get(known[:size])) is not None:
                done, beam = size, begun
                break
        if len(self._beginnings) > BEGINNINGS:
            self._beginnings.clear()
        for step, char in enumerate(known[done:], start=done + 1):
            options = self._options(char)
            # Every extension's pair log-probability, and an upper bound of its total: its letters can
            # only lower it (every log-probability is ≤ 0). _grow scores the letters of the best bounds only.
            logprobs = [self._pairs(history, char, options) for _, history, _, _, _, _ in beam]
            bounds: list[float] = []  # minus each bound, hypothesis by hypothesis, option by option
            for (_, _, spelled, pair_score, letter_score, _), found in zip(beam, logprobs, strict=True):
                letters, length = weight * letter_score, len(spelled)
                bounds += [
                    -(pair_score + logprob + letters / sqrt(length + size))
                    for logprob, (_, _, size) in zip(found, options, strict=True)
                ]
            beam = self._grow(beam, options, logprobs, bounds)
            if step < len(known):  # a beginning, not the whole: the answers keep wholes
                self._beginnings[known[:step]] = beam
        finished = []
        for _, history, spelled, pair_score, letter_score, tail in beam:
            score = pair_score + self._pairs(history, EOS, ((EOS, EOS, 0),))[0]
            after = letter_score + self.letters.logprob(tail, "$")
            finished.append((score + weight * after / sqrt(len(spelled)), spelled))
        finished.sort(key=lambda h: -h[0])
        return [Spelling(spelled.capitalize(), round(score, 3)) for score, spelled in finished[:top]]

    def _grow(
        self,
        beam: list[_Hypothesis],
        options: tuple[_Option, ...],
        logprobs: list[tuple[float, ...]],
        bounds: list[float],
    ) -> list[_Hypothesis]:
        """The best :data:`BEAM` extensions with distinct letters, ranked by their full score (ties: the
        order they were grown in), scoring the letters only of those whose bound can still make it.
        Extension ``h * len(options) + o`` is hypothesis ``h`` grown by option ``o``."""
        weight, sqrt, letter = self.letter_weight, math.sqrt, self.letters.continuation_logprob
        prune, width = self._bounded, len(options)
        scored: list[tuple[float, int, str, float, float, int, int]] = []
        floor: list[float] = []  # the best BEAM totals of distinct spellings so far: a lower bound of the cut
        seen: set[str] = set()
        for index in sorted(range(len(bounds)), key=bounds.__getitem__):  # stable: ties in the order grown
            if prune and len(floor) == BEAM and -bounds[index] < floor[0]:
                break
            h, o = divmod(index, width)
            _, _, before, pair_score, letter_score, tail = beam[h]
            chunk, _, size = options[o]
            score = pair_score + logprobs[h][o]
            after = letter_score + letter(tail, chunk)  # memoised letter by letter
            total = score + weight * after / sqrt(len(before) + size)
            spelled = before + chunk
            scored.append((-total, index, spelled, score, after, h, o))
            if spelled not in seen:
                seen.add(spelled)
                (heapq.heappush if len(floor) < BEAM else heapq.heappushpop)(floor, total)
        scored.sort()  # by score, then the order grown (never further: no two alike)
        # The first of each spelling (two alignments of one spelling count once), as hypotheses.
        kept: list[_Hypothesis] = []
        seen.clear()
        tail_size, context_from = self._tail, 1 if len(beam[0][1]) >= self.pairs.order - 1 else 0
        for negative_total, _, spelled, score, after, h, o in scored:
            if spelled not in seen:
                seen.add(spelled)
                _, history, _, _, _, tail = beam[h]
                chunk, token, size = options[o]
                tail = (tail + chunk)[len(tail) + size - tail_size :] if tail_size else ""
                kept.append((-negative_total, (*history[context_from:], token), spelled, score, after, tail))
                if len(kept) == BEAM:
                    break
        return kept

    def _options(self, char: str) -> tuple[_Option, ...]:
        """Each spelling of ``char`` tried in the beam, with its pair token (托|to) and its length."""
        found = self._tokens.get(char)
        if found is None:
            found = self._tokens[char] = tuple((c, char + UNIT + c, len(c)) for c in self.chunks[char])
        return found

    @property
    def _tail(self) -> int:
        """How many letters the letter model looks back."""
        return self.letters.order - 1

    @property
    def _bounded(self) -> bool:
        """May the letters' score only lower a total (no positive log-probability, a weight ≥ 0)?"""
        if not self._checks:
            tables = (self.letters.probs, self.letters.backoffs)
            self._checks.append(self.letter_weight >= 0 and all(v <= 0 for t in tables for v in t.values()))
        return self._checks[0]

    def _pairs(self, history: tuple[str, ...], char: str, options: tuple[_Option, ...]) -> tuple[float, ...]:
        """log P(pair | history) of each of ``char``'s spellings in the beam (``options``), memoised."""
        key = (*history, char)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = self.pairs.logprobs(history, [token for _, token, _ in options])
        return found

    def _known(self, char: str) -> str | None:
        if char in self.chunks:
            return char
        from pypinyin import Style, lazy_pinyin

        sound = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
        return self.by_sound.get(sound[0]) if sound else None


# (score, pair history, letters so far, pair score, letter score, the letters the letter model sees)
_Hypothesis = tuple[float, tuple[str, ...], str, float, float, str]
_Option = tuple[str, str, int]  # a spelling of a character, its pair token (托|to), its length


class SeenWhole(Mapping[str, tuple[tuple[str, int], ...]]):
    """The name parts seen whole in training → their spellings with their counts, most frequent first.

    Kept as the artefact packs them (:meth:`pack`: one line a part, ``spelling<TAB>count`` repeated) and
    each part's read the first time it is asked for: making all 100,000 at load took 0.2 s, and a run
    asks about a few. Checked whole at load, so a lookup never meets a malformed line.
    """

    def __init__(self, lines: dict[str, str]) -> None:
        self._lines = lines
        self._made: dict[str, tuple[tuple[str, int], ...]] = {}

    @staticmethod
    def pack(seen: Mapping[str, list[tuple[str, int]]]) -> dict[str, str]:
        """``seen`` (part → its spellings and counts) as the artefact keeps it: the parts one per line,
        then each part's spellings and counts on its line."""
        lines = ["\t".join(f"{latin}\t{count}" for latin, count in spellings) for spellings in seen.values()]
        if any(not _SEEN_LINE.fullmatch(line) for line in lines):
            raise ValueError("a spelling seen whole is empty or holds a tab or a line break")
        return {"parts": pack_keys(seen), "spellings": "\n".join(lines)}

    @classmethod
    def unpack(cls, data: dict[str, object]) -> SeenWhole:
        """:meth:`pack`'s form back; ValueError when it is not one."""
        parts, spellings = data.get("parts"), data.get("spellings")
        if not isinstance(parts, str) or not isinstance(spellings, str):
            raise ValueError("parts and spellings must be text")
        if spellings and not _SEEN_LINES.fullmatch(spellings):
            raise ValueError("each part's spellings are spelling<TAB>count, repeated")
        lines = spellings.split("\n") if spellings else []
        return cls(dict(zip(unpack_keys(parts, len(lines)), lines, strict=True)))

    def __getitem__(self, part: str) -> tuple[tuple[str, int], ...]:
        found = self._made.get(part)
        if found is None:
            fields = self._lines[part].split("\t")
            found = self._made[part] = tuple(zip(fields[::2], map(int, fields[1::2]), strict=True))
        return found

    def __contains__(self, part: object) -> bool:
        return part in self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)


_SEEN_LINE = re.compile(r"[^\t\n]+\t[0-9]+(?:\t[^\t\n]+\t[0-9]+)*")
_SEEN_LINES = re.compile(rf"{_SEEN_LINE.pattern}(?:\n{_SEEN_LINE.pattern})*")


def from_json(data: dict[str, object]) -> NameModel:
    """A model from its JSON form; :class:`ModelError` when it is not one."""
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ModelError(f"not a {FORMAT} version {VERSION} file")
    chunks, by_sound, tokens = _object(data, "chunks"), _object(data, "by_sound"), _object(data, "tokens")
    places, weight = data.get("places", ""), data.get("letter_weight")
    if not isinstance(places, str) or not isinstance(weight, int | float):
        raise ModelError("places must be text, one a line, and letter_weight a number")
    try:
        pairs = NgramModel.from_packed(_object(data, "pairs"))
        return NameModel(
            chunks={str(c): _likely(str(c), [str(s) for s in v], pairs) for c, v in chunks.items()},
            by_sound={str(k): str(v) for k, v in by_sound.items()},
            pairs=pairs,
            letters=LetterNgram.from_packed(_object(data, "letters")),
            letter_weight=float(weight),
            tokens=SeenWhole.unpack(tokens),
            places=frozenset(places.split("\n") if places else ()),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ModelError(f"malformed name model: {error}") from error


def _likely(char: str, chunks: list[str], pairs: NgramModel) -> tuple[str, ...]:
    """The spellings of ``char`` worth a place in the beam: at most :data:`CHUNKS`, none less than
    :data:`CHUNK_SHARE` as likely as the best (by the pair model's unigram of each pair)."""
    scored = [(pairs.probs.get(char + UNIT + chunk, -math.inf), chunk) for chunk in chunks]
    best = max((score for score, _ in scored), default=-math.inf)
    kept = [chunk for score, chunk in sorted(scored, key=lambda s: -s[0]) if score >= best + math.log(CHUNK_SHARE)]
    return tuple(kept[:CHUNKS]) or tuple(chunks[:1])


def _object(data: dict[str, object], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ModelError(f"{key} must be an object")
    return value


def load_model(path: str | Path | None = None) -> NameModel:
    """The shipped model (or the one at ``path``), read once per process."""
    return _load(str(path) if path is not None else None)


@cache
def _load(path: str | None) -> NameModel:
    if path is None:
        raw = resources.files("glossmt.glossary.names").joinpath("data", ARTEFACT).read_bytes()
    else:
        raw = Path(path).read_bytes()
    try:
        data = json.loads(gzip.decompress(raw))
    except (OSError, ValueError) as error:
        raise ModelError(f"unreadable name model: {error}") from error
    if not isinstance(data, dict):
        raise ModelError("a name model is a JSON object")
    return from_json(data)
