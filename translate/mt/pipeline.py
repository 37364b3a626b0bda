"""The translate pass, stage by stage, reading top to bottom.

    split lines into sentences and pieces        (segment.py)
    find glossary terms in each line             (glossary.matching)
    prepare each piece: hints, phrases, avoids   (prepare.py)
    translate, length-sorted batches             (translate_sorted)
    verify every expected term                   (verify.py)
    re-decode under constraints what failed      (constraints.py, through the Translator)
    substitute placeholders, assemble lines      (finish, translate_lines)

The cascade keeps the model's own sentence wherever it already renders every term: the first pass
writes each approved term's canonical English into the Chinese (a *hint*; opus-mt copies Latin-script
names through), the output is checked, and only pieces that miss a term or contain an ``avoid``
rendering are decoded again, with the terms forced. A term the target vocabulary cannot spell is
forced as a placeholder that is then replaced by the canonical English (*substituted*). The direct
strategy decodes every piece under its constraints at once, for comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Protocol

from glossmt.glossary.matching import Match, TermFinder
from glossmt.glossary.model import Glossary
from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.mt.assemble import TermState, line_result, nth_present, reported_result, sentence_result
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.prepare import LineReader, Prepared, Spellings
from glossmt.translate.mt.results import How, LineResult, Origin, SentenceResult, Strategy
from glossmt.translate.mt.segment import Piece, segment_line, split_sentences
from glossmt.translate.verify import Verdict, find_avoided, find_spans, rendering_pattern, verify

__all__ = ["Decode", "Line", "Options", "Outcome", "Stage", "cascade", "direct", "translate_lines", "translate_matched"]


# Limits (docs/reliability.md): beams and batch multiply into the rows decoded at once; past these a
# typo (--beams 100000) would grow to gigabytes before failing, and no quality or speed is gained.
MAX_BEAMS = 32
MAX_BATCH_SIZE = 512
MAX_THREADS = 256  # CPU threads of one backend: past this, memory for thread stacks and no speed


@dataclass(frozen=True, slots=True)
class Options:
    """How to run the pass. ``window``: pieces read ahead and sorted together (0: 8 batches)."""

    beams: int = 4
    batch_size: int = 16
    hint: bool = True
    window: int = 0
    strategy: Strategy = Strategy.CASCADE

    @property
    def window_size(self) -> int:
        return self.window or self.batch_size * 8


# --- stage: translate in length-sorted batches -----------------------------------------------------


def translate_sorted(
    translator: Translator,
    pieces: Sequence[Prepared],
    *,
    forced: bool,
    beams: int,
    batch_size: int,
    on_batch: Callable[[Sequence[int]], None] | None = None,
) -> list[str]:
    """Translate in batches of similar English length (less padding and waiting), returned in input order.

    ``forced``: decode under the pieces' required phrases (avoid renderings are banned either way).
    ``on_batch``: called with the indices (into ``pieces``) of each batch once it is translated, in order.
    A backend that decodes several batches at once (``parallel_batches``) is given them from as many
    threads: its engine works outside Python's lock, so one batch's decoding overlaps another's repair.
    """
    order = sorted(range(len(pieces)), key=lambda i: (-pieces[i].english_room, -pieces[i].tokens))
    batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

    def run(chunk: list[int]) -> list[str]:
        return translator.translate([pieces[i].request(forced=forced) for i in chunk], beams=beams)

    out = [""] * len(pieces)
    workers = min(len(batches), translator.parallel_batches) if batches else 1
    pool = ThreadPoolExecutor(workers, thread_name_prefix="glossmt-batch") if workers > 1 else None
    try:
        for chunk, texts in zip(batches, pool.map(run, batches) if pool else map(run, batches), strict=True):
            for i, text in zip(chunk, texts, strict=True):
                out[i] = text
            if on_batch:
                on_batch(chunk)
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)  # an error or ^C starts no further batch
    return out


# --- stage: decode (two strategies), verify, finish ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """The English of one piece and, per concept, how its term got there and how often it is there."""

    text: str
    how: dict[str, How] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)


OnBatch = Callable[[Sequence[int]], None]
Decoder = Callable[[Translator, Sequence[Prepared], Options, OnBatch | None], list[Outcome]]


def cascade(
    translator: Translator, pieces: Sequence[Prepared], options: Options, on_batch: OnBatch | None = None
) -> list[Outcome]:
    """First pass with hints, then constrained re-decoding of the pieces that failed verification."""
    first = translate_sorted(
        translator, pieces, forced=False, beams=options.beams, batch_size=options.batch_size, on_batch=on_batch
    )
    verdicts = [verify(text, p.expected) for p, text in zip(pieces, first, strict=True)]  # each text once
    failed = [
        i for i, (p, text) in enumerate(zip(pieces, first, strict=True)) if needs_redecoding(p, text, verdicts[i])
    ]
    second = translate_sorted(
        translator, [pieces[i] for i in failed], forced=True, beams=options.beams, batch_size=options.batch_size
    )
    redone = dict(zip(failed, second, strict=True))
    outcomes = []
    for i, (prepared, text) in enumerate(zip(pieces, first, strict=True)):
        free = {v.concept for v in verdicts[i] if v.present}
        how = {c: (How.HINTED if c in prepared.hinted else How.MODEL) for c in free}
        outcomes.append(finish(prepared, redone.get(i, text), how))
    return outcomes


def direct(
    translator: Translator, pieces: Sequence[Prepared], options: Options, on_batch: OnBatch | None = None
) -> list[Outcome]:
    """One pass: every piece decoded under its constraints at once."""
    texts = translate_sorted(
        translator, pieces, forced=True, beams=options.beams, batch_size=options.batch_size, on_batch=on_batch
    )
    return [finish(p, text, {}) for p, text in zip(pieces, texts, strict=True)]


DECODERS: dict[Strategy, Decoder] = {Strategy.CASCADE: cascade, Strategy.DIRECT: direct}


def needs_redecoding(prepared: Prepared, english: str, verdicts: Sequence[Verdict] | None = None) -> bool:
    """Does a free translation miss a required term, or hold an avoid rendering? (``verdicts``: its verify.)"""
    if not prepared.require:
        return False
    if prepared.placeholders:
        return True
    if verdicts is None:
        verdicts = verify(english, prepared.expected)
    if any(not v.present for v in verdicts):
        return True
    return bool(find_avoided(english, prepared.avoid))


def finish(prepared: Prepared, english: str, how: dict[str, How]) -> Outcome:
    """Placeholders become their English; a leftover avoid rendering is replaced; the rest is counted."""
    how = dict(how)
    placeholder_of = {p.text: p.concept for p in prepared.require}
    for placeholder, target in prepared.placeholders:
        spans = find_spans(english, rendering_pattern(placeholder))
        for start, end in reversed(spans):
            english = english[:start] + target + english[end:]
        how[placeholder_of[placeholder]] = How.SUBSTITUTED
    for hit in reversed(find_avoided(english, prepared.avoid)):
        # Last resort (decoding bans these, so this is for spellings no ban anticipated): the wrong
        # rendering is the term, so the canonical English takes its place.
        english = english[: hit.start] + hit.target + english[hit.end :]
        how[hit.concept] = How.SUBSTITUTED
    english = fold_whitespace(english)  # one line: no control or line-break characters survive
    for phrase in prepared.require:
        how.setdefault(phrase.concept, How.CONSTRAINED)
    found = {v.concept: len(v.spans) for v in verify(english, prepared.expected)}
    found.update({v.concept: len(v.spans) for v in verify(english, prepared.drafts)})
    return Outcome(english, how, found)


# --- the whole pass ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a window: its 1-based number, text, glossary matches and sentences (split once)."""

    number: int
    text: str
    matches: Sequence[Match]
    sentences: tuple[Piece, ...]

    def matches_in(self, span: Piece) -> tuple[Match, ...]:
        return tuple(m for m in self.matches if span.start <= m.start < span.end)


