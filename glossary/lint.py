"""``glossmt glossary lint``: problems in term files, each rule one small function.

A rule's docstring's first line is its title in the README. Every finding names the term's
``file:line``. Errors make ``lint`` exit 1; warnings and notes do not.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator

from glossmt.glossary.consolidate import strip_article
from glossmt.glossary.diagnostics import Diagnostic, Severity
from glossmt.glossary.model import Glossary, Term
from glossmt.glossary.normalise import CJK, SEPARATOR, SEPARATORS, normalise_form, to_simplified

Rule = Callable[[Glossary], Iterator[Diagnostic]]
_BAD_SEPARATOR = re.compile(
    "(?<=[\u3400-\u9fff])["
    + re.escape(SEPARATORS.replace(SEPARATOR, ""))
    + "]|["
    + re.escape(SEPARATORS.replace(SEPARATOR, ""))
    + "](?=[\u3400-\u9fff])"
)


def _at(term: Term, severity: Severity, code: str, message: str, suggestion: str | None = None) -> Diagnostic:
    path, line = (term.origin.path, term.origin.line) if term.origin else ("<glossary>", 0)
    return Diagnostic(path, line, 0, severity, code, message, suggestion)


def _where(term: Term) -> str:
    return str(term.origin) if term.origin else "<glossary>"


def duplicate_entry(glossary: Glossary) -> Iterator[Diagnostic]:
    """Duplicate entry: the same Chinese form twice in one concept."""
    seen: dict[tuple[str, str], Term] = {}
    for term in glossary:
        key = (term.concept, term.source)
        if key in seen:
            yield _at(
                term, Severity.ERROR, "duplicate-entry", f"{term.source} repeats the entry at {_where(seen[key])}"
            )
        else:
            seen[key] = term


def _same_reading(glossary: Glossary) -> Iterator[tuple[Term, Term]]:
    """``(term, earlier)`` for each term whose normalised form an earlier term already has."""
    first: dict[str, Term] = {}
    for term in glossary:
        other = first.setdefault(normalise_form(term.source), term)
        if other is not term:
            yield term, other


def conflicting_target(glossary: Glossary) -> Iterator[Diagnostic]:
    """One Chinese form, two English targets."""
    for term, other in _same_reading(glossary):
        if other.target != term.target:
            yield _at(
                term,
                Severity.ERROR,
                "conflicting-target",
                f"{term.source} → {term.target!r}, but {_where(other)} maps {other.source} → {other.target!r}",
            )


def concept_disagrees(glossary: Glossary) -> Iterator[Diagnostic]:
    """Variants of one concept disagree on the English."""
    for concept in glossary.concepts:
        canonical = concept.terms[0]
        for term in concept.terms[1:]:
            if term.target and canonical.target and term.target != canonical.target:
                yield _at(
                    term,
                    Severity.ERROR,
                    "concept-disagrees",
                    f"concept {concept.id!r}: {term.target!r} here, {canonical.target!r} at {_where(canonical)}",
                    canonical.target,
                )


def untranslated(glossary: Glossary) -> Iterator[Diagnostic]:
    """Untranslated: empty msgstr, or msgstr still the Chinese."""
    for term in glossary:
        if not term.target.strip():
            yield _at(term, Severity.ERROR, "untranslated", f"{term.source} has no English (empty msgstr)")
        elif CJK.search(term.target):
            yield _at(term, Severity.ERROR, "untranslated", f"{term.source}: the English {term.target!r} is Chinese")


def avoid_in_canonical(glossary: Glossary) -> Iterator[Diagnostic]:
    """An avoid entry equal to, or contained in, the canonical English."""
    for term in glossary:
        for avoid in term.avoid:
            if avoid.casefold() in term.target.casefold():
                yield _at(
                    term,
                    Severity.ERROR,
                    "avoid-in-canonical",
                    f"avoid {avoid!r} is part of the canonical {term.target!r}: every correct output would be flagged",
                )


def avoid_is_other_canonical(glossary: Glossary) -> Iterator[Diagnostic]:
    """An avoid entry that is another concept's canonical English."""
    canonical = {c.target.casefold(): c.id for c in glossary.concepts if c.target}
    for term in glossary:
        for avoid in term.avoid:
            other = canonical.get(avoid.casefold())
            if other and other != term.concept:
                yield _at(
                    term,
                    Severity.ERROR,
                    "avoid-is-canonical",
                    f"avoid {avoid!r} is the canonical English of concept {other!r}: it could never be output",
                )


