"""The translation pass with a translation memory in front: only new sentences reach the model.

Per window of lines: find the glossary terms of each line (on the whole line, as the plain pass does), cut
it into sentences, and look each sentence up, approved human translations first, then the model's own
under the same context (:mod:`glossmt.translate.memory.key`). The sentences found nowhere are translated,
each once however often it occurs, by the plain pass with the line's own matches, and remembered in one
short transaction; the lines are then assembled exactly as the plain pass assembles them. A window whose
sentences are all remembered never loads the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from glossmt.glossary.matching import Match, Matcher
from glossmt.glossary.model import Glossary
from glossmt.translate.memory.key import Context, normalise_source
from glossmt.translate.memory.store import Approved, Memory, Remembered
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.pipeline import Options, translate_matched
from glossmt.translate.mt.results import How, LineResult, Origin, SentenceResult, Strategy, TermReport
from glossmt.translate.mt.segment import split_sentences
from glossmt.translate.verify import Expected, verify

__all__ = ["Flags", "SentenceItem", "TranslateSentences", "decoding_settings", "locally", "translate_remembered"]

# One sentence for the model: its text and its glossary matches (offsets into the sentence).
SentenceItem = tuple[str, list[Match]]
# Per match, in order: how the term got there and whether it is present.
Flags = tuple[tuple[str, bool], ...]
# Sentences in, ``(English, flags)`` out, in order: this process's model, or replicas elsewhere (scale/).
TranslateSentences = Callable[[Sequence[SentenceItem]], Iterable[tuple[str, Flags]]]


def decoding_settings(options: Options) -> str:
    """The settings that change a sentence's English (batch size does not)."""
    return f"beams:{options.beams}|strategy:{Strategy(options.strategy)}|hint:{int(options.hint)}"


@dataclass(frozen=True, slots=True)
class _Sentence:
    line: int  # index in the window
    start: int
    end: int
    matches: tuple[Match, ...]  # offsets into the line
    key: tuple[str, str]  # (normalised source, context)


def locally(
    translator: Translator,
    glossary: Glossary | None,
    options: Options,
    on_progress: Callable[[int], None] | None = None,
) -> TranslateSentences:
    """Translate sentences with this process's model: each alone, as the plain pass would inside its line."""

    def translate(items: Sequence[SentenceItem]) -> Iterator[tuple[str, Flags]]:
        results = translate_matched(items, translator, glossary=glossary, options=options, on_progress=on_progress)
        for result in results:
            yield result.target, tuple((t.how, t.present) for t in result.terms)

    return translate


def translate_remembered(
    lines: Iterable[str],
    translator: Translator | TranslateSentences,
    memory: Memory,
    model: str,
    *,
    matcher: Matcher | None = None,
    options: Options | None = None,
    on_progress: Callable[[int], None] | None = None,
    window: int | None = None,
    matchers: Iterable[Matcher | None] | None = None,
) -> Iterator[LineResult]:
    """Like :func:`~glossmt.translate.mt.pipeline.translate_lines`, through ``memory``.

    Args:
        translator: the model, or a :data:`TranslateSentences` that sends the new sentences elsewhere.
        model: the model's signature for the memory (id, revision, backend, compute type).
        window: lines per lookup (default: one batch first, then ``options.window_size``).
        matchers: one per line, where lines of one run have their own terms (each document's pinned
            names, ``--engine ray``); default ``matcher`` for every line. With a local model,
            ``matcher``'s glossary must hold every term they match.

    Yields one :class:`LineResult` per line, in order; each sentence says where its English came from
    (``origin``: ``model``, ``memory`` or ``reviewed``).
    """
    opts = options or Options()
    glossary = matcher.glossary if matcher is not None else None
    sentences = translator if callable(translator) else locally(translator, glossary, opts, on_progress)
    run = _Run(sentences, memory, Context(model, decoding_settings(opts)))
    lines_in: list[tuple[str, Matcher | None]] = []
    first = 1
    limit = window or opts.batch_size  # the first window is one batch, so a pipe shows output at once
    each = zip(lines, matchers, strict=True) if matchers is not None else ((line, matcher) for line in lines)
    for line in each:
        lines_in.append(line)
        if len(lines_in) >= limit:
            yield from run.window(first, lines_in)
            first += len(lines_in)
            lines_in, limit = [], window or opts.window_size
    if lines_in:
        yield from run.window(first, lines_in)


