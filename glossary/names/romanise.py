"""Pinyin for candidates (pypinyin), and a romanisation to show where no lexicon knows the English.

A romanisation is not an English spelling (卢特尼克 is Lutnick, its pinyin ``Lutenike``): outputs mark
it as such, and it never becomes a ``msgstr``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from glossmt.glossary.normalise import SEPARATOR

_HANS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")  # glossmt's CJK (normalise.CJK), a run of them


@lru_cache(maxsize=100_000)
def syllables(form: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of the Chinese characters in ``form`` (other characters skipped);
    remembered, since a name is read for its variants and for its romanisation."""
    from pypinyin.constants import PHRASES_DICT

    # pypinyin reads a form character by character unless a run of two or more of its characters is
    # one of its phrases (重庆 → chong qing): without one (most names), each character's own reading.
    # Runs no longer than its longest phrase: a long line is read in linear time, not quadratic.
    longest = _longest_phrase()
    if _HANS.fullmatch(form) and not any(
        form[i:j] in PHRASES_DICT for i in range(len(form)) for j in range(i + 2, min(i + longest, len(form)) + 1)
    ):
        return tuple(s for c in form for s in _read(c))
    return _read(form)


@lru_cache(maxsize=1)
def _longest_phrase() -> int:
    from pypinyin.constants import PHRASES_DICT

    return max(map(len, PHRASES_DICT), default=0)


@lru_cache(maxsize=100_000)
def _read(text: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isalpha())


def pinyin(form: str) -> str:
    """Pinyin with tone marks, one space between syllables, `` · `` between name parts: ``lú tè ní kè``."""
    from pypinyin import Style, lazy_pinyin

    parts = [" ".join(lazy_pinyin(part, style=Style.TONE, errors="ignore")) for part in form.split(SEPARATOR)]
    return " · ".join(p for p in parts if p)


def romanise(form: str) -> str:
    """Each name part's syllables run together and capitalised: 霍华德·卢特尼克 → ``Huohuade Lutenike``."""
    parts = ["".join(syllables(part)).capitalize() for part in form.split(SEPARATOR)]
    return " ".join(p for p in parts if p)
