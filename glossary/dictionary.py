"""jieba's dictionary, read straight from its file: is a glossary hit inside or across one of its words?

The matcher (:mod:`glossmt.glossary.matching`) asks this of every Chinese hit before it bothers
jieba itself: a hit that no dictionary word contains or crosses is kept as it is. The words and the
pairs of characters inside them (the cheap first test) depend only on the dictionary file, so they
are kept in the cache (:mod:`glossmt.glossary.cache`) under its digest.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from pathlib import Path

from glossmt.glossary.cache import read_entry, write_entry

__all__ = ["dictionary_bigrams", "dictionary_words", "word_around"]

_REACH = 3  # characters past a hit's edge where a containing or crossing word is looked for


def word_around(text: str, start: int, end: int) -> bool:
    """Is there a dictionary word that strictly contains ``[start, end)`` or crosses one of its edges?"""
    lo = max(0, start - _REACH)
    return _word_in(text[lo : end + _REACH], start - lo, end - lo)


@lru_cache(maxsize=1 << 16)
def _word_in(context: str, start: int, end: int) -> bool:
    """:func:`word_around` on the few characters it reads (kept: names recur in the same contexts)."""
    words = dictionary_words()
    size = len(context)
    for a in range(max(0, start - _REACH), start + 1):
        for b in range(end, min(size, end + _REACH) + 1):
            if b - a > end - start and context[a:b] in words:
                return True
    for edge in (start, end):
        for a in range(max(0, edge - _REACH), edge):
            for b in range(edge + 1, min(size, a + _REACH + 1) + 1):
                if context[a:b] in words:
                    return True
    return False


@cache
def dictionary_bigrams() -> frozenset[str]:
    """Every pair of adjacent characters inside a word of jieba's dictionary."""
    return _dictionary()[1]


@cache
def dictionary_words() -> frozenset[str]:
    """Multi-character words of jieba's main dictionary."""
    return _dictionary()[0]


_DICTIONARY_CACHE = ("jieba-words", 1)  # cache kind and format


def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """jieba's multi-character words, read straight from its file, and the pairs of characters inside them.

    Counting the pairs takes 0.4 s, so both are kept in the cache (:mod:`glossmt.glossary.cache`)
    under the dictionary file's digest, and read back in a tenth of that.
    """
    import jieba

    data = Path(jieba.__file__).with_name("dict.txt").read_bytes()
    key = hashlib.sha256(data).hexdigest()
    kind, version = _DICTIONARY_CACHE
    kept = read_entry(kind, key, version=version, suffix=".txt")
    if kept is not None:
        words, separator, pairs = kept.decode("utf-8", "replace").partition("\x00")
        if separator:
            return frozenset(words.split("\n")), frozenset(pairs.split("\n"))
    lines = data.decode("utf-8").splitlines()
    found = frozenset(w for w in (line.split(" ", 1)[0] for line in lines) if len(w) > 1)
    bigrams = frozenset(word[i : i + 2] for word in found for i in range(len(word) - 1))
    write_entry(
        kind, key, "\x00".join(("\n".join(found), "\n".join(bigrams))).encode("utf-8"), version=version, suffix=".txt"
    )
    return found, bigrams
