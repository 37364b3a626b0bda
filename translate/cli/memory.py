"""``glossmt memory stats|prune|export|import``: look after the translation memory ``translate`` keeps.

The memory is the file ``--memory`` names, else ``$GLOSSMT_MEMORY``, else ``memory.sqlite`` in the user
cache folder: the same one ``glossmt translate`` uses. The library is :mod:`glossmt.translate.memory`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from glossmt.glossary.errors import UsageError
from glossmt.glossary.io.fileio import atomic_write_text, check_writable
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.translate.cli.options import MemoryOption, is_stdio
from glossmt.translate.memory.store import Memory, memory_path
from glossmt.translate.signature import glossmt_version


def _path(option: str | None) -> Path:
    path = memory_path(option)
    if path is None:
        raise UsageError(
            "no memory: GLOSSMT_MEMORY is off, or there is no cache folder (GLOSSMT_CACHE=off, or others can write it)",
            hint="pass --memory PATH",
        )
    return path


def _open(option: str | None, *, read_only: bool = False) -> Memory:
    return Memory(_path(option), read_only=read_only)


def stats_command(memory: MemoryOption = None) -> None:
    """How many translations the memory holds, by model, and how many reviewed ones."""
    with _open(memory, read_only=True) as store:
        stats = store.stats()
    counts = f"{stats.translations} model translations, {stats.approved} reviewed"
    typer.echo(f"{stats.path}: {counts}, {stats.size:,} bytes")
    for model, count in stats.models:
        typer.echo(f"  {count}\t{model}")


def prune_command(
    unused_days: Annotated[
        float | None, typer.Option("--unused-days", min=0, help="Forget model translations unused for this many days.")
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="Forget the translations of this model signature (see stats).")
    ] = None,
    memory: MemoryOption = None,
) -> None:
    """Forget model translations (reviewed ones always stay)."""
    if unused_days is None and model is None:
        raise UsageError("nothing to prune", hint="pass --unused-days N and/or --model SIGNATURE")
    with _open(memory) as store:
        removed = store.prune(unused_days=unused_days, model=model)
    typer.echo(f"{removed} model translations forgotten", err=True)


def export_command(
    output: Annotated[str, typer.Option("-o", "--output", help="The TMX file to write (- for stdout).")] = "-",
    memory: MemoryOption = None,
) -> None:
    """Write the memory as TMX 1.4 (reviewed entries first) for CAT tools."""
    import io

    from glossmt.translate.memory.tmx import write_tmx

    path = _path(memory)
    if not is_stdio(output):
        guard_outputs([(path, output)])  # -o the memory itself (or a link to it) would destroy it
        check_writable(output)
    buffer = io.StringIO()
    with Memory(path, read_only=True) as store:
        count = write_tmx(store, buffer, glossmt_version())
    if is_stdio(output):
        sys.stdout.write(buffer.getvalue())
    else:
        atomic_write_text(Path(output), buffer.getvalue())
    typer.echo(f"{count} translation units written", err=True)


def import_command(
    files: Annotated[list[Path], typer.Argument(help="Reviewed PO files (--format po output, fuzzy flag removed).")],
    memory: MemoryOption = None,
) -> None:
    """Make reviewed translations approved entries: they win over the model from now on."""
    from glossmt.translate.memory.review import import_review

    with _open(memory) as store:
        for path in files:
            done = import_review(store, path)
            left = f"; left out: {done.fuzzy} still fuzzy, {done.empty} empty" if done.fuzzy or done.empty else ""
            typer.echo(f"{path}: {done.approved} reviewed translations approved{left}", err=True)
