"""The glossary's values: terms, concepts and the glossary itself.

A *term* is one Chinese source form with its canonical English (one PO entry). A *concept* groups
every Chinese variant of one name (霍华德·卢特尼克, 霍华德·盧特尼克 …) under one canonical English
and one avoid list; concepts are keyed by the PO ``msgctxt``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class TermType(StrEnum):
    PERSON = "person"
    PLACE = "place"
    DEPOSIT = "deposit"
    ORGANISATION = "organisation"
    COMPANY = "company"
    AGENCY = "agency"
    COMMODITY = "commodity"


def concept_id(name: str) -> str:
    """The concept id (msgctxt) made from a name, one rule for import, merge and extract: its letters and
    digits in lower case, accents dropped, joined by hyphens ("Elizabeth Warren" → ``elizabeth-warren``);
    empty when the name has none (Chinese), and the caller keeps what it had."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a term was read from, for messages: ``terms/people.po:42``."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True, slots=True)
class Term:
    """One Chinese form and its canonical English.

    ``draft`` terms (PO ``#, fuzzy``) are loaded and reported but never enforced.
    ``avoid`` holds English renderings known to be wrong: they must never be output.
    ``accept`` holds other English renderings that are right too ("Cove Kaz Capital" for "Cove Kaz
    Capital Group"): ``check`` and verification accept them; translation always writes ``target``.
    """

    source: str
    target: str
    concept: str
    type: TermType | None = None
    avoid: tuple[str, ...] = ()
    note: str = ""
    sources: tuple[str, ...] = ()
    draft: bool = False
    comment: str = ""
    origin: Origin | None = None
    accept: tuple[str, ...] = ()  # last: positional construction of the other fields stays as it was
    # Avoid renderings that are nobody's name, so safe to fix in English alone (PO ``#. safe-fix:``);
    # any other avoid rendering may be someone else's real name ("Raimondo") and is fixed only where
    # the Chinese holds the concept.
    safe_fix: tuple[str, ...] = ()

    @property
    def approved(self) -> bool:
        return not self.draft and bool(self.target)


@dataclass(frozen=True, slots=True)
class Concept:
    """All terms that share one ``msgctxt``; the first term's English is the canonical form."""

    id: str
    terms: tuple[Term, ...]

    @property
    def target(self) -> str:
        return self.terms[0].target

    @property
    def type(self) -> TermType | None:
        return next((t.type for t in self.terms if t.type), None)

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(t.source for t in self.terms)

    @property
    def avoid(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.update(dict.fromkeys(term.avoid))
        return tuple(seen)

    @property
    def safe_fix(self) -> tuple[str, ...]:
        """The avoid renderings any term marks safe to fix without the Chinese (``#. safe-fix:``)."""
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.update(dict.fromkeys(term.safe_fix))
        return tuple(seen)

    @property
    def accept(self) -> tuple[str, ...]:
        """Accepted English variants of every term, without the canonical form, first seen first."""
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.update(dict.fromkeys(term.accept))
        seen.pop(self.target, None)
        return tuple(seen)

    @property
    def draft(self) -> bool:
        return all(t.draft for t in self.terms)


@dataclass(frozen=True, slots=True)
class Glossary:
    """An ordered, immutable collection of terms with lookups by concept."""

    terms: tuple[Term, ...] = ()
    _concepts: dict[str, Concept] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        grouped: dict[str, list[Term]] = {}
        for term in self.terms:
            grouped.setdefault(term.concept, []).append(term)
        for concept_id, terms in grouped.items():
            self._concepts[concept_id] = Concept(concept_id, tuple(terms))

    @classmethod
    def of(cls, terms: Iterable[Term]) -> Glossary:
        return cls(tuple(terms))

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    @property
    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self._concepts.values())

    def concept(self, concept_id: str) -> Concept:
        return self._concepts[concept_id]

    def digest(self) -> str:
        """A short content hash recorded in outputs, so a result says which glossary made it."""
        h = hashlib.sha256()
        for t in self.terms:
            fields: tuple[str, ...] = (t.source, t.target, t.concept, "|".join(t.avoid), "draft" if t.draft else "")
            if t.accept:  # only when present: digests of glossaries without variants stay as they were
                fields += ("accept:" + "|".join(t.accept),)
            if t.safe_fix:
                fields += ("safe-fix:" + "|".join(t.safe_fix),)
            h.update("\x1f".join(fields).encode("utf-8"))
            h.update(b"\x1e")
        return h.hexdigest()[:12]
