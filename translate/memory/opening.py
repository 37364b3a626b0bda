"""Opening the memory's SQLite file without ever harming it, or anything that is not a memory.

- A missing file is created whole or not at all: the schema is written into a private temporary file
  that is then linked into place (``os.link`` fails if another process won the race; its file is used).
  A read-only command (``memory stats``, ``memory export``) creates nothing, not even a folder.
- An existing file must be a regular file holding a SQLite database stamped with glossmt's
  ``application_id`` and a schema version this code knows (a memory from before the stamp is
  recognised by its tables and stamped when opened for writing). Anything else, an empty file included,
  is refused and left as it was; it is never turned into a database.
- Schema 2 stores each sentence's term reports (concept, Chinese, offsets, English, how, present).
  A schema-1 memory (positional ``[how, present]`` flags, which only the matches of that moment could
  read) is upgraded when opened for writing, in one transaction: its entries with glossary terms are
  dropped (the model translates those sentences again when it meets them), every other entry and every
  reviewed translation is kept, and ``on_notice`` hears it in one line. Opened read-only it is read as
  it is (its terms left out); a memory of a newer glossmt is refused.
- ``PRAGMA quick_check`` on open: a damaged or half-copied file is refused with the fix (move it aside)
  before anything is read from it or written into it.
- Read-only commands open with ``PRAGMA query_only``: SQLite itself refuses any write.

Every failure is a :class:`~glossmt.glossary.errors.BadInputError` (exit 3) naming the file;
:class:`MemoryLockedError` says another process holds the lock past the busy timeout.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from glossmt.glossary.errors import BadInputError
from glossmt.glossary.io.fileio import shown_name, write_error

__all__ = [
    "APPLICATION_ID",
    "SCHEMA",
    "SCHEMA_VERSION",
    "MemoryLockedError",
    "MemoryWriteError",
    "connect",
    "database_errors",
]

APPLICATION_ID = 0x676C6D74  # "glmt" in the file header: this SQLite file is a glossmt memory
SCHEMA_VERSION = 2  # PRAGMA user_version; bump it (and migrate) when the tables or their values change
BUSY_TIMEOUT_S = 5.0  # writes are short transactions: a lock held longer is another process's long job
_HEADER = b"SQLite format 3\x00"
SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    source TEXT NOT NULL,
    context TEXT NOT NULL,
    target TEXT NOT NULL,
    terms TEXT NOT NULL,
    model TEXT NOT NULL,
    settings TEXT NOT NULL,
    created REAL NOT NULL,
    used REAL NOT NULL,
    PRIMARY KEY (source, context)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS approved (
    source TEXT PRIMARY KEY,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    created REAL NOT NULL
) WITHOUT ROWID;
"""
_COLUMNS = {
    "translations": ["source", "context", "target", "terms", "model", "settings", "created", "used"],
    "approved": ["source", "target", "origin", "created"],
}


class MemoryLockedError(BadInputError):
    """Another process holds the memory's lock for longer than the busy timeout."""


class MemoryWriteError(BadInputError):
    """The memory could not be written: a full disk, a file-size limit, an I/O error (rolled back)."""


def _move_aside(path: Path) -> str:
    return f"move it aside (mv '{shown_name(path)}' '{shown_name(path)}.bad') and run again: translate starts a new one"


