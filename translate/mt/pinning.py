"""Names the glossary does not know, rendered one way: found, decided once, enforced like terms.

A candidate name (the detection of ``glossmt extract``, :mod:`glossmt.glossary.extract`) that occurs
more than once in a document (or in the whole run, ``--consistency batch``) is *pinned*: one English
rendering is decided for it, once, and it becomes a term of the pass, so the same machinery that
guarantees glossary terms (hints, constrained re-decoding, placeholders, verification) puts that
rendering at every occurrence. Its reports say ``how: "pinned"``.

How the English is decided, in order (the first that applies):

1. ``latin``: a Latin-script name is its own rendering;
2. ``paired``: the Latin original the text gives in brackets after it (卡沙甘（Kashagan）);
3. ``cc-cedict``: CC-CEDICT's English for the form (阿斯塔纳 → Astana);
4. ``glossary``: the English of the concept it is probably a variant of (托咔耶夫 → Tokayev);
5. ``name-model``: the name oracle's learned spelling (:mod:`glossmt.glossary.names`), when it scores at
   least :data:`glossmt.glossary.names.ACCEPT` a part (努尔特列乌 → Nurteleu);
6. ``model``: the translation model's own rendering of the name alone, decoded once for all pinned names
   of the run (greedy, unconstrained), when it is a short Latin-script phrase;
7. otherwise the name is not pinned: the model renders it in context. A pinyin romanisation is never
   written into the English.

Approved glossary terms always win: a pinned name is never matched where a glossary term is, and a
candidate that overlaps a glossary term is no candidate at all.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from glossmt.glossary.extract import Candidate, Detector, SuggestionSource, extract
from glossmt.glossary.matching import Match, Matcher, TermFinder
from glossmt.glossary.model import Glossary, Origin, Term
from glossmt.glossary.names import NameOracle, NameOrigin
from glossmt.glossary.normalise import fold_whitespace
from glossmt.glossary.spans import non_overlapping
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.constraints import Constraints, Request
from glossmt.translate.mt.results import How, LineResult

__all__ = ["Consistency", "Pin", "PinnedMatcher", "Pinner", "Pinning", "relabel"]

PIN_PREFIX = "pinned:"  # concept ids of pinned names: never a glossary concept's
MIN_OCCURRENCES = 2
_KEPT_MATCHERS = 8  # pinned matchers kept for reuse (a batch's pins are one set; documents' own are many)
_WORDS = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Za-z][\w'’.-]*){0,4}$")  # a short capitalised Latin phrase


class Consistency(StrEnum):
    DOCUMENT = "document"  # a name repeated within one document gets one rendering there
    BATCH = "batch"  # a name repeated anywhere in the run gets one rendering everywhere


@dataclass(frozen=True, slots=True)
class Pinning:
    """How names the glossary lacks are pinned: per document or across the batch, from how many occurrences."""

    consistency: Consistency = Consistency.DOCUMENT
    min_occurrences: int = MIN_OCCURRENCES
    origin: NameOrigin = NameOrigin.ANY  # where the names come from, as the caller knows it (--origin)


@dataclass(frozen=True, slots=True)
class Pin:
    """A pinned name: its candidate, the English decided for it, and how that was decided."""

    candidate: Candidate
    target: str
    decided_by: str

    @property
    def concept(self) -> str:
        return PIN_PREFIX + self.candidate.concept

    def term(self) -> Term:
        origin = Origin("<pinned>")
        return Term(self.candidate.zh, self.target, self.concept, self.candidate.type, origin=origin)

    def as_candidate(self) -> Candidate:
        """The candidate with the pinned English as its suggestion (for ``--candidates OUT.po``)."""
        source = SuggestionSource(self.decided_by)
        return dataclasses.replace(self.candidate, suggestion=self.target, suggestion_source=source)


class Pinner:
    """Decides pinned renderings, once per name for the whole run, and hands out matchers that enforce them."""

    def __init__(self, matcher: Matcher, translator: Translator, policy: Pinning = Pinning()) -> None:
        self.matcher = matcher
        self.translator = translator
        self.policy = policy
        self._detector: Detector | None = None
        self._oracle: NameOracle | None = None
        self._decided: dict[str, Pin] = {}
        self._left: set[str] = set()  # names with no rendering fit to pin: left to the model in context
        self._matchers: dict[tuple[Term, ...], PinnedMatcher] = {}

    @property
    def detector(self) -> Detector:
        if self._detector is None:
            self._detector = Detector(self.matcher.glossary, matcher=self.matcher)  # one matcher per glossary
        return self._detector

    @property
    def oracle(self) -> NameOracle:
        if self._oracle is None:
            self._oracle = NameOracle(self.matcher.glossary, origin=self.policy.origin)
        return self._oracle

    @property
    def pins(self) -> tuple[Pin, ...]:
        """Every name pinned so far in this run, in the order decided."""
        return tuple(self._decided.values())

    def decide(self, documents: Iterable[tuple[str, str]]) -> list[Pin]:
        """The pins for names repeated in ``documents`` (one document, or the whole batch)."""
        candidates = extract(documents, self.detector, min_count=self.policy.min_occurrences, oracle=self.oracle)
        new = [c for c in candidates if c.zh not in self._decided and c.zh not in self._left]
        for pin in self._decide(new):
            self._decided[pin.candidate.zh] = pin
        self._left.update(c.zh for c in new if c.zh not in self._decided)
        return [self._decided[c.zh] for c in candidates if c.zh in self._decided]

    def _decide(self, candidates: Sequence[Candidate]) -> list[Pin]:
        by_model = [c for c in candidates if c.suggestion_source is SuggestionSource.ROMANISED]
        requests = [Request(c.zh, Constraints()) for c in by_model]
        renderings = self.translator.translate(requests, beams=1) if requests else []
        modelled = {c.zh: _clean(english) for c, english in zip(by_model, renderings, strict=True)}
        pins = []
        for candidate in candidates:
            english = modelled.get(candidate.zh)
            if candidate.suggestion_source is not SuggestionSource.ROMANISED:
                pins.append(Pin(candidate, candidate.suggestion, candidate.suggestion_source.value))
            elif english:
                pins.append(Pin(candidate, english, SuggestionSource.MODEL.value))
        return pins

    def matcher_for(self, pins: Sequence[Pin]) -> TermFinder:
        """The glossary's matcher, plus the pinned names wherever no glossary term is."""
        if not pins:
            return self.matcher
        terms = tuple(p.term() for p in pins)
        if terms not in self._matchers:  # a batch's documents share their pins: one matcher for them
            self._matchers[terms] = PinnedMatcher(self.matcher, terms)
            if len(self._matchers) > _KEPT_MATCHERS:  # each holds the glossary and its pins: keep a few
                del self._matchers[next(iter(self._matchers))]
        return self._matchers[terms]


