"""From occurrences to candidates: one per name, counted, typed, suggested and ranked.

Confidence (0–1) is documented in docs/extract.md: each occurrence's signals combine as independent
evidence, ``1 - Π(1 - weight)`` (weights in :data:`.detect.WEIGHTS`), the best occurrence counts, and
each further occurrence (up to four) removes a tenth of the remaining doubt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz, process

from glossmt.glossary.diagnostics import LineIndex
from glossmt.glossary.extract.detect import Detector, Occurrence, Signal
from glossmt.glossary.extract.romanise import pinyin, romanise, syllables
from glossmt.glossary.model import TermType, concept_id
from glossmt.glossary.normalise import CJK, normalise_forms

MAX_EXAMPLES = 3
REPEAT_GAIN = 0.1  # share of the remaining doubt each further occurrence removes (up to 4 occurrences)
MIN_CONFIDENCE = 0.5
# "Probably a variant of": this close in characters, or in toneless pinyin (托卡叶夫 ~ 托卡耶夫).
VARIANT_CHARS = 80.0
VARIANT_PINYIN = 90.0


class SuggestionSource(StrEnum):
    LEXICON = "cc-cedict"  # CC-CEDICT's English for this form
    LATIN = "latin"  # the name is already in Latin script
    ROMANISED = "romanised"  # pinyin run together: a pronunciation aid, not an English spelling
    GLOSSARY = "glossary"  # the English of the concept this is probably a variant of
    MODEL = "model"  # the translation model's own rendering (set by translate's pinning, never by extract)


@dataclass(frozen=True, slots=True)
class Example:
    """Where a candidate occurs: ``path:line`` and that line."""

    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


@dataclass(frozen=True, slots=True)
class Variant:
    """The glossary concept a candidate is probably a variant of, and the form it resembles."""

    concept: str
    form: str
    target: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """One name the glossary lacks, with everything a maintainer needs to decide on it."""

    zh: str
    count: int
    documents: int
    confidence: float
    type: TermType | None
    pinyin: str
    suggestion: str
    suggestion_source: SuggestionSource
    variant_of: Variant | None = None
    examples: tuple[Example, ...] = ()
    signals: tuple[str, ...] = ()

    @property
    def concept(self) -> str:
        """A proposed concept id (msgctxt): the variant's concept, else a slug of the suggestion."""
        if self.variant_of is not None:
            return self.variant_of.concept
        return slug(self.suggestion) or slug(romanise(self.zh)) or self.zh

    @property
    def approved_english(self) -> str:
        """The English a candidate entry may carry as its msgstr: never a romanisation."""
        return "" if self.suggestion_source is SuggestionSource.ROMANISED else self.suggestion


slug = concept_id  # the one rule for concept ids (glossmt.glossary.model.concept_id)


@dataclass
class _Tally:
    occurrences: list[Occurrence] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    examples: list[Example] = field(default_factory=list)


def extract(
    documents: Iterable[tuple[str, str]],
    detector: Detector,
    *,
    min_count: int = 1,
    min_confidence: float = MIN_CONFIDENCE,
    top: int | None = None,
) -> list[Candidate]:
    """Candidates in ``documents`` (``(path, text)`` pairs), best first.

    Args:
        documents: each document's name (for examples) and text.
        detector: the glossary and signals (:class:`Detector`), built once.
        min_count: leave out names seen fewer times.
        min_confidence: leave out names below this confidence.
        top: at most this many candidates.
    """
    tallies: dict[str, _Tally] = {}
    for path, text in documents:
        lines = LineIndex(text)
        for occurrence in detector.find(text):
            tally = tallies.setdefault(occurrence.form, _Tally())
            tally.occurrences.append(occurrence)
            tally.documents.add(path)
            if len(tally.examples) < MAX_EXAMPLES:
                line, _ = lines.position(occurrence.start)
                tally.examples.append(Example(path, line, _line_text(text, occurrence.start)))
    variants = _VariantIndex(detector)
    found = []
    part_types = _part_types(tallies)
    for form, tally in tallies.items():
        # Pinyin, suggestions and variants only for the names that make the cut (they cost the most).
        if len(tally.occurrences) >= min_count and _confidence(tally) >= min_confidence:
            found.append(_candidate(form, tally, detector, variants, part_types.get(form)))
    found.sort(key=lambda c: (-c.confidence, -c.count, c.zh))
    return found[:top] if top is not None else found


