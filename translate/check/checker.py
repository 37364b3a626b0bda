"""``glossmt check``: find, and where unambiguous fix, inconsistent names in English that already exists.

Each document is analysed once, in stages that read top to bottom:

1. *scan* the English for every avoid rendering and every glossary form (one automaton,
   :mod:`glossmt.translate.check.scan`, with the semantics of :mod:`glossmt.translate.verify`);
2. *near-misses*: capitalised n-grams close to a glossary name (:mod:`glossmt.translate.check.nearmiss`);
3. *bilingual*: for every glossary term in the Chinese, is its canonical English in the line
   (:func:`verify.verify`)? If not, which span of the line most likely renders it?

The checks are then small functions over that analysis, one per check id, whose docstring's first
line is the title users see. A :class:`Batch` also tallies every rendering of every concept, so that
a name rendered two ways anywhere in the batch is reported once, at the end.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from glossmt.glossary.diagnostics import Diagnostic, Severity
from glossmt.glossary.matching import Matcher
from glossmt.glossary.model import Concept, Glossary, TermType
from glossmt.translate.check.fix import Edit, apply_to_text, non_overlapping
from glossmt.translate.check.nearmiss import DEFAULT_THRESHOLD, NearMiss, NearMissIndex, best_span
from glossmt.translate.check.readers import Document, Segment
from glossmt.translate.check.scan import RenderingScanner, Scan, flat_key
from glossmt.translate.verify import AvoidHit, Expected, legal_variants, rendering_pattern, verify

# Where the Chinese says a name must be, a span this similar to it is taken as its rendering.
LOCATE_THRESHOLD = 50.0
_JOIN = "\x00"  # between segments: no name, avoid rendering or n-gram crosses it


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic, and the fix when it is unambiguous (offsets into the decoded file)."""

    diagnostic: Diagnostic
    edit: Edit | None = None
    found: str = ""  # the text the finding is about, as it stands in the English
    start: int = 0  # where ``found`` lies in the decoded file (start == end: a place, not a span)
    end: int = 0


@dataclass(frozen=True, slots=True)
class _Located:
    """Where a name the Chinese holds is (mis)rendered in its line; ``start`` is None when nowhere."""

    segment: int
    concept: str
    chinese: str
    target: str
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    avoid: bool = False


@dataclass
class Analysis:
    """Everything the checks need about one document (offsets into :attr:`english`)."""

    doc: Document
    english: str
    bases: list[int]
    scan: Scan
    near: list[NearMiss]
    located: list[_Located] = field(default_factory=list)
    # (segment, concept) -> the Chinese form that asks for it, in bilingual documents
    expected: dict[tuple[int, str], str] = field(default_factory=dict)

    def avoided_outer(self) -> dict[tuple[int, int], list[AvoidHit]]:
        """Avoid hits by span, without spans inside a longer one ("Rovnick" in "Howard Rovnick")."""
        by_span: dict[tuple[int, int], list[AvoidHit]] = {}
        for hit in self.scan.avoided:
            by_span.setdefault((hit.start, hit.end), []).append(hit)
        outer: dict[tuple[int, int], list[AvoidHit]] = {}
        last: tuple[int, int] | None = None
        for span in sorted(by_span, key=lambda s: (s[0], -s[1])):
            if last is not None and last[0] <= span[0] and span[1] <= last[1]:
                continue
            outer[span] = by_span[span]
            last = span
        return outer

    def segment_of(self, pos: int) -> int:
        return bisect.bisect_right(self.bases, pos) - 1

    def place(self, start: int, end: int) -> tuple[Segment, int, int]:
        """The segment of ``english[start:end]`` and its span in the decoded file."""
        index = self.segment_of(start)
        segment = self.doc.segments[index]
        base = self.bases[index]
        file_start, file_end = segment.file_span(start - base, end - base)
        return segment, file_start, file_end

    def finding(
        self,
        start: int,
        end: int,
        *,
        severity: Severity,
        code: str,
        message: str,
        suggestion: str | None = None,
        fix: bool = False,
    ) -> Finding:
        """A finding about ``english[start:end]``, with the fix written as the file needs it."""
        segment, file_start, file_end = self.place(start, end)
        line, col = self.doc.position(file_start)
        edit = None
        if fix and suggestion is not None and segment.mapped and file_end > file_start:
            edit = Edit(file_start, file_end, segment.quote(fit_case(self.english[start:end], suggestion)))
        diagnostic = Diagnostic(self.doc.path, line, col, severity, code, message, suggestion)
        return Finding(diagnostic, edit, self.english[start:end], file_start, file_end)


