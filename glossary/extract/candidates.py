"""From occurrences to candidates: one per name, counted, typed, suggested and ranked.

Confidence (0–1) is documented in docs/extract.md: each occurrence's signals combine as independent
evidence, ``1 - Π(1 - weight)`` (weights in :data:`.detect.WEIGHTS`), the best occurrence counts, and
each further occurrence (up to four) removes a tenth of the remaining doubt.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from glossmt.glossary.extract.cues import KINDS, kind_pattern, title_pattern
from glossmt.glossary.extract.detect import Detector, Occurrence, Signal, is_town
from glossmt.glossary.io.line_index import LineIndex
from glossmt.glossary.model import TermType, concept_id
from glossmt.glossary.names.candidates import NameCandidate, Source
from glossmt.glossary.names.oracle import ACCEPT, NameOracle
from glossmt.glossary.names.romanise import pinyin, romanise
from glossmt.glossary.names.variants import Variant
from glossmt.glossary.normalise import CJK, SEPARATOR

MAX_EXAMPLES = 3
REPEAT_GAIN = 0.1  # share of the remaining doubt each further occurrence removes (up to 4 occurrences)
MIN_CONFIDENCE = 0.5
ALTERNATIVES = 4  # the oracle's further candidates kept with each name
# What closes a list before the word that says what its names are: 等 ("and others", 库姆托尔、杰鲁伊和塔尔德布拉克
# 等金矿) or a count (田吉兹、卡沙甘和卡拉恰甘纳克三大油田, "the three big oil fields").
_CLOSING_A_LIST = re.compile("等|[两三四五六七八九十几]+[大个座家处]?")
# … and the words that say the names listed were places (等地, 等国, 等城市, 两个城市).
_PLACES_AFTER_ETC = re.compile("地区|城市|地|国")
COORDINATORS = frozenset({"和", "与", "及", "、"})  # between two names of one kind: 撒马尔罕和布哈拉
_DASHES = frozenset("—–―")  # between places (a route), never between a person's names (·, or a hyphen)
_TOWN_OVER = frozenset({None, TermType.COMPANY})  # what a town's -sk outranks (a person's title, a mine's word: not)


class SuggestionSource(StrEnum):
    LEXICON = "cc-cedict"  # CC-CEDICT's English for this form
    LATIN = "latin"  # the name is already in Latin script
    ROMANISED = "romanised"  # pinyin run together: a pronunciation aid, not an English spelling
    GLOSSARY = "glossary"  # the English of the concept this is probably a variant of
    PINYIN = "pinyin"  # a Chinese person's name in Hanyu Pinyin (Wang Wentao): its English
    NAME_MODEL = "name-model"  # the name oracle's learned model (glossmt.glossary.names), above its threshold
    PAIRED = "paired"  # the Latin original the text gives beside it: 卡沙甘（Kashagan）
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
    alternatives: tuple[NameCandidate, ...] = ()  # the oracle's other candidates, best first

    @property
    def concept(self) -> str:
        """A proposed concept id (msgctxt): the variant's concept, else a slug of the suggestion."""
        if self.variant_of is not None:
            return self.variant_of.concept
        known = (
            SuggestionSource.LEXICON,
            SuggestionSource.LATIN,
            SuggestionSource.PAIRED,
            SuggestionSource.GLOSSARY,
            SuggestionSource.PINYIN,
        )
        if self.suggestion_source in known:
            return slug(self.suggestion) or self.zh
        # A learned or romanised spelling is a guess: the pinyin id gives way to the reviewed English on merge.
        return slug(romanise(self.zh)) or self.zh

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
    dashed: bool = False  # its parts are joined by a dash somewhere (多斯特克—莫因特, a railway's two ends)


