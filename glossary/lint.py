"""``glossmt glossary lint``: problems in term files, each rule one small function.

Each rule is registered with :func:`rule`, which declares its code and severity; its docstring's
first line is its title. :data:`RULES` is that registry: ``--help``, the JSON output and the table
in docs/term-files.md all come from it (a test keeps the docs equal to it). A rule yields the
offending term and a message; the registry stamps code, severity and the term's ``file:line``.
Errors make ``lint`` exit 1; warnings and notes do not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from glossmt.glossary.consolidate_imports import strip_article
from glossmt.glossary.findings import Diagnostic, Severity
from glossmt.glossary.model import Glossary, Term
from glossmt.glossary.normalise import CJK, SEPARATOR, SEPARATORS, normalise_form, to_simplified
from glossmt.glossary.registry_docs import docstring_title, markdown_table

__all__ = ["RULES", "Flag", "Rule", "lint", "rule", "rules_table"]

_OTHER_SEPARATORS = re.escape(SEPARATORS.replace(SEPARATOR, ""))
_BAD_SEPARATOR = re.compile(rf"(?<={CJK.pattern})[{_OTHER_SEPARATORS}]|[{_OTHER_SEPARATORS}](?={CJK.pattern})")


@dataclass(frozen=True, slots=True)
class Flag:
    """What a rule found: the offending term, what is wrong, and the fix if there is one."""

    term: Term
    message: str
    suggestion: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One lint rule as registered: its code, severity and title, and the function that finds."""

    code: str
    severity: Severity
    title: str
    find: Callable[[Glossary], Iterable[Flag]]

    def __call__(self, glossary: Glossary) -> Iterator[Diagnostic]:
        for flag in self.find(glossary):
            term = flag.term
            path, line = (term.origin.path, term.origin.line) if term.origin else ("<glossary>", 0)
            yield Diagnostic(path, line, 0, self.severity, self.code, flag.message, flag.suggestion)


RULES: dict[str, Rule] = {}


def rule(code: str, severity: Severity) -> Callable[[Callable[[Glossary], Iterable[Flag]]], Rule]:
    """Register the decorated function as the rule ``code``; its docstring's first line is the title."""

    def register(find: Callable[[Glossary], Iterable[Flag]]) -> Rule:
        if code in RULES:
            raise ValueError(f"lint rule {code!r} registered twice")
        registered = RULES[code] = Rule(code, severity, docstring_title(find), find)
        return registered

    return register


def _where(term: Term) -> str:
    return str(term.origin) if term.origin else "<glossary>"


@rule("duplicate-entry", Severity.ERROR)
def duplicate_entry(glossary: Glossary) -> Iterator[Flag]:
    """Duplicate entry: the same Chinese form twice in one concept."""
    seen: dict[tuple[str, str], Term] = {}
    for term in glossary:
        key = (term.concept, term.source)
        if key in seen:
            yield Flag(term, f"{term.source} repeats the entry at {_where(seen[key])}")
        else:
            seen[key] = term


def _same_reading(glossary: Glossary) -> Iterator[tuple[Term, Term]]:
    """``(term, earlier)`` for each term whose normalised form an earlier term already has."""
    first: dict[str, Term] = {}
    for term in glossary:
        other = first.setdefault(normalise_form(term.source), term)
        if other is not term:
            yield term, other


@rule("conflicting-target", Severity.ERROR)
def conflicting_target(glossary: Glossary) -> Iterator[Flag]:
    """One Chinese form, two English targets."""
    for term, other in _same_reading(glossary):
        if other.target != term.target:
            yield Flag(
                term,
                f"{term.source} → {term.target!r}, but {_where(other)} maps {other.source} → {other.target!r}",
            )


@rule("form-in-two-concepts", Severity.ERROR)
def form_in_two_concepts(glossary: Glossary) -> Iterator[Flag]:
    """One Chinese form in two concepts (with one English; two English forms are a conflicting-target)."""
    for term, other in _same_reading(glossary):
        if other.concept != term.concept and other.target == term.target:
            yield Flag(
                term,
                f"{term.source} is in concept {term.concept!r} here and in {other.concept!r} at {_where(other)}:"
                " keep one (glossmt glossary show names both)",
                other.concept,
            )


