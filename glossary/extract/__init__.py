"""Names the glossary does not know yet: found in Chinese text, counted, typed, suggested, ranked.

Model-free, like matching. :class:`Detector` finds occurrences in one text (:mod:`.detect`),
:func:`extract` turns a batch of documents into ranked :class:`Candidate` values (:mod:`.candidates`),
:func:`render` writes them as a table, a candidate PO term file, JSONL or TSV (:mod:`.render`).
The pieces it learns from: CC-CEDICT's proper nouns (:mod:`.lexicon`), a transliteration score
(:mod:`.translit`), context cues (:mod:`.cues`). See docs/extract.md.
"""

from glossmt.glossary.extract.candidates import Candidate, Example, SuggestionSource, Variant, extract
from glossmt.glossary.extract.detect import Detector, Occurrence, Signal
from glossmt.glossary.extract.render import Format, render

__all__ = [
    "Candidate",
    "Detector",
    "Example",
    "Format",
    "Occurrence",
    "Signal",
    "SuggestionSource",
    "Variant",
    "extract",
    "render",
]