def _clean(english: str) -> str:
    """The model's rendering of a bare name, if it looks like one: a short capitalised Latin phrase."""
    text = fold_whitespace(english).strip(" .,;:!?\"'“”‘’")
    return text if _WORDS.match(text) else ""


class PinnedMatcher:
    """Glossary terms first; pinned names only where no glossary term overlaps (approved terms win).

    It wraps the glossary's matcher (built once per run) instead of rebuilding one per document.
    """

    def __init__(self, base: Matcher, pins: Sequence[Term]) -> None:
        self.base = base
        self.pinned = Matcher(Glossary.of(pins))
        self.glossary = Glossary.of((*base.glossary.terms, *pins))

    def find(self, text: str) -> list[Match]:
        terms = self.base.find(text)
        # The glossary's matches first (they never overlap each other), then the pinned names that fit.
        found = [(0, m) for m in terms] + [(1, m) for m in self.pinned.find(text)]
        return [m for _, m in non_overlapping(found, span=lambda f: (f[1].start, f[1].end), rank=lambda f: f[0])]


def relabel(results: Iterable[LineResult], pins: Sequence[Pin]) -> Iterator[LineResult]:
    """Reports of pinned names say ``how: "pinned"``, whatever step of the cascade placed them."""
    decided = {p.concept: p.decided_by for p in pins}
    for result in results:
        if not decided:
            yield result
            continue
        sentences = tuple(
            dataclasses.replace(
                s,
                terms=tuple(
                    dataclasses.replace(t, how=How.PINNED, rendered_by=decided[t.concept])
                    if t.concept in decided
                    else t
                    for t in s.terms
                ),
            )
            for s in result.sentences
        )
        yield dataclasses.replace(result, sentences=sentences)
