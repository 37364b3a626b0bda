"""Standard streams that were closed before glossmt started (``glossmt translate <&-``, ``… >&-``).

Python then sets ``sys.stdin`` / ``sys.stdout`` to None, and every reader or writer fails with an
``AttributeError``. Worse, the next file the process opens takes the free descriptor 0, 1 or 2, so a
later ``print`` would write into, say, the translation memory. :func:`stand_in_for_closed_streams`
therefore holds each closed descriptor with ``/dev/null`` and puts a stand-in stream in its place:
reading a closed stdin is bad input (exit 3), writing to a closed stdout a write error (exit 3); a
command that never touches the stream runs as usual. A closed stderr just discards what is said.
"""

from __future__ import annotations

import io
import os
import sys
from typing import NoReturn

from glossmt.glossary.errors import BadInputError

__all__ = ["ClosedStream", "stand_in_for_closed_streams"]


class ClosedStream(io.TextIOBase):
    """A stand-in for a standard stream that was closed: any read or write is the one-line error."""

    def __init__(self, name: str, what: str, hint: str) -> None:
        super().__init__()
        self.stream_name, self._what, self._hint = name, what, hint

    def _fail(self) -> NoReturn:
        raise BadInputError(self._what, path=self.stream_name, hint=self._hint)

    @property
    def buffer(self) -> NoReturn:
        self._fail()

    def read(self, size: int | None = -1) -> NoReturn:
        self._fail()

    def readline(self, size: int | None = -1) -> NoReturn:
        self._fail()

    def write(self, text: str) -> NoReturn:
        self._fail()

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        """Nothing was ever buffered."""


def stand_in_for_closed_streams() -> None:
    """Hold closed descriptors 0–2 with /dev/null and give ``sys`` a stand-in for each closed stream."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stdin is None:
        sys.stdin = ClosedStream(
            "<stdin>", "standard input is closed", "name an input file, or give the command one (< FILE)"
        )
    if sys.stdout is None:
        sys.stdout = ClosedStream(
            "<stdout>",
            "standard output is closed",
            "run it with stdout open (> FILE), or pass -o FILE where the command has it",
        )
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (the process's stderr, never closed)
