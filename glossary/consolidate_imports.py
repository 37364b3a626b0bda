"""``glossary import``'s merge: the rows of an *imported* term list consolidated among themselves.

One entry per pair, one concept per Chinese form. Not to be confused with
:mod:`glossmt.glossary.merge_candidates` (``glossary merge``), which folds extract's reviewed candidates
into term files that already exist; this module builds a new glossary from a list and touches no file.

Per-segment term lists (shared-task data, CAT exports: one JSON list of ``{"zh", "en"}`` pairs per
segment) repeat each pair once per segment it occurs in, and now and then give one Chinese form two
English forms. :func:`consolidate` turns them into a glossary that lints clean:

- identical pairs (same Chinese form as normalised, same English) become one term, the first seen;
- one Chinese form with several English forms becomes one concept: by ``on_conflict``, the most
  frequent English (``most-frequent``, ties to the first seen) or the first seen (``first``) is the
  canonical form and the others become accepted variants (``#. accept:``); ``error`` refuses;
- ``strip_articles`` drops a leading "the"/"a"/"an" from the English first ("the Martial Arts Hall").

Every choice made is returned, so the command can say what it decided.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.model import Term
from glossmt.glossary.normalise import normalise_form

# A lower-case leading article is not part of a name: "the Martial Arts Hall" is written "Martial Arts
# Hall" in a glossary, the sentence supplies the article. A capital one may be ("The Hague").
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)")


class OnConflict(StrEnum):
    MOST_FREQUENT = "most-frequent"
    FIRST = "first"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Choice:
    """One Chinese form imported with several English forms: which became canonical, which accepted."""

    source: str
    canonical: str
    accepted: tuple[str, ...]
    counts: tuple[int, ...]  # rows of the canonical, then of each accepted form
    origin: str

    def __str__(self) -> str:
        others = ", ".join(f"{a!r} ({n}×)" for a, n in zip(self.accepted, self.counts[1:], strict=True))
        return f"{self.origin}: {self.source} → {self.canonical!r} ({self.counts[0]}×); accepted: {others}"


@dataclass(frozen=True, slots=True)
class Consolidated:
    terms: tuple[Term, ...]
    choices: tuple[Choice, ...]
    duplicates: int  # rows dropped as repeats of an earlier identical pair
    stripped: int  # English forms whose leading article was dropped


def strip_article(english: str) -> str:
    return LEADING_ARTICLE.sub("", english, count=1)


def consolidate(
    terms: Iterable[Term], *, on_conflict: OnConflict = OnConflict.MOST_FREQUENT, strip_articles: bool = False
) -> Consolidated:
    """Merge repeated and conflicting rows (see the module docstring); order of first appearance is kept."""
    stripped = 0
    groups: dict[str, list[Term]] = {}
    for row in terms:
        term = row
        if strip_articles and (bare := strip_article(row.target)) != row.target:
            stripped += 1
            term = replace(row, target=bare, concept=bare if row.concept == row.target else row.concept)
        groups.setdefault(normalise_form(term.source), []).append(term)
    merged: list[Term] = []
    choices: list[Choice] = []
    duplicates = 0
    for rows in groups.values():
        approved = [t for t in rows if t.target and not t.draft]
        counts = Counter(t.target for t in approved)
        first: dict[str, Term] = {}
        for term in approved or rows:
            first.setdefault(term.target, term)
        duplicates += len(rows) - len(first)
        if len(first) == 1:
            merged.append(next(iter(first.values())))
            continue
        if on_conflict is OnConflict.ERROR:
            a, b = list(first.values())[:2]
            raise TermFileError(
                f"{b.source} → {b.target!r}, but {a.origin or 'an earlier row'} gives {a.target!r}",
                path=b.origin.path if b.origin else "<input>",
                line=b.origin.line if b.origin else None,
                hint="keep one English form, or pass --on-conflict most-frequent|first",
            )
        order = list(first)
        if on_conflict is OnConflict.MOST_FREQUENT:
            order.sort(key=lambda english: -counts[english])  # stable: ties keep the first seen
        canonical = first[order[0]]
        accepted = tuple(dict.fromkeys((*canonical.accept, *order[1:])))
        avoid = tuple(a for t in first.values() for a in t.avoid if a not in accepted and a != canonical.target)
        merged.append(replace(canonical, accept=accepted, avoid=tuple(dict.fromkeys(avoid))))
        choices.append(
            Choice(
                canonical.source,
                canonical.target,
                tuple(order[1:]),
                tuple(counts[e] for e in order),
                str(canonical.origin or "<input>"),
            )
        )
    return Consolidated(tuple(merged), tuple(choices), duplicates, stripped)
