"""Preparing pieces for the model: what each reads, how long that is, and what its English must hold.

Segmentation measures candidate pieces by the token count of what the model will read (Simplified,
each hinted term's canonical English written in); the pass then needs that same model input for the
chosen pieces, and sorts its batches by the same count. :class:`LineReader` computes each span's model
input and count once and carries them into :class:`Prepared`; :class:`Spellings` asks the translator
once per English target whether it can spell it (target side) and read it (source side).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from glossmt.glossary.matching import Match
from glossmt.glossary.model import Glossary
from glossmt.glossary.normalise import fold_whitespace, to_simplified
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.constraints import Constraints, Phrase, Request
from glossmt.translate.mt.segment import Piece
from glossmt.translate.verify import Expected

__all__ = ["LineReader", "Prepared", "Spellings"]

# Placeholders for terms a vocabulary cannot spell: short, Latin, and not English words.
_PLACEHOLDERS = tuple(f"Qzx{c}" for c in "JKVWXYZ") + tuple(f"Qzx{n}" for n in range(10))


@dataclass(frozen=True, slots=True)
class Prepared:
    """One piece ready for the model (``source``, ``tokens`` long), and what its English must hold.

    ``original_tokens``: the piece's length as written, before hints (a Latin name written into the
    Chinese takes many source tokens, but only its phrase's room in the English); with the phrases'
    own room it sets the length cap (:func:`glossmt.translate.mt.constraints.length_cap`).
    """

    source: str
    tokens: int
    require: tuple[Phrase, ...] = ()
    avoid: tuple[tuple[str, str, str], ...] = ()
    hinted: frozenset[str] = frozenset()
    placeholders: tuple[tuple[str, str], ...] = ()  # (placeholder, canonical English)
    drafts: tuple[Expected, ...] = ()
    original_tokens: int | None = None

    @property
    def english_room(self) -> int:
        """What its English is expected to take, for sorting: its original length twice, plus its phrases.

        The same order as its length cap's; not the hinted length, which a Latin name inflates.
        """
        original = self.original_tokens if self.original_tokens is not None else self.tokens
        return 2 * original + self.phrase_tokens

    @property
    def phrase_tokens(self) -> int:
        """The target tokens its required phrases take."""
        return Constraints(self.require).needed_tokens

    @property
    def expected(self) -> tuple[Expected, ...]:
        canonical = dict(self.placeholders)
        return tuple(Expected(p.concept, canonical.get(p.text, p.text), p.count) for p in self.require)

    def request(self, *, forced: bool) -> Request:
        """The model call for this piece: avoid renderings banned always, phrases forced if ``forced``.

        The cap is the same either way: the original length plus the room of every phrase, so that
        a hinted free pass is not given the hint's length, nor a forced pass less than its phrases need.
        """
        return Request(
            self.source,
            Constraints(self.require if forced else (), self.avoid),
            original_tokens=self.original_tokens,
            phrase_tokens=self.phrase_tokens,
        )


class Spellings:
    """What a translator can do with each English target, asked once: spell it, and read it."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self._ids: dict[str, tuple[int, ...] | None] = {}
        self._readable: dict[str, bool] = {}

    def ids(self, text: str) -> tuple[int, ...] | None:
        """The target token ids that write ``text``, or None if the vocabulary cannot spell it."""
        if text not in self._ids:
            self._ids[text] = self.translator.spell(text)
        return self._ids[text]

    def hintable(self, text: str) -> bool:
        """Can ``text`` be written into the source (read without ``<unk>``) and spelled in the output?"""
        if self.ids(text) is None:
            return False
        if text not in self._readable:
            self._readable[text] = self.translator.can_read(text)
        return self._readable[text]

    def placeholder(self, index: int) -> tuple[str, tuple[int, ...]]:
        """The ``index``-th placeholder the vocabulary can spell (wrapping round), and its ids."""
        for candidate in _PLACEHOLDERS[index:] + _PLACEHOLDERS[:index]:
            ids = self.ids(candidate)
            if ids is not None:
                return candidate, ids
        raise RuntimeError("the model's vocabulary cannot spell any placeholder")  # not with any real vocabulary


