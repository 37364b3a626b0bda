"""Russian readings: a Chinese name read back through the Xinhua Russian→Chinese table (霍多尔科夫斯基 → Ходорковский
→ Khodorkovsky).

Chinese writes Russian (and Kazakh, Uzbek, … names that reach it through Russian) by one official table,
syllable by syllable: -ов/-ев → 夫, -ский → 斯基, Ш → 什, a consonant alone → its own character. Read
backwards, that table proposes the Cyrillic a name was written from; the Cyrillic romanised in the usual
English style (BGN/PCGN without its diacritics: Kh, Zh, Ts, Shch, -sky) gives spellings in the one
convention English news uses for these names, where the learned model mixes German, French and Polish
habits (Hodolkowski, Chichow). The letter models rank the readings, half the one of all names and half
one of Russian and Central Asian names (Bondarenko, not Bondalenko), and a plain reading (a consonant,
or a consonant and its vowel) is preferred to the table's rarer ones (ы, ь, clusters). The table is read
as Chinese writers use it, not only as Xinhua wrote it: a character it lacks as its homophone in the
table (柯 as 科), л and р exchanged at a cost (里 for ли: Ulyanovsk), an н shared by two characters
(坦诺 for тано: Sultanov).

The oracle asks for readings only where a name part looks written from Russian: a naive Bayes model of
its characters (:class:`OriginOdds`, learned from the training names) says so. The table ships as data
(``data/russian-readings.json``, written by :mod:`.training`; MIT, see ``data/SOURCES.md``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from glossmt.glossary.names.ngram import LetterNgram

FORMAT = "glossmt-russian-readings"
VERSION = 4  # 2: with the origin model; 3: with its own letter model; 4: that model packed
ARTEFACT = "russian-readings.json"
RARE_PIECE = 3.0  # log-probability cost of a reading with ы/ь/ъ/й or two consonants: the table's exceptions
WIDTH = 100  # partial readings kept per position (400 before: 13 of 12,569 dev names' candidates moved)
_VOWELS = frozenset("аеёиоуыэюя")
_SIGNS = frozenset("ыьъй")
_NOT_DOUBLED = _VOWELS | {"н"}  # a vowel or н again is no doubled consonant (DOUBLED)
_NEVER_FIRST = frozenset("ыьъ")  # no Russian word begins with one (伊 as ь made Ibragimov "Blagimov")
_ENGLISH = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),  # noqa: SIM905
        strict=True,
    )
)
_L_R = str.maketrans("лр", "рл")
SWAPPED_LR = 2.0  # log-probability cost of a reading with л and р exchanged (docs/names.md)
M_BEFORE_B = 1.0
VOICED_F = 3.0  # … and of ф before с or к, where Russian spelling has в (Budyonnovskoye, not Buchonofskoye)
# … and of a consonant written alone and then again by the next character (尔|兰 read р|ран: Xinhua writes
# Ерлан 叶尔兰, and Ерран would be 叶兰); not н, which Chinese writes twice for one (坦|诺 in Султанов).
DOUBLED = 2.0
_SURNAME_YO = re.compile(r"ё(в|ва|вич|вна)$")
RUSSIAN_LETTERS = 0.5  # the Russian names' letter model's share in ranking readings (docs/names.md)
ORIGIN_FROM = 6.0  # log-odds from which a name part counts as written from Russian (docs/names.md)


def origin_features(chars: str) -> set[str]:
    """What the origin model looks at in a Chinese name part: its characters, character pairs, first
    character and one- and two-character endings (-耶夫, -斯基, -娃 …)."""
    return {
        *(f"u:{c}" for c in chars),
        *(f"g:{chars[i : i + 2]}" for i in range(len(chars) - 1)),
        f"b:{chars[:1]}",
        f"e1:{chars[-1:]}",
        f"e2:{chars[-2:]}",
    }


@dataclass(frozen=True, slots=True)
class OriginOdds:
    """Naive Bayes log-odds that a Chinese name part was written from Russian (or a Central Asian name
    through Russian), learned from training names whose Latin side ends like one (-ov, -eva, -sky, -vich,
    -enko, -uly, -bek, -sk …) or whose origin is post-Soviet. The Chinese ending alone misleads (夫 is also
    German -hoff, -dorf), so every character and pair has a say."""

    prior: float
    unseen: float  # a feature the training data showed too rarely to keep
    features: dict[str, float]

    def __call__(self, chars: str) -> float:
        return self.prior + sum(self.features.get(f, self.unseen) for f in origin_features(chars))


def to_english(cyrillic: str) -> str:
    """Russian Cyrillic (lower case) in the usual English spelling: е is ye at the start or after a vowel,
    ё is o after ж/ш/ч/щ, the signs are dropped, a final -ий or -ый is -y (-sky, Yevgeny, Navalny), й between
    a vowel and a consonant is i (Shoigu, Smailov, Saipov: English news's habit, where BGN/PCGN writes y);
    the ё of a surname's -ёв/-ёва is written e, as English writes Gorbachev, Khrushchev and Gubarev (Fyodor
    and Pyotr keep their yo)."""
    cyrillic = _SURNAME_YO.sub(lambda m: "е" + m.group(1), cyrillic)
    out = []
    for i, char in enumerate(cyrillic):
        before = cyrillic[i - 1] if i else ""
        if char == "е":
            out.append("ye" if not before or before in _VOWELS or before in "ьъ" else "e")
        elif char == "ё" and before in "жшчщ":
            out.append("o")
        elif char == "й" and before in _VOWELS and i + 1 < len(cyrillic) and cyrillic[i + 1] not in _VOWELS:
            out.append("i")
        else:
            out.append(_ENGLISH.get(char, "").replace("-", ""))
    latin = "".join(out)
    return latin[:-2] + "y" if latin.endswith(("iy", "yy")) else latin


@dataclass(frozen=True, slots=True)
class RussianReadings:
    """The Xinhua table read backwards: each Chinese piece (one to four characters) → its Cyrillic sources."""

    pieces: dict[str, tuple[str, ...]]
    origin: OriginOdds = OriginOdds(-math.inf, 0.0, {})
    # Letters of Russian and Central Asian names alone (Bondarenko, Gostev), where the model of all names
    # prefers Bondalenko and Gostef; None: the caller's letter model alone ranks the readings.
    letters: LetterNgram | None = None
    longest: int = field(init=False, compare=False, repr=False)  # the longest piece, in characters

    def __post_init__(self) -> None:
        object.__setattr__(self, "longest", max((len(p) for p in self.pieces), default=0))

    def looks_russian(self, chars: str) -> bool:
        """Was this name part (Chinese characters) probably written from Russian?"""
        return self.origin(chars) >= ORIGIN_FROM

    def spell(self, chars: str, letters: LetterNgram, top: int = 8) -> list[tuple[str, float]]:
        """Up to ``top`` English spellings of ``chars`` read as Russian, best first, with log-scores
        (the readings' costs plus ``letters``' log-probability, half of it replaced by the table's own
        letter model of Russian names); empty where the table cannot read every character."""
        partial: dict[int, list[tuple[str, float]]] = {0: [("", 0.0)]}
        longest = self.longest
        for start in range(len(chars)):
            here = partial.pop(start, None)
            if not here:
                continue
            for size in range(1, longest + 1):
                last = start + size == len(chars)
                for cyrillic, swapped in _with_l_and_r(self.pieces.get(chars[start : start + size], ())):
                    if not start and cyrillic[0] in _NEVER_FIRST:
                        continue
                    cost = _cost(cyrillic.removesuffix("й") if last else cyrillic) + swapped * SWAPPED_LR
                    ahead = partial.setdefault(start + size, [])
                    for so_far, score in here:
                        # Russian writes в before с and к where it sounds ф (-овск-, -евка): 夫斯 is вс.
                        voiced = VOICED_F if so_far.endswith("ф") and cyrillic[0] in "ск" else 0.0
                        doubled = DOUBLED if so_far[-1:] == cyrillic[0] and cyrillic[0] not in _NOT_DOUBLED else 0.0
                        ahead.append((so_far + cyrillic, score - cost - voiced - doubled))
                        if cyrillic[0] in "бп" and so_far.endswith("н"):
                            # Chinese ends no syllable in m: 坦巴 is там|ба before б and п (Атамбаев).
                            ahead.append((so_far[:-1] + "м" + cyrillic, score - cost - M_BEFORE_B))
                        if cyrillic[0] == "н" and so_far.endswith(("н", "нь")):
                            # 坦诺夫 is Султанов: the н closing one character opens the next (docs/names.md).
                            ahead.append((so_far.removesuffix("ь") + cyrillic[1:], score - cost))
            for end, found in partial.items():
                if len(found) > WIDTH:
                    partial[end] = sorted(found, key=lambda r: -r[1])[:WIDTH]
        best: dict[str, float] = {}
        for cyrillic, cost in partial.get(len(chars), []):
            latin = to_english(cyrillic)
            if latin:
                score = cost + letters.text_logprob(latin)
                if self.letters is not None:
                    # Half each: the Russian names alone are too few (2,116 parts) to rank on their own.
                    score += RUSSIAN_LETTERS * (self.letters.text_logprob(latin) - letters.text_logprob(latin))
                best[latin] = max(score, best.get(latin, score))
        return sorted(best.items(), key=lambda r: -r[1])[:top]


@cache
def _with_l_and_r(readings: tuple[str, ...]) -> tuple[tuple[str, bool], ...]:
    """Each reading, then the same with л and р exchanged where the table has no such reading: Chinese
    writers outside Xinhua's practice mix 里/利 and 罗/洛 (乌里扬诺夫斯克 Ulyanovsk, 普洛科朋科 Prokopenko)."""
    swapped = tuple(r.translate(_L_R) for r in readings if "л" in r or "р" in r)
    return tuple((r, False) for r in readings) + tuple((r, True) for r in swapped if r not in readings)


