"""Pinyin syllables, so that near-miss search can tell another Chinese name from a misspelt one.

In pinyin one changed letter usually makes another valid syllable, and so another person: "Lin Feng"
is not a misspelling of "Liu Feng", nor "Zhang Yun" of "Zhang Yuan"; "Lign Han" for "Ling Han" is,
because "lign" is no pinyin. The syllables come from pypinyin's character table, tone marks removed.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# A word of a pinyin name is one to four syllables ("Feng", "Jinping", "Ouyang").
_MAX_SYLLABLES = 4


@cache
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable that has a vowel (``zhang``, ``lv``; not the interjections ``m``, ``ng``)."""
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            bare = "".join(c for c in unicodedata.normalize("NFD", reading) if not unicodedata.combining(c))
            bare = bare.replace("ü", "v").lower()
            if any(v in bare for v in "aeiouv"):
                found.add(bare)
    return frozenset(found)


@cache
def is_pinyin_word(word: str) -> bool:
    """Does ``word`` (lower case) split into one to four pinyin syllables? ``lü`` may be written ``lu`` or ``lv``.

    A syllable that starts with a vowel only opens a word: inside one, pinyin writes an apostrophe
    (Xi'an), so "rioo" and "lakee" are not pinyin.
    """
    word = word.replace("ü", "v")
    if not word.isascii() or not word.isalpha():
        return False
    known = syllables()
    longest = max(len(s) for s in known)
    # fewest[i]: fewest syllables that spell word[:i]
    fewest = [0] + [_MAX_SYLLABLES + 1] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - longest), end):
            syllable = word[start:end]
            if fewest[start] < _MAX_SYLLABLES and syllable in known and (start == 0 or syllable[0] not in "aeiouv"):
                fewest[end] = min(fewest[end], fewest[start] + 1)
    return fewest[-1] <= _MAX_SYLLABLES


def is_pinyin_name(words: list[str]) -> bool:
    return bool(words) and all(is_pinyin_word(w) for w in words)


def another_pinyin_name(words: list[str], name_words: list[str]) -> bool:
    """For a pinyin name, does every word that differs read as pinyin on both sides? Then the candidate
    is another name spelt right ("Zhang Yun"), not a misspelling of this one ("Zhang Yuan")."""
    if len(words) != len(name_words) or not is_pinyin_name(name_words):
        return False
    differing = [(a, b) for a, b in zip(words, name_words, strict=True) if a != b]
    return bool(differing) and all(is_pinyin_word(a) and is_pinyin_word(b) for a, b in differing)
