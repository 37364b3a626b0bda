"""``glossmt translate``: Chinese in, English out, every approved glossary term in place.

stdin to stdout by default (``cat a.txt | glossmt translate > a.en.txt``); stdout carries data only,
flushed window by window; progress and the summary go to stderr. With ``-o`` and several inputs or
folders the outputs go into a folder that mirrors the input trees, each written atomically under the
folder's lock, and a rerun keeps the ones whose input, glossary, model and settings are unchanged (the
folder's manifest), so an interrupted batch resumes where it stopped and an edited input is redone (the
planning, manifest, locking and running live in :mod:`glossmt.translate.batch`; this is the thin edge).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.fileio import DEFAULT_ENCODING, check_encoding, check_writable
from glossmt.glossary.loading import glossary_paths
from glossmt.glossary.outputs import guard_outputs
from glossmt.translate.batch.lock import output_lock
from glossmt.translate.batch.manifest import Recipe
from glossmt.translate.batch.plan import DEFAULT_GLOB, Job, keep_current, plan_outputs
from glossmt.translate.batch.run import run_batch
from glossmt.translate.cli.options import (
    STDIN,
    STDIN_NAME,
    EncodingOption,
    GlossaryOption,
    MemoryOption,
    inputs_or_stdin,
    memory_lost,
    plural,
)
from glossmt.translate.cli.progress import BatchProgress, Tally, is_tty
from glossmt.translate.cli.ray_run import check_ray_output, translate_with_ray
from glossmt.translate.memory.store import memory_path
from glossmt.translate.mt.backend import LazyTranslator
from glossmt.translate.mt.pinning import Consistency, Pin, Pinner
from glossmt.translate.mt.pipeline import MAX_BATCH_SIZE, MAX_BEAMS, MAX_THREADS, Options
from glossmt.translate.mt.results import LineResult, Strategy
from glossmt.translate.mt.writers import Format, RunInfo, Writer, open_writer
from glossmt.translate.signature import glossmt_version

if TYPE_CHECKING:
    from glossmt.glossary.matching import Matcher
    from glossmt.translate.memory.store import Memory


class Backend(StrEnum):
    AUTO = "auto"
    TRANSFORMERS = "transformers"
    CT2 = "ct2"


class ComputeType(StrEnum):
    AUTO = "auto"
    INT8 = "int8"
    INT8_FLOAT32 = "int8_float32"
    INT8_FLOAT16 = "int8_float16"
    FLOAT16 = "float16"
    FLOAT32 = "float32"


class Engine(StrEnum):
    LOCAL = "local"
    RAY = "ray"


class Device(StrEnum):
    AUTO = "auto"
    CPU = "cpu"
    CUDA = "cuda"


def translate_command(  # noqa: PLR0917 (typer passes options by keyword)
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE…|DIR…|-]", help="Chinese text, one paragraph per line; folders are walked; - or none: stdin."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="Output file; a folder (mirroring input trees) for several inputs."),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", help="text, jsonl (terms report), tsv, po (for review), html (a review page)."),
    ] = Format.TEXT,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", "-m", help="Hub id or local folder. Default: $GLOSSMT_MODEL, else Helsinki-NLP/opus-mt-zh-en."
        ),
    ] = None,
    device: Annotated[Device, typer.Option("--device", help="Where the model runs.")] = Device.AUTO,
    backend: Annotated[
        Backend,
        typer.Option(
            "--backend",
            help="auto: ct2 for a folder made by `glossmt models convert`, else transformers.",
        ),
    ] = Backend.AUTO,
    compute_type: Annotated[
        ComputeType, typer.Option("--compute-type", help="ct2 only; auto: int8 on CPU, int8_float16 on GPU.")
    ] = ComputeType.AUTO,
    threads: Annotated[
        int,
        typer.Option("--threads", min=0, max=MAX_THREADS, help="CPU threads (0: backend default; ray: 1 per replica)."),
    ] = 0,
    beams: Annotated[int, typer.Option("--beams", min=1, max=MAX_BEAMS, help="Beam size; 1 is greedy.")] = 4,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=MAX_BATCH_SIZE, help="Sentences per model call.")
    ] = 16,
    allow_pickle: Annotated[
        bool,
        typer.Option("--allow-pickle", help="Load a model stored only as pytorch_model.bin (a pickle; tensors only)."),
    ] = False,
    glossary: GlossaryOption = None,
    no_glossary: Annotated[
        bool, typer.Option("--no-glossary", help="Translate plainly, no terms (the baseline).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
    encoding: EncodingOption = DEFAULT_ENCODING,
    glob: Annotated[
        str, typer.Option("--glob", help="Which files of an input folder to translate (hidden ones never).")
    ] = DEFAULT_GLOB,
    force: Annotated[
        bool, typer.Option("--force", help="Redo every output of a folder run, even those that are up to date.")
    ] = False,
    memory: MemoryOption = None,
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Translate every sentence with the model; remember nothing.")
    ] = False,
    strategy: Annotated[
        Strategy,
        typer.Option(
            "--strategy",
            help="cascade: free pass with hints, constrained re-decoding of misses (fluent); "
            "direct: one constrained pass (faster when the model rarely gets the terms alone).",
        ),
    ] = Strategy.CASCADE,
    engine: Annotated[
        Engine, typer.Option("--engine", help="local: this process; ray: model replicas on a Ray cluster.")
    ] = Engine.LOCAL,
    replicas: Annotated[int, typer.Option("--replicas", min=1, help="Ray: model replicas (actors).")] = 1,
    gpus_per_replica: Annotated[
        float, typer.Option("--gpus-per-replica", min=0, help="Ray: GPUs each replica needs (1: one per GPU).")
    ] = 0,
    no_pin: Annotated[
        bool, typer.Option("--no-pin", help="Leave names the glossary lacks to the model (and stream stdin).")
    ] = False,
    consistency: Annotated[
        Consistency,
        typer.Option("--consistency", help="Pin a name repeated in one document, or anywhere in the batch."),
    ] = Consistency.DOCUMENT,
    candidates: Annotated[
        str | None,
        typer.Option("--candidates", metavar="OUT.po", help="Write the pinned names as glossary candidates."),
    ] = None,
) -> None:
    """Translate Chinese to English with every approved glossary term rendered as its canonical English."""
    inputs = _check_usage(files, glossary, no_glossary, candidates, no_pin, encoding)
    # --engine ray writes one file of records: the plan only checks the inputs.
    planned = check_ray_output(inputs, output, glossary) if engine is Engine.RAY else output
    plan = plan_outputs(inputs, planned, fmt.extension, glob=glob, force=force)
    if not no_glossary:  # nor may an output overwrite a term file
        _guard_outputs(plan.jobs, glossary, candidates)
    for folder in plan.empty:
        _note(quiet, f"{folder}: no file matches {glob} (--glob chooses others)")
    matcher, digest = (None, None) if no_glossary else _load_matcher(glossary)
    translator = LazyTranslator(
        model,
        device.value,
        backend=backend.value,
        compute_type=compute_type.value,
        threads=threads,
        allow_pickle=allow_pickle,
    )
    info = RunInfo(glossmt_version(), translator.signature, digest, beams, translator.engine)
    options = Options(beams=beams, batch_size=batch_size, strategy=strategy)
    store = _open_memory(memory_path(memory, disabled=no_memory))
    pinner = Pinner(matcher, translator) if matcher is not None and not no_pin else None
    plan = keep_current(
        plan, _recipe(digest, translator, f"format:{fmt}|beams:{beams}|strategy:{strategy}", pinner, consistency)
    )
    if engine is Engine.RAY:
        from glossmt.translate.scale.ray_engine import Replicas

        terms_files = None if no_glossary else tuple(str(path) for path in glossary or ())
        replicas_settings = Replicas(
            model, device.value, backend.value, compute_type.value, terms_files, digest, options, replicas,
            gpus_per_replica, threads=threads,
        )  # fmt: skip
        tally = Tally()
        translate_with_ray(
            inputs, Path(str(output)), replicas_settings, store, translator, matcher, info, encoding, tally,
            (pinner, consistency) if pinner is not None else None, debug=bool(ctx.find_root().params.get("debug")),
        )  # fmt: skip
        _write_candidates(candidates, pinner)
        _note(quiet, tally.summary(matcher is not None))
        return

    translate = _Translate(
        translator, matcher, options, store, pinner, _run_pins(pinner, consistency, plan.todo, encoding)
    )

    def writer(stream: TextIO, job: Job) -> Writer:
        translate.document = job.source_name  # run_batch opens a document's writer before translating it
        return open_writer(fmt, stream, info, job.source_name)

    tally = Tally()
    lock = output_lock(plan.folder) if plan.folder is not None else nullcontext()
    with lock, store or nullcontext():
        todo = plan.todo
        if plan.folder is not None and len(todo) < len(plan.jobs):
            kept = plural(len(plan.jobs) - len(todo), "output")
            _note(quiet, f"{plan.folder}: {kept} up to date, kept (--force redoes them)")
        tty = is_tty(sys.stderr)
        with BatchProgress(len(todo), tally.add, enabled=not quiet and tty, log=not quiet and not tty) as progress:
            translate.on_progress = progress.characters_done
            lines = fmt in (Format.TEXT, Format.TSV)
            report = run_batch(plan, translate, writer, encoding=encoding, progress=progress, line_ends=lines)
    _write_candidates(candidates, pinner)
    batch = len(plan.jobs) > 1 or plan.folder is not None
    if not quiet and (tally.lines or report.failed or batch):
        typer.echo(tally.summary(matcher is not None, report if batch else None), err=True)
    if report.failed:
        if len(plan.jobs) == 1:
            raise report.failed[0]
        for error in report.failed:
            typer.echo(f"error: {error}", err=True)
        raise BadInputError(
            f"{len(report.failed)} of {len(todo)} files could not be read; the others are written",
            hint="fix the files named above and rerun: finished files are kept",
        )


def _check_usage(  # noqa: PLR0917
    files: list[str] | None,
    glossary: list[Path] | None,
    no_glossary: bool,
    candidates: str | None,
    no_pin: bool,
    encoding: str,
) -> list[str]:
    """The inputs, once the options agree with each other: a usage error (exit 2) before any work."""
    if no_glossary and glossary:
        raise UsageError("-g/--glossary and --no-glossary contradict each other", hint="pass one of them")
    if candidates == STDIN:
        raise UsageError("--candidates needs a file name", hint="stdout carries the translation")
    if candidates is not None and (no_pin or no_glossary):
        raise UsageError("--candidates writes the pinned names, but pinning is off", hint="drop --no-pin")
    inputs = inputs_or_stdin(files)
    if inputs.count(STDIN) > 1:
        raise UsageError("stdin (-) named twice", hint="name - at most once")
    check_encoding(encoding)  # an unknown codec is a usage error (exit 2), found before any work
    return inputs


def _guard_outputs(jobs: Sequence[Job], glossary: list[Path] | None, candidates: str | None) -> None:
    """No output (a translation, the --candidates file) over an input, a term file or another output."""
    outputs = [(job.source, job.target) for job in jobs]
    if candidates is not None:
        outputs.append(("--candidates", candidates))
        check_writable(candidates)  # now, not once the whole run has been translated
    guard_outputs(outputs, also_inputs=glossary_paths(glossary))


def _recipe(
    digest: str | None, translator: LazyTranslator, settings: str, pinner: Pinner | None, consistency: Consistency
) -> Recipe:
    """What this run makes its outputs with, for the folder's manifest."""
    pinning = consistency.value if pinner is not None else "off"
    return Recipe(digest or "none", translator.memory_signature, f"{settings}|pin:{pinning}")


