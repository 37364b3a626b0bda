"""One run at a time per output folder: a lock that the operating system releases if the run dies.

Two runs writing into one folder would each skip what the other has not finished and translate the same
files twice at best; the second run is refused at once with a message instead. The lock is an OS lock
(``flock``) on a hidden file, ``.glossmt.lock``, that exists only while a run holds it: a run removes it
when it ends, and a killed run leaves a file no lock holds, which the next run simply takes (and removes).

Removing a lock file safely: the holder unlinks it *before* it lets go, and a run that got the lock checks
that the file it locked is still the one at the path; if a finishing run removed it in between, it opens
the path afresh.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.io.fileio import write_error

__all__ = ["LOCK_NAME", "output_lock"]

LOCK_NAME = ".glossmt.lock"  # hidden: a folder walk never takes it for an input


@contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder``'s lock for the body, or fail at once if another run holds it.

    Raises:
        UsageError: another glossmt run is writing into ``folder``.
        BadInputError: the lock file cannot be made (a folder in its place, a read-only or full disk).
    """
    path = folder / LOCK_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = _take(path, folder)
    except IsADirectoryError:
        raise BadInputError(
            f"{LOCK_NAME} is a folder, not glossmt's lock file", path=path, hint="remove it (rmdir)"
        ) from None
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # while still holding it: no run can lock a file about to vanish
        os.close(fd)  # closing releases the lock


def _take(path: Path, folder: Path) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise UsageError(
                "another glossmt translate is writing into this folder",
                path=folder,
                hint="wait for it to finish (a rerun then skips what it did), or pass another -o",
            ) from None
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # the run we waited on removed the file after we opened it: open the path afresh