def leading_article(glossary: Glossary) -> Iterator[Diagnostic]:
    """English that starts with an article ("the Martial Arts Hall"): the sentence supplies it."""
    for term in glossary:
        for english in (term.target, *term.accept):
            bare = strip_article(english)
            if bare != english:
                yield _at(
                    term,
                    Severity.WARNING,
                    "leading-article",
                    f"{term.source} → {english!r} starts with an article: written as a term it is forced into"
                    " every sentence (glossary import --strip-articles drops it)",
                    bare,
                )


def accept_is_avoided(glossary: Glossary) -> Iterator[Diagnostic]:
    """An accepted variant that is also on the concept's avoid list."""
    for concept in glossary.concepts:
        avoided = {a.casefold() for a in concept.avoid}
        for term in concept.terms:
            for variant in term.accept:
                if variant.casefold() in avoided:
                    yield _at(
                        term,
                        Severity.ERROR,
                        "accept-is-avoided",
                        f"{variant!r} is both accepted and avoided for concept {concept.id!r}: keep it in one list",
                    )


def traditional_form(glossary: Glossary) -> Iterator[Diagnostic]:
    """Traditional characters in a msgid (write Simplified: Traditional input is matched anyway)."""
    for term in glossary:
        simplified = to_simplified(term.source)
        if simplified != term.source:
            yield _at(
                term,
                Severity.WARNING,
                "traditional-form",
                f"{term.source} is written in Traditional characters",
                simplified,
            )


def bad_separator(glossary: Glossary) -> Iterator[Diagnostic]:
    """A name separator other than · next to Chinese characters in a msgid."""
    for term in glossary:
        if _BAD_SEPARATOR.search(term.source):
            fixed = _BAD_SEPARATOR.sub(SEPARATOR, term.source)
            yield _at(
                term, Severity.WARNING, "separator", f"{term.source} uses a separator other than '{SEPARATOR}'", fixed
            )


def shadowed(glossary: Glossary) -> Iterator[Diagnostic]:
    """A form that can never match: it normalises to the same key as an earlier form."""
    for term, other in _same_reading(glossary):
        if other.source != term.source:
            yield _at(
                term,
                Severity.WARNING,
                "shadowed-term",
                f"{term.source} never matches: it reads as {other.source} ({_where(other)}), which is found first",
            )


def single_character(glossary: Glossary) -> Iterator[Diagnostic]:
    """A one-character Chinese form: it matches inside countless words."""
    for term in glossary:
        if len(term.source) == 1 and CJK.match(term.source):
            yield _at(
                term,
                Severity.INFO,
                "single-character",
                f"{term.source} is one character: prefer the longer words that contain it",
            )


def draft(glossary: Glossary) -> Iterator[Diagnostic]:
    """A draft (fuzzy) entry: reported, never enforced."""
    for term in glossary:
        if term.draft:
            yield _at(
                term, Severity.INFO, "draft", f"{term.source} → {term.target!r} is a draft (#, fuzzy): not enforced"
            )


RULES: tuple[Rule, ...] = (
    duplicate_entry,
    conflicting_target,
    concept_disagrees,
    untranslated,
    avoid_in_canonical,
    avoid_is_other_canonical,
    accept_is_avoided,
    leading_article,
    traditional_form,
    bad_separator,
    shadowed,
    single_character,
    draft,
)


def lint(glossary: Glossary, rules: tuple[Rule, ...] = RULES) -> list[Diagnostic]:
    """Every finding of every rule, ordered by file and line."""
    found = [d for rule in rules for d in rule(glossary)]
    found.sort(key=lambda d: (d.path, d.line, d.code))
    return found


def rule_titles() -> dict[str, str]:
    """Rule name → the first line of its docstring (for help and the README)."""
    return {rule.__name__: (rule.__doc__ or "").strip().splitlines()[0] for rule in RULES}


def counts(found: list[Diagnostic]) -> dict[str, int]:
    by: dict[str, int] = defaultdict(int)
    for d in found:
        by[d.severity.value] += 1
    return dict(by)