@dataclass(frozen=True, slots=True)
class _Run:
    translate_sentences: TranslateSentences
    memory: Memory
    context: Context

    def sentences(self, index: int, line: str, matcher: Matcher | None) -> list[_Sentence]:
        matches = matcher.find(line) if matcher is not None and line.strip() else []
        glossary = matcher.glossary if matcher is not None else None
        found = []
        for piece in split_sentences(line):
            inside = tuple(m for m in matches if piece.start <= m.start < piece.end)
            key = (normalise_source(line[piece.start : piece.end]), self.context.of(piece.start, inside, glossary))
            found.append(_Sentence(index, piece.start, piece.end, inside, key))
        return found

    def window(self, first: int, matched: Sequence[tuple[str, Matcher | None]]) -> Iterator[LineResult]:
        """Lines ``first``, ``first + 1``, … : remembered sentences looked up, the others translated once."""
        sentences = [self.sentences(index, line, matcher) for index, (line, matcher) in enumerate(matched)]
        lines = [line for line, _ in matched]
        every = [s for found in sentences for s in found]
        approved = self.memory.approved(s.key[0] for s in every)
        remembered = self.memory.lookup(s.key for s in every if s.key[0] not in approved)
        missing: dict[tuple[str, str], _Sentence] = {}
        for s in every:
            if s.key[0] not in approved and s.key not in remembered:
                missing.setdefault(s.key, s)
        fresh = self.translate(list(missing.values()), lines)
        self.memory.remember(list(fresh.values()))
        self.memory.touch(list(remembered))
        for index, line in enumerate(lines):
            results = []
            for s in sentences[index]:
                source = line[s.start : s.end]
                if s.key[0] in approved:
                    results.append(_from_approved(s, source, approved[s.key[0]]))
                elif s.key in fresh:
                    # The first occurrence was translated now; a repeat within the window is a memory hit.
                    origin = Origin.MODEL if missing[s.key] is s else Origin.MEMORY
                    results.append(_from_memory(s, source, fresh[s.key], origin))
                else:
                    results.append(_from_memory(s, source, remembered[s.key], Origin.MEMORY))
            yield LineResult(first + index, line, " ".join(r.target for r in results if r.target), tuple(results))

    def translate(self, todo: Sequence[_Sentence], lines: Sequence[str]) -> dict[tuple[str, str], Remembered]:
        """Each new sentence once, with its line's matches shifted to the sentence."""
        items = [(lines[s.line][s.start : s.end], [_shift(m, -s.start) for m in s.matches]) for s in todo]
        fresh = {}
        for s, (target, flags) in zip(todo, self.translate_sentences(items), strict=True):
            fresh[s.key] = Remembered(*s.key, target, flags, self.context.model, self.context.settings)
        return fresh


def _shift(match: Match, by: int) -> Match:
    return replace(match, start=match.start + by, end=match.end + by)


def _from_memory(s: _Sentence, source: str, entry: Remembered, origin: Origin) -> SentenceResult:
    terms = tuple(
        TermReport(m.concept, m.text, m.start, m.end, m.target, How(how), present)  # the line's own offsets
        for m, (how, present) in zip(s.matches, entry.terms, strict=True)
    )
    return SentenceResult(s.start, s.end, source, entry.target, terms, origin)


def _from_approved(s: _Sentence, source: str, entry: Approved) -> SentenceResult:
    """A reviewed translation wins; its terms are verified against today's glossary, not assumed."""
    first: dict[tuple[str, bool], str] = {}
    counts: dict[tuple[str, bool], int] = {}
    for m in s.matches:
        key = (m.concept, m.term.approved)
        first.setdefault(key, m.target)
        counts[key] = counts.get(key, 0) + 1
    found: dict[tuple[str, bool], int] = {}
    for approved in (True, False):  # drafts are counted apart, as the plain pass counts them
        expected = [Expected(c, target, counts[(c, a)]) for (c, a), target in first.items() if a is approved]
        found.update({(v.concept, approved): len(v.spans) for v in verify(entry.target, expected)})
    seen: dict[tuple[str, bool], int] = {}
    terms = []
    for m in s.matches:
        key = (m.concept, m.term.approved)
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        how = How.REVIEWED if m.term.approved else How.DRAFT
        terms.append(TermReport(m.concept, m.text, m.start, m.end, m.target, how, found.get(key, 0) > nth))
    return SentenceResult(s.start, s.end, source, entry.target, tuple(terms), Origin.REVIEWED)
