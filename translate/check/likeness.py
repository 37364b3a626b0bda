"""Is a candidate a misspelling of a name, word for word, or another word? (For :mod:`nearmiss`.)

- :func:`related`: a word built on the name ("kazakhstani", "the trumps") or a whole-word part of it;
- :func:`words_align`: each word of a multi-word candidate a variant of the name's word;
- :func:`other_words`: every differing word an English word on both sides ("immortal"/"mortal").
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from glossmt.translate.check.pinyin import is_pinyin_word
from glossmt.translate.check.words import is_english_word

__all__ = ["other_words", "related", "words_align", "words_of"]

# Word for word, a near-miss of a multi-word name keeps each word at least this similar.
_MIN_WORD_SIMILARITY = 0.5
# Endings that make another word of a name: plurals, demonyms ("Kazakhstani", "the Trumps").
_WORD_ENDINGS = frozenset(
    {"s", "es", "i", "is", "n", "ns", "an", "ans", "ian", "ians", "ese", "ite", "ites", "er", "ers"}
)


def words_of(form: str) -> list[str]:
    return re.split(r"[ -]", form)


def related(form: str, name: str) -> bool:
    """A word built on the name ("kazakhstani", "the trumps") or a whole-word part of it ("state
    council" in "us state council"): a different word, not a misspelling."""
    if len(form) > len(name):
        ending = form[len(name) :]
        if ending in ("n", "ns") and name[-1] not in "aeiou":
            return False  # "Russian" from "Russia", but "Regionn" is a typo
        if len(ending) == 1 and ending == name[-1]:
            return False  # a doubled last letter ("Yulii") is a typo
        return form.startswith(name) and ending in _WORD_ENDINGS
    words, name_words = re.split(r"[ -]", form), re.split(r"[ -]", name)
    n = len(words)
    return n < len(name_words) and any(name_words[i : i + n] == words for i in range(len(name_words) - n + 1))


def words_align(form: str, name: str) -> bool:
    """Word for word, is each word a variant of the name's? ("Department of Justice" is not a
    misspelling of "Department of State", however alike the rest; nor is a pinyin word a misspelling of
    another more than one edit, and one in four letters, away.) Only when the counts agree."""
    words, name_words = re.split(r"[ -]", form), re.split(r"[ -]", name)
    if len(words) != len(name_words) or len(words) == 1:
        return True
    return all(
        OSA.normalized_similarity(a, b) >= _MIN_WORD_SIMILARITY
        and not (_cut_pinyin(a, b))  # "Lin Star Academy" is not "Lingxi Star Academy"
        for a, b in zip(words, name_words, strict=True)
    )


def _cut_pinyin(a: str, b: str) -> bool:
    """Two pinyin words more than one edit (and one in four letters) apart: another name's syllables."""
    far = OSA.distance(a, b) > max(1, max(len(a), len(b)) // 4)
    return far and is_pinyin_word(a) and is_pinyin_word(b)


def other_words(form: str, name: str) -> bool:
    """Word for word, is every differing word an English word on both sides, two or more letters
    apart ("immortal realm" and "mortal realm")? Then the candidate is other words, not a
    misspelling (pinyin words aside: "fang" is English too)."""
    words, name_words = words_of(form), words_of(name)
    if len(words) != len(name_words):
        return False
    differing = [(a, b) for a, b in zip(words, name_words, strict=True) if a != b]
    return bool(differing) and all(
        OSA.distance(a, b) >= 2  # one letter apart ("Meals" for "Metals") may be a typo all the same
        and len(a) >= 4
        and len(b) >= 4
        and not (is_pinyin_word(a) and is_pinyin_word(b))
        and is_english_word(a)
        and is_english_word(b)
        for a, b in differing
    )
