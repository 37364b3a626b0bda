"""The translation memory as a stage of the pass: remembered sentences taken out before decoding, new ones put back.

The pass (:func:`glossmt.translate.mt.pipeline.translate_matched`) splits each line into sentences once
and finds its glossary terms once; :class:`MemoryStage` then keys each sentence (its normalised text, and
a context of the model, the decoding settings and the glossary entries inside it:
:mod:`glossmt.translate.memory.key`) and looks it up, approved human translations first, then the model's
own. What it answers is never decoded; a sentence repeated within the window is decoded once; the new
ones are remembered, with their term reports (offsets into the sentence), in one short transaction once
decoded; a hit gives those reports back in the line's offsets. A window whose sentences are all
remembered never loads the model. Every result, whatever its origin, is assembled by
:mod:`glossmt.translate.mt.assemble`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from glossmt.glossary.matching import Match, TermFinder
from glossmt.glossary.model import Glossary
from glossmt.translate.memory.key import Context, normalise_source
from glossmt.translate.memory.store import Memory, Remembered, StoredTerm
from glossmt.translate.mt.assemble import TermState, nth_present, reported_result, sentence_result
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.pipeline import Decode, Line, Options, SentenceId, translate_matched
from glossmt.translate.mt.results import How, LineResult, Origin, SentenceResult, Strategy, TermReport
from glossmt.translate.mt.segment import Piece
from glossmt.translate.verify import Expected, verify

__all__ = [
    "Flags",
    "MemoryStage",
    "SentenceItem",
    "TranslateSentences",
    "decoding_settings",
    "locally",
    "memory_stage",
    "translate_remembered",
]

# One sentence for the model: its text and its glossary matches (offsets into the sentence).
SentenceItem = tuple[str, list[Match]]
# Per match of a sentence sent alone, in order: how the term got there and whether it is present (what a
# remote decoder, the Ray replicas, sends back; the driver assembles the reports from them and its matches).
Flags = tuple[tuple[str, bool], ...]
# Sentences in, ``(English, flags)`` out, in order: replicas elsewhere (scale/).
TranslateSentences = Callable[[Sequence[SentenceItem]], Iterable[tuple[str, Flags]]]


def decoding_settings(options: Options) -> str:
    """The settings that change a sentence's English (batch size does not)."""
    return f"beams:{options.beams}|strategy:{Strategy(options.strategy)}|hint:{int(options.hint)}"


@dataclass(slots=True)
class MemoryStage:
    """A :class:`~glossmt.translate.mt.pipeline.Stage` over a :class:`Memory`.

    ``glossary``: every term the lines' matches may name (the run's glossary and its pinned names).
    """

    memory: Memory
    context: Context
    glossary: Glossary | None
    _keys: dict[SentenceId, tuple[str, str]] = field(default_factory=dict)

    def take(self, window: Sequence[Line]) -> dict[SentenceId, SentenceResult | SentenceId]:
        self._keys = {}
        for i, line in enumerate(window):
            for s, span in enumerate(line.sentences):
                inside = line.matches_in(span)
                source = normalise_source(line.text[span.start : span.end])
                self._keys[(i, s)] = (source, self.context.of(span.start, inside, self.glossary))
        approved = self.memory.approved(key[0] for key in self._keys.values())
        remembered = self.memory.lookup(key for key in self._keys.values() if key[0] not in approved)
        self.memory.touch(list(remembered))
        taken: dict[SentenceId, SentenceResult | SentenceId] = {}
        first: dict[tuple[str, str], SentenceId] = {}
        for sid, key in self._keys.items():
            line, span = window[sid[0]], window[sid[0]].sentences[sid[1]]
            matches = line.matches_in(span)
            if key[0] in approved:
                target = approved[key[0]].target
                states = _reviewed_states(matches, target)
                taken[sid] = sentence_result(line.text, span.start, span.end, matches, target, states, Origin.REVIEWED)
            elif (
                key in remembered and (reports := _reports(remembered[key].terms, line.text, span, matches)) is not None
            ):
                target = remembered[key].target
                taken[sid] = reported_result(line.text, span.start, span.end, target, reports, Origin.MEMORY)
            elif key in first:
                taken[sid] = first[key]  # decoded once, at its first occurrence in the window
            else:
                first[key] = sid
        return taken

    def put(self, window: Sequence[Line], decoded: Mapping[SentenceId, SentenceResult]) -> None:
        entries = []
        for sid, result in decoded.items():
            source, context = self._keys[sid]
            terms = tuple(
                StoredTerm(
                    t.concept, t.source, t.start - result.start, t.end - result.start, t.target, t.how, t.present
                )
                for t in result.terms
            )
            entries.append(Remembered(source, context, result.target, terms, self.context.model, self.context.settings))
        self.memory.remember(entries)


