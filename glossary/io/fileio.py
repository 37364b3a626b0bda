"""Reading text with errors that name the file and line, and writing outputs without destroying anything.

Writing follows what the target *is*: a regular file (or none yet) is replaced atomically, keeping
its mode, owner and hard links; a symlink is followed and its target written; a device, FIFO or
``-`` (stdout) is written through, never replaced by a regular file. :func:`guard_outputs` refuses a
run whose output is one of its inputs, or whose two inputs share an output.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from glossmt.glossary.errors import BadInputError, UsageError, printable_path
from glossmt.glossary.io.encodings import decode_hint, detect_encoding

DEFAULT_ENCODING = "utf-8-sig"  # UTF-8, tolerating the BOM that Windows editors add
AUTO = "auto"  # --encoding auto: each file's own encoding, detected (detect_encoding)
STDIO = "-"
STDIN_NAME = "<stdin>"  # how stdin is named in messages, findings and PO references


def shown_name(path: str | Path) -> str:
    """``path`` as messages and outputs show it: ``<stdin>`` for ``-``, else :func:`printable_path`."""
    return STDIN_NAME if str(path) == STDIO else printable_path(path)


# --- reading ----------------------------------------------------------------------------------


def check_encoding(encoding: str) -> str:
    """``encoding`` if Python has such a codec (or it is ``auto``), else a usage error (exit 2)."""
    if encoding == AUTO:
        return encoding
    hint = "pass a Python codec name such as utf-8, gb18030, big5 or utf-16"
    try:
        codec = codecs.lookup(encoding)
    except LookupError as exc:
        raise UsageError(f"unknown encoding {encoding!r}", hint=hint) from exc
    if not getattr(codec, "_is_text_encoding", True):  # rot13, base64, hex: codecs, but not for bytes to text
        raise UsageError(f"{encoding!r} is not a text encoding", hint=hint)
    return encoding


def decode(data: bytes, source: str, encoding: str = DEFAULT_ENCODING, *, option: str | None = None) -> str:
    """Decode bytes, or raise a one-line error naming ``source:line``, the byte offset and the fix.

    ``option`` is the command's encoding option (``--encoding``), named in the hint only when the
    command has one. ``auto`` decodes as :func:`detect_encoding` decides (UTF-8 when nothing fits).
    """
    check_encoding(encoding)
    if encoding == AUTO:
        encoding = detect_encoding(data) or "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        start = exc.start + len(data) - len(exc.object)  # utf-8-sig counts from after the BOM it dropped
        line = data.count(b"\n", 0, start) + 1
        hint = decode_hint(data, option, encoding)
        raise _undecodable(data[start], start, encoding=encoding, source=source, line=line, hint=hint) from exc


def _undecodable(byte: int, offset: int, *, encoding: str, source: str, line: int, hint: str) -> BadInputError:
    """The one error for bytes that do not decode, whether read whole or as a stream."""
    return BadInputError(
        f"cannot decode byte 0x{byte:02x} at byte offset {offset} as {encoding}", path=source, line=line, hint=hint
    )


def read_bytes(path: str | Path) -> bytes:
    """Read a whole file (``-`` is stdin) as bytes, with errors that name it.

    Only a regular file is read: a device (``/dev/zero`` never ends) or a FIFO (which waits for a writer)
    is refused, so no input hangs the run or exhausts memory; pipe those in as ``-``.
    """
    if str(path) == STDIO:
        return sys.stdin.buffer.read()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO never waits
        with os.fdopen(fd, "rb") as handle:
            check_regular(os.fstat(fd), path)
            return handle.read()
    except OSError as exc:
        raise _read_error(exc, path) from exc


def check_regular(info: os.stat_result, path: str | Path) -> None:
    """Refuse what is not a regular file: a folder, a device, a FIFO, a socket (exit 3)."""
    if stat.S_ISDIR(info.st_mode):
        raise BadInputError("is a directory, not a file", path=path, hint="name a file")
    if not stat.S_ISREG(info.st_mode):
        raise BadInputError(
            "is a device or a FIFO, not a regular file: it may never end",
            path=path,
            hint="name a regular file, or pipe it in as - (COMMAND | glossmt … -)",
        )


def _read_error(exc: OSError, path: str | Path) -> BadInputError:
    if exc.errno == errno.ELOOP:
        return BadInputError("symlink loop", path=path, hint="point the link at a real file")
    if isinstance(exc, FileNotFoundError):
        return BadInputError("no such file", path=path, hint="check the path")
    if isinstance(exc, IsADirectoryError):
        return BadInputError("is a directory, not a file", path=path, hint="name a file")
    return BadInputError(f"cannot read: {exc.strerror}", path=path, hint="check permissions")


def check_readable(path: str | Path) -> None:
    """Fail now, with the one-line error :func:`read_bytes` would give, if ``path`` cannot be read."""
    if str(path) == STDIO:
        return
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            check_regular(os.fstat(fd), path)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _read_error(exc, path) from exc


def expand_folders(names: Sequence[str], endings: Iterable[str], *, what: str = "files") -> list[str]:
    """The one folder walk of every command that reads files: each name as given, and each folder as the
    files under it whose suffix is one of ``endings`` (any case), sorted, hidden files and folders left out.

    Raises:
        BadInputError: a folder holds no such file.
    """
    suffixes = list(dict.fromkeys(ending.lower() for ending in endings))
    found: list[str] = []
    for name in names:
        path = Path(name)
        if name == STDIO or not path.is_dir():
            found.append(name)
            continue
        # Hidden files and folders (.git, .venv, an editor's swap files, glossmt's manifest) are not inputs.
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes and _shown(p, path) and p.is_file())
        if not files:
            listed = " ".join(f"*{s}" for s in suffixes)
            raise BadInputError(
                f"folder holds no {listed} files", path=name, hint=f"name a folder of {what}, or the files"
            )
        found.extend(str(p) for p in files)
    return found


def _shown(path: Path, root: Path) -> bool:
    return not any(part.startswith(".") for part in path.relative_to(root).parts)


def read_text(path: str | Path, encoding: str = DEFAULT_ENCODING, *, option: str | None = None) -> str:
    """Read a whole file (``-`` is stdin) as text."""
    return decode(read_bytes(path), shown_name(path), encoding, option=option)


def split_lines(text: str) -> list[str]:
    """Lines split on ``\\n`` only, without their ``\\r``; a final line end adds no empty line.

    Not :meth:`str.splitlines`, which also breaks on U+2028, U+2029, ``\\x0b``, ``\\x0c``,
    ``\\x1c``–``\\x1e`` and ``\\x85``: those are text inside a line for JSON Lines, PO and every
    line-aligned file this project reads or writes.
    """
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def iter_lines(
    stream: BinaryIO, source: str, encoding: str = DEFAULT_ENCODING, *, option: str | None = None
) -> Iterator[str]:
    """Lines of a byte stream as they arrive, decoded *before* splitting (UTF-16 holds 0x0A bytes inside
    characters), split on ``\\n`` only, as :func:`split_lines` does."""
    decoder = codecs.getincrementaldecoder(check_encoding(encoding))()
    pending = ""
    number = 0
    consumed = 0
    head = b""
    while True:
        chunk = stream.readline(65536) if hasattr(stream, "readline") else stream.read(65536)
        try:
            pending += decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            head = (head + chunk)[:65536]
            line = number + pending.count("\n") + 1
            hint = decode_hint(head, option, encoding)
            byte, offset = chunk[exc.start], consumed + exc.start
            raise _undecodable(byte, offset, encoding=encoding, source=source, line=line, hint=hint) from exc
        if len(head) < 65536:
            head += chunk[: 65536 - len(head)]
        consumed += len(chunk)
        *complete, pending = pending.split("\n")
        for line_text in complete:
            number += 1
            yield line_text.removesuffix("\r")
        if not chunk:
            if pending:
                yield pending.removesuffix("\r")
            return


# --- writing ----------------------------------------------------------------------------------


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` as :func:`atomic_write_bytes` does."""
    atomic_write_bytes(path, text.encode(encoding))


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that nothing but the intended output changes.

    - ``-``: stdout.
    - A symlink: its target is written (the link stays a link).
    - A device or FIFO: written through, as a shell redirection would (never replaced by a file).
    - A regular file: replaced atomically (readers see the old file or the new one, never half),
      keeping its mode and owner; a file with hard links is rewritten in place so the links stay
      one file. A file without write permission is refused.
    - Absent: created atomically.
    """
    if str(path) == STDIO:
        write_stdout(data)
        return
    target = _real_target(path)
    info = _stat(target, path)
    try:
        if info is not None and not stat.S_ISREG(info.st_mode):
            _write_through(target, data)
        elif info is not None and (info.st_nlink > 1 or not _can_keep_owner(info)):
            _rewrite_in_place(target, data)
        else:
            _replace(target, data, info)
    except OSError as exc:
        raise write_error(exc, path) from exc


def write_stdout(data: bytes) -> None:
    """Write to stdout and flush; a write error becomes one line naming stdout (exit 3)."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise write_error(exc, "<stdout>") from exc


