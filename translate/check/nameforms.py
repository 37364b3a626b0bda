"""Name forms: how ``glossmt check`` reads a name, so that case, hyphens and spaces cost little.

A *form* is a name in lower case, hyphens as ``-``, other separators as one space, dots dropped
(``U.S.`` → ``us``); :func:`name_parts` reads the word n-grams a candidate may be, starting at a
capitalised word. :mod:`glossmt.translate.check.nearmiss` compares forms by edit distance.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from glossmt.translate.check.words import GENERICS

__all__ = ["CONNECTORS", "FUNCTION_WORDS", "WORD", "capital_start", "name_form", "name_parts", "skeleton"]

# Lower-case words that may sit inside a name ("Bank for Reconstruction and Development").
CONNECTORS = frozenset(
    {"of", "and", "for", "the", "de", "du", "des", "la", "le", "al", "el", "bin", "van", "von", "der"}
)

# Words that open a sentence rather than a name ("The", "As", "If").
FUNCTION_WORDS = frozenset(
    "a an the of in on at to for from by with and or as is was are were that this its his her their"  # noqa: SIM905
    " if when while after before but so then since although though because under into over during among"
    " between like unlike despite through there here it he she we they you not also all both each every"
    " some many most no yes these those what which who whose how why where".split()
)

WORD = re.compile(r"[^\W_]+")
HYPHENS = "-\u2010\u2011\u2012\u2013"
SEPARATOR = re.compile(
    rf"\.?[^\S\r\n]*[{HYPHENS}][^\S\r\n]*"  # a hyphen, perhaps spaced, perhaps after "U.S."
    r"|\.(?:[^\S\r\n]*\r?\n[^\S\r\n]*|[^\S\r\n]+)?"  # U.S. / U.S / Corp.
    r"|[^\S\r\n]*\r?\n[^\S\r\n]*|[^\S\r\n]+"  # spaces, or one line break
)


@cache
def capital_start() -> re.Pattern[str]:
    """A capital letter at the start of a word (``re`` has no ``\\p{Lu}``, so the class is built)."""
    ranges: list[str] = []
    run_start = None
    for code in range(0x10001):
        upper = code < 0x10000 and chr(code).isupper()
        if upper and run_start is None:
            run_start = code
        elif not upper and run_start is not None:
            first, last = re.escape(chr(run_start)), re.escape(chr(code - 1))
            ranges.append(first if code - 1 == run_start else f"{first}-{last}")
            run_start = None
    return re.compile(rf"(?<![^\W_])[{''.join(ranges)}]")


def separator_form(sep: str, previous_word: str) -> str | None:
    """How a separator appears in a form, or None where it ends a name."""
    if any(h in sep for h in HYPHENS):
        return "-"
    if sep.startswith("."):
        if sep == ".":
            return ""
        return " " if len(previous_word) == 1 else None  # "U.S. Department", but not "Astana. The"
    return " "


def name_parts(text: str, start: int, *, limit: int, follows: frozenset[str] | None) -> Iterator[tuple[int, str]]:
    """The n-grams starting at ``start``: ``(end, form)`` for 1, 2, … words.

    ``follows`` holds the forms a lower-case word may continue; None lets every word continue.
    """
    word = WORD.match(text, start)
    if word is None:
        return
    form, end, previous = word.group().lower(), word.end(), word.group()
    yield end, form
    for _ in range(limit - 1):
        sep = SEPARATOR.match(text, end)
        if sep is None:
            return
        nxt = WORD.match(text, sep.end())
        if nxt is None:
            return
        sep_form = separator_form(sep.group(), previous)
        if sep_form is None:
            return
        following = nxt.group()
        if (
            follows is not None
            and sep_form == " "
            and not following[0].isupper()
            and following not in CONNECTORS
            and following.lower() not in GENERICS
            and form not in follows
        ):
            return
        form = f"{form}{sep_form}{following.lower()}"
        end, previous = nxt.end(), following
        yield end, form


def name_form(name: str) -> str | None:
    """The form of a whole name, or None when it holds characters a candidate cannot (``&``, ``,``)."""
    name = name.strip()
    stripped = name.rstrip(".")
    parts = list(name_parts(stripped, 0, limit=64, follows=None))
    if not parts or parts[-1][0] != len(stripped):
        return None
    return parts[-1][1]


def skeleton(form: str) -> str:
    return form.replace(" ", "").replace("-", "")
