"""The translate pass, stage by stage, reading top to bottom.

    split lines into sentences and pieces        (segment.py)
    find glossary terms in each line             (glossary.matching)
    prepare each piece: hints, phrases, avoids   (prepare)
    translate, length-sorted batches             (translate_sorted)
    verify every expected term                   (verify.py)
    re-decode under constraints what failed      (constraints.py, through the Translator)
    substitute placeholders, assemble lines      (finish, translate_lines)

The cascade keeps the model's own sentence wherever it already renders every term: the first pass
writes each approved term's canonical English into the Chinese (a *hint*; opus-mt copies Latin-script
names through), the output is checked, and only pieces that miss a term or contain an ``avoid``
rendering are decoded again, with the terms forced. A term the target vocabulary cannot spell is
forced as a placeholder that is then replaced by the canonical English (*substituted*).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from glossmt.glossary.matching import Match, Matcher
from glossmt.glossary.model import Glossary
from glossmt.glossary.normalise import to_simplified
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.constraints import Constraints, Phrase, Request
from glossmt.translate.mt.segment import Length, Piece, segment_line, split_sentences
from glossmt.translate.verify import Expected, find_avoided, find_spans, rendering_pattern, verify

MODEL = "model"  # the model wrote the term unaided
HINTED = "hinted"  # written after the canonical English was put into the source
CONSTRAINED = "constrained"  # forced by constrained re-decoding
SUBSTITUTED = "substituted"  # forced as a placeholder, or an avoid rendering replaced, in the text
DRAFT = "draft"  # a draft (fuzzy) term: reported, not enforced
HOWS = (MODEL, HINTED, CONSTRAINED, SUBSTITUTED, DRAFT)


CASCADE = "cascade"  # free first pass with hints, constrained re-decoding of failures (the default)
DIRECT = "direct"  # every piece with terms decoded under constraints at once (one pass; for comparison)


@dataclass(frozen=True, slots=True)
class Options:
    """How to run the pass. ``window``: pieces read ahead and sorted together (0: 8 batches)."""

    beams: int = 4
    batch_size: int = 16
    hint: bool = True
    window: int = 0
    strategy: str = CASCADE

    @property
    def window_size(self) -> int:
        return self.window or self.batch_size * 8


@dataclass(frozen=True, slots=True)
class TermReport:
    """One matched term occurrence: where it is in the line, its canonical English, what happened."""

    concept: str
    source: str
    start: int
    end: int
    target: str
    how: str
    present: bool


@dataclass(frozen=True, slots=True)
class SentenceResult:
    start: int
    end: int
    source: str
    target: str
    terms: tuple[TermReport, ...] = ()


@dataclass(frozen=True, slots=True)
class LineResult:
    """One input line (1-based ``number``) and its translation, one line of English."""

    number: int
    source: str
    target: str
    sentences: tuple[SentenceResult, ...] = ()

    @property
    def terms(self) -> tuple[TermReport, ...]:
        return tuple(t for s in self.sentences for t in s.terms)


# --- stage: prepare ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Prepared:
    """One piece ready for the model, and what its English must hold."""

    source: str
    require: tuple[Phrase, ...] = ()
    avoid: tuple[tuple[str, str, str], ...] = ()
    hinted: frozenset[str] = frozenset()
    placeholders: tuple[tuple[str, str], ...] = ()  # (placeholder, canonical English)
    drafts: tuple[Expected, ...] = ()

    @property
    def expected(self) -> tuple[Expected, ...]:
        canonical = dict(self.placeholders)
        return tuple(Expected(p.concept, canonical.get(p.text, p.text), p.count) for p in self.require)


# Placeholders for terms a vocabulary cannot spell: short, Latin, and not English words.
_PLACEHOLDERS = tuple(f"Qzx{c}" for c in "JKVWXYZ") + tuple(f"Qzx{n}" for n in range(10))


def prepare(
    text: str,
    offset: int,
    matches: Sequence[Match],
    glossary: Glossary | None,
    translator: Translator,
    *,
    hint: bool = True,
) -> Prepared:
    """Model input for ``text`` (which starts at ``offset`` in its line) and its term constraints."""
    concepts: dict[str, list[Match]] = {}
    for match in matches:
        if match.term.approved:
            concepts.setdefault(match.concept, []).append(match)
    require: list[Phrase] = []
    hinted: set[str] = set()
    placeholders: list[tuple[str, str]] = []
    for concept, found in concepts.items():
        target = found[0].target
        ids = translator.spell(target)
        if ids is None:
            placeholder, ids = _placeholder(translator, len(placeholders))
            placeholders.append((placeholder, target))
            require.append(Phrase(concept, placeholder, ids, len(found)))
            continue
        require.append(Phrase(concept, target, ids, len(found)))
        if hint and translator.can_read(target):
            hinted.add(concept)
    targets = {p.concept: p.text for p in require if p.concept in hinted}
    source = _model_input(text, offset, [m for m in matches if m.concept in hinted and m.term.approved], targets)
    drafts: dict[str, list[Match]] = {}
    for match in matches:
        if not match.term.approved and match.concept not in concepts and match.target:
            drafts.setdefault(match.concept, []).append(match)
    return Prepared(
        source=source,
        require=tuple(require),
        avoid=_avoid(matches, glossary),
        hinted=frozenset(hinted),
        placeholders=tuple(placeholders),
        drafts=tuple(Expected(c, ms[0].target, len(ms)) for c, ms in drafts.items()),
    )


def _placeholder(translator: Translator, index: int) -> tuple[str, tuple[int, ...]]:
    for candidate in _PLACEHOLDERS[index:] + _PLACEHOLDERS[:index]:
        ids = translator.spell(candidate)
        if ids is not None:
            return candidate, ids
    raise RuntimeError("the model's vocabulary cannot spell any placeholder")  # not with any real vocabulary


def _model_input(text: str, offset: int, hints: Sequence[Match], targets: dict[str, str] | None = None) -> str:
    """``text`` in Simplified Chinese, with each hinted term replaced by its canonical English.

    ``targets`` gives each concept's English (the one enforced); by default each match's own.
    """
    parts: list[str] = []
    last = 0
    for match in sorted(hints, key=lambda m: m.start):
        start, end = match.start - offset, match.end - offset
        parts.append(to_simplified(text[last:start]))
        # Spaces keep the English a word of its own for the source tokenizer: 部长 Howard Lutnick 表示
        parts.append(f" {(targets or {}).get(match.concept, match.target)} ")
        last = end
    parts.append(to_simplified(text[last:]))
    return " ".join("".join(parts).split()) if hints else parts[0]


def _avoid(matches: Sequence[Match], glossary: Glossary | None) -> tuple[tuple[str, str, str], ...]:
    """``(concept, rendering, canonical)`` for the avoid renderings of every concept matched here."""
    seen: dict[tuple[str, str, str], None] = {}
    for match in matches:
        if glossary is not None:
            concept = glossary.concept(match.concept)
            avoid, target = concept.avoid, concept.target
        else:
            avoid, target = match.term.avoid, match.target
        for rendering in avoid:
            seen[(match.concept, rendering, target)] = None
    return tuple(seen)


# --- stage: translate in length-sorted batches -----------------------------------------------------


def translate_sorted(
    translator: Translator,
    requests: Sequence[Request],
    *,
    beams: int,
    batch_size: int,
    on_batch: Callable[[int], None] | None = None,
) -> list[str]:
    """Translate in batches of similar length (less padding), returned in input order."""
    order = sorted(range(len(requests)), key=lambda i: -translator.count_tokens(requests[i].source))
    out = [""] * len(requests)
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        for i, text in zip(chunk, translator.translate([requests[i] for i in chunk], beams=beams), strict=True):
            out[i] = text
        if on_batch:
            on_batch(len(chunk))
    return out


# --- stage: verify, re-decode, finish --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """The English of one piece and, per concept, how its term got there and how often it is there."""

    text: str
    how: dict[str, str] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)


def needs_redecoding(prepared: Prepared, english: str) -> bool:
    """Does a free translation miss a required term, or hold an avoid rendering?"""
    if prepared.placeholders:
        return True
    if any(not v.present for v in verify(english, prepared.expected)):
        return True
    return bool(find_avoided(english, prepared.avoid))


def cascade(
    translator: Translator, pieces: Sequence[Prepared], options: Options, on_batch: Callable[[int], None] | None = None
) -> list[Outcome]:
    """First pass with hints, then constrained re-decoding of the pieces that failed verification."""
    if options.strategy == DIRECT:
        direct = translate_sorted(
            translator,
            [Request(p.source, Constraints(p.require, p.avoid)) for p in pieces],
            beams=options.beams,
            batch_size=options.batch_size,
            on_batch=on_batch,
        )
        return [finish(p, text, {}) for p, text in zip(pieces, direct, strict=True)]
    first = translate_sorted(
        translator,
        [Request(p.source, Constraints(avoid=p.avoid)) for p in pieces],
        beams=options.beams,
        batch_size=options.batch_size,
        on_batch=on_batch,
    )
    failed = [
        i for i, (p, text) in enumerate(zip(pieces, first, strict=True)) if p.require and needs_redecoding(p, text)
    ]
    second = translate_sorted(
        translator,
        [Request(pieces[i].source, Constraints(pieces[i].require, pieces[i].avoid)) for i in failed],
        beams=options.beams,
        batch_size=options.batch_size,
    )
    redone = dict(zip(failed, second, strict=True))
    outcomes = []
    for i, (prepared, text) in enumerate(zip(pieces, first, strict=True)):
        free = {v.concept for v in verify(text, prepared.expected) if v.present}
        how = {c: (HINTED if c in prepared.hinted else MODEL) for c in free}
        outcomes.append(finish(prepared, redone.get(i, text), how))
    return outcomes


def finish(prepared: Prepared, english: str, how: dict[str, str]) -> Outcome:
    """Placeholders become their English; a leftover avoid rendering is replaced; the rest is counted."""
    how = dict(how)
    placeholder_of = {p.text: p.concept for p in prepared.require}
    for placeholder, target in prepared.placeholders:
        spans = find_spans(english, rendering_pattern(placeholder))
        for start, end in reversed(spans):
            english = english[:start] + target + english[end:]
        how[placeholder_of[placeholder]] = SUBSTITUTED
    for hit in reversed(find_avoided(english, prepared.avoid)):
        # Last resort (decoding bans these, so this is for spellings no ban anticipated): the wrong
        # rendering is the term, so the canonical English takes its place.
        english = english[: hit.start] + hit.target + english[hit.end :]
        how[hit.concept] = SUBSTITUTED
    english = " ".join(english.split())  # one line: no control or line-break characters survive
    for phrase in prepared.require:
        how.setdefault(phrase.concept, CONSTRAINED)
    found = {v.concept: len(v.spans) for v in verify(english, prepared.expected)}
    found.update({v.concept: len(v.spans) for v in verify(english, prepared.drafts)})
    return Outcome(english, how, found)


# --- the whole pass ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """One piece of one line, with the matches inside it (line offsets)."""

    line: int
    sentence: int
    piece: Piece
    matches: tuple[Match, ...]


def translate_lines(
    lines: Iterable[str],
    translator: Translator,
    *,
    matcher: Matcher | None = None,
    options: Options | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[LineResult]:
    """Translate ``lines`` (no line ends), yielding one :class:`LineResult` per line, in order.

    Lines are read a window at a time (one batch first, then ``options.window_size`` pieces),
    translated together in length-sorted batches, and yielded before the next window is read: output
    can be written and flushed as it comes. ``on_progress`` is called with the number of pieces each batch finished.
    """
    opts = options or Options()
    window: list[tuple[int, str, list[Match]]] = []
    pieces = 0
    limit = opts.batch_size  # the first window is one batch, so that a pipe shows output at once
    for number, line in enumerate(lines, 1):
        matches = matcher.find(line) if matcher is not None and line.strip() else []
        window.append((number, line, matches))
        pieces += len(split_sentences(line)) or 1  # long sentences may still become several pieces
        if pieces >= limit:
            yield from _translate_window(window, translator, matcher, opts, on_progress)
            window, pieces, limit = [], 0, opts.window_size
    if window:
        yield from _translate_window(window, translator, matcher, opts, on_progress)


def _translate_window(
    window: Sequence[tuple[int, str, list[Match]]],
    translator: Translator,
    matcher: Matcher | None,
    options: Options,
    on_progress: Callable[[int], None] | None,
) -> Iterator[LineResult]:
    glossary = matcher.glossary if matcher is not None else None
    units: list[_Unit] = []
    layouts = []
    hintable = _Hintable(translator, options.hint)
    for index, (_, line, matches) in enumerate(window):
        protected = [(m.start, m.end) for m in matches]
        sentences = segment_line(line, translator.max_source_tokens, _measure(matches, translator, hintable), protected)
        layouts.append(sentences)
        for s_index, sentence in enumerate(sentences):
            for piece in sentence.pieces:
                inside = tuple(m for m in matches if piece.start <= m.start < piece.end)
                units.append(_Unit(index, s_index, piece, inside))
    prepared = [
        prepare(
            window[u.line][1][u.piece.start : u.piece.end],
            u.piece.start,
            u.matches,
            glossary,
            translator,
            hint=options.hint,
        )
        for u in units
    ]
    outcomes = cascade(translator, prepared, options, on_progress)
    by_sentence: dict[tuple[int, int], list[tuple[_Unit, Outcome]]] = {}
    for unit, outcome in zip(units, outcomes, strict=True):
        by_sentence.setdefault((unit.line, unit.sentence), []).append((unit, outcome))
    for index, (number, line, _) in enumerate(window):
        results = []
        for s_index, sentence in enumerate(layouts[index]):
            parts = by_sentence[(index, s_index)]
            target = " ".join(o.text for _, o in parts if o.text)
            terms = tuple(t for unit, outcome in parts for t in _reports(unit, outcome))
            results.append(
                SentenceResult(sentence.start, sentence.end, line[sentence.start : sentence.end], target, terms)
            )
        yield LineResult(number, line, " ".join(r.target for r in results if r.target), tuple(results))


class _Hintable:
    """Can a match's canonical English be written into the source (and spelled in the output)?"""

    def __init__(self, translator: Translator, enabled: bool) -> None:
        self.translator = translator
        self.enabled = enabled
        self._known: dict[str, bool] = {}

    def __call__(self, match: Match) -> bool:
        if not (self.enabled and match.term.approved):
            return False
        target = match.target
        if target not in self._known:
            self._known[target] = self.translator.spell(target) is not None and self.translator.can_read(target)
        return self._known[target]


def _measure(matches: Sequence[Match], translator: Translator, hintable: _Hintable) -> Length:
    """Token length of ``line[start:end]`` as the model will read it: Simplified, hints written in."""

    def measure(line: str, start: int, end: int) -> int:
        hints = [m for m in matches if start <= m.start and m.end <= end and hintable(m)]
        return translator.count_tokens(_model_input(line[start:end], start, hints))

    return measure


def _reports(unit: _Unit, outcome: Outcome) -> list[TermReport]:
    """One report per match; the n-th occurrence of a concept is present if the English holds n."""
    seen: dict[str, int] = {}
    reports = []
    for match in unit.matches:
        nth = seen.get(match.concept, 0)
        seen[match.concept] = nth + 1
        how = outcome.how.get(match.concept, MODEL) if match.term.approved else DRAFT
        present = outcome.found.get(match.concept, 0) > nth
        reports.append(TermReport(match.concept, match.text, match.start, match.end, match.target, how, present))
    return reports
