"""Every glossary rendering in one pass over the English: one Aho-Corasick automaton, not one regex per term.

The scanner finds two kinds of known strings, case-insensitively and as whole words, with any run
of whitespace standing for a space (the rules of :mod:`glossmt.translate.verify`):

- ``avoid`` renderings, with the semantics of :func:`verify.find_avoided` (the tests hold the two
  to the same answers), so ``check`` and the translation pass agree on what is wrong;
- the glossary's own English forms, each then judged by :func:`verify.rendering_pattern`: a
  *correct* rendering, or the right letters in the wrong case ("SAMRUK-KAZYNA", "north Katpar").

A glossary of 100,000 entries costs one automaton build; a 10 MB text costs a few passes in C.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.verify import AvoidHit, rendering_pattern

__all__ = ["Flat", "RenderingScanner", "Scan", "TargetHit", "find_avoided_fast", "flat_key", "fold"]

_WORD_CHAR = re.compile(r"\w")
_SPACES = re.compile(r"\s+")
_RUNS = re.compile(r"\s{2,}")
# Words of the scanned text and of every key are wrapped in this marker, so the automaton only
# matches whole words: a short key ("Li") is never tried inside a longer word ("lithium").
_MARK = "\x01"
_WORDS = re.compile(r"\w+")
_NON_WORDS = re.compile(r"(\W+)")
_BLOCK = 4096  # marker counts are kept per block of marked text, to map offsets back


def fold(text: str) -> str:
    """Lower case that keeps every offset: the rare letters whose lower case is longer keep one letter."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    odd = {ord(c): c.lower()[0] for c in set(text) if len(c.lower()) != 1}
    return text.translate(odd).lower()


def flat_key(rendering: str) -> str:
    """A rendering as it appears in flat text: folded, whitespace runs as one space."""
    return fold(fold_whitespace(rendering))


def _is_word(char: str) -> bool:
    return bool(_WORD_CHAR.match(char))


@dataclass(frozen=True, slots=True)
class Flat:
    """``text`` folded, every whitespace run one space, and the way back to the original offsets."""

    text: str
    new_starts: tuple[int, ...]
    old_starts: tuple[int, ...]

    @classmethod
    def of(cls, original: str) -> Flat:
        folded = fold(original)
        new_starts, old_starts = [0], [0]
        removed = 0
        for run in _RUNS.finditer(folded):
            removed += run.end() - run.start() - 1
            new_starts.append(run.end() - removed)
            old_starts.append(run.end())
        return cls(_SPACES.sub(" ", folded), tuple(new_starts), tuple(old_starts))

    def to_original(self, pos: int) -> int:
        i = bisect.bisect_right(self.new_starts, pos) - 1
        return self.old_starts[i] + max(0, pos - self.new_starts[i])


@dataclass(frozen=True, slots=True)
class _Marked:
    """Flat text with its words marked, and the way back to flat offsets."""

    text: str
    blocks: tuple[int, ...]  # markers before each block

    @classmethod
    def of(cls, flat: str) -> _Marked:
        marked = _MARK + _MARK.join(_NON_WORDS.split(flat)) + _MARK
        counts = [0]
        for lo in range(0, len(marked), _BLOCK):
            counts.append(counts[-1] + marked.count(_MARK, lo, lo + _BLOCK))
        return cls(marked, tuple(counts))

    def to_flat(self, pos: int) -> int:
        block = pos // _BLOCK
        return pos - self.blocks[block] - self.text.count(_MARK, block * _BLOCK, pos)


def _automaton_key(rendering: str) -> str:
    return _WORDS.sub(_MARK + r"\g<0>" + _MARK, flat_key(rendering))


@dataclass(frozen=True, slots=True)
class TargetHit:
    """A glossary English form found in the text; ``correct`` when :func:`rendering_pattern` accepts it."""

    concept: str
    target: str
    start: int
    end: int
    correct: bool


@dataclass(frozen=True, slots=True)
class Scan:
    """What one pass found: avoid renderings and the glossary's own forms, each in text order."""

    avoided: tuple[AvoidHit, ...]
    targets: tuple[TargetHit, ...]


