"""``glossmt translate --format html``: a self-contained review page, Chinese left, English right.

One row per input line, its sentences side by side; every term occurrence is a ``<mark>`` with
``data-concept`` in both columns, coloured by how it was applied, its details on hover or focus. The
k-th occurrence of a concept in a sentence's Chinese is paired with the k-th rendering of its English
in that sentence's translation, found by the same rules the pass verified it with
(:func:`glossmt.translate.verify.verify`); an occurrence the English lacks is marked missing.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TextIO

from markupsafe import Markup

from glossmt.translate.mt.results import How, LineResult, SentenceResult, TermReport
from glossmt.translate.page.marks import Mark, marked
from glossmt.translate.page.render import render_page
from glossmt.translate.verify import Expected, verify

# What each method means, for the legend and the tooltips; a method the pass reports that is not
# listed here still gets a mark (and its name as the explanation).
METHODS = {
    "model": "the model wrote it unaided",
    "hinted": "written after its English was put into the source",
    "constrained": "forced by constrained re-decoding",
    "substituted": "written into the English in place of a placeholder or a wrong rendering",
    "pinned": "a name the glossary lacks, kept to one rendering across the document",
    "draft": "a draft term: reported, not enforced",
}


@dataclass(frozen=True, slots=True)
class Sentence:
    gap: str  # the line's text before this sentence (spaces between sentences)
    source: Markup
    target: Markup


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    sentences: tuple[Sentence, ...]
    tail: str  # the line's text after its last sentence


@dataclass(frozen=True, slots=True)
class ConceptSummary:
    concept: str
    source: str  # its first Chinese form in the text
    target: str
    count: int


def review_page(lines: Iterable[LineResult], *, signature: str, source_name: str) -> str:
    """The whole page for ``lines`` (in input order)."""
    counter = itertools.count(1)
    rows = []
    hows: Counter[str] = Counter()
    missing = 0
    concepts: dict[str, ConceptSummary] = {}
    for line in lines:
        rows.append(_row(line, counter))
        for term in line.terms:
            hows[term.how] += 1
            missing += term.how != How.DRAFT and not term.present
            seen = concepts.get(term.concept)
            count = seen.count + 1 if seen else 1
            concepts[term.concept] = ConceptSummary(
                term.concept, seen.source if seen else term.source, term.target, count
            )
    methods = [*METHODS, *(h for h in How if h not in METHODS), *sorted(h for h in hows if h not in METHODS)]
    context = {
        "title": f"{source_name} — glossmt review",
        "source_name": source_name,
        "signature": signature,
        "rows": rows,
        "methods": [(how, METHODS.get(how, how), hows[how]) for how in methods],
        "occurrences": sum(hows.values()),
        "missing": missing,
        "concepts": sorted(concepts.values(), key=lambda c: (-c.count, c.target.lower(), c.concept)),
    }
    return render_page(__package__ or "glossmt.translate.mt", "review.html", context)


def _row(line: LineResult, counter: Iterator[int]) -> Row:
    sentences = []
    last = 0
    for sentence in line.sentences:
        source_marks, target_marks = _marks(sentence, counter)
        sentences.append(
            Sentence(
                line.source[last : sentence.start],
                marked(sentence.source, source_marks),
                marked(sentence.target, target_marks),
            )
        )
        last = sentence.end
    return Row(line.number, tuple(sentences), line.source[last:])


def _marks(sentence: SentenceResult, counter: Iterator[int]) -> tuple[list[Mark], list[Mark]]:
    """Marks for the sentence's Chinese and its English; paired occurrences share ``data-occ``."""
    by_concept: dict[str, list[TermReport]] = {}
    for term in sentence.terms:
        by_concept.setdefault(term.concept, []).append(term)
    spans = _english_spans(sentence.target, by_concept)
    source_marks: list[Mark] = []
    target_marks: list[Mark] = []
    for concept, terms in by_concept.items():
        found = spans.get(concept, ())
        for nth, term in enumerate(terms):
            occ = str(next(counter))
            english = found[nth] if nth < len(found) and term.present else None
            how = term.how
            details = (
                f"concept: {concept}\ncanonical English: {term.target or '(none)'}\n"
                f"how: {how} — {METHODS.get(how, how)}"
                + (f" (English from {term.rendered_by})" if term.rendered_by else "")
            )
            state = "" if term.present or how == How.DRAFT else "\nMISSING from the English"
            source_marks.append(
                _mark(
                    term.start - sentence.start,
                    term.end - sentence.start,
                    term,
                    occ,
                    f"{term.source}\n{details}{state}",
                    missing=bool(state),
                    side="zh",
                )
            )
            if english is not None:
                shown = sentence.target[english[0] : english[1]]
                target_marks.append(_mark(*english, term, occ, f"{shown} ← {term.source}\n{details}", side="en"))
        for start, end in found[len(terms) :]:  # renderings beyond the Chinese occurrences
            term = terms[0]
            extra = (
                f"{sentence.target[start:end]}\nconcept: {concept}\nan extra rendering: the Chinese has {len(terms)}"
            )
            target_marks.append(_mark(start, end, term, "", extra, side="en"))
    return source_marks, target_marks


def _english_spans(english: str, by_concept: dict[str, list[TermReport]]) -> dict[str, Sequence[tuple[int, int]]]:
    """Each concept's renderings in the English, by the rules the pass verified them with."""
    approved = [
        Expected(c, ts[0].target, len(ts)) for c, ts in by_concept.items() if ts[0].how != How.DRAFT and ts[0].target
    ]
    drafts = [
        Expected(c, ts[0].target, len(ts)) for c, ts in by_concept.items() if ts[0].how == How.DRAFT and ts[0].target
    ]
    spans: dict[str, Sequence[tuple[int, int]]] = {}
    for group in (approved, drafts):
        spans.update({v.concept: v.spans for v in verify(english, group)})
    return spans


def _mark(start: int, end: int, term: TermReport, occ: str, tip: str, *, side: str, missing: bool = False) -> Mark:
    classes = f"t how-{term.how}" + (" missing" if missing else "")
    attrs = [("class", classes), ("data-concept", term.concept), ("data-how", term.how), ("data-tip", tip)]
    attrs.append(("tabindex", "0"))
    if occ:
        attrs.append(("data-occ", occ))
    if side == "zh":
        attrs.append(("data-nav", ""))
    return Mark(start, end, tuple(attrs))


class HtmlWriter:
    """The review page, written when closed: its header (counts, concepts) needs every line."""

    def __init__(self, stream: TextIO, signature: str, source_name: str) -> None:
        self.stream = stream
        self.signature = signature
        self.source_name = source_name
        self.lines: list[LineResult] = []

    def write(self, result: LineResult) -> None:
        self.lines.append(result)

    def close(self) -> None:
        self.stream.write(review_page(self.lines, signature=self.signature, source_name=self.source_name))
        self.stream.flush()
