"""The translation memory: one SQLite file that many runs, and many processes at once, share safely.

Two tables. ``translations`` holds what the model wrote for one sentence, under the *context* it was
written in: the model signature (id, revision, backend, compute type), the decoding settings and the
digest of the exact glossary entries applied to that sentence (see :mod:`glossmt.translate.memory.key`).
``approved`` holds human translations imported from reviewed PO files; they are keyed by the sentence
alone and win over the model whatever the context.

Concurrency: WAL journal (readers never block the writer), a busy timeout, and every write is one short
``BEGIN IMMEDIATE`` transaction per batch of sentences, so a process killed mid-run loses at most the batch
it was writing and never corrupts the file. How the file is opened and checked (never converting a file
that is not a memory, refusing a damaged one) is :mod:`glossmt.translate.memory.opening`.

Every SQLite error is one line naming the file (exit 3). A memory opened as a *cache* (``translate``'s)
lets a lock or a full disk cost only the remembering: lookups find nothing, writes are dropped, and
``on_lost`` hears once why; the translation goes on and is written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.io.cache import cache_folder
from glossmt.glossary.io.fileio import shown_name
from glossmt.translate.memory.opening import (
    SCHEMA_VERSION,
    MemoryLockedError,
    MemoryWriteError,
    connect,
    database_errors,
)

__all__ = ["ENV_VAR", "Approved", "Memory", "Remembered", "Stats", "StoredTerm", "default_path", "memory_path"]

_T = TypeVar("_T")
ENV_VAR = "GLOSSMT_MEMORY"  # a path, or "off"


def default_path() -> Path | None:
    """``memory.sqlite`` in glossmt's cache folder (:func:`~glossmt.glossary.io.cache.cache_folder`:
    ``~/.cache/glossmt`` on Linux, or ``$GLOSSMT_CACHE``); None (no memory) where there is none
    (``GLOSSMT_CACHE=off``, or a folder someone else could write)."""
    folder = cache_folder()
    return None if folder is None else folder / "memory.sqlite"


def memory_path(option: str | None, *, disabled: bool = False) -> Path | None:
    """The memory a run uses: ``--memory PATH``, else ``$GLOSSMT_MEMORY`` (``off``: none), else :func:`default_path`."""
    if disabled and option:
        raise UsageError("--memory and --no-memory contradict each other", hint="pass one of them")
    if disabled:
        return None
    chosen = option or os.environ.get(ENV_VAR)
    if chosen == "off":
        return None
    return Path(chosen).expanduser() if chosen else default_path()


@dataclass(frozen=True, slots=True)
class StoredTerm:
    """One glossary match of a remembered sentence, as the pass reported it (offsets into the sentence)."""

    concept: str
    source: str
    start: int
    end: int
    target: str
    how: str  # the pass's word: model, hinted, constrained, substituted, draft…
    present: bool


@dataclass(frozen=True, slots=True)
class Remembered:
    """One sentence's translation as the model made it, and the report of each of its glossary matches."""

    source: str
    context: str
    target: str
    terms: tuple[StoredTerm, ...] = ()
    model: str = ""
    settings: str = ""


@dataclass(frozen=True, slots=True)
class Approved:
    """A reviewed human translation of one sentence; ``origin`` says which file it came from."""

    source: str
    target: str
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Stats:
    path: Path
    translations: int
    approved: int
    models: tuple[tuple[str, int], ...]
    size: int


