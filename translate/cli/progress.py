"""Progress of a batch on stderr: rich bars over files, lines and characters on a terminal, nothing otherwise.

The characters bar moves as each batch of pieces is translated, so one long line (a megabyte with no line
break is cut into thousands of pieces) shows its progress too, not "0/1 lines" for minutes.

Off a terminal (a log file, CI) a bar would be noise, and a long run would say nothing for minutes: there a
line ``progress: 3/12 files, 1840 lines, 23.5 lines/s, 78 s`` goes to stderr every :data:`LOG_EVERY_S`
seconds, then the summary line. rich honours ``NO_COLOR``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from glossmt.translate.batch.plan import Job
from glossmt.translate.mt.results import LineResult

LOG_EVERY_S = 5.0  # off a terminal: a progress line this often


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class BatchProgress:
    """Implements :class:`glossmt.translate.batch.run.Progress`; ``on_line`` sees every result (the tally).

    :meth:`characters_done` is the translate pass's ``on_progress``.
    """

    def __init__(
        self, files: int, on_line: Callable[[LineResult], None] | None = None, *, enabled: bool, log: bool = False
    ) -> None:
        self.on_line = on_line
        self._bar = None
        self._through_lines = 0  # characters of the lines finished in this file
        self._log = _Log(files) if log else None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
                # rich would print stdout through the bar's console, into stderr: stdout carries the data.
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._files = self._bar.add_task("files", total=files, visible=files > 1)
            self._lines = self._bar.add_task("lines", total=None)
            self._characters = self._bar.add_task("characters", total=None)

    def __enter__(self) -> BatchProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def file_started(self, job: Job, lines: int, characters: int) -> None:
        self._through_lines = 0
        if self._bar is not None:
            self._bar.reset(self._lines, total=lines or None, description=job.source_name)
            self._bar.reset(self._characters, total=characters or None)

    def characters_done(self, count: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._characters, count)

    def line_done(self, result: LineResult) -> None:
        if self.on_line is not None:
            self.on_line(result)
        self._through_lines += len(result.source) + 1  # + its line end
        if self._bar is not None:
            self._bar.advance(self._lines)
            # Spaces between pieces, and sentences from memory, never pass through a batch: a finished
            # line moves the bar up to where it really is.
            task = self._bar.tasks[self._characters]
            self._bar.update(self._characters, completed=max(task.completed, self._through_lines))
        if self._log is not None:
            self._log.line_done()

    def file_finished(self, job: Job) -> None:
        if self._bar is not None:
            self._bar.advance(self._files)
        if self._log is not None:
            self._log.file_done()


class _Log:
    """A progress line on stderr every :data:`LOG_EVERY_S` seconds (checked as lines and files finish)."""

    def __init__(self, files: int) -> None:
        self.files, self.files_done, self.lines = files, 0, 0
        self.start = self.last = time.monotonic()

    def line_done(self) -> None:
        self.lines += 1
        self._maybe()

    def file_done(self) -> None:
        self.files_done += 1
        self._maybe()

    def _maybe(self) -> None:
        now = time.monotonic()
        if now - self.last < LOG_EVERY_S:
            return
        self.last = now
        elapsed = now - self.start
        rate = self.lines / elapsed if elapsed > 0 else 0.0
        sys.stderr.write(
            f"progress: {self.files_done}/{self.files} files, {self.lines} lines, {rate:.1f} lines/s, {elapsed:.0f} s\n"
        )
        sys.stderr.flush()
