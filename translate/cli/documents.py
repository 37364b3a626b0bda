"""``glossmt translate --input-format``: documents in, the same format out, markup and terms kept.

The edge between the command line and :mod:`glossmt.translate.documents`, translating through the
library's front door (:meth:`glossmt.translate.session.Session.translate_segments`): which inputs are documents
(``auto``: by suffix; folders may mix formats), where each output goes (the plan of
:mod:`glossmt.translate.batch.plan`, the input's suffix kept: ``news/a.html`` → ``out/a.en.html``),
and one document at a time: read whole (a malformed file fails before anything is written), translated,
written atomically. A folder run records each output in the folder's manifest, as text runs do: a rerun
keeps only the outputs made from their input's present bytes by the same glossary, model and settings.
Plain text goes through ``translate``'s own streaming path unless a run mixes it with documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from glossmt.glossary.errors import BadInputError, GlossmtError, UsageError
from glossmt.glossary.io.fileio import STDIO, atomic_write_bytes, read_bytes
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.glossary.loading import glossary_paths
from glossmt.translate.batch.lock import output_lock
from glossmt.translate.batch.manifest import source_digest
from glossmt.translate.batch.plan import DEFAULT_GLOB, Job, Plan, plan_outputs
from glossmt.translate.documents import FORMATS, DocumentFormat, format_for, suffixes
from glossmt.translate.mt.documents import assemble, pending
from glossmt.translate.session.files import kept_note

if TYPE_CHECKING:
    from glossmt.translate.session.translating import Session

__all__ = [
    "EMPTY_PLAN",
    "DocumentRun",
    "InputFormat",
    "InputFormatOption",
    "documents_requested",
    "translate_documents",
]


class InputFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    XLIFF = "xliff"
    HTML = "html"
    MD = "md"
    DOCX = "docx"
    SRT = "srt"
    VTT = "vtt"


InputFormatOption = Annotated[
    InputFormat,
    typer.Option("--input-format", help="auto (by suffix), text, xliff, html, md, docx, srt, vtt: same format out."),
]
EMPTY_PLAN = Plan(())  # what translate_command's text plan is in a document run


def documents_requested(inputs: Sequence[str], input_format: InputFormat, other_output: bool) -> bool:
    """Does this run read documents (a format named, or ``auto`` finding a document suffix)?

    ``other_output``: ``--format`` other than text or ``--engine ray`` was asked for: not with documents
    named as such, and folders then give their text files only (as before documents were read).
    """
    found = _documents_in(inputs, input_format, walk=not other_output)
    if found and other_output:
        raise UsageError(
            "documents are written back in their own format",
            hint="drop --format (or ask --format html: a review page) and --engine ray",
        )
    return found


def _documents_in(inputs: Sequence[str], input_format: InputFormat, *, walk: bool) -> bool:
    if input_format is not InputFormat.AUTO:
        return input_format is not InputFormat.TEXT
    documents = tuple(s for s in suffixes() if s != ".txt")
    for name in inputs:
        path = Path(name)
        if name != STDIO and path.is_dir():
            files = path.rglob("*")
            visible = (p for p in files if not any(part.startswith(".") for part in p.relative_to(path).parts))
            if walk and any(p.suffix.lower() in documents for p in visible):
                return True
        elif path.suffix.lower() in documents:
            return True
    return False


@dataclass(frozen=True, slots=True)
class DocumentRun:
    """What the command line asked of a document run."""

    inputs: Sequence[str]
    output: str | None
    glob: str
    force: bool
    quiet: bool
    input_format: InputFormat
    glossary: list[Path] | None
    review: bool = False  # --format html: each document's review page (its segments), not the document


def _format_of(job: Job, input_format: InputFormat) -> DocumentFormat:
    if input_format is not InputFormat.AUTO:
        return FORMATS[input_format.value]
    return format_for(job.source) or FORMATS["text"]


def plan_documents(run: DocumentRun) -> Plan:
    """Each input document and its output, the input's suffix kept; folders walked for every format."""
    walk = "*" if run.glob == DEFAULT_GLOB else run.glob
    if run.review:
        plan = plan_outputs(run.inputs, run.output, ".html", glob=walk, force=run.force)
    else:
        plan = plan_outputs(run.inputs, run.output, "", glob=walk, force=run.force, keep_suffix=True)
    known = suffixes()
    folders = [str(Path(f)) for f in run.inputs if f != STDIO and Path(f).is_dir()]
    jobs = []
    for job in plan.jobs:
        walked = any(job.source.startswith(folder) for folder in folders)
        if run.input_format is InputFormat.AUTO and walked and Path(job.source).suffix.lower() not in known:
            continue  # a file of a walked folder in no known format
        jobs.append(job)
    guard_outputs(((job.source, job.target) for job in jobs), also_inputs=glossary_paths(run.glossary))
    return Plan(tuple(jobs), plan.folder, plan.empty)


def translate_documents(run: DocumentRun, session: Session) -> None:
    """Translate each document into its output through the session; one error line per bad file, exit 3 if any."""
    plan = plan_documents(run)
    if plan.folder is not None:
        plan = session.keep_current(plan, "documents")
        _note(run.quiet, kept_note(plan))
    jobs = plan.todo
    failed: list[GlossmtError] = []
    with output_lock(plan.folder) if plan.folder is not None else nullcontext():
        for job in jobs:
            try:
                data = _one(job, run, session)
            except BadInputError as error:
                if len(plan.jobs) == 1:
                    raise
                failed.append(error)
                typer.echo(f"error: {error}", err=True)
                continue
            if plan.manifest is not None and plan.recipe is not None and job.target is not None:
                plan.manifest.record(job.target, source_digest(data), plan.recipe)
    if session.tally.lines or failed:
        _note(run.quiet, session.tally.summary(session.glossary is not None).replace(" lines", " segments", 1))
    if failed:
        raise BadInputError(
            f"{len(failed)} of {len(jobs)} documents could not be read; the others are written",
            hint="fix the files named above and rerun: finished files are kept",
        )


def _one(job: Job, run: DocumentRun, session: Session) -> bytes:
    """One document: read whole, translated, written atomically (nothing is written if it is malformed).

    Returns the bytes it was read from (for the manifest)."""
    fmt = _format_of(job, run.input_format)
    if fmt.binary and job.target is None and not run.review:
        raise UsageError(f"{job.source_name}: {fmt.title} are binary, not for a terminal", hint="pass -o FILE")
    data = read_bytes(job.source)
    try:
        document = fmt.read(data, job.source_name)
    except ModuleNotFoundError as exc:
        hint = "pip install 'glossmt[documents]'"
        raise UsageError(f"{fmt.title} need {exc.name}, of the documents extra", hint=hint) from None
    todo = pending(document, force=run.force)
    done = session.translate_segments([document.segments[i].parts for i in todo], name=job.source_name)
    if run.review:  # what was translated, segment by segment (tags as their placeholders), escaped
        from glossmt.translate.mt.review_page import review_page

        rows = (replace(d.result, number=document.segments[i].line or i + 1) for i, d in zip(todo, done, strict=True))
        page = review_page(rows, signature=session.info.signature, source_name=job.source_name)
        written = page.encode("utf-8")
    else:
        translations, _ = assemble(document, todo, done)
        written = document.write(translations, session.info.signature)
    if job.target is not None:
        job.target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(job.target if job.target is not None else STDIO, written)
    return data


def _note(quiet: bool, message: str | None) -> None:
    if not quiet and message:
        typer.echo(message, err=True)