@rule("concept-disagrees", Severity.ERROR)
def concept_disagrees(glossary: Glossary) -> Iterator[Flag]:
    """Variants of one concept disagree on the English."""
    for concept in glossary.concepts:
        canonical = concept.terms[0]
        for term in concept.terms[1:]:
            if term.target and canonical.target and term.target != canonical.target:
                yield Flag(
                    term,
                    f"concept {concept.id!r}: {term.target!r} here, {canonical.target!r} at {_where(canonical)}",
                    canonical.target,
                )


@rule("untranslated", Severity.ERROR)
def untranslated(glossary: Glossary) -> Iterator[Flag]:
    """Untranslated: empty msgstr, or msgstr still the Chinese."""
    for term in glossary:
        if not term.target.strip():
            yield Flag(term, f"{term.source} has no English (empty msgstr)")
        elif CJK.search(term.target):
            yield Flag(term, f"{term.source}: the English {term.target!r} is Chinese")


@rule("avoid-in-canonical", Severity.ERROR)
def avoid_in_canonical(glossary: Glossary) -> Iterator[Flag]:
    """An avoid entry equal to, or contained in, the canonical English."""
    for term in glossary:
        for avoid in term.avoid:
            if avoid.casefold() in term.target.casefold():
                yield Flag(
                    term,
                    f"avoid {avoid!r} is part of the canonical {term.target!r}: every correct output would be flagged",
                )


@rule("avoid-is-canonical", Severity.ERROR)
def avoid_is_other_canonical(glossary: Glossary) -> Iterator[Flag]:
    """An avoid entry that is another concept's canonical English."""
    canonical = {c.target.casefold(): c.id for c in glossary.concepts if c.target}
    for term in glossary:
        for avoid in term.avoid:
            other = canonical.get(avoid.casefold())
            if other and other != term.concept:
                yield Flag(
                    term,
                    f"avoid {avoid!r} is the canonical English of concept {other!r}: it could never be output",
                )


@rule("leading-article", Severity.WARNING)
def leading_article(glossary: Glossary) -> Iterator[Flag]:
    """English that starts with an article ("the Martial Arts Hall"): the sentence supplies it."""
    for term in glossary:
        for english in (term.target, *term.accept):
            bare = strip_article(english)
            if bare != english:
                yield Flag(
                    term,
                    f"{term.source} → {english!r} starts with an article: written as a term it is forced into"
                    " every sentence (glossary import --strip-articles drops it)",
                    bare,
                )


@rule("accept-is-avoided", Severity.ERROR)
def accept_is_avoided(glossary: Glossary) -> Iterator[Flag]:
    """An accepted variant that is also on the concept's avoid list."""
    for concept in glossary.concepts:
        avoided = {a.casefold() for a in concept.avoid}
        for term in concept.terms:
            for variant in term.accept:
                if variant.casefold() in avoided:
                    yield Flag(
                        term,
                        f"{variant!r} is both accepted and avoided for concept {concept.id!r}: keep it in one list",
                    )


@rule("safe-fix-not-avoided", Severity.ERROR)
def safe_fix_not_avoided(glossary: Glossary) -> Iterator[Flag]:
    """A safe-fix rendering that is not on the concept's avoid list."""
    for concept in glossary.concepts:
        avoided = {a.casefold() for a in concept.avoid}
        for term in concept.terms:
            for rendering in term.safe_fix:
                if rendering.casefold() not in avoided:
                    yield Flag(
                        term,
                        f"{rendering!r} is marked safe to fix but is not avoided for concept {concept.id!r}:"
                        " add it to '#. avoid:' or drop it from '#. safe-fix:'",
                    )


# C0 and C1 controls (tab, NUL, DEL included) and the Unicode line and paragraph separators. A name never
# holds one; a NUL or a line break inside a term would cut the line it is written into, a tab would split
# the field of a TSV export, and most are invisible in an editor. Tab is no exception for that reason.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _texts(term: Term) -> Iterator[tuple[str, str]]:
    """``(what, text)`` for every piece of a term a name is made of; the concept last (often made from
    the English, it would repeat the English's finding)."""
    yield "the Chinese form", term.source
    yield "the English", term.target
    for what, values in (("an avoid rendering", term.avoid), ("an accept rendering", term.accept)):
        for value in values:
            yield what, value
    yield "the concept", term.concept


def _without_controls(text: str) -> str:
    """A control that separates (tab, line breaks) becomes a space; the others go."""
    return " ".join(_CONTROL.sub(lambda m: " " if m.group().isspace() else "", text).split())


