"""One run at a time per output folder: a lock file that the operating system releases if the run dies.

Two runs writing into one folder would each skip what the other has not finished and translate the same
files twice at best; the second run is refused at once with a message instead. The lock is an OS file lock
(filelock), so a killed or crashed run leaves no stale lock behind: the next run simply takes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

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
    lock = FileLock(folder / LOCK_NAME, blocking=False, preserve_lock_file=True)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise UsageError(
            "another glossmt translate is writing into this folder",
            path=folder,
            hint="wait for it to finish (a rerun then skips what it did), or pass another -o",
        ) from None
    except IsADirectoryError:
        raise BadInputError(
            f"{LOCK_NAME} is a folder, not glossmt's lock file", path=folder / LOCK_NAME, hint="remove it (rmdir)"
        ) from None
    except OSError as exc:
        raise write_error(exc, folder / LOCK_NAME) from exc
    try:
        yield
    finally:
        lock.release()