def connect(path: Path, *, read_only: bool, on_notice: Callable[[str], None] | None = None) -> sqlite3.Connection:
    """An open, checked connection to the memory at ``path`` (``:memory:``: one in RAM).

    ``on_notice``: told in one line when an older memory was upgraded.
    """
    if str(path) == ":memory:":
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(SCHEMA)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return db
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if read_only:
            raise BadInputError(
                "no translation memory here", path=shown_name(path), hint="check --memory or $GLOSSMT_MEMORY"
            ) from None
        _create(path)
        info = os.stat(path)
    except OSError as exc:
        hint = (
            "a folder on the way is a file: check --memory, $GLOSSMT_MEMORY, $XDG_CACHE_HOME and $HOME"
            if exc.errno == errno.ENOTDIR
            else "check permissions on the file and its folder"
        )
        raise BadInputError(
            f"cannot open the translation memory: {exc.strerror}", path=shown_name(path), hint=hint
        ) from exc
    _check_file(path, info)
    with database_errors(path):
        db = sqlite3.connect(
            Path(path).absolute().as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
    try:
        with database_errors(path):
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            _check(db, path, writable=not read_only, on_notice=on_notice)
            db.execute("PRAGMA query_only = ON" if read_only else "PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db


@contextmanager
def database_errors(path: Path) -> Iterator[None]:
    """SQLite's errors as one line naming the memory: locked, full disk, damaged."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _error(exc, path) from exc


def _error(exc: sqlite3.Error, path: Path) -> BadInputError:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    shown = shown_name(path)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return MemoryLockedError(
            f"the translation memory is locked by another process (waited {BUSY_TIMEOUT_S:g} s)",
            path=shown,
            hint="run again when that process ends, or pass --no-memory",
        )
    if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
        # A full disk or a file-size limit (ulimit -f): as every other output says it; the memory is rolled back.
        full = code == sqlite3.SQLITE_FULL
        said = write_error(
            OSError(errno.ENOSPC if full else errno.EIO, os.strerror(errno.ENOSPC) if full else str(exc)), shown
        )
        return MemoryWriteError(said.message, path=shown, hint=said.hint)
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return BadInputError(f"the translation memory is damaged: {exc}", path=shown, hint=_move_aside(path))
    return BadInputError(f"cannot use the translation memory: {exc}", path=shown, hint=_move_aside(path))


def _check_file(path: Path, info: os.stat_result) -> None:
    """A regular file that starts with SQLite's header; anything else is refused untouched."""
    shown = shown_name(path)
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise BadInputError(f"is {what}, not a translation memory", path=shown, hint="pass --memory FILE")
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_HEADER))
    except OSError as exc:
        raise BadInputError(f"cannot read the translation memory: {exc.strerror}", path=shown) from exc
    if head != _HEADER:
        what = "is empty" if not head else "is not a SQLite database"
        raise BadInputError(
            f"{what}, so not a glossmt translation memory; it is left as it is",
            path=shown,
            hint="pass --memory with a memory file, or a path that does not exist yet for a new one",
        )


def _check(
    db: sqlite3.Connection, path: Path, *, writable: bool, on_notice: Callable[[str], None] | None = None
) -> None:
    """Intact, glossmt's, and a schema this code reads; an older memory (stamped or not) is upgraded."""
    problems = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        raise BadInputError(
            f"the translation memory is damaged: {'; '.join(problems)}", path=shown_name(path), hint=_move_aside(path)
        )
    application = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = {
        name: [column for (column,) in db.execute("SELECT name FROM pragma_table_info(?) ORDER BY cid", (name,))]
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    ours = application == APPLICATION_ID or (application == 0 and version == 0 and tables == _COLUMNS)
    if not ours or tables != _COLUMNS:
        raise BadInputError(
            "is a SQLite database of another program (or another schema), not a glossmt translation memory",
            path=shown_name(path),
            hint="it is left as it is; pass --memory with a memory file, or a new path",
        )
    if version > SCHEMA_VERSION:
        raise BadInputError(
            f"the translation memory has schema version {version}; this glossmt reads {SCHEMA_VERSION}",
            path=shown_name(path),
            hint="upgrade glossmt, or pass --memory with another file",
        )
    if writable and version < SCHEMA_VERSION:
        _upgrade(db, path, on_notice)


def _upgrade(db: sqlite3.Connection, path: Path, on_notice: Callable[[str], None] | None) -> None:
    """Schema 1 (or an unstamped memory) to 2 in one transaction: entries with positional term flags go."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if db.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            db.execute("ROLLBACK")  # another process upgraded it while this one waited for the lock
            return
        dropped = db.execute("DELETE FROM translations WHERE terms != '[]'").rowcount
        kept = db.execute("SELECT count(*) FROM translations").fetchone()[0]
        reviewed = db.execute("SELECT count(*) FROM approved").fetchone()[0]
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    if on_notice is not None:
        on_notice(
            f"{shown_name(path)}: translation memory upgraded to schema {SCHEMA_VERSION} (term reports): "
            f"{dropped} remembered translations with glossary terms dropped (translated again when met), "
            f"{kept} others and {reviewed} reviewed translations kept"
        )


def _create(path: Path) -> None:
    """A new memory, whole: written beside ``path`` and linked into place (the first process to link wins)."""
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{Path(path).name}.", suffix=".new", dir=folder)
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # as any file the user makes (mkstemp's is 0600)
        os.close(fd)
    except OSError as exc:
        raise write_error(exc, shown_name(path)) from exc
    try:
        with database_errors(path):
            db = sqlite3.connect(tmp, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode = WAL")
                db.executescript(
                    f"BEGIN; {SCHEMA} PRAGMA application_id = {APPLICATION_ID}; "
                    f"PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
                )
            finally:
                db.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError as exc:
            raise write_error(exc, shown_name(path)) from exc
    finally:
        for leftover in (tmp, f"{tmp}-wal", f"{tmp}-shm"):
            Path(leftover).unlink(missing_ok=True)