@rule("control-character", Severity.ERROR)
def control_character(glossary: Glossary) -> Iterator[Flag]:
    """A control character (NUL, tab, line break, C1) in a form, its English, avoid, accept or concept."""
    for term in glossary:
        for what, text in _texts(term):
            found = _CONTROL.search(text)
            if found is not None:
                where = f"U+{ord(found.group()):04X} at character {found.start() + 1}"
                yield Flag(term, f"{what} {text!r} holds {where}", _without_controls(text))
                break  # one finding per term: the concept often repeats the English


# The start of a tag (``<b>``, ``</b>``, ``<x id="1"/>``, ``<!--``, ``<?xml``) or a character reference
# (``&amp;``, ``&#60;``): what a CAT tool or a web page leaves in a field it exported as text.
_MARKUP = re.compile(r"<[A-Za-z/!?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_TAG = re.compile(r"<[^<>]*>?")


@rule("markup-in-concept", Severity.ERROR)
def markup_in_concept(glossary: Glossary) -> Iterator[Flag]:
    """An HTML or XML tag, or a character reference, in a concept id (msgctxt): markup, not a name."""
    for term in glossary:
        found = _MARKUP.search(term.concept)
        if found is not None:
            bare = " ".join(_MARKUP.sub(" ", _TAG.sub(" ", term.concept)).split())
            yield Flag(
                term,
                f"the concept {term.concept!r} holds markup ({found.group()!r} at character {found.start() + 1}):"
                " a concept id is a plain name, never text of a document",
                bare or None,
            )


@rule("traditional-form", Severity.WARNING)
def traditional_form(glossary: Glossary) -> Iterator[Flag]:
    """Traditional characters in a msgid (write Simplified: Traditional input is matched anyway)."""
    for term in glossary:
        simplified = to_simplified(term.source)
        if simplified != term.source:
            yield Flag(
                term,
                f"{term.source} is written in Traditional characters",
                simplified,
            )


@rule("separator", Severity.WARNING)
def bad_separator(glossary: Glossary) -> Iterator[Flag]:
    """A name separator other than · next to Chinese characters in a msgid."""
    for term in glossary:
        if _BAD_SEPARATOR.search(term.source):
            fixed = _BAD_SEPARATOR.sub(SEPARATOR, term.source)
            yield Flag(term, f"{term.source} uses a separator other than '{SEPARATOR}'", fixed)


@rule("shadowed-term", Severity.WARNING)
def shadowed(glossary: Glossary) -> Iterator[Flag]:
    """A form that can never match: it normalises to the same key as an earlier form."""
    for term, other in _same_reading(glossary):
        if other.source != term.source:
            yield Flag(
                term,
                f"{term.source} never matches: it reads as {other.source} ({_where(other)}), which is found first",
            )


@rule("single-character", Severity.INFO)
def single_character(glossary: Glossary) -> Iterator[Flag]:
    """A one-character Chinese form: it matches inside countless words."""
    for term in glossary:
        if len(term.source) == 1 and CJK.match(term.source):
            yield Flag(
                term,
                f"{term.source} is one character: prefer the longer words that contain it",
            )


@rule("draft", Severity.INFO)
def draft(glossary: Glossary) -> Iterator[Flag]:
    """A draft (fuzzy) entry: reported, never enforced."""
    for term in glossary:
        if term.draft:
            yield Flag(term, f"{term.source} → {term.target!r} is a draft (#, fuzzy): not enforced")


def lint(glossary: Glossary, rules: Sequence[Rule] | None = None) -> list[Diagnostic]:
    """Every finding of every rule, ordered by file and line.

    Args:
        glossary: the loaded term files.
        rules: the rules to run (default: every rule in :data:`RULES`).

    Returns:
        The diagnostics, sorted by path, line and code.
    """
    found = [d for each in (RULES.values() if rules is None else rules) for d in each(glossary)]
    found.sort(key=lambda d: (d.path, d.line, d.code))
    return found


def rules_table() -> str:
    """The Markdown table of every rule (code, severity, title), as docs/term-files.md shows it."""
    return markdown_table(
        ("rule", "severity", "what it finds"), ((f"`{r.code}`", r.severity.value, r.title) for r in RULES.values())
    )


if __name__ == "__main__":
    print(rules_table())
