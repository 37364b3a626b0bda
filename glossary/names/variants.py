"""Which glossary concept a new Chinese form is probably a variant of (托咔耶夫 ~ 托卡耶夫 → Tokayev).

Close in characters, or in toneless pinyin, of about the same length and with the same generic parts
(科斯塔奈市 is not a variant of 科斯塔奈州: a city is not its region); the name oracle also asks that its
own reading of the form spell the concept's English (:meth:`NameOracle.variant_of`). Shared by the
oracle (a ``glossary`` suggestion) and extract (a candidate's ``variant_of``), as are the names inside
the glossary's terms (``cores``: 科斯塔奈 → Kostanay, from 科斯塔奈州 Kostanay Region).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process

from glossmt.glossary.model import Glossary
from glossmt.glossary.names.generics import split
from glossmt.glossary.names.romanise import syllables
from glossmt.glossary.normalise import CJK, SEPARATORS, normalise_forms

# "Probably a variant of": this close in characters, or in toneless pinyin (托卡叶夫 ~ 托卡耶夫).
VARIANT_CHARS = 80.0
VARIANT_PINYIN = 90.0
CLOSEST = 3  # glossary forms tried per measure, closest first


@dataclass(frozen=True, slots=True)
class Variant:
    """The glossary concept a form is probably a variant of, and the (normalised) form it resembles."""

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

    @cached_property
    def by_english(self) -> dict[str, Variant]:
        """Each concept's English, by its spelling key (Tokayev and Tokaev alike), with its first form."""
        from glossmt.glossary.names.spelling import spelling_key

        found: dict[str, Variant] = {}
        for form, term in zip(self.forms, self.terms, strict=True):
            found.setdefault(spelling_key(term.target), Variant(term.concept, form, term.target))
        return found

    @cached_property
    def cores(self) -> dict[str, str]:
        """The name inside each term, with its English: 科斯塔奈 → Kostanay (from 科斯塔奈州 Kostanay Region)."""
        cores: dict[str, str] = {}
        for form, term in zip(self.forms, self.terms, strict=True):
            parts = split(form)
            bare = parts.bare(term.target)
            # A term that is the name alone (卡拉干达 Karaganda) says more than one around it (卡拉干达州).
            if bare and (parts.core not in cores or parts.core == form):
                cores[parts.core] = bare
        return cores

    def of(self, form: str, sounds_alike: Callable[[str, Variant], bool] | None = None) -> Variant | None:
        """The concept ``form`` (normalised) is a variant of, or None; a form of the glossary itself is none.

        ``sounds_alike(form, variant)``: a further test a close form must pass (the oracle's: does its own
        reading of ``form`` spell the variant's English?)."""
        if not self.terms or not CJK.search(form) or len(form) < 3:
            return None
        sound = " ".join(syllables(form))
        hits: Sequence[tuple[str, float, int]] = [
            *process.extract(form, self.forms, scorer=fuzz.ratio, score_cutoff=VARIANT_CHARS, limit=CLOSEST),
            *process.extract(sound, self.sounds, scorer=fuzz.ratio, score_cutoff=VARIANT_PINYIN, limit=CLOSEST),
        ]
        generic = _generics(form)
        for _, _, index in sorted(hits, key=lambda h: -h[1]):
            term, other = self.terms[index], self.forms[index]
            if abs(len(other) - len(form)) > 1 or other == form or _generics(other) != generic:
                continue
            variant = Variant(term.concept, other, term.target)
            # The same characters parted otherwise (卡瑟姆若马尔特·托卡耶夫) are the same name however it reads.
            if sounds_alike is None or _unparted(other) == _unparted(form) or sounds_alike(form, variant):
                return variant
        return None


def _unparted(form: str) -> str:
    return "".join(c for c in form if c not in SEPARATORS)


def _generics(form: str) -> tuple[str, str]:
    parts = split(form)
    return parts.prefix, parts.suffix