class LineReader:
    """One line as the model will read it: each span's model input and token count, computed once.

    :meth:`measure` is the :data:`~glossmt.translate.mt.segment.Length` segmentation cuts by;
    :meth:`prepare` turns a chosen piece into a :class:`Prepared`, reusing what measuring found.
    A span's terms are the matches that start inside it (segmentation never cuts inside a match).
    """

    def __init__(self, line: str, matches: Sequence[Match], spellings: Spellings, *, hint: bool = True) -> None:
        self.line = line
        self.matches = tuple(sorted(matches, key=lambda m: m.start))
        self._starts = [m.start for m in self.matches]
        self.spellings = spellings
        self.hint = hint
        self._read: dict[tuple[int, int], tuple[str, int, dict[str, str]]] = {}
        self._original: dict[tuple[int, int], int] = {}

    def matches_in(self, start: int, end: int) -> tuple[Match, ...]:
        # Bisection: segmentation asks for thousands of spans of a long line with thousands of matches.
        return self.matches[bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)]

    def measure(self, line: str, start: int, end: int) -> int:
        """Token count of ``line[start:end]`` as the model will read it."""
        return self._model_input(start, end)[1]

    def prepare(self, piece: Piece, glossary: Glossary | None) -> Prepared:
        """Model input of ``piece`` and its term constraints (avoid renderings from ``glossary`` if given)."""
        matches = self.matches_in(piece.start, piece.end)
        source, tokens, hinted = self._model_input(piece.start, piece.end)
        require: list[Phrase] = []
        placeholders: list[tuple[str, str]] = []
        for concept, found in _approved_by_concept(matches).items():
            target = found[0].target
            ids = self.spellings.ids(target)
            if ids is None:
                placeholder, ids = self.spellings.placeholder(len(placeholders))
                placeholders.append((placeholder, target))
                require.append(Phrase(concept, placeholder, ids, len(found)))
            else:
                require.append(Phrase(concept, target, ids, len(found)))
        return Prepared(
            source=source,
            tokens=tokens,
            require=tuple(require),
            avoid=_avoid(matches, glossary),
            hinted=frozenset(hinted),
            placeholders=tuple(placeholders),
            drafts=_drafts(matches),
            original_tokens=self._original_tokens(piece.start, piece.end) if hinted else tokens,
        )

    def _model_input(self, start: int, end: int) -> tuple[str, int, dict[str, str]]:
        """Model input of ``line[start:end]``, its token count, and the English hinted per concept."""
        key = (start, end)
        if key not in self._read:
            matches = self.matches_in(start, end)
            hinted = self._hinted(matches)
            source = model_input(self.line[start:end], start, [m for m in matches if m.concept in hinted], hinted)
            self._read[key] = (source, self.spellings.translator.count_tokens(source), hinted)
        return self._read[key]

    def _original_tokens(self, start: int, end: int) -> int:
        """Token count of ``line[start:end]`` as written (Simplified, no hints)."""
        key = (start, end)
        if key not in self._original:
            text = fold_whitespace(to_simplified(self.line[start:end]))
            self._original[key] = self.spellings.translator.count_tokens(text)
        return self._original[key]

    def _hinted(self, matches: Sequence[Match]) -> dict[str, str]:
        """Concept → the canonical English written into the source for it (the concept's first match's)."""
        if not self.hint:
            return {}
        targets = {concept: found[0].target for concept, found in _approved_by_concept(matches).items()}
        return {concept: target for concept, target in targets.items() if self.spellings.hintable(target)}


def model_input(text: str, offset: int, hints: Sequence[Match], targets: dict[str, str]) -> str:
    """``text`` (at ``offset`` in its line) in Simplified Chinese, each of ``hints`` replaced by its
    concept's English in ``targets``."""
    if not hints:
        return to_simplified(text)
    parts: list[str] = []
    last = 0
    for match in sorted(hints, key=lambda m: m.start):
        start, end = match.start - offset, match.end - offset
        parts.append(to_simplified(text[last:start]))
        # Spaces keep the English a word of its own for the source tokenizer: 部长 Howard Lutnick 表示
        parts.append(f" {targets[match.concept]} ")
        last = end
    parts.append(to_simplified(text[last:]))
    return fold_whitespace("".join(parts))


def _approved_by_concept(matches: Sequence[Match]) -> dict[str, list[Match]]:
    concepts: dict[str, list[Match]] = {}
    for match in matches:
        if match.term.approved:
            concepts.setdefault(match.concept, []).append(match)
    return concepts


def _drafts(matches: Sequence[Match]) -> tuple[Expected, ...]:
    """Draft terms to report (not enforce): concepts matched here only by drafts that have English."""
    approved = {m.concept for m in matches if m.term.approved}
    drafts: dict[str, list[Match]] = {}
    for match in matches:
        if not match.term.approved and match.concept not in approved and match.target:
            drafts.setdefault(match.concept, []).append(match)
    return tuple(Expected(c, ms[0].target, len(ms)) for c, ms in drafts.items())


def _avoid(matches: Sequence[Match], glossary: Glossary | None) -> tuple[tuple[str, str, str], ...]:
    """``(concept, rendering, canonical)`` for the avoid renderings of every concept matched here."""
    seen: dict[tuple[str, str, str], None] = {}
    for match in matches:
        if glossary is not None:
            concept = glossary.concept(match.concept)
            avoid, target = concept.avoid, concept.target
        else:
            avoid, target = match.term.avoid, match.target
        for rendering in avoid:
            seen[(match.concept, rendering, target)] = None
    return tuple(seen)
