"""``glossmt check``: find, and where unambiguous fix, inconsistent names in English that already exists.

Each document is analysed once, in stages that read top to bottom:

1. *scan* the English for every avoid rendering and every glossary form (one automaton,
   :mod:`glossmt.translate.check.scan`, with the semantics of :mod:`glossmt.translate.verify`);
2. *near-misses*: capitalised n-grams close to a glossary name (:mod:`glossmt.translate.check.nearmiss`);
3. *bilingual*: for every glossary term in the Chinese, is its canonical English in the line
   (:func:`verify.verify`)? If not, which span of the line most likely renders it?

The checks are small functions over that analysis, registered in :mod:`glossmt.translate.check.checks`
(one registry, the batch check included); :mod:`glossmt.translate.check.fix` plans and applies fixes.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.findings import Diagnostic, Severity
from glossmt.glossary.matching import Matcher
from glossmt.glossary.model import Concept, Glossary, TermType
from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.check.bestspan import best_span
from glossmt.translate.check.commonterms import CommonTerms
from glossmt.translate.check.edits import Edit
from glossmt.translate.check.nearmiss import DEFAULT_THRESHOLD, NearMiss, NearMissIndex
from glossmt.translate.check.readers import Document, Segment
from glossmt.translate.check.scan import RenderingScanner, Scan, TargetHit, flat_key
from glossmt.translate.check.words import right_variants
from glossmt.translate.signature import Signature
from glossmt.translate.verify import AvoidHit, Expected, legal_variants, rendering_pattern, verify

__all__ = ["LOCATE_THRESHOLD", "Analysis", "Checker", "Finding", "Located", "fit_case", "spelling", "weigh_context"]

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
class Located:
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
    located: list[Located] = field(default_factory=list)
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
        self.common = CommonTerms((cid, t) for cid, ts in self.targets.items() for t in ts)
        # An avoid rendering listed under concepts with different canonical forms has no single fix.
        # Avoid renderings the term files mark safe to fix without the Chinese (nobody's name).
        self.safe_fix = {(c.id, flat_key(r)) for c in concepts for r in c.safe_fix}
        self.avoid_fixes: dict[str, set[str]] = {}
        for _, rendering, target in avoid:
            self.avoid_fixes.setdefault(flat_key(rendering), set()).add(target)
        self._matcher: Matcher | None = None

    def matcher(self) -> Matcher:
        """The Chinese term matcher, built on first use: English-only checks never pay for it."""
        if self._matcher is None:  # the glossary's one matcher, shared with whoever else holds it
            self._matcher = Compiled.for_glossary(self.glossary).matcher()
        return self._matcher

    @property
    def signature(self) -> Signature:
        """``glossary:…|terms:…|threshold:…``: what a report records of how it was made."""
        terms = ("terms", len(self.glossary))
        return Signature.of(("glossary", self.glossary.digest()), terms, ("threshold", f"{self.threshold:g}"))

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
        candidates = self.index.candidates(english)
        found = self.index.find(english, self.threshold, known, candidates)
        found = self._prefer_written(english, scan, known, found, candidates)
        found += _dedupe_spans(cased)
        if self.common:
            taken = [(m.start, m.end) for m in found]
            found += self.common.find(english, self.threshold, [*known, *taken])
        return sorted(found, key=lambda m: m.start)

    def _prefer_written(
        self,
        english: str,
        scan: Scan,
        known: list[tuple[int, int]],
        found: list[NearMiss],
        candidates: dict[str, list[tuple[int, int]]],
    ) -> list[NearMiss]:
        """Near-misses of the names the document writes right, compared with those names alone, take
        the place of the glossary-wide ones they overlap: "Zang family" beside "Zhang family" means
        the Zhang family, not the Wang family one edit away too."""
        written = {h.concept for h in scan.targets if h.correct}
        entries = [e for e in self.index.entries if e.concept in written]
        if not entries:
            return found
        local = NearMissIndex(entries).find(english, self.threshold, known, candidates)
        # a longer glossary-wide near-miss that holds the local one whole is the name ("Almonyt
        # Industries", not "Almonyt" of the "Almonty" the document writes)
        local = [n for n in local if not any(_holds(m, n) for m in found)]
        kept = [m for m in found if not any(m.start < n.end and n.start < m.end for n in local)]
        return local + kept

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

    def _locate(self, analysis: Analysis, index: int, *, concept: str, chinese: str, target: str) -> Located:
        """The span of line ``index`` that most likely renders ``concept``: an avoid rendering, a
        near-miss, or the span most like the name."""
        base = analysis.bases[index]
        end_of_line = base + len(analysis.doc.segments[index].english)
        for hit in analysis.scan.avoided:
            if base <= hit.start < end_of_line and hit.concept == concept:
                return Located(index, concept, chinese, target, hit.start, hit.end, 0.0, avoid=True)
        for miss in analysis.near:
            if base <= miss.start < end_of_line and miss.concept == concept:
                return Located(index, concept, chinese, target, miss.start, miss.end, miss.score)
        taken = [
            (h.start - base, h.end - base)
            for h in analysis.scan.targets
            if h.correct and h.concept != concept and base <= h.start < end_of_line
        ]
        text = analysis.doc.segments[index].english
        best = best_span(text, self.targets[concept], min_score=LOCATE_THRESHOLD, skip=taken)
        if best is None:
            return Located(index, concept, chinese, target)
        return Located(index, concept, chinese, target, base + best.start, base + best.end, best.score)


_SUFFIXED = (TermType.COMPANY, TermType.ORGANISATION, None)


def right_forms(concept: Concept) -> tuple[str, ...]:
    """The English forms ``check`` takes as right for ``concept``, its canonical form first."""
    targets = [t.target for t in concept.terms if t.approved]
    forms = [*targets, *concept.accept]
    if concept.type in _SUFFIXED:
        forms += [v for form in targets for v in legal_variants(form)]
    forms += [v for form in list(forms) for v in right_variants(form)]
    return tuple(dict.fromkeys(forms))


def weigh_context(analysis: Analysis, spellings: Counter[str]) -> list[NearMiss]:
    """Near-misses, those near only in context (another valid pinyin name one edit away) weighed:

    - written right in the same document more often than so: a typo ("Ha Ren" once among five
      "Hao Ren"), kept as ``typo``;
    - never written right in the document, and this spelling the batch's only one: kept as
      ``alone``, without a fix (a typo or another name: the source tells);
    - otherwise (used as often as the right name, or consistently without it): another name, dropped.

    A spelling in the same sentence as the right name is another name ("Lin Feng met Liu Feng").
    ``spellings`` counts every near-miss spelling of the batch (lower case, spaces folded).
    """
    misses, scan = analysis.near, analysis.scan
    right = Counter(h.concept for h in scan.targets if h.correct)
    written = [h for h in scan.targets if h.correct]
    spelt = Counter((m.concept, spelling(m.text)) for m in misses if m.context)
    kept = []
    for miss in misses:
        if miss.context != "near":
            kept.append(miss)
        elif any(h.concept == miss.concept and _one_sentence(analysis.english, h, miss) for h in written):
            continue
        elif spelt[(miss.concept, spelling(miss.text))] < right[miss.concept]:
            kept.append(dataclasses.replace(miss, context="typo"))
        elif not right[miss.concept] and spellings[spelling(miss.text)] == 1:
            kept.append(dataclasses.replace(miss, context="alone"))
    return kept


_SENTENCE_END = re.compile(r"[.!?]\s|[\n\x00]")


def _one_sentence(english: str, a: TargetHit, b: NearMiss) -> bool:
    """Are the two in one sentence (nothing between them ends one: a full stop, a line, a segment)?"""
    lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
    return not _SENTENCE_END.search(english, lo, max(lo, hi))


def spelling(text: str) -> str:
    """A spelling as the batch counts it: lower case, whitespace folded."""
    return fold_whitespace(text.lower())


def _holds(outer: NearMiss, inner: NearMiss) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and outer.end - outer.start > inner.end - inner.start


def _dedupe_spans(misses: list[NearMiss]) -> list[NearMiss]:
    seen: dict[tuple[int, int], NearMiss] = {}
    for miss in misses:
        seen.setdefault((miss.start, miss.end), miss)
    return list(seen.values())