SentenceId = tuple[int, int]  # (line index in the window, sentence index in the line)
Decoded = tuple[str, tuple[TermState, ...]]  # a sentence's English and the state of each of its matches
# The sentences ``todo`` of a window decoded: by this process's model, or by replicas elsewhere (scale/).
Decode = Callable[[Sequence[Line], Sequence[SentenceId]], list[Decoded]]


class Stage(Protocol):
    """A stage around decoding (the translation memory): takes sentences out before, is told the new ones after.

    :meth:`take` returns, for the sentences it answers, a finished :class:`SentenceResult`, or the id of
    an earlier sentence of the window (a repeat: decoded once, its English shared, origin ``memory``).
    """

    def take(self, window: Sequence[Line]) -> dict[SentenceId, SentenceResult | SentenceId]: ...

    def put(self, window: Sequence[Line], decoded: Mapping[SentenceId, SentenceResult]) -> None: ...


def translate_lines(
    lines: Iterable[str],
    translator: Translator,
    *,
    matcher: TermFinder | None = None,
    options: Options | None = None,
    on_progress: Callable[[int], None] | None = None,
    stage: Stage | None = None,
) -> Iterator[LineResult]:
    """Translate ``lines`` (no line ends), one :class:`LineResult` per line, in order.

    Lines are read a window at a time (one batch first, then ``options.window_size`` sentences),
    translated together in length-sorted batches, and yielded before the next window is read: output
    can be written and flushed as it comes.

    Args:
        lines: Chinese text, one paragraph per item, without line ends.
        translator: the model (:class:`~glossmt.translate.mt.backend.Translator`).
        matcher: finds the glossary's terms; None translates plainly (no terms).
        options: beams, batch size, hints, window and strategy (defaults: :class:`Options`).
        on_progress: called with the number of characters of ``lines`` each batch of the first pass
            finished (what a progress bar over characters advances by, within one long line too).
        stage: the translation memory (:class:`glossmt.translate.mt.remember.MemoryStage`), or none.

    Returns:
        An iterator of :class:`~glossmt.translate.mt.results.LineResult`, one per input line.
    """
    matched = ((line, matcher.find(line) if matcher is not None and line.strip() else []) for line in lines)
    glossary = matcher.glossary if matcher is not None else None
    yield from translate_matched(
        matched, translator, glossary=glossary, options=options, on_progress=on_progress, stage=stage
    )