def memory_stage(memory: Memory, model: str, options: Options, glossary: Glossary | None) -> MemoryStage:
    """The memory stage of a run: ``model`` the model's signature, ``glossary`` every term matches may name."""
    return MemoryStage(memory, Context(model, decoding_settings(options)), glossary)


def _reports(
    stored: Sequence[StoredTerm], line: str, span: Piece, matches: Sequence[Match]
) -> tuple[TermReport, ...] | None:
    """A remembered sentence's term reports, in this line's offsets; None if they are not of ``matches``.

    The key holds every match's offsets, form and concept, so they agree unless the entry was written by
    another glossmt (or its ``how`` is a word this one lacks): such an entry is a miss (decoded again and
    replaced), never a wrong report.
    """
    at = span.start
    if [(t.start + at, t.end + at, t.concept) for t in stored] != [(m.start, m.end, m.concept) for m in matches]:
        return None
    if not all(t.how in How.__members__.values() for t in stored):
        return None
    return tuple(
        TermReport(
            t.concept, line[t.start + at : t.end + at], t.start + at, t.end + at, t.target, How(t.how), t.present
        )
        for t in stored
    )


def _reviewed_states(matches: Sequence[Match], english: str) -> list[TermState]:
    """A reviewed translation wins; its terms are verified against today's glossary, not assumed."""
    first: dict[tuple[str, bool], str] = {}
    counts: dict[tuple[str, bool], int] = {}
    for m in matches:
        key = (m.concept, m.term.approved)
        first.setdefault(key, m.target)
        counts[key] = counts.get(key, 0) + 1
    found: dict[tuple[str, bool], int] = {}
    for approved in (True, False):  # drafts are counted apart, as the plain pass counts them
        expected = [Expected(c, target, counts[(c, a)]) for (c, a), target in first.items() if a is approved]
        found.update({(v.concept, approved): len(v.spans) for v in verify(english, expected)})
    present = nth_present(matches, found, key=lambda m: (m.concept, m.term.approved))
    return [(How.REVIEWED if m.term.approved else How.DRAFT, here) for m, here in zip(matches, present, strict=True)]


def locally(
    translator: Translator,
    glossary: Glossary | None,
    options: Options,
    on_progress: Callable[[int], None] | None = None,
) -> TranslateSentences:
    """Translate sentences sent alone (a replica's side of ``--engine ray``) with this process's model."""

    def translate(items: Sequence[SentenceItem]) -> Iterator[tuple[str, Flags]]:
        results = translate_matched(items, translator, glossary=glossary, options=options, on_progress=on_progress)
        for result in results:
            yield result.target, tuple((str(t.how), t.present) for t in result.terms)

    return translate


def translate_remembered(
    lines: Iterable[str],
    translator: Translator | TranslateSentences,
    memory: Memory,
    model: str,
    *,
    matcher: TermFinder | None = None,
    options: Options | None = None,
    on_progress: Callable[[int], None] | None = None,
    window: int | None = None,
    matchers: Iterable[TermFinder | None] | None = None,
    glossary: Glossary | None = None,
) -> Iterator[LineResult]:
    """:func:`~glossmt.translate.mt.pipeline.translate_lines` through ``memory`` (the same pass, one stage more).

    Args:
        translator: the model, or a :data:`TranslateSentences` that sends the new sentences elsewhere.
        model: the model's signature for the memory (id, revision, backend, compute type).
        window: sentences per window (default: one batch first, then ``options.window_size``).
        matchers: one per line, where lines of one run have their own terms (each document's pinned
            names, ``--engine ray``); default ``matcher`` for every line.
        glossary: every term the matchers match (default ``matcher``'s glossary).

    Yields one :class:`LineResult` per line, in order; each sentence says where its English came from
    (``origin``: ``model``, ``memory`` or ``reviewed``).
    """
    opts = options or Options()
    terms = glossary if glossary is not None else (matcher.glossary if matcher is not None else None)
    stage = memory_stage(memory, model, opts, terms)
    each = zip(lines, matchers, strict=True) if matchers is not None else ((line, matcher) for line in lines)
    matched = ((line, m.find(line) if m is not None and line.strip() else []) for line, m in each)
    decode: Translator | Decode = translator if not callable(translator) else _remote(translator)
    yield from translate_matched(
        matched, decode, glossary=terms, options=opts, on_progress=on_progress, stage=stage, window=window
    )


def _remote(send: TranslateSentences) -> Decode:
    """A :data:`Decode` that sends each sentence alone (its matches shifted to it) and reads back its flags."""

    def decode(window: Sequence[Line], todo: Sequence[SentenceId]) -> list[tuple[str, tuple[TermState, ...]]]:
        items = []
        for i, s in todo:
            line, span = window[i], window[i].sentences[s]
            shifted = [replace(m, start=m.start - span.start, end=m.end - span.start) for m in line.matches_in(span)]
            items.append((line.text[span.start : span.end], shifted))
        if not items:
            return []
        return [(target, tuple((How(h), p) for h, p in flags)) for target, flags in send(items)]

    return decode
