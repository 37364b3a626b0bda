"""The name oracle: a Chinese name → ranked English candidates, each with a score and where it came from.

Sources, strongest first: ``glossary`` (the form is a term, or probably a variant of one: score 1.0 /
0.9), ``lexicon`` (CC-CEDICT's English: 0.95), ``pinyin`` (a Chinese person's name, :mod:`.chinese`:
0.9), ``model`` (the learned name model, :mod:`.model`: a name
part seen whole in its training data 0.9, else the beam's share of probability, at most
:data:`MODEL_CAP`), ``romanised`` (pinyin run together: score 0, a pronunciation aid that is never
offered as English). A multi-part name (``·``) is looked up part by part; a generic prefix or suffix
(上/北/… and 州/矿床/…) is translated in the glossary's house style (:mod:`.generics`).

Used by ``glossmt glossary suggest``, extract's suggestions, translate's pinning and the checker. It
never touches a translation model; the name model is read on the first lookup.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from enum import StrEnum
from functools import cached_property
from itertools import islice

from glossmt.glossary.model import Glossary, TermType
from glossmt.glossary.names import generics, surnames
from glossmt.glossary.names.candidates import NameCandidate, Source, combined, distinct, joins, position
from glossmt.glossary.names.chinese import chinese_name
from glossmt.glossary.names.countries import country_names
from glossmt.glossary.names.model import BEAM, NameModel, load_model
from glossmt.glossary.names.russian import ORIGIN_FROM, load_readings
from glossmt.glossary.names.spelling import cased
from glossmt.glossary.names.variants import Variant, VariantIndex
from glossmt.glossary.names.words import load_word_breaks
from glossmt.glossary.normalise import CJK, SEPARATOR, normalise_form

MODEL_CAP = 0.85  # a model spelling never scores as high as a dictionary's or the glossary's
SEEN_WHOLE = 0.9  # a name part the model's training data holds whole, always spelled so
SEEN_PRIOR = 2.0  # the learned model's say among the spellings of a part seen whole, in sightings
COMPOSED = 0.9  # a name built around a generic part scores this share of its core's score
# A name written from Russian: the Russian readings' share of the part's probability grows with how Russian
# it looks (the origin model's log-odds): RUSSIAN_SHARE / (1 + exp(-(odds - RUSSIAN_MIDPOINT) / RUSSIAN_SPREAD)),
# 0.29 at the threshold (6), 0.48 at 10, 0.83 at 20 (one share, 0.7, for all until then: docs/names.md).
RUSSIAN_SHARE = 0.95
RUSSIAN_MIDPOINT = 10.0
RUSSIAN_SPREAD = 5.0
# What a caller knows of where the names come from (a batch of Central Asian news): written from Russian, a
# part's origin log-odds count this much more, so that the Russian readings compete for parts the origin
# model alone doubts (科斯塔奈 Kostanay, 卡沙甘 Kashagan, 波塔宁 Potanin; docs/names.md).
ORIGIN_HINT = 10.0
# A name starting with a Chinese surname is Chinese below this transliteration score (the mean
# log-likelihood ratio of its characters, glossmt.glossary.extract.translit): 王文涛 -0.06, 马云 0.82 (left
# to the model), 林肯 (Lincoln) 1.63, 马克龙 (Macron) 2.03. Measured (docs/names.md): 114 of the 12,569
# foreign dev names (0.9 %) fall below it, 56 of 67 Chinese officials' and business names.
CHINESE_BELOW = 0.7
# A name part longer than this is not one (the training data's longest are 15 characters, one 28): it gets
# its pinyin alone, where the model would take seconds spelling a hostile 3,000-character line.
LONGEST_PART = 40
# Extract and pinning take a model spelling as English only from this score on (docs/names.md).
ACCEPT = 0.2
SOUNDS_ALIKE = 90  # a glossary form's variant: the oracle's best reading of it this close to the concept's English
# … or one of its first readings spelled as the concept's English (Tokaev / Tokayev); deeper in the beam a
# reading drops a syllable (卡尼诺 Canino reads Cano fourth, and was called a variant of 卡诺 Cano)
HEARD_TOP = 3
# A form far from every glossary form in characters is still a variant where one of the oracle's first readings
# of it spells a concept's English: the dev split's variants, recall 0.162 → 0.431 and precision 0.460 → 0.571
# (1 reading: 0.373 / 0.575, 3: 0.456 / 0.549; docs/names.md).
READ_AS_TOP = 2
PART_ALIKE = 80  # … or, differing in one part of several, one of that part's readings this close to its word
GLOSSARY_CORE = 0.96  # a name inside a glossary term (科斯塔奈 in 科斯塔奈州 Kostanay Region): above the lexicon
MAX_ANSWERS = 100_000
TOP = 5  # candidates a name is asked for by default


class NameOrigin(StrEnum):
    """Where the caller says the names come from."""

    ANY = "any"  # nothing known: the origin model reads each name
    RUSSIAN = "russian"  # written from Russian: Russian, Kazakh, Uzbek … names in Chinese news of the region


class NameOracle:
    """Ranked English candidates for Chinese names, from one glossary, CC-CEDICT and the name model."""

    def __init__(
        self, glossary: Glossary | None = None, *, model: NameModel | None = None, origin: NameOrigin = NameOrigin.ANY
    ) -> None:
        self.glossary = glossary if glossary is not None else Glossary.of([])
        self.origin = origin
        self._model = model
        self._answers: dict[tuple[str, int], list[NameCandidate]] = {}  # a batch asks about a name many times
        self._parts: dict[tuple[str, int, int | None, int | None], list[NameCandidate]] = {}  # … and its parts

    @cached_property
    def model(self) -> NameModel:
        return self._model if self._model is not None else load_model()

    @cached_property
    def variants(self) -> VariantIndex:
        return VariantIndex(self.glossary)

    @cached_property
    def _lexicon(self) -> dict[str, str]:
        from glossmt.glossary.extract.lexicon import load_lexicon

        return {form: noun.english for form, noun in load_lexicon().nouns.items()}

    def suggest(self, name: str, top: int = TOP) -> list[NameCandidate]:
        """Up to ``top`` candidates for ``name``, best first; a romanisation is always the last one."""
        key = (name, top)
        if key not in self._answers:
            form = normalise_form(name).strip(SEPARATOR + " ")
            if not CJK.search(form):
                return []
            found = [*self._known(form), *self._chinese(form), *self._spelled(form, top, joins(name))]
            ranked = distinct(sorted(found, key=lambda c: -c.score))[: max(top - 1, 1)]
            if len(self._answers) > MAX_ANSWERS:
                self._answers.clear()
            self._answers[key] = [*ranked, NameCandidate(_romanised(form), 0.0, Source.ROMANISED)]
        return list(self._answers[key])

    def best(self, name: str, *, accept: float = ACCEPT) -> NameCandidate | None:
        """The best candidate that may be offered as English and is good enough (:meth:`accepts`), else None."""
        candidates = self.suggest(name, top=2)
        return next((c for c in candidates if c.is_english and self.accepts(name, c.score, accept)), None)

    @staticmethod
    def accepts(name: str, score: float, accept: float = ACCEPT) -> bool:
        """Is ``score`` good enough to offer a candidate for ``name`` as English: ``accept`` for each of its
        parts, so the parts' geometric mean at least ``accept``? A whole name scores its parts' product:
        谢尔达尔·别尔德穆哈梅多夫 0.38 × 0.49 = 0.19, each part above the bar and the whole below it."""
        parts = max(1, sum(1 for part in normalise_form(name).split(SEPARATOR) if part.strip()))
        return score >= accept**parts

    def type_of(self, name: str, *, kind: TermType | None = None) -> TermType | None:
        """What the name itself says it is: a place (州, 市 …, a place CC-CEDICT or the training data knows)
        or a deposit (矿, 矿床, 煤矿, 油田 …); None where the name says nothing (context decides then).
        ``kind``: what a kind word after the name says; a company's outranks the training data's places,
        names it saw only as places (埃尼公司 is Eni, though a French commune is 埃尼), but not CC-CEDICT's
        nor the countries (英国公司 is a British company: 英国 stays the country), nor a town written from
        Russian (布拉茨克铝厂, the Bratsk smelter), and a university keeps its town's (萨福克大学, Suffolk)."""
        form = normalise_form(name).strip(SEPARATOR + " ")
        suffix = generics.split(form).suffix
        if suffix:
            return TermType.DEPOSIT if suffix in generics.DEPOSITS else TermType.PLACE
        if self.known_place(form):
            return TermType.PLACE
        # A town of the region the data knows is the town before a company's word too: 布拉茨克|铝厂, Bratsk's smelter.
        if form in self.model.places and (kind is not TermType.COMPANY or self._origin_odds(form) >= ORIGIN_FROM):
            return TermType.PLACE
        return None

    def _origin_odds(self, part: str) -> float:
        """The origin model's log-odds that ``part`` was written from Russian, with the caller's hint."""
        return load_readings().origin(part) + (ORIGIN_HINT if self.origin is NameOrigin.RUSSIAN else 0.0)

    def known_place(self, form: str) -> bool:
        """Is ``form`` a place CC-CEDICT or the CLDR's countries know (not only the training data)?"""
        from glossmt.glossary.extract.lexicon import load_lexicon

        return load_lexicon().is_place(form) or form in country_names()

    def _known(self, form: str) -> list[NameCandidate]:
        """The glossary's and the lexicon's English for the whole form."""
        found = []
        term = self.variants.exact.get(form)
        if term is not None:
            found.append(NameCandidate(term.target, 1.0, Source.GLOSSARY))
        elif (variant := self.variant_of(form)) is not None:
            found.append(NameCandidate(variant.target, 0.9, Source.GLOSSARY))
        if SEPARATOR in form:
            english = self._lexicon.get(form.replace(SEPARATOR, "")) or self._lexicon.get(form)
        else:
            english = self.as_named(form, self._lexicon.get(form))
        if english:
            found.append(NameCandidate(english, 0.95, Source.LEXICON))
        return found

    def variant_of(self, form: str) -> Variant | None:
        """The glossary concept ``form`` (normalised) is probably a variant of: close in characters or pinyin,
        the same generic parts, and the concept's English among the oracle's own readings of the form
        (托卡叶夫 reads Tokayev: a variant of 托卡耶夫; 法尔卡什 reads Farkash: not one of 巴尔喀什 Balkhash)."""
        close = self.variants.of(form, self._sounds_alike)
        return close if close is not None else self._read_as_glossary(form)

    def _read_as_glossary(self, form: str) -> Variant | None:
        """The concept whose English the oracle reads ``form`` as, however far the form is from the concept's
        in characters (one of its first :data:`READ_AS_TOP` readings, by :func:`.spelling_key`: a Chinese form
        written with other characters for the same sounds). One part of three characters or more."""
        from glossmt.glossary.names.spelling import spelling_key

        if SEPARATOR in form or len(form) < 3 or not self.variants.terms or form in self.variants.exact:
            return None
        # Asked as deep as ``suggest`` asks by default, so that its own lookup of the form finds the parts made.
        heard = [c.english for c in self._spelled(form, TOP, joins(form)) if c.is_english][:READ_AS_TOP]
        return next((v for h in heard if (v := self.variants.by_english.get(spelling_key(h))) is not None), None)

    def _sounds_alike(self, form: str, variant: Variant) -> bool:
        """Does the oracle read ``form`` as ``variant``'s English: one of its first :data:`HEARD_TOP` readings
        the same by :func:`.spelling_key` (Tokaev / Tokayev), or its best one at least :data:`SOUNDS_ALIKE` %
        alike with the same first and last letters?
        A name of several parts that differs from the glossary's in one part only is asked about that part
        and its word: one of its readings at least :data:`PART_ALIKE` % alike (萨姆鲁克·卡兹纳: 卡兹纳 reads
        Kasznar, Kazina …; the glossary's 萨姆鲁克·卡泽纳 is Samruk-Kazyna)."""
        parts, others = form.split(SEPARATOR), variant.form.split(SEPARATOR)
        words = [w for w in re.split(r"[\s\-]+", variant.target) if w]
        if len(parts) == len(others) == len(words) > 1:
            changed = [i for i, (part, other) in enumerate(zip(parts, others, strict=True)) if part != other]
            if len(changed) == 1:
                (i,) = changed
                return self._reads_as(parts[i], words[i], PART_ALIKE, readings=BEAM)
        return self._reads_as(form, variant.target, SOUNDS_ALIKE, readings=1)

    def _reads_as(self, form: str, english: str, alike: float, readings: int) -> bool:
        from rapidfuzz import fuzz

        from glossmt.glossary.names.spelling import letters, spelling_key

        heard = [c.english for c in self._spelled(form, BEAM, joins(form)) if c.is_english]
        key = spelling_key(english)
        if any(spelling_key(h) == key for h in heard[:HEARD_TOP]):
            return True
        target = letters(english)
        return any(
            # Alike, with the same first and last letters: one letter more at an edge is another name
            # (哈马德 Hammad is not 哈马 Hamma, 格里格尔 Griegel not 里格尔 Riegel, though 91 % alike).
            fuzz.ratio(target, h) >= alike and h[:1] == target[:1] and h[-1:] == target[-1:]
            for h in map(letters, heard[:readings])
        )

    def as_named(self, form: str, english: str | None) -> str | None:
        """``english``, CC-CEDICT's for ``form``; where that is a person's whole name and the one-part
        Chinese spells only its last word (普京 "Vladimir Putin", 默克尔 "Angela Merkel"), that word:
        Chinese news names a person by the surname alone, and so does the English beside it."""
        from rapidfuzz import fuzz

        from glossmt.glossary.extract.lexicon import load_lexicon
        from glossmt.glossary.names.spelling import letters

        # Only where CC-CEDICT says a person (a life span: "Vladimir Putin (1952-), president of Russia"),
        # not a Chinese name in pinyin (王丹 "Wang Dan").
        noun = load_lexicon().nouns.get(form)
        if not english or noun is None or not noun.person or noun.english != english:
            return english
        if fuzz.ratio(letters(english), "".join(noun.pinyin)) >= 80:
            return english
        return self.surname_in(form, english)

    def surname_in(self, form: str, english: str) -> str:
        """``english``, a person's whole name given for the one-part ``form`` (by CC-CEDICT, or by the text in
        brackets: 卡瓦诺（Brett Kavanaugh）); where the Chinese spells only its last word, that word
        (:mod:`.surnames`); a Chinese person's name is whole (王文涛 is Wang Wentao)."""
        if SEPARATOR in form or self._chinese(form):
            return english
        return surnames.surname_in(english, [s.latin for s in self.model.spell(form, top=BEAM)])

    def _chinese(self, form: str) -> list[NameCandidate]:
        """A Chinese person's name in pinyin, where a surname begins the form and its characters are
        those of Chinese, not of transliterations (王文涛, not 马克龙: 马 is a surname too), and no generic
        ends it (万象省 is Vientiane Province, not "Wan Xiangsheng")."""
        from glossmt.glossary.extract.translit import transliteration_score

        english = chinese_name(form)
        if english is None or generics.split(form).suffix or transliteration_score().run(form) >= CHINESE_BELOW:
            return []
        return [NameCandidate(english, SEEN_WHOLE, Source.PINYIN)]

    def _spelled(self, form: str, top: int, joins: Sequence[str] = ()) -> list[NameCandidate]:
        """Candidates built part by part (``·``), around a generic prefix and suffix; ``joins``: what
        goes between the parts' English (a space, or a hyphen where the Chinese has one: 让-巴普蒂斯特)."""
        from glossmt.glossary.extract.lexicon import load_lexicon

        parts = [p for p in form.split(SEPARATOR) if p]
        if len(joins) != len(parts) - 1:
            joins = [" "] * (len(parts) - 1)
        if len(parts) == 1:
            split = generics.split(parts[0])
            if split.prefix or split.suffix:
                # A composed rendering is a guess; the whole form seen in the name data (德克萨斯州 → Texas,
                # not "Texas Region") outranks it.
                seen = self.model.tokens.get(form)
                whole = (
                    [NameCandidate(generics.restyle(seen[0][0], split.suffix), SEEN_WHOLE, Source.MODEL)]
                    if seen
                    else []
                )
                # 州 after a state (爱荷华州) is the state itself: Iowa, not "Iowa Region".
                state = split.suffix == "州" and not split.prefix and load_lexicon().is_state(split.core)
                return whole + [
                    NameCandidate(
                        c.english if state else split.english(c.english), round(c.score * COMPOSED, 3), c.source
                    )
                    for c in self._part(split.core, top)
                    if c.source is not Source.ROMANISED
                ]
        options = [self._part(part, top, position(i, len(parts))) for i, part in enumerate(parts)]
        return list(islice(combined(options, joins), top))

    def _part(self, part: str, top: int, position: slice = slice(None)) -> list[NameCandidate]:
        """Candidates for one name part: the glossary's name inside a term, the lexicon, a training name
        seen whole, the model's spellings (remembered: a form is asked about by its variant check first).

        ``position``: which words of a many-word lexicon entry this part is (普京 is "Vladimir Putin" in
        CC-CEDICT: the last part of 弗拉基米尔·普京 takes "Putin").
        """
        key = (part, top, position.start, position.stop)
        found = self._parts.get(key)
        if found is None:
            if len(self._parts) > MAX_ANSWERS:
                self._parts.clear()
            found = self._parts[key] = self._made_part(part, top, position)
        return list(found)

    def _made_part(self, part: str, top: int, position: slice) -> list[NameCandidate]:
        chars = "".join(c for c in part if CJK.match(c))
        if chars != part:  # Latin letters or digits inside: nothing to transliterate
            if chars:
                return []
            # The normalised form is lower-cased: 约翰·Smith's part is "smith", a name's own word again "Smith".
            return [NameCandidate(cased(part.capitalize()) if part.islower() else part, 0.5, Source.MODEL)]
        if len(chars) > LONGEST_PART:
            return []
        found = []
        core = self.variants.cores.get(part)
        if core and (position == slice(None) or len(core.split()) == 1):
            found.append(NameCandidate(core, GLOSSARY_CORE, Source.GLOSSARY))
        english = self._lexicon.get(part)
        if position == slice(None):  # the whole name: a person CC-CEDICT names whole, by the surname
            english = self.as_named(part, english)
        if english:
            found.append(NameCandidate(" ".join(english.split()[position]), 0.95, Source.LEXICON))
        seen = self.model.tokens.get(part, ())
        # Shares of the whole beam, so that a spelling's score does not depend on how many are asked for.
        spellings = [(s.latin, s.logprob) for s in self.model.spell(part, top=BEAM)]
        shares = dict(_shares(spellings))
        table = load_readings()
        odds = self._origin_odds(part)
        russian = odds >= ORIGIN_FROM
        if not found and spellings and russian:
            # Written from Russian: the Xinhua table read backwards competes with the learned spellings
            # (docs/names.md: Khodorkovsky, not Hodolkowski); for a part seen whole, the shares break the
            # ties between its sightings (seen once each as Abramović and Abramovich: Abramovich).
            readings = table.spell(part, self.model.letters, top=BEAM)
            weight = russian_weight(odds)
            if readings:
                shares = {latin: (1 - weight) * share for latin, share in shares.items()}
            for latin, share in _shares([(latin.capitalize(), score) for latin, score in readings]):
                shares[latin] = shares.get(latin, 0.0) + weight * share
        found += _from_seen(seen, shares)
        spelled = [NameCandidate(latin, round(MODEL_CAP * share, 3), Source.MODEL) for latin, share in shares.items()]
        if not russian:  # a name written from Russian is one word (Kudryavtsev, not Kudry-Avtsev)
            # Only the model's own letters get word breaks (a spelling seen whole keeps the data's own).
            kept, words = set(distinct(sorted(found + spelled, key=lambda c: -c.score))[:top]), load_word_breaks()
            spelled = [NameCandidate(words.split(c.english), c.score, c.source) for c in spelled if c in kept]
        ranked = distinct(sorted(found + spelled, key=lambda c: -c.score))[:top]
        return [NameCandidate(cased(c.english), c.score, c.source) if c.source is Source.MODEL else c for c in ranked]