def fit_case(found: str, canonical: str) -> str:
    """The canonical form, capitalised where it replaces a capitalised word (a sentence start)."""
    if canonical[:1].islower() and found[:1].isupper():
        return canonical[:1].upper() + canonical[1:]
    return canonical


class Checker:
    """The glossary made ready for checking: build once, then analyse any number of documents."""

    def __init__(self, glossary: Glossary, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.glossary = glossary
        self.threshold = threshold
        concepts = [c for c in glossary.concepts if not c.draft and any(t.approved for t in c.terms)]
        # Every right English of a concept, canonical first: its terms' targets, accepted variants,
        # and a company's name with or without its legal suffix.
        self.targets = {c.id: right_forms(c) for c in concepts}
        self.canonical = {c.id: self.targets[c.id][0] for c in concepts}
        avoid = [(c.id, rendering, self.canonical[c.id]) for c in concepts for rendering in c.avoid]
        self.scanner = RenderingScanner(avoid, [(cid, t) for cid, ts in self.targets.items() for t in ts])
        self.index = NearMissIndex.from_glossary(glossary)
        # An avoid rendering listed under concepts with different canonical forms has no single fix.
        self.avoid_fixes: dict[str, set[str]] = {}
        for _, rendering, target in avoid:
            self.avoid_fixes.setdefault(flat_key(rendering), set()).add(target)
        self._matcher: Matcher | None = None

    def matcher(self) -> Matcher:
        """The Chinese term matcher, built on first use: English-only checks never pay for it."""
        if self._matcher is None:
            self._matcher = Matcher(self.glossary)
        return self._matcher

    # --- stages ------------------------------------------------------------------------------

    def analyse(self, doc: Document) -> Analysis:
        """Scan, look for near-misses, and compare with the Chinese: everything the checks read."""
        bases: list[int] = []
        pos = 0
        for segment in doc.segments:
            bases.append(pos)
            pos += len(segment.english) + len(_JOIN)
        english = doc.segments[0].english if len(doc.segments) == 1 else _JOIN.join(s.english for s in doc.segments)
        scan = self.scanner.scan(english)
        analysis = Analysis(doc, english, bases or [0], scan, self._near_misses(english, scan))
        if doc.bilingual:
            self._compare_with_source(analysis)
        return analysis

    def _near_misses(self, english: str, scan: Scan) -> list[NearMiss]:
        known = [(hit.start, hit.end) for hit in (*scan.avoided, *scan.targets)]
        correct = {(h.start, h.end) for h in scan.targets if h.correct}
        # The right letters in the wrong case: found by the scan, reported as near-misses; but all
        # in lower case it is the words' ordinary use ("the young master" for "Young Master").
        cased = [
            NearMiss(h.start, h.end, english[h.start : h.end], h.concept, h.target, 100.0)
            for h in scan.targets
            if not h.correct
            and h.target[:1].isupper()
            and (h.start, h.end) not in correct
            and not english[h.start : h.end].islower()
        ]
        found = self.index.find(english, self.threshold, known) + _dedupe_spans(cased)
        return sorted(found, key=lambda m: m.start)

    def _compare_with_source(self, analysis: Analysis) -> None:
        matcher = self.matcher()
        for index, segment in enumerate(analysis.doc.segments):
            if not segment.source:
                continue
            wanted: dict[str, tuple[str, str]] = {}
            for match in matcher.find(segment.source):
                if match.term.approved and match.concept in self.targets:
                    wanted.setdefault(match.concept, (match.text, match.target))
            if not wanted:
                continue
            expected = [Expected(c, target, accept=self.targets[c][1:]) for c, (_, target) in wanted.items()]
            verdicts = verify(segment.english, expected)
            for verdict in verdicts:
                chinese = wanted[verdict.concept][0]
                analysis.expected[(index, verdict.concept)] = chinese
                if verdict.present or self._other_form_present(segment.english, verdict.concept):
                    continue
                located = self._locate(analysis, index, concept=verdict.concept, chinese=chinese, target=verdict.target)
                analysis.located.append(located)

    def _other_form_present(self, english: str, concept: str) -> bool:
        return any(rendering_pattern(t).search(english) for t in self.targets[concept][1:])

    def _locate(self, analysis: Analysis, index: int, *, concept: str, chinese: str, target: str) -> _Located:
        """The span of line ``index`` that most likely renders ``concept``: an avoid rendering, a
        near-miss, or the span most like the name."""
        base = analysis.bases[index]
        end_of_line = base + len(analysis.doc.segments[index].english)
        for hit in analysis.scan.avoided:
            if base <= hit.start < end_of_line and hit.concept == concept:
                return _Located(index, concept, chinese, target, hit.start, hit.end, 0.0, avoid=True)
        for miss in analysis.near:
            if base <= miss.start < end_of_line and miss.concept == concept:
                return _Located(index, concept, chinese, target, miss.start, miss.end, miss.score)
        taken = [
            (h.start - base, h.end - base)
            for h in analysis.scan.targets
            if h.correct and h.concept != concept and base <= h.start < end_of_line
        ]
        text = analysis.doc.segments[index].english
        best = best_span(text, self.targets[concept], min_score=LOCATE_THRESHOLD, skip=taken)
        if best is None:
            return _Located(index, concept, chinese, target)
        return _Located(index, concept, chinese, target, base + best.start, base + best.end, best.score)


_SUFFIXED = (TermType.COMPANY, TermType.ORGANISATION, None)


def right_forms(concept: Concept) -> tuple[str, ...]:
    """The English forms ``check`` takes as right for ``concept``, its canonical form first."""
    targets = [t.target for t in concept.terms if t.approved]
    forms = [*targets, *concept.accept]
    if concept.type in _SUFFIXED:
        forms += [v for form in targets for v in legal_variants(form)]
    return tuple(dict.fromkeys(forms))


def _dedupe_spans(misses: list[NearMiss]) -> list[NearMiss]:
    seen: dict[tuple[int, int], NearMiss] = {}
    for miss in misses:
        seen.setdefault((miss.start, miss.end), miss)
    return list(seen.values())


# --- the checks -----------------------------------------------------------------------------


def avoid_renderings(analysis: Analysis, checker: Checker) -> Iterator[Finding]:
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
        yield analysis.finding(
            start,
            end,
            severity=Severity.ERROR,
            code="avoid-rendering",
            message=message,
            suggestion=hit.target,
            fix=unambiguous,
        )


def near_misses(analysis: Analysis, checker: Checker) -> Iterator[Finding]:
    """Near-miss spelling of a glossary name: letters, case, hyphens or spaces differ."""
    located = {(loc.start, loc.end) for loc in analysis.located}
    avoided = list(analysis.avoided_outer())
    for miss in analysis.near:
        if (miss.start, miss.end) in located:
            continue  # reported against the Chinese, by missing-term
        if any(start < miss.end and miss.start < end for start, end in avoided):
            continue  # one finding per span: the avoid rendering is the stronger
        also = f"; or {' or '.join(repr(a) for a in miss.alternatives)}" if miss.alternatives else ""
        message = f"{miss.text!r} looks like {miss.suggestion!r}{also} ({miss.kind}, similarity {miss.score:g})"
        yield analysis.finding(
            miss.start,
            miss.end,
            severity=Severity.WARNING,
            code="near-miss",
            message=message,
            suggestion=miss.suggestion,
            fix=miss.confident,
        )


def missing_terms(analysis: Analysis, checker: Checker) -> Iterator[Finding]:
    """Name in the Chinese whose canonical English the translation lacks."""
    for loc in analysis.located:
        if loc.avoid:
            continue  # reported by avoid-rendering, with the Chinese
        if loc.start is None or loc.end is None:
            base = analysis.bases[loc.segment]
            message = f"{loc.chinese} not rendered; expected {loc.target!r}"
            yield analysis.finding(
                base, base, severity=Severity.ERROR, code="missing-term", message=message, suggestion=loc.target
            )
            continue
        found = analysis.english[loc.start : loc.end]
        miss = NearMiss(loc.start, loc.end, found, loc.concept, loc.target, loc.score)
        message = f"{loc.chinese} rendered as {found!r}; expected {loc.target!r} (similarity {loc.score:g})"
        yield analysis.finding(
            loc.start,
            loc.end,
            severity=Severity.ERROR,
            code="missing-term",
            message=message,
            suggestion=loc.target,
            fix=miss.confident,
        )


Check = Callable[[Analysis, Checker], Iterable[Finding]]
CHECKS: dict[str, Check] = {
    "avoid-rendering": avoid_renderings,
    "near-miss": near_misses,
    "missing-term": missing_terms,
}


def inconsistent_renderings(tally: Tally) -> Iterator[Finding]:
    """One name rendered more than one way in the batch."""
    for concept, renderings in tally.renderings.items():
        if len(renderings) < 2:
            continue
        canonical = tally.canonical[concept]
        here = next(r for r in renderings.values() if r.text != canonical)
        ordered = sorted(renderings.values(), key=lambda r: r.text != canonical)
        parts = [f"{r.text!r} ({r.count}×, {_where(r, here)})" for r in ordered]
        message = f"{canonical!r} rendered {len(renderings)} ways in this batch: {', '.join(parts)}"
        diagnostic = Diagnostic(
            here.path, here.line, here.col, Severity.WARNING, "inconsistent-rendering", message, canonical
        )
        yield Finding(diagnostic, None, here.text, here.start, here.end)


def _where(rendering: _Rendering, here: _Rendering) -> str:
    if rendering is here:
        return "here"
    place = f"{rendering.line}:{rendering.col}"
    return place if rendering.path == here.path else f"{rendering.path}:{place}"


def title(code: str) -> str:
    """The title users see for a check id: the first line of its docstring."""
    check = CHECKS.get(code) or (inconsistent_renderings if code == "inconsistent-rendering" else None)
    return (check.__doc__ or "").strip().splitlines()[0] if check else code


# --- the batch ------------------------------------------------------------------------------


@dataclass
class _Rendering:
    text: str
    path: str
    line: int
    col: int
    start: int  # its first occurrence's span in the decoded file
    end: int
    count: int = 0


@dataclass
class Tally:
    """Every rendering of every concept seen in a batch, in the order first seen."""

    canonical: dict[str, str] = field(default_factory=dict)
    renderings: dict[str, dict[str, _Rendering]] = field(default_factory=dict)

    def add(self, concept: str, text: str, canonical: str, analysis: Analysis, start: int) -> None:
        key = " ".join(text.split())
        key = key[:1].upper() + key[1:]  # the first letter's case is free
        self.canonical.setdefault(concept, canonical)
        seen = self.renderings.setdefault(concept, {})
        rendering = seen.get(key)
        if rendering is None:
            segment = analysis.segment_of(start)
            end = min(start + len(text), analysis.bases[segment] + len(analysis.doc.segments[segment].english))
            _, file_start, file_end = analysis.place(start, end)
            line, col = analysis.doc.position(file_start)
            shown = canonical if key == canonical else key
            rendering = seen[key] = _Rendering(shown, analysis.doc.path, line, col, file_start, file_end)
        rendering.count += 1


# A near-miss spelling seen this often in a batch, and more than one edit from the name, is more
# likely another name than a misspelling: reported at info level, never fixed.
FREQUENT_SPELLING = 3


@dataclass
class Batch:
    """Check documents one by one, then :meth:`finish` with what only the whole batch shows."""

    checker: Checker
    tally: Tally = field(default_factory=Tally)
    spellings: Counter[str] = field(default_factory=Counter)

    def check(self, doc: Document) -> list[Finding]:
        """Every finding of every per-document check, in file order."""
        analysis = self.checker.analyse(doc)
        self.spellings.update(_spelling(m.text) for m in analysis.near)
        findings = [self._weigh(f) for check in CHECKS.values() for f in check(analysis, self.checker)]
        self._tally(analysis)
        return sorted(findings, key=lambda f: (f.diagnostic.line, f.diagnostic.col, f.diagnostic.code))

    def _weigh(self, finding: Finding) -> Finding:
        """A consistent, frequent spelling two or more edits from the name: info, without a fix."""
        d = finding.diagnostic
        if d.code != "near-miss" or d.suggestion is None:
            return finding
        seen = self.spellings[_spelling(finding.found)]
        if seen < FREQUENT_SPELLING or OSA.distance(_spelling(finding.found), _spelling(d.suggestion)) < 2:
            return finding
        message = f"{d.message}; written so {seen}× in this batch: perhaps another name"
        return Finding(dataclasses.replace(d, severity=Severity.INFO, message=message), None, finding.found)

    def finish(self) -> list[Finding]:
        return list(inconsistent_renderings(self.tally))

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


def _spelling(text: str) -> str:
    return " ".join(text.lower().split())


def check_documents(checker: Checker, docs: Iterable[Document]) -> list[Finding]:
    """All findings for a batch of documents, the batch-wide ones last."""
    batch = Batch(checker)
    findings = [f for doc in docs for f in batch.check(doc)]
    return findings + batch.finish()


# --- fixing ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FixPlan:
    """The fixes one document takes: the findings fixed, and its text afterwards."""

    fixed: tuple[Finding, ...]
    edits: tuple[Edit, ...]
    text: str


def plan_fix(doc: Document, findings: Iterable[Finding]) -> FixPlan:
    """The unambiguous fixes among ``findings`` (overlapping ones: the first, then the longer, wins)."""
    with_edits = [f for f in findings if f.edit is not None and f.diagnostic.path == doc.path]
    edits = non_overlapping([f.edit for f in with_edits if f.edit is not None])
    kept = set(edits)
    fixed = tuple(f for f in with_edits if f.edit in kept)
    return FixPlan(fixed, tuple(edits), apply_to_text(doc.text, edits))