def _cost(cyrillic: str) -> float:
    rare = any(c in _SIGNS for c in cyrillic) or (
        len(cyrillic) >= 2 and cyrillic[0] not in _VOWELS and cyrillic[1] not in _VOWELS
    )
    return RARE_PIECE if rare else 0.0


def from_json(data: object) -> RussianReadings:
    """The readings from their JSON form; ValueError when it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} version {VERSION} file")
    pieces, origin, letters = data.get("pieces"), data.get("origin"), data.get("letters")
    if not isinstance(pieces, dict):
        raise ValueError("pieces must be an object")
    if not isinstance(origin, dict) or not isinstance(origin.get("features"), dict):
        raise ValueError("origin must be an object with features")
    if not isinstance(letters, dict):
        raise ValueError("letters must be an object (a packed letter n-gram model)")
    odds = OriginOdds(
        float(origin["prior"]), float(origin["unseen"]), {str(k): float(v) for k, v in origin["features"].items()}
    )
    table = {str(k): tuple(str(c) for c in v) for k, v in pieces.items()}
    try:
        model = LetterNgram.from_packed(letters)
    except KeyError as error:
        raise ValueError(f"letters lacks {error}") from error
    return RussianReadings(table, odds, model)


@cache
def load_readings() -> RussianReadings:
    """The shipped table, read once per process."""
    raw = resources.files("glossmt.glossary.names").joinpath("data", ARTEFACT).read_text(encoding="utf-8")
    return from_json(json.loads(raw))
