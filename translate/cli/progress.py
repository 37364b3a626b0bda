"""Progress of a batch on stderr: a rich bar over files and lines on a terminal, nothing otherwise.

Off a terminal (a log, a pipe, CI) the bar would be noise; the command prints one summary line at the end
instead. rich honours ``NO_COLOR``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from glossmt.translate.batch.plan import Job
from glossmt.translate.mt.results import LineResult


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class BatchProgress:
    """Implements :class:`glossmt.translate.batch.run.Progress`; ``on_line`` sees every result (the tally)."""

    def __init__(self, files: int, on_line: Callable[[LineResult], None], *, enabled: bool) -> None:
        self.on_line = on_line
        self._bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(file=sys.stderr),
            )
            self._files = self._bar.add_task("files", total=files, visible=files > 1)
            self._lines = self._bar.add_task("lines", total=None)

    def __enter__(self) -> BatchProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def file_started(self, job: Job, lines: int) -> None:
        if self._bar is not None:
            self._bar.reset(self._lines, total=lines or None, description=job.source_name)

    def line_done(self, result: LineResult) -> None:
        self.on_line(result)
        if self._bar is not None:
            self._bar.advance(self._lines)

    def file_finished(self, job: Job) -> None:
        if self._bar is not None:
            self._bar.advance(self._files)
