"""A session's batch runs: many files (a folder mirrored, or stdin) translated through one session.

What :meth:`glossmt.translate.session.Session.translate_files` does: check a folder run's existing outputs
against its manifest (:mod:`glossmt.translate.batch.manifest`: kept only when made from the input's present
bytes with the session's glossary, model and settings), decide a ``--consistency batch`` run's pins once,
then run the plan under the folder's lock (:func:`glossmt.translate.batch.run.run_batch`). :func:`kept_note`
is the one line a folder run says about what it kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, TextIO

from glossmt.glossary.errors import BadInputError
from glossmt.glossary.io.fileio import DEFAULT_ENCODING, STDIN_NAME, STDIO, read_bytes
from glossmt.translate.batch.plan import Job, Plan
from glossmt.translate.mt.pinning import Consistency
from glossmt.translate.mt.results import LineResult
from glossmt.translate.mt.writers import Format, Writer, open_writer

if TYPE_CHECKING:
    from glossmt.translate.batch.run import BatchReport, Progress
    from glossmt.translate.session.translating import Session

__all__ = ["kept_note", "translate_files"]


def translate_files(
    session: Session,
    plan: Plan,
    *,
    fmt: Format = Format.TEXT,
    encoding: str = DEFAULT_ENCODING,
    progress: Progress | None = None,
    on_progress: Callable[[int], None] | None = None,
    stdout: TextIO | None = None,
) -> BatchReport:
    """:meth:`Session.translate_files <glossmt.translate.session.Session.translate_files>`."""
    from glossmt.translate.batch.lock import output_lock
    from glossmt.translate.batch.run import run_batch

    if plan.folder is not None and plan.recipe is None:
        plan = session.keep_current(plan, fmt)
    run_pins = None
    pinning = session.pinning
    batch = session.pinner is not None and pinning is not None and pinning.consistency is Consistency.BATCH
    # Stdin alone is read as it streams: the batch's one document, pinned as a document is.
    if batch and any(job.source != STDIO for job in plan.todo):
        run_pins = session.decide_pins(_readable(plan.todo, encoding))
    info = session.info
    current = [STDIN_NAME]

    def writer(stream: TextIO, job: Job) -> Writer:
        current[0] = job.source_name  # run_batch opens a document's writer before translating it
        return open_writer(fmt, stream, info, job.source_name)

    def translate(lines: Iterable[str]) -> Iterator[LineResult]:
        return session.stream(lines, name=current[0], pins=run_pins, on_progress=on_progress)

    line_ends = fmt in (Format.TEXT, Format.TSV)  # CRLF in, CRLF out (the other formats are records)
    with output_lock(plan.folder) if plan.folder is not None else nullcontext():
        return run_batch(
            plan, translate, writer, encoding=encoding, progress=progress, stdout=stdout, line_ends=line_ends
        )


def kept_note(plan: Plan) -> str | None:
    """What a folder run keeps, in one line (``out: 3 outputs up to date, kept (--force redoes them)``); None if
    nothing."""
    kept = len(plan.jobs) - len(plan.todo)
    if plan.folder is None or not kept:
        return None
    return f"{plan.folder}: {kept} output{'' if kept == 1 else 's'} up to date, kept (--force redoes them)"


def _readable(jobs: Sequence[Job], encoding: str) -> list[tuple[str, str]]:
    """The batch's files as text, for deciding pins before the first is translated (stdin is not read)."""
    from glossmt.translate.batch.encoding import decode_document

    documents = []
    for job in jobs:
        if job.source == STDIO:
            continue
        try:
            documents.append((job.source, decode_document(read_bytes(job.source), job.source, encoding).text))
        except BadInputError:
            continue  # the batch reports it when it reaches that file
    return documents
