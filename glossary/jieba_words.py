"""jieba, behind one module: its tokenizers and its dictionary, read once; nothing else in glossmt imports jieba.

- Tokenizers (:func:`jieba_tokenizer`, :func:`base_tokenizer`, :func:`private_tokenizer`,
  :func:`posseg_tokenizer`): jieba caches its parsed dictionary with :mod:`marshal` and, left alone, keeps it
  as ``jieba.cache`` in the shared temporary folder, where any local user could plant a file every glossmt
  run then loads (issue 13). Every tokenizer here keeps that cache in glossmt's own cache folder
  (:func:`glossmt.glossary.io.cache.private_folder`), and jieba's failures there are one warning line.
- The dictionary file (``dict.txt``: word, count, tag per line), read once per process
  (:func:`dictionary_bytes`): its multi-character words and the pairs of characters inside them
  (:func:`dictionary_words`, :func:`dictionary_bigrams`), kept in the cache under the file's digest; each
  word's tag and each character's weight in general Chinese (:func:`jieba_dictionary`, for extraction;
  the weights alone kept in the cache too, :func:`character_counts`, for the transliteration score).
- :func:`word_around`: the matcher (:mod:`glossmt.glossary.matching`) asks it of every Chinese hit before it
  bothers jieba itself: a hit that no dictionary word contains or crosses is kept as it is.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import warnings
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from glossmt.glossary.io.cache import private_folder, read_entry, write_entry

__all__ = [
    "Dictionary",
    "base_tokenizer",
    "character_counts",
    "dictionary_bigrams",
    "dictionary_bytes",
    "dictionary_words",
    "jieba_dictionary",
    "jieba_tokenizer",
    "posseg_tokenizer",
    "private_tokenizer",
    "word_around",
    "word_count",
]

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

    Counting the pairs takes 0.4 s, so both are kept in the cache (:mod:`glossmt.glossary.io.cache`)
    under the dictionary file's digest, and read back in a tenth of that.
    """
    data = dictionary_bytes()
    key = _dictionary_digest()
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


@cache
def dictionary_bytes() -> bytes:
    """jieba's main dictionary file (``dict.txt``), read once per process (found without importing jieba,
    which takes 0.4 s: :func:`character_counts` from the cache needs only the file)."""
    spec = importlib.util.find_spec("jieba")
    origin = spec.origin if spec is not None else None
    return Path(origin if origin is not None else _jieba().__file__).with_name("dict.txt").read_bytes()


@cache
def _dictionary_digest() -> str:
    """The dictionary file's digest: what both of its cache entries are kept under."""
    return hashlib.sha256(dictionary_bytes()).hexdigest()


_CHARACTERS_CACHE = ("jieba-characters", 1)  # cache kind and format


@cache
def character_counts() -> Counter[str]:
    """Each character weighted by the counts of the dictionary words it is in (:func:`jieba_dictionary`'s
    ``chars``), kept in the cache under the dictionary file's digest: counting takes 0.6 s and, with
    jieba's import, made the name oracle's transliteration score cost a second in every process."""
    key = _dictionary_digest()
    kind, version = _CHARACTERS_CACHE
    kept = read_entry(kind, key, version=version)
    if kept is not None:
        try:
            counts = json.loads(kept)
        except ValueError:
            counts = None
        if isinstance(counts, dict) and set(map(type, counts.values())) <= {int}:
            return Counter(counts)
    chars = jieba_dictionary().chars
    write_entry(kind, key, json.dumps(chars, ensure_ascii=False).encode("utf-8"), version=version)
    return chars


@dataclass(frozen=True, slots=True)
class Dictionary:
    """jieba's main dictionary: each word's part-of-speech tag, and character counts of general Chinese."""

    tags: dict[str, str]
    chars: Counter[str]


@cache
def jieba_dictionary() -> Dictionary:
    """Each word's tag, and each character weighted by the counts of the words it is in."""
    tags: dict[str, str] = {}
    chars: Counter[str] = Counter()
    for line in dictionary_bytes().decode("utf-8").splitlines():
        word, freq, tag = line.split()
        tags[word] = tag
        weight = int(freq)
        for c in word:
            chars[c] += weight
    return Dictionary(tags, chars)


# --- tokenizers ---------------------------------------------------------------------------------


def jieba_tokenizer() -> Any:
    """A new, uninitialised ``jieba.Tokenizer`` whose dictionary cache lives in glossmt's own cache folder."""
    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)
    if not any(isinstance(f, _OneLine) for f in jieba.default_logger.filters):
        jieba.default_logger.addFilter(_OneLine())
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(private_folder())  # jieba joins it with "jieba.cache"
    return tokenizer


@cache
def base_tokenizer() -> Any:
    """jieba with its main dictionary loaded (1–2 s), once per process; never taught anything."""
    tokenizer = jieba_tokenizer()
    tokenizer.initialize()
    return tokenizer


def private_tokenizer() -> Any:
    """A tokenizer sharing nothing mutable with the base: its own copy of the word counts (to be taught)."""
    base = base_tokenizer()
    tokenizer = jieba_tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    return tokenizer


def word_count(word: str) -> int:
    """jieba's count of ``word`` in its main dictionary (0 where it is no word), from the table the
    part-of-speech tokenizer holds anyway: a second copy of 350,000 counts would cost 35 MB."""
    tokenizer = posseg_tokenizer().tokenizer
    tokenizer.check_initialized()
    return int(tokenizer.FREQ.get(word, 0))


@cache
def posseg_tokenizer() -> Any:
    """jieba's part-of-speech tokenizer (``jieba.posseg``), once per process, its cache in glossmt's folder."""
    _jieba()
    import jieba.posseg

    return jieba.posseg.POSTokenizer(jieba_tokenizer())


@cache
def _jieba() -> Any:
    """jieba, imported without the warnings of its own ``import pkg_resources`` (setuptools' deprecation;
    "Module glossmt was already imported …" where a checkout sits on sys.path): stderr carries
    glossmt's lines only, and a shell script's ``2>`` log stays clean."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg  # under the same filter
    return jieba


class _OneLine(logging.Filter):
    """jieba's own failures (a cache it cannot write in a full folder) as one warning line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            error = record.exc_info[1]
            record.msg, record.args = f"warning: jieba: {record.getMessage()} ({error}); it goes on without", ()
            record.exc_info, record.exc_text = None, None
        return True