class Memory:
    """A translation memory in one SQLite file; open it once per process (``with Memory(path) as m``)."""

    def __init__(
        self,
        path: str | Path,
        *,
        read_only: bool = False,
        on_lost: Callable[[BadInputError], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
    ) -> None:
        """Open (or create, unless ``read_only``) the memory at ``path``.

        Args:
            read_only: open for reading only; create nothing (``memory stats``, ``memory export``).
            on_lost: make the memory a cache: when it is locked, or the disk is full, call this once and go
                on without it (lookups find nothing, writes are dropped) instead of raising.
            on_notice: told, in one line, that a memory of an older schema was upgraded (default: a
                ``warning:`` line on stderr).

        Raises:
            BadInputError: the file is missing (``read_only``), not a memory, damaged, locked or unwritable.
        """
        self.path = Path(path).expanduser()
        self._on_lost = on_lost
        self.lost: BadInputError | None = None  # why a cache went on without its memory
        self._db: sqlite3.Connection | None = None
        self._legacy = False  # schema 1 opened read-only: its rows' terms are positional flags, not read
        try:
            self._db = connect(self.path, read_only=read_only, on_notice=on_notice or _warn)
        except MemoryLockedError as exc:
            self._lose(exc)
        if self._db is not None:
            with database_errors(self.path):
                self._legacy = self._db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION

    def _lose(self, error: BadInputError) -> None:
        if self._on_lost is None:
            raise error
        if self.lost is None:
            self.lost = error
            self._on_lost(error)
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _rows(self, query: str, params: Sequence[object] = ()) -> list[tuple]:
        """The rows of one query; a lock or a full disk under ``on_lost`` gives none."""
        if self._db is None:
            return []
        try:
            with database_errors(self.path):
                return self._db.execute(query, params).fetchall()
        except MemoryLockedError as exc:
            self._lose(exc)
            return []

    # --- reading -------------------------------------------------------------------------------------

    def approved(self, sources: Iterable[str]) -> dict[str, Approved]:
        """The approved translations among ``sources``, by source."""
        found: dict[str, Approved] = {}
        for chunk in _chunks(sorted(set(sources))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT source, target, origin FROM approved WHERE source IN ({marks})"
            for source, target, origin in self._rows(query, chunk):
                found[source] = Approved(source, target, origin)
        return found

    def lookup(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Remembered]:
        """The remembered translations among ``(source, context)`` keys, by key; marks them used."""
        found: dict[tuple[str, str], Remembered] = {}
        for chunk in _chunks(sorted(set(keys))):
            clause = " OR ".join(["(source = ? AND context = ?)"] * len(chunk))
            params = [part for key in chunk for part in key]
            query = f"SELECT source, context, target, terms, model, settings FROM translations WHERE {clause}"
            for source, context, target, terms, model, settings in self._rows(query, params):
                stored = self._terms(terms, source)
                found[(source, context)] = Remembered(source, context, target, stored, model, settings)
        return found

    def entries(self) -> Iterator[Remembered]:
        query = "SELECT source, context, target, terms, model, settings FROM translations ORDER BY source, context"
        for source, context, target, terms, model, settings in self._rows(query):
            yield Remembered(source, context, target, self._terms(terms, source), model, settings)

    def approved_entries(self) -> Iterator[Approved]:
        for source, target, origin in self._rows("SELECT source, target, origin FROM approved ORDER BY source"):
            yield Approved(source, target, origin)

    def _terms(self, terms: str, source: str) -> tuple[StoredTerm, ...]:
        """A row's ``terms`` column: a JSON list of term reports (objects), or a one-line error.

        A memory of schema 1 (positional flags) is upgraded when opened for writing; opened read-only
        (``memory stats``, ``memory export``) its rows are read without their terms.
        """
        if self._legacy:
            return ()
        try:
            reports = json.loads(terms)
            if not isinstance(reports, list):
                raise TypeError("not a list")
            stored = tuple(_stored(report) for report in reports)
        except (ValueError, TypeError, KeyError) as exc:
            raise BadInputError(
                f"the translation memory is damaged: the entry for {source[:40]!r} has malformed terms ({exc})",
                path=shown_name(self.path),
                hint="glossmt memory prune --model SIGNATURE forgets that model's entries; or move the file aside",
            ) from exc
        return stored

    def stats(self) -> Stats:
        translations = self._rows("SELECT count(*) FROM translations")[0][0]
        approved = self._rows("SELECT count(*) FROM approved")[0][0]
        models = self._rows("SELECT model, count(*) FROM translations GROUP BY model ORDER BY 2 DESC")
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return Stats(self.path, translations, approved, tuple((m, n) for m, n in models), size)

    # --- writing: short transactions -----------------------------------------------------------------

    def remember(self, entries: Sequence[Remembered]) -> None:
        """Store model translations (one short transaction)."""
        if not entries:
            return
        now = time.time()
        rows = [(e.source, e.context, e.target, _json(e.terms), e.model, e.settings, now, now) for e in entries]
        self._write_many("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def touch(self, keys: Sequence[tuple[str, str]]) -> None:
        """Mark remembered translations as used now (what ``prune --unused-days`` keeps)."""
        if keys:
            now = time.time()
            self._write_many(
                "UPDATE translations SET used = ? WHERE source = ? AND context = ?", [(now, *k) for k in keys]
            )

    def approve(self, entries: Sequence[Approved]) -> None:
        now = time.time()
        self._write_many(
            "INSERT OR REPLACE INTO approved VALUES (?, ?, ?, ?)",
            [(e.source, e.target, e.origin, now) for e in entries],
        )

    def prune(self, *, unused_days: float | None = None, model: str | None = None) -> int:
        """Forget model translations unused for ``unused_days`` and/or made by ``model``; approved ones stay."""
        clauses: list[str] = []
        params: list[object] = []
        if unused_days is not None:
            clauses.append("used < ?")
            params.append(time.time() - unused_days * 86400)
        if model is not None:
            clauses.append("model = ?")
            params.append(model)
        if not clauses:
            return 0
        removed = self._write_many(f"DELETE FROM translations WHERE {' AND '.join(clauses)}", [params])
        if self._db is not None:
            with database_errors(self.path):
                self._db.execute("VACUUM")
        return removed

    def _write_many(self, statement: str, rows: Sequence[Sequence[object]]) -> int:
        """One short transaction (``BEGIN IMMEDIATE``: the write lock at once, waiting up to the busy timeout);
        rolled back whole on any error. Returns the rows changed."""
        if self._db is None:
            return 0
        db = self._db
        try:
            with database_errors(self.path):
                db.execute("BEGIN IMMEDIATE")
                try:
                    cursor = db.executemany(statement, rows)
                    db.execute("COMMIT")
                except BaseException:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise
        except (MemoryLockedError, MemoryWriteError) as exc:
            self._lose(exc)
            return 0
        return cursor.rowcount


def _json(terms: Sequence[StoredTerm]) -> str:
    return json.dumps([{name: getattr(t, name) for name in _FIELDS} for t in terms], ensure_ascii=False)


_FIELDS = {"concept": str, "source": str, "start": int, "end": int, "target": str, "how": str, "present": bool}


def _stored(report: object) -> StoredTerm:
    """One stored term report, its fields checked (a malformed one raises TypeError or KeyError)."""
    if not isinstance(report, dict):
        raise TypeError(f"a term report is {type(report).__name__}, not an object")
    values = {name: report[name] for name in _FIELDS}
    wrong = [name for name, kind in _FIELDS.items() if type(values[name]) is not kind]
    if wrong:
        raise TypeError(f"term report field {wrong[0]!r} is {type(values[wrong[0]]).__name__}")
    return StoredTerm(**values)


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _chunks(items: Sequence[_T], size: int = 400) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
