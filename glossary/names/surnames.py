"""A person's whole name given for a Chinese form that spells only its surname: 普京 "Vladimir Putin" → Putin.

Chinese news names a person by the surname alone, and so does the English beside it; but CC-CEDICT glosses
普京 with the whole name, and a text gives 卡瓦诺（Brett Kavanaugh） in brackets. The last word (or words:
Di Canio) is kept where the Chinese sounds like it and not like the whole.
"""

from __future__ import annotations

from collections.abc import Sequence

# The last words are the surname where they are at least this alike (rapidfuzz ratio) to one of the model's
# first readings of the Chinese, more alike than the whole …
SURNAME_ALIKE = 60
SURNAME_LENGTH = 0.6  # ... and have at least this share of that reading's letters (Macron: 6 of Marqueron's 9)
SURNAME_READINGS = 3  # the model's first readings asked
# … and the name does not begin as a place's does (West Virginia, New York, Lake Balkhash): a place has no surname.
PLACE_WORDS = frozenset(
    {"West", "East", "North", "South", "New", "Upper", "Lower", "Great", "Saint", "St.", "San", "Santa", "Lake"}
    | {"Mount", "Port", "Fort", "Cape"}
)


def surname_in(english: str, readings: Sequence[str]) -> str:
    """The last words of ``english`` that the ``readings`` (the model's spellings of the Chinese, best first)
    sound like, where they sound more like them than like the whole; else ``english``."""
    from rapidfuzz import fuzz

    from glossmt.glossary.names.spelling import letters

    words = english.split()
    heard = [letters(r) for r in readings][:SURNAME_READINGS]
    # Of names alone (not "Mahathir bin Mohamad", "Marks and Spencer"), not a place's.
    if len(words) < 2 or not heard or any(not w[:1].isupper() for w in words) or words[0] in PLACE_WORDS:
        return english
    # The last word, or the last words where they sound more like it (迪卡尼奥 Paulo Di Canio: Di Canio), as
    # one of the first readings hears it (卡瓦诺 reads Cavano, then Kavano: Kavanaugh).
    tails = [" ".join(words[i:]) for i in range(1, len(words))]
    alike, tail, reading = max((fuzz.ratio(letters(t), h), t, h) for t in tails for h in heard)
    # About as long as the Chinese spelled: 周杰伦 (Chougeren) is not "Chou", it is Jay Chou.
    whole = len(letters(tail)) >= SURNAME_LENGTH * len(reading)
    more = alike > max(fuzz.ratio(letters(english), h) for h in heard)
    return tail if whole and alike >= SURNAME_ALIKE and more else english
