"""Which glossary concept a new Chinese form is probably a variant of (托咔耶夫 ~ 托卡耶夫 → Tokayev).

Close in characters, or in toneless pinyin, and of about the same length. Shared by the name oracle
(a ``glossary`` suggestion) and extract (a candidate's ``variant_of``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from glossmt.glossary.model import Glossary
from glossmt.glossary.names.romanise import syllables
from glossmt.glossary.normalise import CJK, normalise_forms

# "Probably a variant of": this close in characters, or in toneless pinyin (托卡叶夫 ~ 托卡耶夫).
VARIANT_CHARS = 80.0
VARIANT_PINYIN = 90.0


@dataclass(frozen=True, slots=True)
class Variant:
    """The glossary concept a form is probably a variant of, and the form it resembles."""

    concept: str
    form: str
    target: str


class VariantIndex:
    """The glossary's Chinese forms, by characters and by toneless pinyin."""

    def __init__(self, glossary: Glossary) -> None:
        self.terms = [t for t in glossary if CJK.search(t.source)]
        self.forms = normalise_forms([t.source for t in self.terms])
        self.sounds = [" ".join(syllables(f)) for f in self.forms]
        self.exact = dict(zip(self.forms, self.terms, strict=True))

    def of(self, form: str) -> Variant | None:
        """The concept ``form`` (normalised) is a variant of, or None; a form of the glossary itself is none."""
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
