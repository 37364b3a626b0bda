"""Generated data for the ``glossmt check`` benchmarks: planted name variants, filler English and a
100,000-entry glossary.

Real news English (NTREX-128) and CC-CEDICT's proper nouns are read from ``../shared/data`` when
present, never copied into the repository; synthetic stand-ins are used otherwise.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

from real_names import SHARED

from glossmt.glossary.model import Term, TermType
from glossmt.translate.check.words import GENERICS

NTREX_ENGLISH = SHARED / "ntrex128" / "newstest2019-src.eng.txt"
CEDICT_NAMES = SHARED / "cc-cedict" / "cedict_proper_nouns.tsv"

# --- planted variants --------------------------------------------------------------------------


def _transpose(name: str, rng: random.Random) -> str | None:
    spots = [
        i for i in range(1, len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha() and name[i] != name[i + 1]
    ]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def _drop(name: str, rng: random.Random) -> str | None:
    spots = [i for i in range(1, len(name)) if name[i].isalpha() and name[i - 1].isalpha()]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[:i] + name[i + 1 :]


def _double(name: str, rng: random.Random) -> str | None:
    spots = [i for i in range(1, len(name)) if name[i].isalpha() and name[i].islower()]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[: i + 1] + name[i] + name[i + 1 :]


def _hyphen_space(name: str, rng: random.Random) -> str | None:
    """A hyphen becomes a space or vanishes, or a space becomes a hyphen."""
    if "-" in name:
        return name.replace("-", rng.choice([" ", ""]), 1)
    if " " in name:
        return name.replace(" ", "-", 1)
    return None


def _case(name: str, rng: random.Random) -> str | None:
    words = re.split(r"([ -])", name)
    # a generic in either case is right ("Karaganda region"): not a variant to plant
    inner = [i for i in range(2, len(words), 2) if words[i][:1].isupper() and words[i].lower() not in GENERICS]
    if inner:
        i = rng.choice(inner)
        words[i] = words[i][0].lower() + words[i][1:]
        return "".join(words)
    return name.upper() if len(name) > 1 else None


def _russian_ending(name: str, rng: random.Random) -> str | None:
    for ending, variants in (
        ("skoye", ("skoe", "sky", "skiy")),
        ("sky", ("skoye", "skiy")),
        ("yev", ("ev",)),
        ("ev", ("yev",)),
    ):
        if name.endswith(ending):
            return name[: -len(ending)] + rng.choice(variants)
    return None


PERTURBATIONS: dict[str, Callable[[str, random.Random], str | None]] = {
    "transposed letters": _transpose,
    "dropped letter": _drop,
    "doubled letter": _double,
    "hyphen or space": _hyphen_space,
    "wrong case": _case,
    "russian ending": _russian_ending,
}

# --- English ---------------------------------------------------------------------------------

_SUBJECTS = [
    "The ministry",
    "Officials",
    "Analysts",
    "The company",
    "Investors",
    "A spokesman",
    "The regulator",
    "Engineers",
]
_VERBS = ["said", "expected", "confirmed", "reported", "warned", "noted", "estimated", "announced"]
_OBJECTS = [
    "that output would rise by a tenth next year",
    "that the plant would reopen after repairs",
    "higher costs for fuel and transport",
    "a delay in the second phase of construction",
    "that exports had fallen for a third month",
    "a new agreement on water use",
    "steady demand from buyers in the region",
    "that the project was on schedule",
]
_NAME_SLOTS = [
    "{name} said on Tuesday that it {verb} {obj}.",
    "According to {name}, the talks {verb} little progress.",
    "Shares in the venture rose after {name} {verb} {obj}.",
    "The report {verb} that {name}'s plans were ambitious.",
    "Work at {name} {verb} {obj}, a source said.",
]


def template_sentence(rng: random.Random) -> str:
    """A plain English sentence with no names in it."""
    return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."


def sentence_with(name: str, rng: random.Random) -> str:
    return rng.choice(_NAME_SLOTS).format(name=name, verb=rng.choice(_VERBS), obj=rng.choice(_OBJECTS))


def news_sentences() -> list[str] | None:
    """NTREX-128's English news sentences, or None where ../shared/data is absent."""
    if not NTREX_ENGLISH.exists():
        return None
    return [line.strip() for line in NTREX_ENGLISH.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- names and a large glossary ---------------------------------------------------------------

_ONSETS = ["", "b", "d", "g", "k", "kh", "l", "m", "n", "r", "s", "sh", "t", "ts", "z", "zh", "ch", "v", "y", "p"]
_VOWELS = ["a", "e", "i", "o", "u", "y", "ai", "ay", "ia"]
_CODAS = ["", "", "n", "r", "k", "l", "s", "t", "m"]
_SUFFIXES = ["", "", "", "skoye", "sk", "ov", "yev", "ty", "tau", "bay", "kol"]
_HEADS = ["", "", "", "North ", "Upper ", "East ", "Lake ", "Ust-", "New "]
_TAILS = ["", "", "", " Region", " Mining", " Holding", " Resources", " Group", " Capital"]


def synthetic_word(rng: random.Random) -> str:
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(rng.randint(2, 3)))
    return (word + rng.choice(_SUFFIXES)).capitalize()


def synthetic_name(rng: random.Random) -> str:
    """A transliterated name of this domain's shape: "Upper Zhanatasskoye", "Karabulak Mining"."""
    body = synthetic_word(rng)
    if rng.random() < 0.25:
        body += "-" + synthetic_word(rng)
    return rng.choice(_HEADS) + body + rng.choice(_TAILS)


def _cedict_names() -> Iterator[tuple[str, str]]:
    """(Chinese, English) pairs from CC-CEDICT: a gloss's first phrase, and the name in pinyin."""
    if not CEDICT_NAMES.exists():
        return
    for line in CEDICT_NAMES.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 4:
            continue
        simplified, _, pinyin, glosses = fields[:4]
        gloss = re.split(r"[,;(/]", glosses, maxsplit=1)[0].strip()
        if re.fullmatch(r"[A-Z][A-Za-z'.\- ]{2,40}", gloss):
            yield simplified, gloss
        syllables = re.sub(r"\d", "", pinyin).split()
        if syllables and all(s.isalpha() for s in syllables) and syllables[0][:1].isupper():
            yield simplified, "".join(syllables).capitalize()


def big_glossary(size: int, rng: random.Random) -> list[Term]:
    """``size`` terms: CC-CEDICT's names where present, then synthetic ones; a third carry avoid lists."""
    terms: list[Term] = []
    seen: set[str] = set()

    def add(source: str, target: str) -> None:
        if target.lower() in seen:
            return
        seen.add(target.lower())
        avoid: tuple[str, ...] = ()
        if rng.random() < 0.33:
            variant = _transpose(target, rng) or _drop(target, rng)
            avoid = (variant,) if variant and variant != target else ()
        terms.append(Term(source, target, f"c{len(terms)}", TermType.PLACE, avoid))

    for source, target in _cedict_names():
        add(source, target)
        if len(terms) >= size:
            return terms
    while len(terms) < size:
        add(f"合成{len(terms)}", synthetic_name(rng))
    return terms
