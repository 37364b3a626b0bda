"""Names outside the glossary, in bilingual documents: one Chinese name rendered more than one way.

For every name the Chinese holds that no glossary entry covers (the detection of ``glossmt extract``),
the span of its English line most like the name is taken as its rendering: most like CC-CEDICT's
English where it has one (by the surname where it names a person whole: 默克尔 is Merkel, not Angela
Merkel), the name itself for Latin script, else its romanisation (努尔特列乌 →
Nuerteliewu ~ Nurtleu). Across the batch, a name whose renderings differ is reported once, at the
first rendering that is not the most common one. Renderings too unlike the most common one (below
:data:`ALIKE`) are taken for a wrong alignment, not another spelling, and left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from glossmt.glossary.extract import Detector, Signal
from glossmt.glossary.model import Glossary
from glossmt.glossary.names import NameOracle
from glossmt.glossary.names.romanise import romanise
from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.check.bestspan import best_span
from glossmt.translate.check.renderings import Placed, Rendering, tallied

if TYPE_CHECKING:
    from glossmt.translate.check.checker import Analysis

LOCATE = 50.0  # a span this like the name is its rendering
# What English adds to a name, or puts in place of its last vowel, for a plural or a people: Russia Russian,
# Syria Syrians, Mexico Mexican, Germany German, Argentina Argentine, Ryder Cup Ryder Cups.
_ADDED = ("s", "es", "n", "ns", "an", "ans", "ese", "ish")
_FOR_VOWEL = ("", "s", "an", "ans", "e", "ian", "ians", "ese", "ish")
SHORT_FORM = 3  # letters a rendering may add to another and be its long form, not a misspelling (Merkell: 1)
ALIKE = 60.0  # a rendering this like the most common one is another spelling of it


@dataclass
class UnknownNames:
    """The renderings of every name outside the glossary, over a batch of bilingual documents."""

    glossary: Glossary
    renderings: dict[str, dict[str, Rendering]] = field(default_factory=dict)
    _detector: Detector | None = None
    _oracle: NameOracle | None = None

    def add(self, analysis: Analysis) -> None:
        """Tally the names of one analysed bilingual document."""
        if self._detector is None or self._oracle is None:
            self._detector, self._oracle = Detector(self.glossary), NameOracle(self.glossary)
        for index, segment in enumerate(analysis.doc.segments):
            if not segment.source or not segment.english.strip():
                continue
            for occurrence in self._detector.find(segment.source):
                names = [occurrence.form]
                if Signal.LATIN not in occurrence.signals:
                    english = self._oracle.as_named(occurrence.form, self._detector.lexicon.english(occurrence.form))
                    names = [english] if english else [romanise(occurrence.form)]
                best = best_span(segment.english, names, min_score=LOCATE)
                if best is None:
                    continue
                key = fold_whitespace(best.text)
                seen = self.renderings.setdefault(occurrence.form, {})
                start = analysis.bases[index] + best.start
                here = Rendering.first_seen(key, analysis, start, start + len(best.text))
                old = seen.get(key)
                if old is None or here.place < old.place:  # the earliest place, whatever the order of files
                    here.count = old.count if old else 0
                    seen[key] = here
                seen[key].count += 1

    def findings(self) -> Iterator[Placed]:
        """Each name whose renderings differ, at the first rendering that is not the most common one."""
        for name, seen in self.renderings.items():
            ordered = sorted(seen.values(), key=lambda r: (-r.count, r.place, r.text))
            common = ordered[0]
            others = [
                r
                for r in ordered[1:]
                if fuzz.ratio(r.text.lower(), common.text.lower()) >= ALIKE and not _inflected(r.text, common.text)
            ]
            if not others:
                continue
            here = others[0]
            message = f"{name} rendered {len(others) + 1} ways in this batch: {tallied((common, *others), here)}"
            yield Placed.at(here, message, common.text)


def _inflected(one: str, other: str) -> bool:
    """Is one rendering the other's plural, its people's word (Russian for Russia: 俄罗斯 is both in
    Chinese) or a short form of it (Juve for Juventus, Bellator for Bellator 206), or no name at all
    (a span in lower case: "fully" beside Furyk), not another spelling? Karagandy for Karaganda and
    Merkell for Merkel stay other spellings."""
    if not one[:1].isupper():
        return True
    a, b = one.lower(), other.lower()
    short, long = sorted((a, b), key=len)
    return (long.startswith(short) and len(long) - len(short) >= SHORT_FORM) or any(
        _forms(x, y) for x, y in ((a, b), (b, a))
    )


def _forms(word: str, form: str) -> bool:
    if form in {word + ending for ending in _ADDED}:
        return True
    return len(word) > 4 and word[-1] in "aeioy" and form in {word[:-1] + ending for ending in _FOR_VOWEL}
