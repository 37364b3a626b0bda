"""``glossmt extract``: names in Chinese text that no glossary entry covers, ready to review.

Thin: inputs in, :func:`glossmt.glossary.extract.extract`, one rendering out (stdout, or ``-o`` written
atomically). A one-line summary goes to stderr. A file that cannot be read or decoded is reported and left
out, the others are extracted, and the run exits 3 at the end.
"""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from glossmt.glossary.extract import Detector, Format, extract, render
from glossmt.glossary.extract.candidates import MIN_CONFIDENCE
from glossmt.glossary.io.fileio import (
    DEFAULT_ENCODING,
    atomic_write_text,
    check_encoding,
    check_writable,
    expand_folders,
)
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.glossary.loading import glossary_paths, load_glossary
from glossmt.glossary.names import NameOracle, NameOrigin
from glossmt.translate.cli.options import (
    DOCUMENTS_HELP,
    INPUTS,
    TEXT_SUFFIXES,
    EncodingOption,
    GlossaryOption,
    OriginOption,
    fail_at_end,
    inputs_or_stdin,
    is_stdio,
    read_documents,
)
from glossmt.translate.signature import glossmt_version


def extract_command(  # noqa: PLR0917 (typer maps parameters to options)
    inputs: Annotated[
        list[str] | None,
        typer.Argument(metavar=INPUTS, help=DOCUMENTS_HELP),
    ] = None,
    glossary: GlossaryOption = None,
    fmt: Annotated[
        Format | None,
        typer.Option("--format", "-f", help="table (default on a terminal), po (candidate term file), jsonl, tsv."),
    ] = None,
    output: Annotated[str | None, typer.Option("-o", "--output", help="Write here (atomically), not stdout.")] = None,
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Leave out names seen fewer times.")] = 1,
    top: Annotated[int | None, typer.Option("--top", min=1, help="At most this many candidates.")] = None,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Leave out less certain names.")
    ] = MIN_CONFIDENCE,
    encoding: EncodingOption = DEFAULT_ENCODING,
    origin: OriginOption = NameOrigin.ANY,
) -> None:
    """List names in Chinese text that no glossary entry covers: count, pinyin, type, suggested English."""
    check_encoding(encoding)
    paths = expand_folders(inputs_or_stdin(inputs), TEXT_SUFFIXES, what="Chinese text")
    to_file = output if output and not is_stdio(output) else None
    if to_file is not None:  # never over a text or term file the run reads; the folder checked before work
        guard_outputs([(paths[0], to_file)], also_inputs=[*paths, *glossary_paths(glossary)])
        check_writable(to_file)
    documents, failed = read_documents(paths, encoding)  # all read before work
    if not documents:
        fail_at_end(failed, len(paths))  # nothing to extract from: nothing is written
    detector = Detector(load_glossary(glossary))
    # Its dictionaries (millions of objects) live until exit: keep them out of every garbage collection,
    # which otherwise walks them again and again (a quarter of the time on new text; docs/benchmarks.md).
    gc.freeze()
    oracle = NameOracle(detector.glossary, origin=origin)
    candidates = extract(
        documents, detector, min_count=min_count, min_confidence=min_confidence, top=top, oracle=oracle
    )
    chosen = fmt or (Format.TABLE if sys.stdout.isatty() and not output else Format.TSV)
    text = render(candidates, chosen, generator=f"glossmt extract {glossmt_version()}")
    if to_file is not None:
        atomic_write_text(to_file, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    where = f" → {to_file}" if to_file is not None else ""
    typer.echo(f"{len(candidates)} candidate names in {len(documents)} document(s){where}", err=True)
    fail_at_end(failed, len(paths))