def _line_text(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : end if end >= 0 else len(text)].strip()


def _part_types(tallies: dict[str, _Tally]) -> dict[str, TermType]:
    """Each part of a typed longer name, with that type (沙伊梅尔加诺夫 in 伊尔兰·沙伊梅尔加诺夫: a person)."""
    parts: dict[str, TermType] = {}
    for form, tally in tallies.items():
        kind = next((o.type for o in tally.occurrences if o.type is not None), None)
        if kind is not None and "·" in form:
            for part in form.split("·"):
                parts.setdefault(part, kind)
    return parts


def _confidence(tally: _Tally) -> float:
    """The best occurrence's confidence, each further occurrence (up to four) removing a tenth of the doubt."""
    best = max(o.confidence for o in tally.occurrences)
    repeats = min(len(tally.occurrences), 4) - 1
    return round(1.0 - (1.0 - best) * (1.0 - REPEAT_GAIN) ** repeats, 3)


def _candidate(
    form: str, tally: _Tally, detector: Detector, variants: _VariantIndex, part_type: TermType | None
) -> Candidate:
    count = len(tally.occurrences)
    types = Counter(o.type for o in tally.occurrences if o.type is not None)
    signals = sorted({s.value for o in tally.occurrences for s in o.signals})
    variant = variants.of(form)
    latin = Signal.LATIN.value in signals
    english = detector.lexicon.english(form)
    if latin:
        suggestion, source = form, SuggestionSource.LATIN
    elif english:
        suggestion, source = english, SuggestionSource.LEXICON
    elif variant is not None:
        suggestion, source = variant.target, SuggestionSource.GLOSSARY
    else:
        suggestion, source = romanise(form), SuggestionSource.ROMANISED
    kind = types.most_common(1)[0][0] if types else part_type
    if kind is None and variant is not None:
        concept = detector.glossary.concept(variant.concept)
        kind = concept.type
    return Candidate(
        zh=form,
        count=count,
        documents=len(tally.documents),
        confidence=_confidence(tally),
        type=kind,
        pinyin="" if latin else pinyin(form),
        suggestion=suggestion,
        suggestion_source=source,
        variant_of=variant,
        examples=tuple(tally.examples),
        signals=tuple(signals),
    )


class _VariantIndex:
    """The glossary's Chinese forms, by characters and by toneless pinyin, for "probably a variant of"."""

    def __init__(self, detector: Detector) -> None:
        terms = [t for t in detector.glossary if CJK.search(t.source)]
        self.terms = terms
        self.forms = normalise_forms([t.source for t in terms])
        self.sounds = [" ".join(syllables(f)) for f in self.forms]

    def of(self, form: str) -> Variant | None:
        if not self.terms or not CJK.search(form) or len(form) < 3:
            return None
        by_chars = process.extractOne(form, self.forms, scorer=fuzz.ratio, score_cutoff=VARIANT_CHARS)
        sound = " ".join(syllables(form))
        by_sound = process.extractOne(sound, self.sounds, scorer=fuzz.ratio, score_cutoff=VARIANT_PINYIN)
        hits: Sequence[tuple[str, float, int]] = [h for h in (by_chars, by_sound) if h is not None]
        for _, _, index in sorted(hits, key=lambda h: -h[1]):
            term = self.terms[index]
            if abs(len(self.forms[index]) - len(form)) <= 1 and self.forms[index] != form:
                return Variant(term.concept, term.source, term.target)
        return None
