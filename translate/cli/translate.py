"""``glossmt translate``: Chinese in, English out, every approved glossary term in place.

stdin to stdout by default (``cat a.txt | glossmt translate > a.en.txt``); stdout carries data only,
flushed window by window; progress and the summary go to stderr. With ``-o`` and several inputs or
folders the outputs go into a folder that mirrors the input trees, each written atomically under the
folder's lock, and a rerun keeps the ones whose input, glossary, model and settings are unchanged (the
folder's manifest), so an interrupted batch resumes where it stopped and an edited input is redone (the
session runs the batch: :meth:`glossmt.translate.session.Session.translate_files`; this is the thin edge).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from glossmt.glossary.errors import UsageError
from glossmt.glossary.io.fileio import DEFAULT_ENCODING, atomic_write_text, check_encoding, check_writable
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.glossary.loading import glossary_paths
from glossmt.glossary.names import NameOrigin
from glossmt.translate.batch.plan import DEFAULT_GLOB, Job, Plan, plan_outputs
from glossmt.translate.cli.documents import (
    EMPTY_PLAN,
    DocumentRun,
    InputFormat,
    InputFormatOption,
    documents_requested,
    translate_documents,
)
from glossmt.translate.cli.options import (
    INPUTS,
    STDIN,
    Backend,
    BackendOption,
    ComputeType,
    ComputeTypeOption,
    Device,
    DeviceOption,
    EncodingOption,
    Engine,
    GlossaryOption,
    MemoryOption,
    ModelOption,
    OriginOption,
    inputs_or_stdin,
    memory_lost,
)
from glossmt.translate.cli.progress import BatchProgress, is_tty
from glossmt.translate.cli.ray_run import check_ray_output, translate_with_ray
from glossmt.translate.memory.store import memory_path
from glossmt.translate.mt.pinning import Consistency
from glossmt.translate.mt.pipeline import MAX_BATCH_SIZE, MAX_BEAMS, MAX_THREADS, Options
from glossmt.translate.mt.results import Strategy
from glossmt.translate.mt.writers import Format
from glossmt.translate.session.files import kept_note
from glossmt.translate.session.translating import Pinning, Session
from glossmt.translate.signature import glossmt_version


def translate_command(  # noqa: PLR0917 (typer passes options by keyword)
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar=INPUTS, help="Chinese text, one paragraph per line; folders walked; - or none: stdin."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="Output file; a folder (mirroring input trees) for several inputs."),
    ] = None,
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", help="text, jsonl (terms report), tsv, po (for review), html (a review page)."),
    ] = Format.TEXT,
    input_format: InputFormatOption = InputFormat.AUTO,
    model: ModelOption = None,
    device: DeviceOption = Device.AUTO,
    backend: BackendOption = Backend.AUTO,
    compute_type: ComputeTypeOption = ComputeType.AUTO,
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
    origin: OriginOption = NameOrigin.ANY,
) -> None:
    """Translate Chinese to English with every approved glossary term rendered as its canonical English."""
    if no_glossary and glossary:
        raise UsageError("-g/--glossary and --no-glossary contradict each other", hint="pass one of them")
    _check_candidates(candidates, no_pin or no_glossary)
    inputs = inputs_or_stdin(files)
    if inputs.count(STDIN) > 1:
        raise UsageError("stdin (-) named twice", hint="name - at most once")
    check_encoding(encoding)  # an unknown codec is a usage error (exit 2), found before any work
    # --engine ray writes one file of records: the plan only checks the inputs.
    planned = check_ray_output(inputs, output, glossary) if engine is Engine.RAY else output
    other_output = fmt not in (Format.TEXT, Format.HTML) or engine is Engine.RAY  # html: a document's review page
    documents = documents_requested(inputs, input_format, other_output)
    plan = EMPTY_PLAN if documents else plan_outputs(inputs, planned, fmt.extension, glob=glob, force=force)
    if not no_glossary:  # nor may an output overwrite a term file
        _guard_outputs(plan.jobs, glossary, candidates)
    for folder in plan.empty:
        _note(quiet, f"{folder}: no file matches {glob} (--glob chooses others)")
    session = Session.load(
        model,
        glossary=glossary,
        use_glossary=not no_glossary,
        device=device.value,
        backend=backend.value,
        compute_type=compute_type.value,
        threads=threads,
        allow_pickle=allow_pickle,
        options=Options(beams=beams, batch_size=batch_size, strategy=strategy),
        memory=memory_path(memory, disabled=no_memory),
        pinning=None if no_pin else Pinning(consistency, origin=origin),
        on_memory_lost=memory_lost,
    )
    with session:
        if documents:  # documents come back in their own format (cli/documents.py)
            run = DocumentRun(inputs, output, glob, force, quiet, input_format, glossary, review=fmt is Format.HTML)
            translate_documents(run, session)
        elif engine is Engine.RAY:
            from glossmt.translate.scale.ray_engine import Replicas

            terms_files = None if no_glossary else tuple(str(path) for path in glossary or ())
            settings = Replicas(
                model, device.value, backend.value, compute_type.value, terms_files, session.digest,
                session.options, replicas, gpus_per_replica, threads=threads,
            )  # fmt: skip
            debug = bool(ctx.find_root().params.get("debug"))
            translate_with_ray(inputs, Path(str(output)), settings, session, encoding, debug=debug)
            _note(quiet, session.tally.summary(not no_glossary))
        else:
            _translate_files(session, plan, fmt, encoding, quiet)
    if candidates is not None:
        atomic_write_text(candidates, session.candidates(f"glossmt translate {glossmt_version()}"))


def _translate_files(session: Session, plan: Plan, fmt: Format, encoding: str, quiet: bool) -> None:
    if plan.folder is not None:
        plan = session.keep_current(plan, fmt)
        _note(quiet, kept_note(plan))
    tty = is_tty(sys.stderr)
    with BatchProgress(len(plan.todo), enabled=not quiet and tty, log=not quiet and not tty) as progress:
        report = session.translate_files(
            plan, fmt=fmt, encoding=encoding, progress=progress, on_progress=progress.characters_done
        )
    _note(quiet, session.summary(plan, report))
    error = report.error(len(plan.jobs))
    if error is not None:
        for failed in report.failed if len(plan.jobs) > 1 else ():
            typer.echo(f"error: {failed}", err=True)
        raise error


def _guard_outputs(jobs: Sequence[Job], glossary: list[Path] | None, candidates: str | None) -> None:
    """No output (a translation, the --candidates file) over an input, a term file or another output."""
    outputs = [(job.source, job.target) for job in jobs]
    if candidates is not None:
        outputs.append(("--candidates", candidates))
        check_writable(candidates)  # now, not once the whole run has been translated
    guard_outputs(outputs, also_inputs=glossary_paths(glossary))


def _check_candidates(candidates: str | None, pinning_off: bool) -> None:
    if candidates == STDIN:
        raise UsageError("--candidates needs a file name", hint="stdout carries the translation")
    if candidates is not None and pinning_off:
        raise UsageError("--candidates writes the pinned names, but pinning is off", hint="drop --no-pin")


# --- stderr: progress and summary -------------------------------------------------------------------


def _note(quiet: bool, message: str | None) -> None:
    if not quiet and message:
        typer.echo(message, err=True)
