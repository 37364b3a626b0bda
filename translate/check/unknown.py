"""Names outside the glossary, in bilingual documents: one Chinese name rendered more than one way.

For every name the Chinese holds that no glossary entry covers (the detection of ``glossmt extract``),
the span of its English line most like the name is taken as its rendering: most like CC-CEDICT's
English where it has one, the name itself for Latin script, else its romanisation (努尔特列乌 →
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
from glossmt.glossary.names.romanise import romanise
from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.check.bestspan import best_span
from glossmt.translate.check.renderings import Placed, Rendering, tallied

if TYPE_CHECKING:
    from glossmt.translate.check.checker import Analysis

LOCATE = 50.0  # a span this like the name is its rendering
ALIKE = 60.0  # a rendering this like the most common one is another spelling of it


@dataclass
class UnknownNames:
    """The renderings of every name outside the glossary, over a batch of bilingual documents."""

    glossary: Glossary
    renderings: dict[str, dict[str, Rendering]] = field(default_factory=dict)
    _detector: Detector | None = None

    def add(self, analysis: Analysis) -> None:
        """Tally the names of one analysed bilingual document."""
        if self._detector is None:
            self._detector = Detector(self.glossary)
        for index, segment in enumerate(analysis.doc.segments):
            if not segment.source or not segment.english.strip():
                continue
            for occurrence in self._detector.find(segment.source):
                names = [occurrence.form]
                if Signal.LATIN not in occurrence.signals:
                    english = self._detector.lexicon.english(occurrence.form)
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
            others = [r for r in ordered[1:] if fuzz.ratio(r.text.lower(), common.text.lower()) >= ALIKE]
            if not others:
                continue
            here = others[0]
            message = f"{name} rendered {len(others) + 1} ways in this batch: {tallied((common, *others), here)}"
            yield Placed.at(here, message, common.text)
