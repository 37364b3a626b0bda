"""DeepL glossaries: entries read from TSV or CSV, kept in one SQLite file, each enforced like a term file.

A glossary created through ``POST /v2/glossaries`` is a list of ``(Chinese, English)`` entries. Kept in the
server's state file, it survives restarts; DeepL's v2 glossaries are immutable (created, read, deleted), so
each is turned into glossmt terms once: one :class:`~glossmt.glossary.model.Term` per entry, entries with
the same English one concept (``glossary:ID:English``), so variants of a name share it as a term file's do.
A request naming a glossary is translated with those terms *on top of* the server's own glossary: where
both hold the same Chinese form, the request's glossary wins (its forms are matched first).

DeepL's formats: TSV is ``source<TAB>target`` a line; CSV is ``source,target[,source_lang,target_lang]``
with CSV quoting. Entries are stripped of surrounding whitespace; an empty side, a control character or a
source given twice is refused (400, with the line), as DeepL refuses them.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.errors import BadInputError
from glossmt.glossary.matching import MatchForms
from glossmt.glossary.model import Glossary, Origin, Term
from glossmt.translate.serve.protocol import ApiError

__all__ = ["Entries", "GlossaryInfo", "GlossaryStore", "Store", "combined", "dump_entries", "parse_entries", "terms_of"]

Entries = tuple[tuple[str, str], ...]
MAX_ENTRIES = 100_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS glossaries (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, source_lang TEXT NOT NULL, target_lang TEXT NOT NULL,
    created REAL NOT NULL, entries TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS usage (what TEXT PRIMARY KEY, count INTEGER NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class GlossaryInfo:
    """What DeepL says about a glossary (``GET /v2/glossaries/{id}``)."""

    id: str
    name: str
    source_lang: str
    target_lang: str
    created: float
    entry_count: int

    def as_json(self) -> dict[str, object]:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.created))
        return {
            "glossary_id": self.id,
            "name": self.name,
            "ready": True,
            "source_lang": self.source_lang.lower(),
            "target_lang": self.target_lang.lower(),
            "creation_time": f"{stamp}.{int(self.created % 1 * 1000):03d}Z",
            "entry_count": self.entry_count,
        }


def parse_entries(text: str, entries_format: str) -> Entries:
    """``(source, target)`` pairs of a DeepL TSV or CSV glossary.

    Raises:
        ApiError: 400 naming the line of an empty side, a control character or a repeated source.
    """
    if entries_format == "tsv":
        rows = [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        for n, row in rows:
            if len(row) != 2:
                raise _bad_entries(n, "expected source<TAB>target")
    elif entries_format == "csv":
        rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), 1) if any(c.strip() for c in row)]
        for n, row in rows:
            if len(row) not in (2, 4):
                raise _bad_entries(n, "expected source,target or source,target,source_lang,target_lang")
    else:
        raise ApiError(400, "Value for 'entries_format' not supported.", detail="use tsv or csv")
    entries: dict[str, str] = {}
    for n, row in rows:
        source, target = row[0].strip(), row[1].strip()
        if not source or not target:
            raise _bad_entries(n, "an entry needs both a source and a target")
        if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in source + target):
            raise _bad_entries(n, "control characters are not allowed")
        if source in entries:
            raise _bad_entries(n, f"the source {source!r} is given twice")
        entries[source] = target
    if not entries:
        raise ApiError(400, "Invalid glossary entries provided", detail="no entry")
    if len(entries) > MAX_ENTRIES:
        raise ApiError(413, "Too many glossary entries.", detail=f"at most {MAX_ENTRIES}")
    return tuple(entries.items())


def _bad_entries(line: int, why: str) -> ApiError:
    return ApiError(400, "Invalid glossary entries provided", detail=f"line {line}: {why}")


def dump_entries(entries: Entries) -> str:
    """DeepL's TSV: ``source<TAB>target`` a line (what ``GET …/entries`` returns)."""
    return "".join(f"{source}\t{target}\n" for source, target in entries)


def terms_of(glossary_id: str, entries: Entries) -> tuple[Term, ...]:
    """The glossmt terms of a DeepL glossary: entries with the same English share one concept."""
    return tuple(
        Term(source, target, f"glossary:{glossary_id}:{target}", origin=Origin(f"glossary {glossary_id}", n))
        for n, (source, target) in enumerate(entries, 1)
    )


