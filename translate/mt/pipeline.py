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

from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from glossmt.glossary.matching import Match, Matcher
from glossmt.glossary.model import Glossary
from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.prepare import LineReader, Prepared, Spellings
from glossmt.translate.mt.results import How, LineResult, SentenceResult, Strategy, TermReport
from glossmt.translate.mt.segment import Piece, segment_line, split_sentences
from glossmt.translate.verify import find_avoided, find_spans, rendering_pattern, verify

__all__ = ["Options", "Outcome", "cascade", "direct", "translate_lines", "translate_matched"]


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
    failed = [i for i, (p, text) in enumerate(zip(pieces, first, strict=True)) if needs_redecoding(p, text)]
    second = translate_sorted(
        translator, [pieces[i] for i in failed], forced=True, beams=options.beams, batch_size=options.batch_size
    )
    redone = dict(zip(failed, second, strict=True))
    outcomes = []
    for i, (prepared, text) in enumerate(zip(pieces, first, strict=True)):
        free = {v.concept for v in verify(text, prepared.expected) if v.present}
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


def needs_redecoding(prepared: Prepared, english: str) -> bool:
    """Does a free translation miss a required term, or hold an avoid rendering?"""
    if not prepared.require:
        return False
    if prepared.placeholders:
        return True
    if any(not v.present for v in verify(english, prepared.expected)):
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
    """Translate ``lines`` (no line ends), one :class:`LineResult` per line, in order.

    Lines are read a window at a time (one batch first, then ``options.window_size`` pieces),
    translated together in length-sorted batches, and yielded before the next window is read: output
    can be written and flushed as it comes.

    Args:
        lines: Chinese text, one paragraph per item, without line ends.
        translator: the model (:class:`~glossmt.translate.mt.backend.Translator`).
        matcher: finds the glossary's terms; None translates plainly (no terms).
        options: beams, batch size, hints, window and strategy (defaults: :class:`Options`).
        on_progress: called with the number of characters of ``lines`` each batch of the first pass
            finished (what a progress bar over characters advances by, within one long line too).

    Returns:
        An iterator of :class:`~glossmt.translate.mt.results.LineResult`, one per input line.
    """
    matched = ((line, matcher.find(line) if matcher is not None and line.strip() else []) for line in lines)
    glossary = matcher.glossary if matcher is not None else None
    yield from translate_matched(matched, translator, glossary=glossary, options=options, on_progress=on_progress)


def translate_matched(
    items: Iterable[tuple[str, Sequence[Match]]],
    translator: Translator,
    *,
    glossary: Glossary | None = None,
    options: Options | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[LineResult]:
    """:func:`translate_lines` for lines whose glossary matches are found already: ``(line, matches)``.

    The translation memory (mt/remember.py) finds terms on whole lines and sends single sentences here.
    """
    opts = options or Options()
    spellings = Spellings(translator)
    window: list[tuple[int, str, Sequence[Match]]] = []
    pieces = 0
    limit = opts.batch_size  # the first window is one batch, so that a pipe shows output at once
    for number, (line, matches) in enumerate(items, 1):
        window.append((number, line, matches))
        pieces += len(split_sentences(line)) or 1  # long sentences may still become several pieces
        if pieces >= limit:
            yield from _translate_window(window, translator, glossary, spellings, opts, on_progress)
            window, pieces, limit = [], 0, opts.window_size
    if window:
        yield from _translate_window(window, translator, glossary, spellings, opts, on_progress)


def _translate_window(  # noqa: PLR0917 (one window's context, passed on from translate_lines)
    window: Sequence[tuple[int, str, Sequence[Match]]],
    translator: Translator,
    glossary: Glossary | None,
    spellings: Spellings,
    options: Options,
    on_progress: Callable[[int], None] | None,
) -> Iterator[LineResult]:
    units: list[_Unit] = []
    prepared: list[Prepared] = []
    layouts = []
    for index, (_, line, matches) in enumerate(window):
        reader = LineReader(line, matches, spellings, hint=options.hint)
        protected = [(m.start, m.end) for m in matches]
        sentences = segment_line(line, translator.max_source_tokens, reader.measure, protected)
        layouts.append(sentences)
        for s_index, sentence in enumerate(sentences):
            for piece in sentence.pieces:
                units.append(_Unit(index, s_index, piece, reader.matches_in(piece.start, piece.end)))
                prepared.append(reader.prepare(piece, glossary))

    def batch_done(indices: Sequence[int]) -> None:
        if on_progress is not None:
            on_progress(sum(units[i].piece.end - units[i].piece.start for i in indices))

    outcomes = DECODERS[Strategy(options.strategy)](translator, prepared, options, batch_done)
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


def _reports(unit: _Unit, outcome: Outcome) -> list[TermReport]:
    """One report per match; the n-th occurrence of a concept is present if the English holds n."""
    seen: dict[str, int] = {}
    reports = []
    for match in unit.matches:
        nth = seen.get(match.concept, 0)
        seen[match.concept] = nth + 1
        how = outcome.how.get(match.concept, How.MODEL) if match.term.approved else How.DRAFT
        present = outcome.found.get(match.concept, 0) > nth
        reports.append(TermReport(match.concept, match.text, match.start, match.end, match.target, how, present))
    return reports
