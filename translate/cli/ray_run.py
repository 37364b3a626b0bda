"""``glossmt translate --engine ray``: the command line's side of translating on Ray Data's replicas."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from glossmt.glossary.errors import UsageError
from glossmt.glossary.io.fileio import check_writable
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.glossary.loading import glossary_paths
from glossmt.translate.cli.options import STDIN

if TYPE_CHECKING:
    from glossmt.translate.scale.ray_engine import Replicas
    from glossmt.translate.session import Session


def check_ray_output(inputs: list[str], output: str | None, glossary: Sequence[Path] | None = None) -> str | None:
    """Ray reads files and writes one file of records; None: no output for the folder planner to check.

    The record file goes through the output guard of the single-process engine: it may not be an input
    or a term file (or a link to one). ``glossary``: the ``-g`` options.
    """
    from glossmt.translate.scale.tables import OUTPUT_SUFFIXES

    if STDIN in inputs:
        raise UsageError("--engine ray reads files, not stdin", hint="name the input files")
    if output is None or Path(output).suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError("--engine ray writes one .jsonl or .parquet file", hint="pass -o OUTPUT.jsonl")
    # Every input goes into the one output: pair it with the first, guard it against the others.
    guard_outputs([(inputs[0], output)], also_inputs=[*inputs[1:], *glossary_paths(glossary)])
    check_writable(output)
    return None


def translate_with_ray(inputs: list[str], output: Path, settings: Replicas, session: Session, encoding: str) -> None:
    """Translate ``inputs`` through ``session`` on Ray's replicas into one file of records (the session tallies).

    The session's pinning pins unknown names per input file, or across the batch (decided on the driver).
    """
    from glossmt.translate.mt.writers import line_record
    from glossmt.translate.scale.ray_engine import translate_rows
    from glossmt.translate.scale.tables import read_rows, write_records

    records = []
    info = session.info
    for row, result in translate_rows(read_rows(inputs, encoding), settings, session):
        record = line_record(result, info)
        records.append({"input": row.input, **record} if len(inputs) > 1 else record)
    write_records(records, output)