def translate_matched(
    items: Iterable[tuple[str, Sequence[Match]]],
    translator: Translator | Decode,
    *,
    glossary: Glossary | None = None,
    options: Options | None = None,
    on_progress: Callable[[int], None] | None = None,
    stage: Stage | None = None,
    window: int | None = None,
) -> Iterator[LineResult]:
    """:func:`translate_lines` for lines whose glossary matches are found already: ``(line, matches)``.

    ``translator``: the model, or a :data:`Decode` that sends the sentences elsewhere (``--engine ray``).
    ``window``: sentences per window (default: one batch first, then ``options.window_size``).
    """
    opts = options or Options()
    decode = translator if callable(translator) else _Local(translator, glossary, opts, on_progress)
    batch: list[Line] = []
    sentences = 0
    limit = window or opts.batch_size  # the first window is one batch, so that a pipe shows output at once
    for number, (line, matches) in enumerate(items, 1):
        spans = tuple(split_sentences(line))  # the only place a line is split into sentences
        batch.append(Line(number, line, matches, spans))
        sentences += len(spans) or 1
        if sentences >= limit:
            yield from _translate_window(batch, decode, stage)
            batch, sentences, limit = [], 0, window or opts.window_size
    if batch:
        yield from _translate_window(batch, decode, stage)


def _translate_window(window: Sequence[Line], decode: Decode, stage: Stage | None) -> Iterator[LineResult]:
    """Take out what the stage knows, decode the rest once each, put the new back, assemble every line."""
    taken = stage.take(window) if stage is not None else {}
    todo = [(i, s) for i, line in enumerate(window) for s in range(len(line.sentences)) if (i, s) not in taken]
    fresh: dict[SentenceId, SentenceResult] = {}
    for (i, s), (target, states) in zip(todo, decode(window, todo), strict=True):
        fresh[(i, s)] = _result(window[i], s, target, states, Origin.MODEL)
    if stage is not None:
        stage.put(window, fresh)
    for i, line in enumerate(window):
        results = []
        for s in range(len(line.sentences)):
            known = taken.get((i, s))
            if isinstance(known, SentenceResult):
                results.append(known)
            elif known is not None:  # a repeat of a sentence decoded now: the same English and reports
                results.append(_repeat(line, s, fresh[known]))
            else:
                results.append(fresh[(i, s)])
        yield line_result(line.number, line.text, results)


