"""Running a planned batch: read, decode, translate and write each file, and go on past bad ones.

Each output is written whole or not at all (an atomic rename), so a batch stopped by Ctrl-C, a kill or a
crash leaves finished files and nothing half-written, and a rerun of the same command skips what is done
(see :mod:`glossmt.translate.batch.plan`). A kill can leave the temporary file of the output it was
writing; the next run removes it before writing that output. A file that cannot be read or decoded is
reported and skipped; the others are translated, and the caller turns the failures into exit 3 at the end.
An input whose lines end in CRLF gets an output whose lines end in CRLF (with ``line_ends``: text and TSV);
each finished output of a folder run is recorded in the folder's manifest (:mod:`.manifest`).
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
from glossmt.translate.batch.manifest import source_digest
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
    redone: tuple[tuple[str, int], ...] = ()  # outputs that existed and were redone, by reason

    def files(self) -> str:
        """``3 files translated (2 redone: 1 source changed, 1 glossary changed), 5 kept from an earlier run``."""
        redone = sum(n for _, n in self.redone)
        why = ", ".join(f"{n} {reason}" for reason, n in self.redone)
        text = f"{self.translated} files translated" + (f" ({redone} redone: {why})" if redone else "")
        return text + f", {self.kept} kept from an earlier run"

    def error(self, jobs: int) -> BadInputError | None:
        """What a run of ``jobs`` files ends with: None when every file was read; one file's own error; else how
        many could not be read (the caller names each one first)."""
        if not self.failed or jobs == 1:
            return self.failed[0] if self.failed else None
        return BadInputError(
            f"{len(self.failed)} of {jobs - self.kept} files could not be read; the others are written",
            hint="fix the files named above and rerun: finished files are kept",
        )


def run_batch(
    plan: Plan,
    translate: Translate,
    open_writer: OpenWriter,
    *,
    encoding: str,
    progress: Progress | None = None,
    stdout: TextIO | None = None,
    line_ends: bool = False,
) -> BatchReport:
    """Translate every job of ``plan`` that is not done; stdin and stdout stream, window by window.

    Args:
        translate: lines in, one :class:`LineResult` per line out, in order (the translation pass).
        open_writer: the output format's writer over a stream, for one job.
        encoding: a codec name, or ``auto`` to detect each file's own.
        progress: told about each file and line (default: nothing).
        stdout: where jobs without a target write (default ``sys.stdout``).
        line_ends: give a file's output the input's line ends (CRLF stays CRLF); else LF.

    Returns:
        The counts, and the read and decode errors of the files that were skipped for them.
    """
    events = progress or _Silent()
    translated = 0
    failed: list[BadInputError] = []
    for job in plan.todo:
        digest, crlf = "", False
        try:
            if job.source == STDIO:
                lines = _stdin_lines(encoding)
            else:
                data = read_bytes(job.source)
                text = decode_document(data, job.source, encoding).text
                lines, digest, crlf = document_lines(text), source_digest(data), _crlf(text)
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
            written = stream.getvalue()  # type: ignore[attr-defined]
            atomic_write_text(target, written.replace("\n", "\r\n") if line_ends and crlf else written)
            if plan.manifest is not None and plan.recipe is not None and job.source != STDIO:
                plan.manifest.record(target, digest, plan.recipe)
        translated += 1
        events.file_finished(job)
    redone = tuple(sorted(plan.manifest.reasons.items())) if plan.manifest is not None else ()
    return BatchReport(translated, len(plan.jobs) - len(plan.todo), tuple(failed), redone)


def _crlf(text: str) -> bool:
    """Does the text's first line end in CRLF? (A file's line ends are taken from its first.)"""
    end = text.find("\n")
    return end > 0 and text[end - 1] == "\r"


document_lines = split_lines  # split on "\n" only, not str.splitlines (see fileio.split_lines)


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
