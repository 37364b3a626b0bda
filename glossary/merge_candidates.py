"""``glossary merge``: fold *extract's reviewed candidates* (a PO file) into the existing term files.

Not to be confused with :mod:`glossmt.glossary.consolidate_imports`, which merges the rows of an
*imported* term list among themselves before they become a glossary; this module edits term files that
already exist, entry by entry, as text.

A reviewed entry (``#, fuzzy`` removed, msgstr filled) whose msgctxt names an existing concept is a
*variant*: it is inserted after that concept's last entry, in that concept's file. A new concept goes
to the end of the file that holds most terms of its ``#. type:`` (``people.po`` for persons in the
shipped glossary), or to a new ``<type>s.po``. Existing text is never rewritten: entries are inserted
as text, so order, comments and headers stay byte for byte. Entries still fuzzy stay out unless
drafts are asked for. What extraction wrote in translator comments (:data:`.extract.render.COMMENT_KEYS`)
is dropped; anything else the maintainer wrote is kept.

Refused, naming both ``file:line``: a form already in the glossary with other English, a variant whose
English differs from its concept's, a non-draft entry without English, a new concept without a type,
and any candidate that ``glossary lint`` would call an error in the merged glossary (a control
character or markup in its concept, a draft without English): validated before anything is written.
Every change is planned before any file is written; every file is checked writable before the first
is written (a read-only file stops the merge with nothing changed); each file is then written atomically.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from glossmt.glossary.errors import BadInputError, TermFileError
from glossmt.glossary.extract.render import COMMENT_KEYS
from glossmt.glossary.formats import format_for
from glossmt.glossary.formats.po import HEADER, entry_text, read_po
from glossmt.glossary.io.fileio import atomic_write_text, check_writable, read_text
from glossmt.glossary.loading import glossary_paths
from glossmt.glossary.model import Glossary, Term, TermType, concept_id
from glossmt.glossary.names.romanise import romanise
from glossmt.glossary.normalise import normalise_form


@dataclass(frozen=True, slots=True)
class Placed:
    """One candidate entry and the term file it goes to."""

    term: Term
    path: Path
    variant: bool


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What a merge would do: the new text of every changed file, and what was left out."""

    before: dict[Path, str]
    after: dict[Path, str]
    placed: tuple[Placed, ...]
    drafts_left_out: int
    already_present: int

    def diff(self) -> str:
        """A unified diff of every file the merge changes."""
        out: list[str] = []
        for path, new in self.after.items():
            old = self.before.get(path, "")
            out.extend(
                difflib.unified_diff(
                    old.splitlines(keepends=True),
                    new.splitlines(keepends=True),
                    fromfile=str(path) if old else "/dev/null",
                    tofile=str(path),
                )
            )
        return "".join(out)

    def apply(self) -> None:
        """Write every changed file atomically, once every one of them is known to be writable."""
        for path in self.after:
            check_writable(path)  # so a read-only third file does not leave the first two merged
        for path, text in self.after.items():
            atomic_write_text(path, text)


def plan_merge(candidates: str | Path, terms_dir: str | Path, *, include_drafts: bool = False) -> MergePlan:
    """Plan folding the entries of ``candidates`` (a PO term file) into the term files of ``terms_dir``."""
    files = glossary_paths([terms_dir])
    for path in files:
        if format_for(path) != "po":  # entries are inserted as PO text, so only PO files can take them
            raise BadInputError(
                "merge writes PO term files, and this is not one",
                path=path,
                hint=f"convert it first: glossmt glossary import {path} -o {path.with_suffix('.po')}",
            )
    existing = [t for path in files for t in read_po(path)]
    glossary = Glossary.of(existing)
    by_form = {normalise_form(t.source): t for t in existing}
    before = {path: read_text(path) for path in files}
    placed: list[Placed] = []
    drafts = present = 0
    for entry in read_po(candidates):
        if entry.draft and not include_drafts:
            drafts += 1
            continue
        term = _clean(entry)
        known = by_form.get(normalise_form(term.source))
        if known is not None:
            if known.target == term.target or (term.draft and not term.target):
                present += 1
                continue
            raise _refuse(term, f"{term.source} → {term.target!r}, but {known.origin} maps it to {known.target!r}")
        if not term.target and not term.draft:
            raise _refuse(term, f"{term.source} has no English", "fill in msgstr, or leave the entry fuzzy")
        placed.append(_place(term, glossary, files, Path(terms_dir)))
        by_form[normalise_form(term.source)] = term
    _lint_placed(existing, placed, candidates)
    after = _insert(before, placed, glossary)
    return MergePlan(before, after, tuple(placed), drafts, present)