def _repeat(line: Line, s: int, first: SentenceResult) -> SentenceResult:
    """Sentence ``s`` of ``line``, a repeat of ``first`` (the same text and matches): its reports, moved here."""
    span = line.sentences[s]
    shift = span.start - first.start
    terms = [
        replace(t, source=line.text[t.start + shift : t.end + shift], start=t.start + shift, end=t.end + shift)
        for t in first.terms
    ]
    return reported_result(line.text, span.start, span.end, first.target, terms, Origin.MEMORY)


def _result(line: Line, s: int, target: str, states: Sequence[TermState], origin: Origin) -> SentenceResult:
    span = line.sentences[s]
    return sentence_result(line.text, span.start, span.end, line.matches_in(span), target, states, origin)


@dataclass(frozen=True, slots=True)
class _Unit:
    """One piece of one sentence to decode, with the matches inside it (line offsets)."""

    sentence: SentenceId
    piece: Piece
    matches: tuple[Match, ...]


class _Local:
    """A :data:`Decode` on this process's model: pieces prepared, decoded by the strategy, verified."""

    def __init__(
        self,
        translator: Translator,
        glossary: Glossary | None,
        options: Options,
        on_progress: Callable[[int], None] | None,
    ) -> None:
        self.translator, self.glossary, self.options, self.on_progress = translator, glossary, options, on_progress
        self.spellings = Spellings(translator)

    def __call__(self, window: Sequence[Line], todo: Sequence[SentenceId]) -> list[Decoded]:
        if not todo:
            return []  # a window the memory answered whole never loads the model
        units: list[_Unit] = []
        prepared: list[Prepared] = []
        by_line: dict[int, list[int]] = {}
        for i, s in todo:
            by_line.setdefault(i, []).append(s)
        for i, chosen in by_line.items():
            line = window[i]
            reader = LineReader(line.text, line.matches, self.spellings, hint=self.options.hint)
            protected = [(m.start, m.end) for m in line.matches]
            spans = [line.sentences[s] for s in chosen]
            limit = self.translator.max_source_tokens
            sentences = segment_line(line.text, limit, reader.measure, protected, spans=spans)
            for s, sentence in zip(chosen, sentences, strict=True):
                for piece in sentence.pieces:
                    units.append(_Unit((i, s), piece, reader.matches_in(piece.start, piece.end)))
                    prepared.append(reader.prepare(piece, self.glossary))

        def batch_done(indices: Sequence[int]) -> None:
            if self.on_progress is not None:
                self.on_progress(sum(units[k].piece.end - units[k].piece.start for k in indices))

        outcomes = DECODERS[Strategy(self.options.strategy)](self.translator, prepared, self.options, batch_done)
        parts: dict[SentenceId, list[tuple[_Unit, Outcome]]] = {sid: [] for sid in todo}
        for unit, outcome in zip(units, outcomes, strict=True):
            parts[unit.sentence].append((unit, outcome))
        decoded = []
        for sid in todo:
            target = " ".join(o.text for _, o in parts[sid] if o.text)
            states = tuple(state for unit, outcome in parts[sid] for state in _states(unit.matches, outcome))
            decoded.append((target, states))
        return decoded


def _states(matches: Sequence[Match], outcome: Outcome) -> list[TermState]:
    """Per match of one piece: how it got there (drafts are reported, not enforced) and whether present."""
    present = nth_present(matches, outcome.found)
    return [
        (outcome.how.get(m.concept, How.MODEL) if m.term.approved else How.DRAFT, here)
        for m, here in zip(matches, present, strict=True)
    ]
