"""Where each input's translation goes: files, folder trees mirrored into an output folder, stdin.

``glossmt translate news/ extra.txt -o out/`` translates every file under ``news/`` whose path matches the
glob (``*.txt`` by default; hidden files and folders are skipped) into the same place under ``out/``
(``news/a/b.txt`` → ``out/a/b.en.txt``), and each named file into ``out/`` itself. Nothing is translated
when two inputs would write one output or an output would land on an input: the plan is checked whole
before any work starts. A target that already exists is a finished file of an earlier run (outputs are
written atomically, so a file that exists is whole): it is marked done and skipped unless ``force``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.io.fileio import STDIO, check_readable, check_writable, shown_name
from glossmt.glossary.io.outputs import guard_outputs

__all__ = ["DEFAULT_GLOB", "Job", "Plan", "plan_outputs"]

DEFAULT_GLOB = "*.txt"


@dataclass(frozen=True, slots=True)
class Job:
    """One input and where its translation goes (``target`` None: stdout)."""

    source: str
    target: Path | None = None
    done: bool = False  # the target exists from an earlier run and is kept (no --force)

    @property
    def source_name(self) -> str:
        return shown_name(self.source)


@dataclass(frozen=True, slots=True)
class Plan:
    """The jobs in input order; ``folder`` is the output folder when outputs go into one."""

    jobs: tuple[Job, ...]
    folder: Path | None = None
    empty: tuple[str, ...] = ()  # input folders in which no file matched the glob

    @property
    def todo(self) -> tuple[Job, ...]:
        return tuple(j for j in self.jobs if not j.done)


def plan_outputs(
    inputs: Sequence[str],
    output: str | None,
    extension: str,
    *,
    glob: str = DEFAULT_GLOB,
    force: bool = False,
    keep_suffix: bool = False,
) -> Plan:
    """Plan a run: each input (a file, a folder or ``-``) with its output (``.en`` + ``extension``).

    ``keep_suffix``: each output keeps its input's suffix instead (documents: ``a.html`` → ``a.en.html``).

    Raises:
        BadInputError: an input does not exist.
        UsageError: the outputs cannot be told apart, would overwrite an input, or need a folder.
    """
    _check_glob(glob)
    for name in inputs:
        if name != STDIO and not Path(name).exists():
            if Path(name).is_symlink():
                check_readable(name)  # a symlink loop says so
            raise BadInputError("no such file or folder", path=name, hint="check the path")
    folders = [name for name in inputs if name != STDIO and Path(name).is_dir()]
    if output is None or output == STDIO:
        if folders:
            raise UsageError(f"{folders[0]} is a folder; its translations need somewhere to go", hint="pass -o OUTDIR")
        return Plan(tuple(Job(name) for name in inputs))
    out = Path(output)
    into_folder = len(inputs) > 1 or folders or out.is_dir() or output.endswith(("/", os.sep))
    if not into_folder:
        return _checked(Plan((Job(inputs[0], out, done=_finished(out, force)),)))
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {output} is a file, but the outputs need a folder", hint="name a folder")
    pairs: list[tuple[str, Path]] = []
    empty: list[str] = []
    found_in_folders: set[str] = set()
    for name in inputs:
        if name in folders:
            found = _tree(Path(name), glob, out)
            if not found:
                empty.append(name)
            pairs.extend(
                (str(path), out / rel.parent / f"{rel.stem}.en{rel.suffix if keep_suffix else extension}")
                for path, rel in found
            )
            found_in_folders.update(str(path) for path, _ in found)
        else:
            stem = "stdin" if name == STDIO else Path(name).stem
            suffix = Path(name).suffix if keep_suffix and name != STDIO else extension
            pairs.append((name, out / f"{stem}.en{suffix}"))
    # `translate in -o in` run again: a folder's files that are this plan's finished outputs (kept, not
    # rewritten) are not inputs. With --force they would be rewritten while read: the guard refuses that.
    kept = {os.path.realpath(dst) for src, dst in pairs if src != STDIO and _finished(dst, force)}
    pairs = [(src, dst) for src, dst in pairs if src not in found_in_folders or os.path.realpath(src) not in kept]
    jobs = tuple(Job(src, dst, done=src != STDIO and _finished(dst, force)) for src, dst in pairs)
    return _checked(Plan(jobs, out, tuple(empty)))


def _check_glob(glob: str) -> None:
    try:
        PurePath("x").match(glob)
    except ValueError as exc:
        raise UsageError(f"--glob {glob!r} is not a file pattern ({exc})", hint="pass one such as '*.txt'") from exc


def _checked(plan: Plan) -> Plan:
    """The plan, once no output would overwrite an input or another output, and every output can be written."""
    guard_outputs((job.source, job.target) for job in plan.jobs)
    for job in plan.todo:
        if job.target is not None:
            check_writable(job.target, create_folders=True)  # fail now, not after translating
    return plan


def _tree(root: Path, glob: str, output: Path) -> list[tuple[Path, Path]]:
    """Files under ``root`` matching ``glob``, sorted, with their paths relative to ``root``.

    Hidden files and folders are skipped, and so is the output folder when it lies inside ``root``
    (``glossmt translate news/ -o news/en/`` must not translate its own outputs on a rerun).
    """
    skip = output.resolve()
    found = []
    for directory, subdirs, files in os.walk(root):
        here = Path(directory)
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(".") and (here / d).resolve() != skip)
        for name in sorted(files):
            path = here / name
            rel = path.relative_to(root)
            if not name.startswith(".") and rel.match(glob) and path.is_file():
                found.append((path, rel))
    return sorted(found, key=lambda pair: pair[1].parts)


def _finished(target: Path, force: bool) -> bool:
    return not force and target.is_file()
