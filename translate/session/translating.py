"""A translation session: the model, the compiled glossary, the options, the memory and pinning, set up once.

:class:`Session` is what ``glossmt translate`` runs, what the tests call and what a Python user (or a
server) holds: build it once, then translate any number of documents. Each document goes through one
path: its repeated unknown names pinned (:mod:`glossmt.translate.mt.pinning`), its sentences looked up
in the translation memory when there is one, the rest translated by the pass
(:mod:`glossmt.translate.mt.pipeline`); every line's result is added to the session's :class:`TermTally`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from glossmt.glossary.errors import BadInputError
from glossmt.glossary.io.fileio import DEFAULT_ENCODING, STDIN_NAME
from glossmt.translate.batch.manifest import Recipe
from glossmt.translate.batch.plan import Plan, keep_current
from glossmt.translate.mt.pinning import Pin, Pinner, Pinning
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.mt.results import How, LineResult, Origin
from glossmt.translate.mt.writers import Format, RunInfo
from glossmt.translate.signature import Signature, glossmt_version

if TYPE_CHECKING:
    from glossmt.glossary.compiled import Compiled
    from glossmt.glossary.matching import Matcher
    from glossmt.translate.batch.run import BatchReport, Progress
    from glossmt.translate.markup import Parts
    from glossmt.translate.memory.store import Memory
    from glossmt.translate.mt.backend import Translator
    from glossmt.translate.mt.remember import TranslateSentences
    from glossmt.translate.mt.tags import TaggedResult

__all__ = ["Pinning", "Session", "TermTally", "TranslatedDocument"]


@dataclass(slots=True)
class TermTally:
    """What a run translated: lines, term occurrences by how they got there, misses, memory hits."""

    lines: int = 0
    counts: dict[How, int] = field(default_factory=lambda: dict.fromkeys(How, 0))
    missing: int = 0  # approved term occurrences the English lacks
    sentences: int = 0
    remembered: int = 0  # sentences from the memory (reviewed ones included)
    reviewed: int = 0

    def add(self, result: LineResult) -> None:
        self.lines += 1
        self.sentences += len(result.sentences)
        self.remembered += result.from_memory
        self.reviewed += sum(s.origin is Origin.REVIEWED for s in result.sentences)
        for term in result.terms:
            self.counts[term.how] += 1
            if term.how.enforced and not term.present:
                self.missing += 1

    def summary(self, glossary: bool, report: BatchReport | None = None) -> str:
        """The one-line summary ``glossmt translate`` prints on stderr (``report``: a batch's file counts)."""
        files = ""
        if report is not None:
            files = report.files() + (f", {len(report.failed)} unreadable; " if report.failed else "; ")
        if not glossary:
            return f"{files}{self.lines} lines translated without a glossary{self._memory()}"
        approved = sum(n for how, n in self.counts.items() if how.enforced)
        parts = [f"{n} {how}" for how, n in self.counts.items() if n and how.enforced]
        text = f"{files}{self.lines} lines, {approved} term occurrences ({', '.join(parts) or 'none'})"
        if self.counts[How.DRAFT]:
            text += f", {self.counts[How.DRAFT]} draft terms reported, not enforced"
        text += self._memory()
        if self.missing:
            text += f"; warning: {self.missing} term occurrences missing (see --format jsonl)"
        return text

    def _memory(self) -> str:
        if not self.remembered:
            return ""
        reviewed = f", {self.reviewed} reviewed" if self.reviewed else ""
        return f"; {self.remembered} of {self.sentences} sentences from memory{reviewed}"


@dataclass(frozen=True, slots=True)
class TranslatedDocument:
    """One document's translation: a result per line, its tally, the names pinned in it."""

    name: str
    lines: tuple[LineResult, ...]
    tally: TermTally
    pins: tuple[Pin, ...] = ()

    @property
    def text(self) -> str:
        """The English, one line per input line."""
        return "".join(result.target + "\n" for result in self.lines)

    @property
    def memory_hits(self) -> int:
        """Sentences whose English came from the translation memory."""
        return self.tally.remembered


class Session:
    """A translator, a compiled glossary, options, a memory and a pinning policy, ready to translate.

    Args:
        translator: the model (any :class:`~glossmt.translate.mt.backend.Translator`; :meth:`load` finds one).
        glossary: the compiled glossary (``glossmt.glossary.loading.load_compiled``); None: no terms.
        options: beams, batch size, strategy (:class:`~glossmt.translate.mt.pipeline.Options`).
        memory: an open translation memory; None translates every sentence with the model.
        pinning: how names the glossary lacks are pinned; None: not at all (always off without a glossary).
    """

    def __init__(
        self,
        translator: Translator,
        glossary: Compiled | None = None,
        *,
        options: Options | None = None,
        memory: Memory | None = None,
        pinning: Pinning | None = None,
    ) -> None:
        self.translator = translator
        self.glossary = glossary
        self.options = options or Options()
        self.memory = memory
        self.pinning = pinning if glossary is not None else None
        self.matcher: Matcher | None = glossary.matcher() if glossary is not None else None
        self.pinner: Pinner | None = None
        if self.pinning is not None and self.matcher is not None:
            self.pinner = Pinner(self.matcher, translator, self.pinning)
        self.tally = TermTally()
        self._owned: list[Memory] = []

    @classmethod
    def load(
        cls,
        model: str | None = None,
        *,
        glossary: Sequence[str | Path] | None = None,
        use_glossary: bool = True,
        device: str = "auto",
        backend: str = "auto",
        compute_type: str = "auto",
        threads: int = 0,
        allow_pickle: bool = False,
        options: Options | None = None,
        memory: str | Path | None = None,
        pinning: Pinning | None = Pinning(),
        on_memory_lost: Callable[[BadInputError], None] | None = None,
    ) -> Session:
        """A session over the model ``model`` (hub id or folder; None: ``$GLOSSMT_MODEL`` or opus-mt-zh-en).

        The model is found now (a missing one raises ``ModelUnavailableError``) and loaded when the first
        text arrives. ``glossary``: term files (None: ``$GLOSSMT_GLOSSARY`` or the shipped terms);
        ``use_glossary=False`` translates plainly. ``memory``: the memory file to open (None: none);
        ``on_memory_lost``: told when the memory is locked or its disk full (the memory is a cache: the
        run goes on without remembering).
        """
        from glossmt.translate.mt.backend import LazyTranslator

        compiled = None
        if use_glossary:
            from glossmt.glossary.loading import load_compiled

            compiled = load_compiled(glossary or None)
        translator = LazyTranslator(
            model, device, backend=backend, compute_type=compute_type, threads=threads, allow_pickle=allow_pickle
        )
        store = None
        if memory is not None:
            from glossmt.translate.memory.store import Memory

            store = Memory(memory, on_lost=on_memory_lost)
        session = cls(translator, compiled, options=options, memory=store, pinning=pinning)
        if store is not None:
            session._owned.append(store)
        return session

    # --- what the outputs record -------------------------------------------------------------------

    @property
    def digest(self) -> str | None:
        """The glossary's digest (None without one)."""
        return self.glossary.glossary.digest() if self.glossary is not None else None

    @property
    def info(self) -> RunInfo:
        """How this session translates, as the outputs record it (their signature)."""
        engine = getattr(self.translator, "engine", Signature())
        return RunInfo(glossmt_version(), self.translator.signature, self.digest, self.options.beams, engine)

    @property
    def memory_signature(self) -> str:
        """The model as the memory keys it (id, revision or fingerprint, backend, compute type)."""
        return str(getattr(self.translator, "memory_signature", self.translator.signature))

    def recipe(self, fmt: Format | str = Format.TEXT) -> Recipe:
        """What this session makes ``fmt`` outputs with (glossary, model, settings): a folder's manifest records
        it with each output (:mod:`glossmt.translate.batch.manifest`), and a rerun redoes an output made otherwise."""
        pinning = self.pinning.consistency.value if self.pinner is not None and self.pinning is not None else "off"
        options = self.options
        settings = f"format:{fmt}|beams:{options.beams}|strategy:{options.strategy}|pin:{pinning}"
        return Recipe(self.digest or "none", self.memory_signature, settings)

    @property
    def pins(self) -> tuple[Pin, ...]:
        """Every name pinned so far in this session, in the order decided."""
        return self.pinner.pins if self.pinner is not None else ()

    def candidates(self, generator: str = "") -> str:
        """The names pinned so far as a PO file of glossary candidates, to review and merge."""
        from glossmt.glossary.extract import Format as CandidateFormat
        from glossmt.glossary.extract import render

        return render([pin.as_candidate() for pin in self.pins], CandidateFormat.PO, generator=generator)

    # --- translating -------------------------------------------------------------------------------

    def decide_pins(self, documents: Iterable[tuple[str, str]]) -> list[Pin]:
        """The pins for the names repeated in ``documents`` (``(name, text)``), decided once for the session."""
        return self.pinner.decide(documents) if self.pinner is not None else []

    def stream(
        self,
        lines: Iterable[str],
        *,
        name: str = STDIN_NAME,
        pins: Sequence[Pin] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> Iterator[LineResult]:
        """One document's lines (no line ends) in, one :class:`LineResult` per line out, window by window.

        With pinning on, the document is read whole first to decide its pins (``pins``: given ones, e.g. a
        batch's). ``on_progress``: called with the characters each batch finished (a progress bar).
        """
        for result in self._translate(lines, name, pins, on_progress):
            self.tally.add(result)
            yield result

    def translate_document(
        self, lines: Iterable[str] | str, *, name: str = "<document>", pins: Sequence[Pin] | None = None
    ) -> TranslatedDocument:
        """One document (its lines, or its text) translated whole: the results, its tally and its pins."""
        from glossmt.glossary.io.fileio import split_lines

        items = split_lines(lines) if isinstance(lines, str) else lines
        tally = TermTally()
        results = []
        for result in self.stream(items, name=name, pins=pins):
            tally.add(result)
            results.append(result)
        concepts = {t.concept for r in results for t in r.terms if t.how is How.PINNED}
        used = tuple(p for p in self.pins if p.concept in concepts)
        return TranslatedDocument(name, tuple(results), tally, used)

    def translate_segments(self, segments: Sequence[Parts], *, name: str = "<document>") -> list[TaggedResult]:
        """One document's segments (text and inline tags: :mod:`glossmt.translate.mt.tags`) translated.

        Every tag comes back once, validly nested, every approved term is present; names the glossary
        lacks are pinned as for text. The memory keys each sentence with its tags' placeholders.
        """
        from glossmt.translate.markup import plain
        from glossmt.translate.mt.pinning import relabel
        from glossmt.translate.mt.tags import translate_tagged

        used, pins = self.matcher, []
        if self.pinner is not None:
            pins = self.pinner.decide([(name, "\n".join(plain(parts) for parts in segments))])
            used = self.pinner.matcher_for(pins)
        stage = None
        if self.memory is not None:
            from glossmt.translate.mt.remember import memory_stage

            stage = memory_stage(self.memory, self.memory_signature, self.options, None)
        done = list(translate_tagged(segments, self.translator, matcher=used, options=self.options, stage=stage))
        for result in relabel((d.result for d in done), pins):
            self.tally.add(result)
        return done

    def keep_current(self, plan: Plan, fmt: Format | str = Format.TEXT) -> Plan:
        """``plan`` (a folder run's) with an existing output kept only when its folder's manifest says this
        session made it from its input's present bytes; the others are redone, and the report says why."""
        return keep_current(plan, self.recipe(fmt))

    def stream_batch(
        self,
        documents: Iterable[tuple[str, Sequence[str]]],
        *,
        pins: Mapping[str, Sequence[Pin]] | None = None,
        remote: TranslateSentences | None = None,
        window: int | None = None,
    ) -> Iterator[tuple[str, LineResult]]:
        """Several documents (``(name, lines)``) as one stream of windows: ``(name, LineResult)`` per line.

        Each is pinned on its own lines, or with ``pins[name]``; ``remote`` decodes the new sentences
        elsewhere (``--engine ray``'s replicas); ``window``: sentences per window
        (:func:`glossmt.translate.session.batches.stream_batch`).
        """
        from glossmt.translate.session.batches import stream_batch

        return stream_batch(self, documents, pins=pins, remote=remote, window=window)

    def translate_files(
        self,
        plan: Plan,
        *,
        fmt: Format = Format.TEXT,
        encoding: str = DEFAULT_ENCODING,
        progress: Progress | None = None,
        on_progress: Callable[[int], None] | None = None,
        stdout: TextIO | None = None,
    ) -> BatchReport:
        """Translate every job of ``plan`` (:func:`glossmt.translate.batch.plan.plan_outputs`) in ``fmt``.

        Outputs in a folder are written under its lock, each atomically, and recorded in its manifest (an
        existing output is kept only when current: :meth:`keep_current`, unless the plan was checked already);
        a text or TSV output keeps its input's line ends (CRLF stays CRLF). A file that cannot be read is
        reported in the returned :class:`~glossmt.translate.batch.run.BatchReport` and the others go on.
        With ``Consistency.BATCH`` pinning every file is read first and the run's pins decided once (stdin,
        read as it streams, is the batch's one document when it is the only input). The rest is in
        :mod:`glossmt.translate.session.files`.
        """
        from glossmt.translate.session.files import translate_files

        return translate_files(
            self, plan, fmt=fmt, encoding=encoding, progress=progress, on_progress=on_progress, stdout=stdout
        )

    def summary(self, plan: Plan, report: BatchReport) -> str | None:
        """The run's summary line (files, why outputs were redone, lines, terms, memory); None for one input that
        translated nothing."""
        batch = len(plan.jobs) > 1 or plan.folder is not None
        if not (self.tally.lines or report.failed or batch):
            return None
        return self.tally.summary(self.glossary is not None, report if batch else None)

    def _translate(
        self,
        lines: Iterable[str],
        name: str,
        pins: Sequence[Pin] | None,
        on_progress: Callable[[int], None] | None,
    ) -> Iterable[LineResult]:
        # Pins become terms of this document's matcher, so the memory keys them like glossary entries.
        used = self.matcher
        if self.pinner is not None:
            lines = list(lines)  # the document is read whole to decide its pins
            if pins is None:
                pins = self.pinner.decide([(name, "\n".join(lines))])
            used = self.pinner.matcher_for(pins)
        results: Iterable[LineResult]
        if self.memory is not None:
            from glossmt.translate.mt.remember import translate_remembered

            results = translate_remembered(
                lines,
                self.translator,
                self.memory,
                self.memory_signature,
                matcher=used,
                options=self.options,
                on_progress=on_progress,
            )
        else:
            from glossmt.translate.mt.pipeline import translate_lines

            results = translate_lines(
                lines, self.translator, matcher=used, options=self.options, on_progress=on_progress
            )
        if not pins:
            return results
        from glossmt.translate.mt.pinning import relabel

        return relabel(results, pins)

    # --- the memory it opened ----------------------------------------------------------------------

    def close(self) -> None:
        """Close the memory :meth:`load` opened (a memory passed in is the caller's to close)."""
        for store in self._owned:
            store.close()
        self._owned.clear()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