def extract(
    documents: Iterable[tuple[str, str]],
    detector: Detector,
    *,
    min_count: int = 1,
    min_confidence: float = MIN_CONFIDENCE,
    top: int | None = None,
    oracle: NameOracle | None = None,
) -> list[Candidate]:
    """Candidates in ``documents`` (``(path, text)`` pairs), best first.

    Args:
        documents: each document's name (for examples) and text.
        detector: the glossary and signals (:class:`Detector`), built once.
        min_count: leave out names seen fewer times.
        min_confidence: leave out names below this confidence.
        top: at most this many candidates.
        oracle: the name oracle for suggestions (built from the detector's glossary if not given).
    """
    oracle = oracle if oracle is not None else NameOracle(detector.glossary)
    tallies: dict[str, _Tally] = {}
    for path, text in documents:
        lines = LineIndex(text)
        completed = [_completed(found, text, oracle) for found in detector.find(text)]
        for occurrence in _coordinated(_listed(completed, text), text, detector, oracle):
            tally = tallies.setdefault(occurrence.form, _Tally())
            tally.occurrences.append(occurrence)
            tally.dashed |= any(c in _DASHES for c in text[occurrence.start : occurrence.end])
            tally.documents.add(path)
            if len(tally.examples) < MAX_EXAMPLES:
                line, _ = lines.position(occurrence.start)
                tally.examples.append(Example(path, line, _line_text(text, occurrence.start)))
    found = []
    part_types = _part_types(tallies)
    for form, tally in tallies.items():
        # Pinyin, suggestions and variants only for the names that make the cut (they cost the most).
        if len(tally.occurrences) >= min_count and _confidence(tally) >= min_confidence:
            found.append(_candidate(form, tally, detector, oracle, part_types.get(form)))
    found.sort(key=lambda c: (-c.confidence, -c.count, c.zh))
    return found[:top] if top is not None else found


def _completed(occurrence: Occurrence, text: str, oracle: NameOracle) -> Occurrence:
    """The occurrence with its last part completed where the detector cut a name the name model knows
    whole (埃尔多|安 → 埃尔多安, 汉斯·彼|得 → 汉斯·彼得: 安 and 得 are common in ordinary Chinese)."""
    tokens = oracle.model.tokens
    last = occurrence.form.rsplit(SEPARATOR, 1)[-1]
    if not CJK.match(last[-1:]) or last in tokens:
        return occurrence
    for extra in (1, 2):
        following = text[occurrence.end : occurrence.end + extra]
        if len(following) == extra and all(CJK.match(c) for c in following) and last + following in tokens:
            return replace(occurrence, end=occurrence.end + extra, form=occurrence.form + following)
    return occurrence


def _listed(found: list[Occurrence], text: str) -> list[Occurrence]:
    """Names listed before 等 ("and others") or a count, and a kind word, are of that kind where nothing by
    themselves says what they are: 库姆托尔、杰鲁伊和塔尔德布拉克等金矿, gold mines all three (jieba tags
    塔尔德布拉克 a person's name); 田吉兹、卡沙甘和卡拉恰甘纳克三大油田, three oil fields."""
    typed = list(found)
    for last in range(len(typed)):
        end = typed[last].end
        closing = _CLOSING_A_LIST.match(text, end)
        if closing is None:
            continue
        if _PLACES_AFTER_ETC.match(text, closing.end()):
            type_ = TermType.PLACE  # 阿拉木图、阿斯塔纳、奇姆肯特等地 ("and other places")
        elif (kind := kind_pattern().match(text, closing.end())) is not None:
            type_ = KINDS[kind.group()]
        else:
            continue
        first = last
        while first and text[typed[first - 1].end : typed[first].start] in COORDINATORS:
            first -= 1
        for at in range(first, last + 1):
            if not {Signal.KIND, Signal.TITLE} & typed[at].signals:
                typed[at] = replace(typed[at], type=type_, signals=typed[at].signals | {Signal.KIND})
    return typed