def combined(terms: tuple[Term, ...], server: Compiled | None) -> Compiled:
    """``terms`` on top of the server's glossary, compiled (the server's forms reused, not normalised again)."""
    own = Compiled.of(Glossary(terms))
    if server is None:
        return own
    glossary = Glossary((*own.glossary.terms, *server.glossary.terms))
    forms = MatchForms(own.forms.sources + server.forms.sources, own.forms.targets + server.forms.targets)
    return Compiled(glossary, forms)


class Store(Protocol):
    """What the server keeps: :class:`GlossaryStore` in one process, a Ray actor's under ``--engine ray``."""

    def create(self, name: str, source_lang: str, target_lang: str, entries: Entries) -> GlossaryInfo: ...
    def list(self) -> list[GlossaryInfo]: ...
    def get(self, glossary_id: str) -> GlossaryInfo: ...
    def entries(self, glossary_id: str) -> Entries: ...
    def delete(self, glossary_id: str) -> None: ...
    def usage(self) -> int: ...
    def add_usage(self, characters: int) -> None: ...
    def close(self) -> None: ...


class GlossaryStore:
    """Created glossaries and usage counts in one SQLite file (``None``: in memory, gone at exit).

    Handlers call it from a thread pool: one connection, used under a lock. Several processes may open
    one file (WAL: readers never wait for the writer; a writer waits up to 5 s for another's lock), and
    every answer is read from the file, so each process sees what the others wrote.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path or ":memory:"), isolation_level=None, check_same_thread=False)
            if path is not None:
                self._db.execute("PRAGMA journal_mode = WAL")
                self._db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at checkpoints, never corrupt
            self._db.executescript(_SCHEMA)
            self.usage()
        except (OSError, sqlite3.DatabaseError) as exc:
            raise BadInputError(
                f"cannot open the server's state file: {exc}", path=path, hint="pass --state with another file"
            ) from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def create(self, name: str, source_lang: str, target_lang: str, entries: Entries) -> GlossaryInfo:
        info = GlossaryInfo(str(uuid.uuid4()), name, source_lang, target_lang, time.time(), len(entries))
        with self._lock:
            self._db.execute(
                "INSERT INTO glossaries VALUES (?, ?, ?, ?, ?, ?)",
                (info.id, name, source_lang, target_lang, info.created, dump_entries(entries)),
            )
        return info

    def list(self) -> list[GlossaryInfo]:
        with self._lock:
            rows = self._db.execute("SELECT id, name, source_lang, target_lang, created, entries FROM glossaries")
            return [_info(row) for row in rows.fetchall()]

    def get(self, glossary_id: str) -> GlossaryInfo:
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, source_lang, target_lang, created, entries FROM glossaries WHERE id = ?",
                (glossary_id,),
            ).fetchone()
        if row is None:
            raise ApiError(404, "Glossary not found.")
        return _info(row)

    def entries(self, glossary_id: str) -> Entries:
        with self._lock:
            row = self._db.execute("SELECT entries FROM glossaries WHERE id = ?", (glossary_id,)).fetchone()
        if row is None:
            raise ApiError(404, "Glossary not found.")
        return parse_entries(row[0], "tsv")

    def delete(self, glossary_id: str) -> None:
        with self._lock:
            deleted = self._db.execute("DELETE FROM glossaries WHERE id = ?", (glossary_id,)).rowcount
        if not deleted:
            raise ApiError(404, "Glossary not found.")

    def usage(self) -> int:
        """Characters translated since the state file was made (what ``/v2/usage`` reports)."""
        with self._lock:
            row = self._db.execute("SELECT count FROM usage WHERE what = 'character'").fetchone()
        return int(row[0]) if row else 0

    def add_usage(self, characters: int) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO usage VALUES ('character', ?) ON CONFLICT(what) DO UPDATE SET count = count + ?",
                (characters, characters),
            )


def _info(row: tuple[str, str, str, str, float, str]) -> GlossaryInfo:
    count = sum(1 for line in row[5].splitlines() if line)
    return GlossaryInfo(row[0], row[1], row[2], row[3], row[4], count)