@dataclass(frozen=True, slots=True)
class _Payload:
    avoid: bool
    concept: str
    rendering: str
    target: str
    # Where the avoid rendering sits inside its own target's flat key (it may lie inside a correct
    # rendering, which find_avoided does not report); empty for most renderings.
    inside_target: tuple[int, ...] = ()


class RenderingScanner:
    """Finds avoid renderings and glossary forms in English; build once per glossary."""

    def __init__(self, avoid: Iterable[tuple[str, str, str]] = (), targets: Iterable[tuple[str, str]] = ()) -> None:
        self._payloads: list[_Payload] = []
        for concept, rendering, target in dict.fromkeys(avoid):
            inner, outer = flat_key(rendering), flat_key(target)
            offsets = (
                tuple(i for i in range(len(outer) - len(inner) + 1) if outer.startswith(inner, i)) if inner else ()
            )
            self._payloads.append(_Payload(True, concept, rendering, target, offsets))
        for concept, target in dict.fromkeys(targets):
            self._payloads.append(_Payload(False, concept, target, target))
        by_key: dict[str, list[int]] = {}
        for index, payload in enumerate(self._payloads):
            by_key.setdefault(_automaton_key(payload.rendering), []).append(index)
        keys = [k for k in by_key if k.strip(_MARK + " ")]
        self._indices = [tuple(by_key[k]) for k in keys]
        self._automaton = ahocorasick_rs.AhoCorasick(keys) if keys else None

    def scan(self, text: str) -> Scan:
        """Find every avoid rendering and every glossary form in ``text``."""
        if self._automaton is None or not text:
            return Scan((), ())
        flat = Flat.of(text)
        marked = _Marked.of(flat.text)
        last_end: dict[tuple[int, bool], int] = {}
        avoided: list[AvoidHit] = []
        targets: list[TargetHit] = []
        hits = self._automaton.find_matches_as_indexes(marked.text, overlapping=True)
        for pattern, marked_start, marked_stop in sorted(hits, key=lambda h: (h[1], h[2])):
            indices = self._indices[pattern]
            first, last = marked_start, marked_stop - 1
            while marked.text[first] == _MARK:  # the key's own outer markers are not text
                first += 1
            while marked.text[last] == _MARK:
                last -= 1
            flat_start = marked.to_flat(first)
            start, end = flat.to_original(flat_start), flat.to_original(marked.to_flat(last)) + 1
            if (start > 0 and _is_word(text[start - 1])) or (end < len(text) and _is_word(text[end])):
                continue
            for index in indices:
                payload = self._payloads[index]
                if payload.avoid:
                    # A regex finds non-overlapping matches of one rendering, left to right: so do we.
                    if start < last_end.get((index, True), 0):
                        continue
                    last_end[(index, True)] = end
                    if payload.inside_target and _inside_correct(text, flat, flat_start, payload):
                        continue
                    avoided.append(AvoidHit(payload.concept, payload.rendering, payload.target, start, end))
                else:
                    correct = rendering_pattern(payload.target).fullmatch(text, start, end) is not None
                    if start < last_end.get((index, correct), 0):
                        continue
                    last_end[(index, correct)] = end
                    targets.append(TargetHit(payload.concept, payload.target, start, end, correct))
        avoided.sort(key=lambda h: (h.start, -h.end))
        targets.sort(key=lambda h: (h.start, -h.end))
        return Scan(tuple(avoided), tuple(targets))


def _inside_correct(text: str, flat: Flat, flat_start: int, payload: _Payload) -> bool:
    """Is the avoid hit at ``flat_start`` part of a correct rendering of its own target?"""
    outer = flat_key(payload.target)
    for offset in payload.inside_target:
        lo = flat_start - offset
        if lo < 0 or not flat.text.startswith(outer, lo):
            continue
        start, end = flat.to_original(lo), flat.to_original(lo + len(outer) - 1) + 1
        if (start > 0 and _is_word(text[start - 1])) or (end < len(text) and _is_word(text[end])):
            continue
        if rendering_pattern(payload.target).fullmatch(text, start, end):
            return True
    return False


def find_avoided_fast(english: str, avoid: Iterable[tuple[str, str, str]]) -> list[AvoidHit]:
    """:func:`verify.find_avoided`, answered by one automaton (for many renderings or long texts)."""
    return list(RenderingScanner(avoid).scan(english).avoided)