def _lint_placed(existing: list[Term], placed: list[Placed], candidates: str | Path) -> None:
    """Refuse a candidate the merged glossary's lint would call an error: nothing is written that lint rejects."""
    from glossmt.glossary.findings import Severity
    from glossmt.glossary.lint import lint

    merged = Glossary.of([*existing, *(p.term for p in placed)])
    for found in lint(merged):
        if found.severity is Severity.ERROR and found.path == str(candidates):
            raise TermFileError(
                f"{found.message} [{found.code}]",
                path=found.path,
                line=found.line or None,
                hint="correct the candidate entry (or leave it out); nothing was merged",
            )


def _refuse(term: Term, message: str, hint: str = "correct the candidate entry or the term file") -> TermFileError:
    origin = term.origin
    return TermFileError(message, path=origin.path if origin else None, line=origin.line if origin else None, hint=hint)


def _clean(term: Term) -> Term:
    """Drop what extraction wrote in translator comments; keep the maintainer's own."""
    kept = [line for line in term.comment.splitlines() if not line.strip().lower().startswith(COMMENT_KEYS)]
    return replace(term, comment="\n".join(kept))


def _place(term: Term, glossary: Glossary, files: list[Path], terms_dir: Path) -> Placed:
    concept = next((c for c in glossary.concepts if c.id == term.concept), None)
    if concept is not None:
        if term.target and concept.target and term.target != concept.target:
            where = concept.terms[0].origin
            raise _refuse(term, f"concept {concept.id!r} is {concept.target!r} at {where}, this says {term.target!r}")
        last = concept.terms[-1]
        assert last.origin is not None
        return Placed(term, Path(last.origin.path), variant=True)
    if term.type is None:
        kinds = "|".join(t.value for t in TermType)
        raise _refuse(term, f"{term.source} is a new concept without a type", f"add '#. type: {kinds}'")
    if term.target and term.concept == concept_id(romanise(term.source)):
        # extract proposed an id from the pinyin; the reviewed English makes a better one
        better = concept_id(term.target)
        if better and better not in {c.id for c in glossary.concepts}:
            term = replace(term, concept=better)
    return Placed(term, _file_for(term.type, glossary, files, terms_dir), variant=False)


def _file_for(kind: TermType, glossary: Glossary, files: list[Path], terms_dir: Path) -> Path:
    """The file holding most terms of ``kind``; else a new ``<kind>s.po`` in the folder."""
    counts = Counter(Path(t.origin.path) for t in glossary if t.type is kind and t.origin is not None)
    if counts:
        return counts.most_common(1)[0][0]
    folder = terms_dir if terms_dir.is_dir() else terms_dir.parent
    return folder / f"{kind.value}s.po"


def _insert(before: dict[Path, str], placed: list[Placed], glossary: Glossary) -> dict[Path, str]:
    """Each file's text with its new entries: variants after their concept's last entry, the rest at the end."""
    after: dict[Path, str] = {}
    for path in dict.fromkeys(p.path for p in placed):
        text = before.get(path) or _new_file()
        lines = text.splitlines(keepends=True)
        inserts: dict[int, list[str]] = {}
        for item in (p for p in placed if p.path == path):
            at = _end_of_concept(lines, item.term.concept, glossary) if item.variant else len(lines)
            inserts.setdefault(at, []).append(entry_text(item.term))
        out: list[str] = []
        for index in range(len(lines) + 1):
            for entry in inserts.get(index, []):
                if out and not out[-1].endswith("\n"):
                    out[-1] += "\n"
                if out and out[-1].strip():
                    out.append("\n")
                out.append(entry)
                if index < len(lines) and lines[index].strip():
                    out.append("\n")
            if index < len(lines):
                out.append(lines[index])
        after[path] = "".join(out)
    return after


def _end_of_concept(lines: list[str], concept: str, glossary: Glossary) -> int:
    """The line index just after the concept's last entry (its first blank line, or the end)."""
    last = glossary.concept(concept).terms[-1]
    assert last.origin is not None
    index = last.origin.line - 1
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _new_file() -> str:
    header = "".join(f'"{k}: {v}\\n"\n' for k, v in HEADER.items())
    return f'msgid ""\nmsgstr ""\n{header}'
