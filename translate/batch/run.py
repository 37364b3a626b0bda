"""Running a planned batch: read, decode, translate and write each file, and go on past bad ones.

Each output is written whole or not at all (an atomic rename), so a batch stopped by Ctrl-C, a kill or a
crash leaves finished files and nothing half-written, and a rerun of the same command skips what is done
(see :mod:`glossmt.translate.batch.plan`). A kill can leave the temporary file of the output it was
writing; the next run removes it before writing that output. A file that cannot be read or decoded is
reported and skipped; the others are translated, and the caller turns the failures into exit 3 at the end.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from glossmt.glossary.errors import BadInputError
from glossmt.glossary.io.fileio import STDIN_NAME, STDIO, atomic_write_text, iter_lines, read_bytes, split_lines
from glossmt.translate.batch.encoding import AUTO, decode_document
from glossmt.translate.batch.plan import Job, Plan
from glossmt.translate.mt.results import LineResult
from glossmt.translate.mt.writers import Writer

__all__ = ["BatchReport", "Progress", "document_lines", "run_batch"]

Translate = Callable[[Iterable[str]], Iterable[LineResult]]
OpenWriter = Callable[[TextIO, Job], Writer]


class Progress(Protocol):
    """What a batch tells its caller as it goes (the CLI draws a bar from it, or stays silent)."""

    def file_started(self, job: Job, lines: int, characters: int) -> None:
        """``lines`` and ``characters`` (line ends counted) of the file; 0 when unknown (stdin)."""

    def line_done(self, result: LineResult) -> None: ...

    def file_finished(self, job: Job) -> None: ...


class _Silent:
    def file_started(self, job: Job, lines: int, characters: int) -> None:
        pass

    def line_done(self, result: LineResult) -> None:
        pass

    def file_finished(self, job: Job) -> None:
        pass


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch did: files translated, files kept from an earlier run, and files it could not read."""

    translated: int
    kept: int
    failed: tuple[BadInputError, ...] = ()


def run_batch(
    plan: Plan,
    translate: Translate,
    open_writer: OpenWriter,
    *,
    encoding: str,
    progress: Progress | None = None,
    stdout: TextIO | None = None,
) -> BatchReport:
    """Translate every job of ``plan`` that is not done; stdin and stdout stream, window by window.

    Args:
        translate: lines in, one :class:`LineResult` per line out, in order (the translation pass).
        open_writer: the output format's writer over a stream, for one job.
        encoding: a codec name, or ``auto`` to detect each file's own.
        progress: told about each file and line (default: nothing).
        stdout: where jobs without a target write (default ``sys.stdout``).

    Returns:
        The counts, and the read and decode errors of the files that were skipped for them.
    """
    events = progress or _Silent()
    translated = 0
    failed: list[BadInputError] = []
    for job in plan.todo:
        try:
            lines = _stdin_lines(encoding) if job.source == STDIO else _file_lines(job.source, encoding)
        except BadInputError as exc:
            failed.append(exc)
            continue
        target = job.target
        stream: TextIO = io.StringIO() if target is not None else (stdout or sys.stdout)
        writer = open_writer(stream, job)
        if isinstance(lines, list):
            events.file_started(job, len(lines), sum(len(line) + 1 for line in lines))
        else:
            events.file_started(job, 0, 0)
        for result in translate(lines):
            writer.write(result)
            if target is None:
                stream.flush()  # a window's lines arrive together; each reaches the pipe at once
            events.line_done(result)
        writer.close()
        if target is not None:
            if plan.folder is not None:  # under the folder's lock: no other run is writing here
                _remove_leftovers(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, stream.getvalue())  # type: ignore[attr-defined]
        translated += 1
        events.file_finished(job)
    return BatchReport(translated, len(plan.jobs) - len(plan.todo), tuple(failed))


document_lines = split_lines  # split on "\n" only, not str.splitlines (see fileio.split_lines)


def _file_lines(name: str, encoding: str) -> list[str]:
    return document_lines(decode_document(read_bytes(name), name, encoding).text)


def _stdin_lines(encoding: str) -> list[str] | Iterator[str]:
    """stdin line by line as it arrives; ``auto`` needs the whole input to detect, so it reads it first."""
    if encoding == AUTO:
        return document_lines(decode_document(sys.stdin.buffer.read(), STDIN_NAME, AUTO).text)
    return _stream_lines(encoding)


def _stream_lines(encoding: str) -> Iterator[str]:
    """Decoded before it is split: in UTF-16 a 0x0A byte is half of a character, not a line end."""
    return iter_lines(sys.stdin.buffer, STDIN_NAME, encoding, option="--encoding")


def _remove_leftovers(target: Path) -> None:
    """The temporary file a killed run was writing for ``target`` (see fileio.atomic_write_bytes)."""
    if target.parent.is_dir():
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            stale.unlink(missing_ok=True)