def _run_pins(pinner: Pinner | None, consistency: Consistency, jobs: Sequence[Job], encoding: str) -> list[Pin] | None:
    """With ``--consistency batch``, the pins of all the files, decided before the first is translated.

    None: each document decides its own; stdin alone is the batch's one document, decided once it is read.
    """
    if pinner is None or consistency is not Consistency.BATCH or all(job.source == STDIN for job in jobs):
        return None
    return list(pinner.decide(_readable(jobs, encoding)))


def _readable(jobs: Sequence[Job], encoding: str) -> list[tuple[str, str]]:
    """The batch's files as text, for deciding pins before the first is translated (stdin is not read)."""
    from glossmt.glossary.fileio import read_bytes
    from glossmt.translate.batch.encoding import decode_document

    documents = []
    for job in jobs:
        if job.source == STDIN:
            continue
        try:
            documents.append((job.source, decode_document(read_bytes(job.source), job.source, encoding).text))
        except BadInputError:
            continue  # the batch reports it when it reaches that file
    return documents


def _write_candidates(path: str | None, pinner: Pinner | None) -> None:
    if path is None:
        return
    from glossmt.glossary.extract import Format as CandidateFormat
    from glossmt.glossary.extract import render
    from glossmt.glossary.fileio import atomic_write_text

    pins = pinner.pins if pinner is not None else ()
    generator = f"glossmt translate {glossmt_version()}"
    text = render([p.as_candidate() for p in pins], CandidateFormat.PO, generator=generator)
    atomic_write_text(path, text)


