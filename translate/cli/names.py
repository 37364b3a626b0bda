"""``glossmt glossary suggest``: ranked English candidates for Chinese names the glossary may not know.

Thin: names from the arguments or stdin (one per line), the name oracle, lines out. No torch.
"""

from __future__ import annotations

from typing import Annotated

import typer

from glossmt.glossary.errors import UsageError
from glossmt.glossary.io.fileio import DEFAULT_ENCODING, read_text, split_lines
from glossmt.glossary.loading import load_glossary
from glossmt.glossary.names import NameOracle, NameOrigin
from glossmt.glossary.names.batch import MAX_JOBS, suggest_all
from glossmt.glossary.names.render import TSV_HEADER, Format, render
from glossmt.translate.cli.options import EncodingOption, GlossaryOption, OriginOption, is_stdio

MAX_TOP = 50


def suggest_command(  # noqa: PLR0917 (typer maps parameters to options)
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAME…", help="Chinese names; - or nothing reads one per line from stdin."),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="Candidates per name, the romanisation last (1 to 50).")] = 5,
    output_format: Annotated[Format, typer.Option("--format", "-f", help="table, jsonl or tsv.")] = Format.TABLE,
    glossary: GlossaryOption = None,
    encoding: EncodingOption = DEFAULT_ENCODING,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes for long lists (default: the CPUs, at most 8).")
    ] = None,
    origin: OriginOption = NameOrigin.ANY,
) -> None:
    """Ranked English for each name (glossary, CC-CEDICT, the learned name model); the romanisation last, as an aid."""
    if not 1 <= top <= MAX_TOP:
        raise UsageError(f"--top {top}: out of range", hint=f"give 1 to {MAX_TOP}")
    if not names or (len(names) == 1 and is_stdio(names[0])):
        names = [line.strip() for line in split_lines(read_text("-", encoding, option="--encoding"))]
    if jobs is not None and not 1 <= jobs <= MAX_JOBS:
        raise UsageError(f"--jobs {jobs}: out of range", hint=f"give 1 to {MAX_JOBS}")
    oracle = NameOracle(load_glossary(glossary), origin=origin)
    if output_format is Format.TSV:
        typer.echo(TSV_HEADER, nl=False)
    # JSON Lines answer each line, a blank one too, so that the answers line up with the input (paste, join);
    # the table and the TSV rows (a row per candidate) have nothing to line up and skip blank lines.
    asked = names if output_format is Format.JSONL else [n for n in names if n]
    for name, candidates in suggest_all(oracle, asked, top=top, jobs=jobs):
        typer.echo(render(name, candidates, output_format), nl=False)
