"""``glossmt extract``: names in Chinese text that no glossary entry covers, ready to review.

Thin: inputs in, :func:`glossmt.glossary.extract.extract`, one rendering out (stdout, or ``-o`` written
atomically). A one-line summary goes to stderr.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

from glossmt.glossary.errors import BadInputError
from glossmt.glossary.extract import Detector, Format, extract, render
from glossmt.glossary.extract.candidates import MIN_CONFIDENCE
from glossmt.glossary.io.fileio import DEFAULT_ENCODING, atomic_write_text, check_writable, read_text, shown_name
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.glossary.loading import glossary_paths, load_glossary
from glossmt.translate.cli.options import GlossaryOption, inputs_or_stdin, is_stdio
from glossmt.translate.documents import segment_texts
from glossmt.translate.documents import suffixes as document_suffixes
from glossmt.translate.signature import glossmt_version

TEXT_SUFFIXES = (".txt", *document_suffixes())  # what a folder argument contributes: text and documents


def extract_command(  # noqa: PLR0917 (typer maps parameters to options)
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE…|DIR|-]",
            help="Chinese text, documents (.md .html .docx .xlf .srt .vtt) or folders; - or none: stdin.",
        ),
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
    encoding: Annotated[str, typer.Option("--encoding", help="Input encoding, e.g. gb18030.")] = DEFAULT_ENCODING,
) -> None:
    """List names in Chinese text that no glossary entry covers: count, pinyin, type, suggested English."""
    paths = _expand(inputs_or_stdin(inputs))
    to_file = output if output and not is_stdio(output) else None
    if to_file is not None:  # never over a text or term file the run reads; the folder checked before work
        guard_outputs([(paths[0], to_file)], also_inputs=[*paths, *glossary_paths(glossary)])
        check_writable(to_file)
    documents = [(shown_name(p), _text(p, encoding)) for p in paths]  # all read before work
    detector = Detector(load_glossary(glossary))
    # Its dictionaries (millions of objects) live until exit: keep them out of every garbage collection,
    # which otherwise walks them again and again (a quarter of the time on new text; docs/benchmarks.md).
    gc.freeze()
    candidates = extract(documents, detector, min_count=min_count, min_confidence=min_confidence, top=top)
    chosen = fmt or (Format.TABLE if sys.stdout.isatty() and not output else Format.TSV)
    text = render(candidates, chosen, generator=f"glossmt extract {glossmt_version()}")
    if to_file is not None:
        atomic_write_text(to_file, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    where = f" → {to_file}" if to_file is not None else ""
    typer.echo(f"{len(candidates)} candidate names in {len(documents)} document(s){where}", err=True)


def _text(path: str, encoding: str) -> str:
    """A text file as it is; a document (HTML, DOCX, XLIFF sources, subtitles…) as its segments' text."""
    segments = segment_texts(path)
    if segments is None:
        return read_text(path, encoding, option="--encoding")
    return "\n".join(text for _, text in segments)


def _expand(inputs: list[str]) -> list[str]:
    paths: list[str] = []
    for name in inputs:
        path = Path(name)
        if not is_stdio(name) and path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.suffix.lower() in TEXT_SUFFIXES and p.is_file())
            if not found:
                raise BadInputError("folder holds no text files or documents", path=name, hint="name the files")
            paths.extend(found)
        else:
            paths.append(name)
    return paths