def _load_matcher(glossary: list[Path] | None) -> tuple[Matcher, str]:
    from glossmt.glossary.loading import load_compiled

    compiled = load_compiled(glossary)
    return compiled.matcher(), compiled.glossary.digest()


class _Translate:
    """One document's lines to results: its pins (if any) decided, then memory or the model."""

    def __init__(  # noqa: PLR0917
        self,
        translator: LazyTranslator,
        matcher: Matcher | None,
        options: Options,
        store: Memory | None,
        pinner: Pinner | None,
        run_pins: Sequence[Pin] | None,
    ) -> None:
        self.translator, self.matcher, self.options, self.store = translator, matcher, options, store
        self.pinner, self.run_pins = pinner, run_pins
        self.document = STDIN_NAME
        self.on_progress: Callable[[int], None] | None = None  # characters translated (the progress bar)

    def __call__(self, lines: Iterable[str]) -> Iterable[LineResult]:
        # Pins become terms of this document's matcher, so the memory keys them like glossary entries.
        used, pins = self.matcher, None
        if self.pinner is not None:
            lines = list(lines)  # the document is read whole to decide its pins
            pins = self.run_pins
            if pins is None:
                pins = self.pinner.decide([(self.document, "\n".join(lines))])
            used = self.pinner.matcher_for(pins)
        results: Iterable[LineResult]
        if self.store is not None:
            from glossmt.translate.mt.remember import translate_remembered

            signature = self.translator.memory_signature
            results = translate_remembered(
                lines,
                self.translator,
                self.store,
                signature,
                matcher=used,
                options=self.options,
                on_progress=self.on_progress,
            )
        else:
            from glossmt.translate.mt.pipeline import translate_lines

            results = translate_lines(
                lines, self.translator, matcher=used, options=self.options, on_progress=self.on_progress
            )
        if pins is None:
            return results
        from glossmt.translate.mt.pinning import relabel

        return relabel(results, pins)


# --- stderr: progress and summary -------------------------------------------------------------------


def _note(quiet: bool, message: str) -> None:
    if not quiet:
        typer.echo(message, err=True)


def _open_memory(path: Path | None) -> Memory | None:
    if path is None:
        return None
    from glossmt.translate.memory.store import Memory

    return Memory(path, on_lost=memory_lost)
