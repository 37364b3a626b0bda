"""Reading text with errors that name the file and line, and writing files atomically."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from glossmt.glossary.errors import BadInputError

DEFAULT_ENCODING = "utf-8-sig"  # UTF-8, tolerating the BOM that Windows editors add


def decode(data: bytes, source: str, encoding: str = DEFAULT_ENCODING) -> str:
    """Decode bytes, or raise a one-line error naming ``source:line`` and the fix."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BadInputError(
            f"cannot decode byte 0x{data[exc.start]:02x} at byte offset {exc.start} as {encoding}",
            path=source,
            line=line,
            hint="convert the file to UTF-8 (iconv -f GB18030 -t UTF-8) or pass --encoding gb18030 (or auto)",
        ) from exc
    except LookupError as exc:
        raise BadInputError(
            f"unknown encoding {encoding!r}",
            hint="pass a Python codec name such as utf-8, gb18030 or big5",
        ) from exc


def read_bytes(path: str | Path) -> bytes:
    """Read a whole file (``-`` is stdin) as bytes, with errors that name it."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise BadInputError("no such file", path=path, hint="check the path") from exc
    except IsADirectoryError as exc:
        raise BadInputError("is a directory, not a file", path=path, hint="name a file") from exc
    except OSError as exc:
        raise BadInputError(f"cannot read: {exc.strerror}", path=path, hint="check permissions") from exc


def read_text(path: str | Path, encoding: str = DEFAULT_ENCODING) -> str:
    """Read a whole file (``-`` is stdin) as text."""
    return decode(read_bytes(path), "<stdin>" if str(path) == "-" else str(path), encoding)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise BadInputError(
            f"cannot write: {exc.strerror}", path=path, hint="check the folder exists and is writable"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInputError(
            f"cannot write: {exc.strerror or exc}",
            path=path,
            hint="check free space and permissions; the old file is unchanged",
        ) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