def _coordinated(found: list[Occurrence], text: str, detector: Detector, oracle: NameOracle) -> list[Occurrence]:
    """A name joined by 和/与/及/、 to a place is a place where nothing else says what it is: 撒马尔罕和布哈拉
    (jieba tags 布哈拉 a person's name). Not where the place describes a person after it (佛蒙特州参议员,
    "Vermont senator"), nor for a name of several parts or one CC-CEDICT knows as a person."""

    def placed(occurrence: Occurrence) -> bool:
        return oracle.type_of(occurrence.form) is TermType.PLACE or (
            occurrence.type is TermType.PLACE and bool({Signal.KIND, Signal.CONTEXT} & occurrence.signals)
        )

    def open_to_it(occurrence: Occurrence) -> bool:
        noun = detector.lexicon.nouns.get(occurrence.form)
        return (
            not {Signal.KIND, Signal.TITLE} & occurrence.signals
            and SEPARATOR not in occurrence.form
            and not (noun is not None and noun.person)
            and not placed(occurrence)
        )

    typed = list(found)
    pairs = range(len(typed) - 1)
    # Forward, then backward: along a list (A、B和C是…城市) a place anywhere reaches every name of it.
    for i in [*pairs, *reversed(pairs)]:
        a, b = typed[i], typed[i + 1]
        if text[a.end : b.start] not in COORDINATORS:
            continue
        for place, other, at in ((a, b, i + 1), (b, a, i)):
            if placed(place) and not title_pattern().match(text, place.end) and open_to_it(other):
                typed[at] = replace(other, type=TermType.PLACE, signals=other.signals | {Signal.CONTEXT})
    return typed


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
    form: str, tally: _Tally, detector: Detector, oracle: NameOracle, part_type: TermType | None
) -> Candidate:
    count = len(tally.occurrences)
    types = Counter(o.type for o in tally.occurrences if o.type is not None)
    signals = sorted({s.value for o in tally.occurrences for s in o.signals})
    variant = oracle.variant_of(form)
    latin = Signal.LATIN.value in signals
    english = oracle.as_named(form, detector.lexicon.english(form))  # 普京: Putin, not Vladimir Putin
    # What a kind word after the name says (埃尼公司, a company), for the name itself to weigh.
    kinds = Counter(o.type for o in tally.occurrences if o.type is not None and Signal.KIND in o.signals)
    said = oracle.type_of(form, kind=kinds.most_common(1)[0][0] if kinds else None)
    kind = said or (types.most_common(1)[0][0] if types else part_type)
    if is_town(form) and kind in _TOWN_OVER:
        # A town's -sk (阿克纠宾斯克, Aktyubinsk) where nothing else says, or where a company's word after it
        # names a firm after its town (诺里尔斯克|镍业 Norilsk Nickel): the name is the town's.
        kind = TermType.PLACE
    if kind is None and variant is not None:
        concept = detector.glossary.concept(variant.concept)
        kind = concept.type
    parts = form.strip(SEPARATOR).split(SEPARATOR)
    if kind is None and len(parts) > 1 and not tally.dashed and 2 * sum(map(oracle.known_place, parts)) <= len(parts):
        # Chinese writes · between a foreign person's names: on NTREX-128, 201 names with one were left
        # untyped, all persons' (保罗·马纳福特, 南希·佩洛西, 埃沃·莫拉莱斯); not places joined by dashes, a
        # route (巴库—第比利斯—杰伊汉, the Baku–Tbilisi–Ceyhan pipeline; 多斯特克—莫因特), nor mostly places known
        # (a person's name may hold one: 汉密尔顿 Hamilton, 兰斯 Reims in 达斯汀·兰斯·布莱克).
        kind = TermType.PERSON
    ranked = [] if latin else [c for c in oracle.suggest(form, top=ALTERNATIVES + 2) if c.is_english]
    if kind not in (None, TermType.PERSON):  # a Chinese person's name in pinyin is no mine's (安格连煤田, Angren)
        ranked = [c for c in ranked if c.source is not Source.PINYIN]
    best = next((c for c in ranked if oracle.accepts(form, c.score, ACCEPT)), None)
    originals = Counter(o.original for o in tally.occurrences if o.original)
    if latin:
        suggestion, source = form, SuggestionSource.LATIN
    elif originals:  # what the text itself says it is, before any dictionary's or model's guess
        # 卡瓦诺（Brett Kavanaugh）: the Chinese spells a person's surname alone, and so may its English.
        suggestion, source = oracle.surname_in(form, originals.most_common(1)[0][0]), SuggestionSource.PAIRED
    elif english:
        suggestion, source = english, SuggestionSource.LEXICON
    elif variant is not None:
        suggestion, source = variant.target, SuggestionSource.GLOSSARY
    elif best is not None:
        suggestion, source = best.english, _SOURCES[best.source]
    else:
        suggestion, source = romanise(form), SuggestionSource.ROMANISED
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
        alternatives=tuple(c for c in ranked if c.english != suggestion)[:ALTERNATIVES],
    )


_SOURCES = {
    Source.GLOSSARY: SuggestionSource.GLOSSARY,
    Source.LEXICON: SuggestionSource.LEXICON,
    Source.PINYIN: SuggestionSource.PINYIN,
    Source.MODEL: SuggestionSource.NAME_MODEL,
    Source.ROMANISED: SuggestionSource.ROMANISED,
}
