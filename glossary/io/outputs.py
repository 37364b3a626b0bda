"""Outputs against inputs: a run never writes over what it reads, nor two inputs into one output.

Files are compared by identity (device and inode), so hard links and symlinks count as the same file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

from glossmt.glossary.errors import UsageError
from glossmt.glossary.io.fileio import STDIO

__all__ = ["guard_outputs"]


def _identity(path: str | Path) -> tuple[object, ...] | None:
    """What makes two names the same file: (device, inode) when it exists, else its resolved path.

    None for stdin/stdout and for devices and FIFOs, which are not files that can be clobbered.
    """
    if str(path) == STDIO:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return ("path", os.path.realpath(path))
    if not stat.S_ISREG(info.st_mode):
        return None
    return ("inode", info.st_dev, info.st_ino)


def guard_outputs(
    pairs: Iterable[tuple[str | Path, str | Path | None]], *, also_inputs: Sequence[str | Path] = ()
) -> None:
    """Refuse (exit 2) a run where an output is an input, or two inputs share an output.

    ``pairs`` are ``(input, output)``; an output of None is stdout. ``also_inputs`` are other files
    the run reads (glossaries, a --source file), which no output may overwrite either.
    """
    pairs = list(pairs)
    readers: dict[tuple[object, ...], str] = {}
    for name in [*(source for source, _ in pairs), *also_inputs]:
        key = _identity(name)
        if key is not None:
            readers.setdefault(key, str(name))
    writers: dict[tuple[object, ...], str] = {}
    for source, output in pairs:
        if output is None:
            continue
        key = _identity(output)
        if key is None:
            continue
        if key in readers:
            raise UsageError(
                f"the output {output} would overwrite the input {readers[key]}",
                hint="choose another -o: an output must never overwrite what the run reads",
            )
        if key in writers and writers[key] != str(source):
            raise UsageError(
                f"{writers[key]} and {source} would both be written into {output}",
                hint="rename one, or write them into different -o folders",
            )
        writers[key] = str(source)