def russian_weight(odds: float) -> float:
    """The Russian readings' share of a part's probability, from the origin model's log-odds that the part
    was written from Russian: the more Russian it looks, the more the readings say (docs/names.md)."""
    return RUSSIAN_SHARE / (1 + math.exp(-(odds - RUSSIAN_MIDPOINT) / RUSSIAN_SPREAD))


def _from_seen(seen: Sequence[tuple[str, int]], shares: dict[str, float]) -> list[NameCandidate]:
    """A name part the training data holds whole: its spellings ranked by how often each was seen, the
    model's own share counting as :data:`SEEN_PRIOR` more sightings (seen once each as Hackert and Hackett,
    the English-looking Hackett first; five times as Diane and twice as Dianne, Diane). The first scores
    :data:`SEEN_WHOLE`, above any spelling the data never showed; the others in proportion."""
    from glossmt.glossary.names.spelling import spelling_key

    model = {spelling_key(latin, strict=True): share for latin, share in shares.items()}
    weighed = sorted(
        ((count + SEEN_PRIOR * model.get(spelling_key(latin, strict=True), 0.0), latin) for latin, count in seen),
        key=lambda w: -w[0],
    )
    if not weighed:
        return []
    first = weighed[0][0]
    return [NameCandidate(latin, round(SEEN_WHOLE * weight / first, 3), Source.MODEL) for weight, latin in weighed]


def _shares(spellings: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """Each spelling's share of the probability of them all (from log-scores), in the same order."""
    if not spellings:
        return []
    peak = max(score for _, score in spellings)
    weights = [math.exp(score - peak) for _, score in spellings]
    total = sum(weights)
    return [(latin, weight / total) for (latin, _), weight in zip(spellings, weights, strict=True)]


def _romanised(form: str) -> str:
    from glossmt.glossary.names.romanise import romanise

    return romanise(form)
