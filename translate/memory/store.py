"""The translation memory: one SQLite file that many runs, and many processes at once, share safely.

Two tables. ``translations`` holds what the model wrote for one sentence, under the *context* it was
written in: the model signature (id, revision, backend, compute type), the decoding settings and the
digest of the exact glossary entries applied to that sentence (see :mod:`glossmt.translate.memory.key`).
``approved`` holds human translations imported from reviewed PO files; they are keyed by the sentence
alone and win over the model whatever the context.

Concurrency: WAL journal (readers never block the writer), a busy timeout instead of "database is locked"
errors, and every write is one short ``BEGIN IMMEDIATE`` transaction per batch of sentences, so a process
killed mid-run loses at most the batch it was writing and never corrupts the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from glossmt.glossary.caches import cache_folder
from glossmt.glossary.errors import BadInputError, UsageError

__all__ = ["ENV_VAR", "Approved", "Memory", "Remembered", "Stats", "default_path", "memory_path"]

_T = TypeVar("_T")
ENV_VAR = "GLOSSMT_MEMORY"  # a path, or "off"
_BUSY_TIMEOUT_MS = 60_000
_SCHEMA = """
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


def default_path() -> Path:
    """``memory.sqlite`` in the user cache folder (platformdirs: ``~/.cache/glossmt`` on Linux)."""
    return cache_folder() / "memory.sqlite"


def memory_path(option: str | None, *, disabled: bool = False) -> Path | None:
    """The memory a run uses: ``--memory PATH``, else ``$GLOSSMT_MEMORY`` (``off``: none), else the default."""
    if disabled and option:
        raise UsageError("--memory and --no-memory contradict each other", hint="pass one of them")
    if disabled:
        return None
    chosen = option or os.environ.get(ENV_VAR)
    if chosen == "off":
        return None
    return Path(chosen).expanduser() if chosen else default_path()


@dataclass(frozen=True, slots=True)
class Remembered:
    """One sentence's translation as the model made it, and per glossary match in order ``(how, present)``."""

    source: str
    context: str
    target: str
    terms: tuple[tuple[str, bool], ...] = ()
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

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self._db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at checkpoints, never corrupt
            self._db.executescript(_SCHEMA)  # each CREATE … IF NOT EXISTS is atomic on its own
        except sqlite3.DatabaseError as exc:
            raise BadInputError(
                f"cannot open the translation memory: {exc}",
                path=self.path,
                hint="pass --memory with another file, or --no-memory",
            ) from exc

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    # --- reading -------------------------------------------------------------------------------------

    def approved(self, sources: Iterable[str]) -> dict[str, Approved]:
        """The approved translations among ``sources``, by source."""
        found: dict[str, Approved] = {}
        for chunk in _chunks(sorted(set(sources))):
            marks = ",".join("?" * len(chunk))
            query = f"SELECT source, target, origin FROM approved WHERE source IN ({marks})"
            for source, target, origin in self._db.execute(query, chunk):
                found[source] = Approved(source, target, origin)
        return found

    def lookup(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Remembered]:
        """The remembered translations among ``(source, context)`` keys, by key; marks them used."""
        found: dict[tuple[str, str], Remembered] = {}
        for chunk in _chunks(sorted(set(keys))):
            clause = " OR ".join(["(source = ? AND context = ?)"] * len(chunk))
            params = [part for key in chunk for part in key]
            query = f"SELECT source, context, target, terms, model, settings FROM translations WHERE {clause}"
            for source, context, target, terms, model, settings in self._db.execute(query, params):
                flags = tuple((how, bool(present)) for how, present in json.loads(terms))
                found[(source, context)] = Remembered(source, context, target, flags, model, settings)
        return found

    def entries(self) -> Iterator[Remembered]:
        query = "SELECT source, context, target, terms, model, settings FROM translations ORDER BY source, context"
        for source, context, target, terms, model, settings in self._db.execute(query):
            flags = tuple((how, bool(present)) for how, present in json.loads(terms))
            yield Remembered(source, context, target, flags, model, settings)

    def approved_entries(self) -> Iterator[Approved]:
        for source, target, origin in self._db.execute("SELECT source, target, origin FROM approved ORDER BY source"):
            yield Approved(source, target, origin)

    def stats(self) -> Stats:
        translations = self._db.execute("SELECT count(*) FROM translations").fetchone()[0]
        approved = self._db.execute("SELECT count(*) FROM approved").fetchone()[0]
        models = self._db.execute("SELECT model, count(*) FROM translations GROUP BY model ORDER BY 2 DESC").fetchall()
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())
        return Stats(self.path, translations, approved, tuple((m, n) for m, n in models), size)

    # --- writing: short transactions -----------------------------------------------------------------

    def remember(self, entries: Sequence[Remembered]) -> None:
        """Store model translations (one short transaction)."""
        if not entries:
            return
        now = time.time()
        rows = [(e.source, e.context, e.target, json.dumps(e.terms), e.model, e.settings, now, now) for e in entries]
        with self._write():
            self._db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def touch(self, keys: Sequence[tuple[str, str]]) -> None:
        """Mark remembered translations as used now (what ``prune --unused-days`` keeps)."""
        if keys:
            now = time.time()
            with self._write():
                self._db.executemany(
                    "UPDATE translations SET used = ? WHERE source = ? AND context = ?", [(now, *k) for k in keys]
                )

    def approve(self, entries: Sequence[Approved]) -> None:
        now = time.time()
        with self._write():
            rows = [(e.source, e.target, e.origin, now) for e in entries]
            self._db.executemany("INSERT OR REPLACE INTO approved VALUES (?, ?, ?, ?)", rows)

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
        with self._write():
            cursor = self._db.execute(f"DELETE FROM translations WHERE {' AND '.join(clauses)}", params)
        self._db.execute("VACUUM")
        return cursor.rowcount

    def _write(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock at once (waiting up to the busy timeout)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")


def _chunks(items: Sequence[_T], size: int = 400) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
