"""The checks ``glossmt check`` runs: one registry, each check declaring its code, severity and title.

Per-document checks (:func:`document_check`) read one document's
:class:`~glossmt.translate.check.checker.Analysis` and say where and what (:class:`Spot`); the batch
checks (:func:`batch_check`) read the :class:`Tally` of every rendering the whole batch held, after
the last document. The registry stamps code and severity on what they find, so ``glossmt check
--help``, the JSON output and the table in docs/check.md all come from :data:`CHECKS` (a test keeps
the docs equal to it). A check's title is its docstring's first line.

:class:`Batch` runs them: each document's checks as it comes, the batch checks at :meth:`Batch.finish`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from rapidfuzz.distance import OSA

from glossmt.glossary.findings import Diagnostic, Severity
from glossmt.glossary.names.spelling import same_name
from glossmt.glossary.normalise import fold_whitespace
from glossmt.glossary.registry_docs import docstring_title, markdown_table
from glossmt.glossary.spans import overlaps
from glossmt.translate.check.checker import Analysis, Checker, Finding, spelling, weigh_context
from glossmt.translate.check.nearmiss import NearMiss
from glossmt.translate.check.readers import Document
from glossmt.translate.check.renderings import Placed, Rendering, tallied
from glossmt.translate.check.scan import flat_key
from glossmt.translate.check.unknown import UnknownNames

__all__ = [
    "CHECKS",
    "Batch",
    "BatchCheck",
    "DocumentCheck",
    "Placed",
    "Spot",
    "Tally",
    "check_documents",
    "checks_table",
    "title",
]


@dataclass(frozen=True, slots=True)
class Spot:
    """What a document check found: ``english[start:end]`` of the analysis, and the fix if any.

    ``fix``: the suggestion is unambiguous, so ``--fix`` may write it.
    """

    start: int
    end: int
    message: str
    suggestion: str | None = None
    fix: bool = False


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """A check of one document at a time, as registered."""

    code: str
    severity: Severity
    title: str
    find: Callable[[Analysis, Checker], Iterable[Spot]]

    def __call__(self, analysis: Analysis, checker: Checker) -> Iterator[Finding]:
        for spot in self.find(analysis, checker):
            yield analysis.finding(
                spot.start,
                spot.end,
                severity=self.severity,
                code=self.code,
                message=spot.message,
                suggestion=spot.suggestion,
                fix=spot.fix,
            )


@dataclass(frozen=True, slots=True)
class BatchCheck:
    """A check of what only the whole batch shows, as registered."""

    code: str
    severity: Severity
    title: str
    find: Callable[[Tally], Iterable[Placed]]

    def __call__(self, tally: Tally) -> Iterator[Finding]:
        for p in self.find(tally):
            diagnostic = Diagnostic(p.path, p.line, p.col, self.severity, self.code, p.message, p.suggestion)
            yield Finding(diagnostic, None, p.found, p.start, p.end)


CHECKS: dict[str, DocumentCheck | BatchCheck] = {}


def document_check(
    code: str, severity: Severity
) -> Callable[[Callable[[Analysis, Checker], Iterable[Spot]]], DocumentCheck]:
    """Register the decorated function as the per-document check ``code``."""

    def register(find: Callable[[Analysis, Checker], Iterable[Spot]]) -> DocumentCheck:
        registered = DocumentCheck(code, severity, docstring_title(find), find)
        return _add(registered)

    return register


def batch_check(code: str, severity: Severity) -> Callable[[Callable[[Tally], Iterable[Placed]]], BatchCheck]:
    """Register the decorated function as the batch check ``code``."""

    def register(find: Callable[[Tally], Iterable[Placed]]) -> BatchCheck:
        return _add(BatchCheck(code, severity, docstring_title(find), find))

    return register


_C = TypeVar("_C", DocumentCheck, BatchCheck)


def _add(check: _C) -> _C:
    if check.code in CHECKS:
        raise ValueError(f"check {check.code!r} registered twice")
    CHECKS[check.code] = check
    return check


# --- the checks, in the order they run -----------------------------------------------------


@document_check("avoid-rendering", Severity.ERROR)
def avoid_renderings(analysis: Analysis, checker: Checker) -> Iterator[Spot]:
    """Known wrong rendering of a name (on the glossary's avoid list)."""
    correct = {(h.start, h.end): h.concept for h in analysis.scan.targets if h.correct}
    for (start, end), hits in analysis.avoided_outer().items():
        concepts = {h.concept for h in hits}
        if (start, end) in correct and correct[(start, end)] not in concepts:
            continue  # also another name's correct form: the glossary conflicts, lint says so
        segment = analysis.segment_of(start)
        expected = [h for h in hits if (segment, h.concept) in analysis.expected]
        hit = (expected or hits)[0]
        found = analysis.english[start:end]
        targets = {h.target for h in hits}
        if expected:
            chinese = analysis.expected[(segment, hit.concept)]
            message = f"{chinese} rendered as {found!r}, a known wrong rendering; expected {hit.target!r}"
            unambiguous = True
        else:
            message = f"{found!r} is a known wrong rendering of {' or '.join(sorted(repr(t) for t in targets))}"
            unambiguous = len(targets) == 1 and checker.avoid_fixes.get(flat_key(hit.rendering), set()) == targets
            if not all((h.concept, flat_key(h.rendering)) in checker.safe_fix for h in hits):
                # not marked safe-fix: perhaps someone else's real name ("Gina Raimondo"), never rewritten
                message += ", or someone else's name: check the source"
                unambiguous = False
        yield Spot(start, end, message, hit.target, fix=unambiguous)


@document_check("near-miss", Severity.WARNING)
def near_misses(analysis: Analysis, checker: Checker) -> Iterator[Spot]:
    """Near-miss spelling of a glossary name: letters, case, hyphens or spaces differ."""
    located = {(loc.start, loc.end) for loc in analysis.located}
    avoided = list(analysis.avoided_outer())
    for miss in analysis.near:
        if (miss.start, miss.end) in located:
            continue  # reported against the Chinese, by missing-term
        if any(overlaps(span, (miss.start, miss.end)) for span in avoided):
            continue  # one finding per span: the avoid rendering is the stronger
        also = f"; or {' or '.join(repr(a) for a in miss.alternatives)}" if miss.alternatives else ""
        message = f"{miss.text!r} looks like {miss.suggestion!r}{also} ({miss.kind}, similarity {miss.score:g})"
        if miss.context == "typo":
            message += f"; this document writes {miss.suggestion!r} more often"
        elif miss.context == "alone":
            message += "; or another name written once: check the source"
        yield Spot(miss.start, miss.end, message, miss.suggestion, fix=miss.confident)


@document_check("missing-term", Severity.ERROR)
def missing_terms(analysis: Analysis, checker: Checker) -> Iterator[Spot]:
    """Name in the Chinese whose canonical English the translation lacks."""
    for loc in analysis.located:
        if loc.avoid:
            continue  # reported by avoid-rendering, with the Chinese
        if loc.start is None or loc.end is None:
            base = analysis.bases[loc.segment]
            yield Spot(base, base, f"{loc.chinese} not rendered; expected {loc.target!r}", loc.target)
            continue
        found = analysis.english[loc.start : loc.end]
        miss = NearMiss(loc.start, loc.end, found, loc.concept, loc.target, loc.score)
        message = f"{loc.chinese} rendered as {found!r}; expected {loc.target!r} (similarity {loc.score:g})"
        yield Spot(loc.start, loc.end, message, loc.target, fix=miss.confident)


@batch_check("inconsistent-rendering", Severity.WARNING)
def inconsistent_renderings(tally: Tally) -> Iterator[Placed]:
    """One name rendered more than one way in the batch."""
    for concept, renderings in tally.renderings.items():
        if len(renderings) < 2:
            continue
        canonical = tally.canonical[concept]
        ordered = sorted(renderings.values(), key=lambda r: (r.text != canonical, r.place))
        here = next(r for r in ordered if r.text != canonical)
        message = f"{canonical!r} rendered {len(renderings)} ways in this batch: {tallied(ordered, here)}"
        yield Placed.at(here, message, canonical)


@batch_check("inconsistent-name", Severity.WARNING)
def inconsistent_names(tally: Tally) -> Iterator[Placed]:
    """One Chinese name rendered more than one way in the batch (names outside the glossary)."""
    if tally.names is not None:  # tallied from bilingual documents only (check/unknown.py)
        yield from tally.names.findings()


# --- the batch ------------------------------------------------------------------------------


@dataclass
class Tally:
    """Every rendering of every concept seen in a batch; and of names outside the glossary, in its
    bilingual documents (None until the first). Order-free: each rendering keeps its earliest place
    (by path, then offset), whatever order the documents came in."""

    canonical: dict[str, str] = field(default_factory=dict)
    renderings: dict[str, dict[str, Rendering]] = field(default_factory=dict)
    names: UnknownNames | None = None

    def add(self, concept: str, text: str, canonical: str, analysis: Analysis, start: int) -> None:
        key = fold_whitespace(text)
        key = key[:1].upper() + key[1:]  # the first letter's case is free
        self.canonical.setdefault(concept, canonical)
        seen = self.renderings.setdefault(concept, {})
        segment = analysis.segment_of(start)
        end = min(start + len(text), analysis.bases[segment] + len(analysis.doc.segments[segment].english))
        shown = canonical if key == canonical[:1].upper() + canonical[1:] else fold_whitespace(text)
        here = Rendering.first_seen(shown, analysis, start, end)
        rendering = seen.get(key)
        if rendering is None or here.place < rendering.place:
            here.count = rendering.count if rendering else 0
            rendering = seen[key] = here
        rendering.count += 1


# A near-miss spelling seen this often in a batch, and more than one edit from the name, is more
# likely another name than a misspelling: reported at info level, never fixed.
FREQUENT_SPELLING = 3


@dataclass
class Batch:
    """Check a batch in two passes: :meth:`add` every document (each spelling and rendering is
    tallied), then :meth:`judge` them and :meth:`finish` with what only the whole batch shows.
    Findings, levels and exit codes never depend on the order of the documents."""

    checker: Checker
    tally: Tally = field(default_factory=Tally)
    spellings: Counter[str] = field(default_factory=Counter)
    analyses: list[Analysis] = field(default_factory=list)

    def add(self, doc: Document) -> Analysis:
        """Pass one: analyse ``doc`` and tally what it holds."""
        analysis = self.checker.analyse(doc)
        self.spellings.update(spelling(m.text) for m in analysis.near)
        if doc.bilingual:
            if self.tally.names is None:
                self.tally.names = UnknownNames(self.checker.glossary)
            self.tally.names.add(analysis)
        self.analyses.append(analysis)
        return analysis

    def judge(self, analysis: Analysis) -> list[Finding]:
        """Pass two: every finding of every per-document check, in file order (after every :meth:`add`;
        :meth:`finish` after every judgement)."""
        analysis.near = weigh_context(analysis, self.spellings)
        self._tally(analysis)
        findings = [
            self._weigh(f)
            for check in CHECKS.values()
            if isinstance(check, DocumentCheck)
            for f in check(analysis, self.checker)
        ]
        return sorted(findings, key=lambda f: (f.diagnostic.line, f.diagnostic.col, f.diagnostic.code))

    def results(self) -> Iterator[tuple[Document, list[Finding]]]:
        """Each added document with its findings, in the order added."""
        for analysis in self.analyses:
            yield analysis.doc, self.judge(analysis)

    def check(self, doc: Document) -> list[Finding]:
        """A batch of one document: :meth:`add` it and :meth:`judge` it."""
        return self.judge(self.add(doc))

    def _weigh(self, finding: Finding) -> Finding:
        """A consistent, frequent spelling two or more edits from the name: info, without a fix."""
        d = finding.diagnostic
        if d.code != "near-miss" or d.suggestion is None:
            return finding
        seen = self.spellings[spelling(finding.found)]
        if seen < FREQUENT_SPELLING or OSA.distance(spelling(finding.found), spelling(d.suggestion)) < 2:
            return finding
        if same_name(finding.found, d.suggestion):  # Ivanoff / Ivanov: one name romanised two ways, not two
            message = f"{d.message}; another romanisation of the same name"
            return dataclasses.replace(finding, diagnostic=dataclasses.replace(d, message=message))
        message = f"{d.message}; written so {seen}× in this batch: perhaps another name"
        return dataclasses.replace(
            finding, diagnostic=dataclasses.replace(d, severity=Severity.INFO, message=message), edit=None
        )

    def finish(self) -> list[Finding]:
        """The batch checks' findings, once every document has been checked."""
        found = [f for check in CHECKS.values() if isinstance(check, BatchCheck) for f in check(self.tally)]
        return sorted(found, key=lambda f: (f.diagnostic.path, f.start, f.diagnostic.code, f.diagnostic.message))

    def _tally(self, analysis: Analysis) -> None:
        """Count each rendering once per span, whichever stage found it."""
        canonical = self.checker.canonical
        seen: dict[tuple[int, str], tuple[str, str]] = {}
        for hit in analysis.scan.targets:
            if hit.correct:
                seen[(hit.start, hit.concept)] = (canonical[hit.concept], canonical[hit.concept])
        for (start, end), hits in analysis.avoided_outer().items():
            for avoided in hits:
                seen.setdefault((start, avoided.concept), (analysis.english[start:end], avoided.target))
        for miss in analysis.near:
            seen.setdefault((miss.start, miss.concept), (miss.text, canonical[miss.concept]))
        for loc in analysis.located:
            if loc.start is not None and loc.end is not None and not loc.avoid:
                seen.setdefault((loc.start, loc.concept), (analysis.english[loc.start : loc.end], loc.target))
        for (start, concept), (text, target) in sorted(seen.items()):
            self.tally.add(concept, text, target, analysis, start)


def check_documents(checker: Checker, docs: Iterable[Document]) -> list[Finding]:
    """All findings for a batch of documents, the batch-wide ones last.

    Args:
        checker: the glossary made ready (:class:`~glossmt.translate.check.checker.Checker`).
        docs: the documents (:mod:`glossmt.translate.check.readers`).

    Returns:
        Each document's findings in file order, then the batch check's.
    """
    batch = Batch(checker)
    for doc in docs:
        batch.add(doc)
    findings = [f for _, found in batch.results() for f in found]
    return findings + batch.finish()


def title(code: str) -> str:
    """The title users see for a check code (the code itself if no check has it)."""
    check = CHECKS.get(code)
    return check.title if check else code


def checks_table() -> str:
    """The Markdown table of every check (code, severity, title), as docs/check.md shows it."""
    return markdown_table(
        ("check", "severity", "what it finds"), ((f"`{c.code}`", c.severity.value, c.title) for c in CHECKS.values())
    )


if __name__ == "__main__":
    print(checks_table())
