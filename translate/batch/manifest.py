"""What made each output of a folder run, so that a rerun redoes exactly the outputs whose inputs changed.

A folder run (``glossmt translate news/ -o out/``) records each finished output in ``out/.glossmt-manifest``,
one JSON object a line, appended as the output is written::

    {"output": "a/b.en.txt", "source": "<sha256 of the input's bytes>", "glossary": "<digest>",
     "model": "<what the model is>", "settings": "format:text|beams:4|…"}

A rerun keeps an output only when it exists and its record matches the input's bytes now and this run's
:class:`Recipe`; otherwise it is redone, and the reason is counted (``source changed``, ``glossary changed``,
``model changed``, ``settings changed``, ``no record``: an output this folder has no record of, written by
hand or by a glossmt before manifests). The file is append-only, so a killed run loses no record of what
it finished (a half-written last line is ignored); the last record of an output wins, and the file is
rewritten without the superseded lines when a run starts. It is hidden, so a folder walk never reads it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from glossmt.glossary.io.fileio import atomic_write_text, write_error

__all__ = ["MANIFEST_NAME", "Manifest", "Recipe", "source_digest"]

MANIFEST_NAME = ".glossmt-manifest"  # JSON lines; no .jsonl ending, so no *.jsonl glob takes it for an output


def source_digest(data: bytes) -> str:
    """The digest an input is recorded by: its bytes (an edit, or a new encoding, changes it)."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Recipe:
    """What a run makes its outputs with, besides the input: each field a reason of its own to redo one."""

    glossary: str  # the glossary's digest, "none" without one
    model: str  # what the model is (its content or hub revision), backend and compute type
    settings: str  # what else decides the output: format, beams, strategy, pinning

    def differs(self, other: Recipe) -> str | None:
        """The first field in which ``other`` (a record) differs from this run, as a reason; None if none."""
        for name in ("glossary", "model", "settings"):
            if getattr(self, name) != getattr(other, name):
                return f"{name} changed"
        return None


class Manifest:
    """One output folder's records; :meth:`stale` says why an output must be redone, :meth:`record` adds one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST_NAME
        self._records: dict[str, tuple[str, Recipe]] = {}
        self.reasons: Counter[str] = Counter()  # why outputs that exist are redone in this run
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace") if self.path.is_file() else ""
        except OSError:
            text = ""  # unreadable: no output is known to be current, so each is redone
        lines = text.splitlines()
        for line in lines:
            try:
                item = json.loads(line)
                recipe = Recipe(item["glossary"], item["model"], item["settings"])
                self._records[item["output"]] = (item["source"], recipe)
            except (ValueError, KeyError, TypeError):
                continue  # a line a killed run left half-written
        if len(lines) > len(self._records) or (text and not text.endswith("\n")):
            self._compact()  # superseded or broken lines out, and the next record starts on a line of its own

    def _key(self, target: Path) -> str:
        return Path(os.path.relpath(target, self.folder)).as_posix()

    def stale(self, target: Path, data: bytes, recipe: Recipe) -> str | None:
        """Why the existing ``target`` must be redone for the input ``data`` under ``recipe``; None: it is current.

        Each reason is also counted in :attr:`reasons`.
        """
        found = self._records.get(self._key(target))
        if found is None:
            reason: str | None = "no record"
        elif found[0] != source_digest(data):
            reason = "source changed"
        else:
            reason = recipe.differs(found[1])
        if reason is not None:
            self.reasons[reason] += 1
        return reason

    def record(self, target: Path, digest: str, recipe: Recipe) -> None:
        """Append the record of a finished output (written after the output itself).

        Raises:
            BadInputError: the manifest cannot be written (disk full, permissions): exit 3, naming it.
        """
        key = self._key(target)
        self._records[key] = (digest, recipe)
        line = json.dumps({"output": key, "source": digest, **asdict(recipe)}, ensure_ascii=False)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError as exc:
            raise write_error(exc, self.path) from exc

    def _compact(self) -> None:
        lines = [
            json.dumps({"output": key, "source": digest, **asdict(recipe)}, ensure_ascii=False)
            for key, (digest, recipe) in self._records.items()
        ]
        atomic_write_text(self.path, "".join(line + "\n" for line in lines))