def write_error(exc: OSError, path: str | Path) -> BadInputError:
    """The one-line error for a failed write (disk full, I/O error, permission), exit 3."""
    hints = {
        errno.ENOSPC: "free some space and run again; an existing file is unchanged",
        errno.EDQUOT: "free some space (disk quota) and run again; an existing file is unchanged",
        errno.EIO: "the device reported an I/O error; check the disk",
        errno.EFBIG: "a file-size limit (ulimit -f) stopped it; raise the limit or write elsewhere",
        errno.EACCES: "check permissions on the file and its folder",
        errno.EPERM: "check permissions on the file and its folder",
        errno.EROFS: "the file system is read-only; choose another output",
        errno.ENOENT: "create the folder first, or choose another output",
        errno.ENOTDIR: "a folder on the way is a file; choose another output",
        errno.ELOOP: "point the link at a real file",
        errno.EEXIST: "a file or a dangling symlink is in the way of a folder; remove it or choose another output",
        errno.EISDIR: "a folder is in the way; remove it or choose another output",
    }
    what = "symlink loop" if exc.errno == errno.ELOOP else f"cannot write: {exc.strerror or exc}"
    return BadInputError(what, path=path, hint=hints.get(exc.errno or 0, "check free space and permissions"))


def _real_target(path: str | Path) -> Path:
    """The file a write to ``path`` must change: symlinks followed (a loop is an error)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        pass  # absent, or a dangling link: realpath below names the file to create
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise write_error(exc, path) from exc
    return Path(os.path.realpath(path))


def _stat(target: Path, shown: str | Path) -> os.stat_result | None:
    try:
        info = target.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise write_error(exc, shown) from exc
    if stat.S_ISDIR(info.st_mode):
        raise BadInputError("is a directory, not a file", path=shown, hint="name a file to write")
    if stat.S_ISREG(info.st_mode) and not _writable(target, info):
        raise BadInputError("is read-only", path=shown, hint="make it writable (chmod u+w) or choose another output")
    return info


def _writable(target: Path, info: os.stat_result) -> bool:
    """May this user write the file? root may write anything, but a file nobody may write stays unwritten."""
    if os.geteuid() == 0:
        return bool(info.st_mode & 0o222)
    return os.access(target, os.W_OK)


def _can_keep_owner(info: os.stat_result) -> bool:
    return os.geteuid() == 0 or (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid())


def _write_through(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _rewrite_in_place(target: Path, data: bytes) -> None:
    """Rewrite the file itself (its inode), reserving the space first so a full disk fails before any byte changes."""
    fd = os.open(target, os.O_WRONLY)
    with os.fdopen(fd, "wb") as handle:
        if data and hasattr(os, "posix_fallocate"):
            try:
                os.posix_fallocate(fd, 0, len(data))
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENODEV):
                    raise
        handle.write(data)
        handle.truncate(len(data))
        handle.flush()
        os.fsync(fd)


def _replace(target: Path, data: bytes, info: os.stat_result | None) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            if info is None:
                umask = os.umask(0)
                os.umask(umask)
                os.fchmod(handle.fileno(), 0o666 & ~umask)
            else:
                if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    os.fchown(handle.fileno(), info.st_uid, info.st_gid)
                os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: str | Path, *, create_folders: bool = False) -> None:
    """Fail now (exit 3), before any work, if ``path`` could not be written later.

    With ``create_folders``, missing folders on the way are fine (the writer creates them) as long
    as the nearest one that exists is a writable folder.
    """
    if str(path) == STDIO:
        return
    for parent in Path(path).parents:  # a dangling link on the way: mkdir would say only "File exists"
        if parent.is_symlink() and not parent.exists():
            raise BadInputError(
                f"cannot write: {shown_name(parent)} is a symlink to nothing",
                path=path,
                hint="fix or remove the link, or choose another output",
            )
    target = _real_target(path)
    info = _stat(target, path)
    if info is not None:
        return  # exists: _stat refused a folder or a read-only file
    folder = target.parent
    while create_folders and not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        what = f"{folder} is not a folder" if folder.exists() else f"no folder {folder}"
        raise BadInputError(
            f"cannot write: {what}", path=path, hint="create the folder first, or choose another output"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BadInputError(
            f"cannot write: folder {folder} is not writable", path=path, hint="choose a writable folder"
        )
