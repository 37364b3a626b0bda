"""What the commands share, written once: the ``-g/--glossary`` option, the report format, stdin, plurals.

sqlite-utils's reusable option decorators, the typer way: a shared option is an ``Annotated`` type that a
command's parameter names, so its flags, help and type cannot drift apart between commands. ``-`` means
stdin for an input and stdout for an output, in every command; messages and findings call stdin
``<stdin>`` (:func:`glossmt.glossary.io.fileio.shown_name`, which the library uses too).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from glossmt.glossary.errors import BadInputError, GlossmtError
from glossmt.glossary.io.fileio import STDIN_NAME, STDIO, read_text, shown_name
from glossmt.glossary.names import NameOrigin
from glossmt.translate.documents import segment_texts
from glossmt.translate.documents import suffixes as document_suffixes
from glossmt.translate.mt.backends import AUTO, BACKENDS, compute_type_names

__all__ = [
    "DOCUMENTS_HELP",
    "ENCODING_HELP",
    "GLOSSARY_HELP",
    "INPUTS",
    "MEMORY_HELP",
    "STDIN",
    "STDIN_NAME",
    "TEXT_SUFFIXES",
    "Backend",
    "BackendOption",
    "CheckFormat",
    "ComputeType",
    "ComputeTypeOption",
    "Device",
    "DeviceOption",
    "EncodingOption",
    "Engine",
    "FindFormat",
    "GlossaryOption",
    "ListingFormat",
    "MemoryOption",
    "ModelOption",
    "OriginOption",
    "ReportFormat",
    "chinese_text",
    "fail_at_end",
    "inputs_or_stdin",
    "is_stdio",
    "memory_lost",
    "plural",
    "read_documents",
    "shown_name",
]

GLOSSARY_HELP = "Term file or folder (repeatable). Default: $GLOSSMT_GLOSSARY, else the shipped terms."
GlossaryOption = Annotated[list[Path] | None, typer.Option("--glossary", "-g", metavar="FILE|DIR", help=GLOSSARY_HELP)]
"""``-g/--glossary``: the term files to load (``glossmt.glossary.loading.load_glossary`` picks the default)."""

MEMORY_HELP = "The translation memory file. Default: $GLOSSMT_MEMORY, else memory.sqlite in the user cache folder."
MemoryOption = Annotated[str | None, typer.Option("--memory", help=MEMORY_HELP)]
"""``--memory``: the one ``translate`` keeps and ``memory`` looks after (``translate.memory.store.memory_path``)."""

INPUTS = "[FILE…|DIR…|-]"
"""How every command that reads text names its inputs in help: files, folders (walked), ``-`` for stdin."""
TEXT_SUFFIXES = (".txt", *document_suffixes())  # what a folder of Chinese contributes (extract, glossary find)
DOCUMENTS_HELP = "Chinese text, documents (.md .html .docx .xlf .srt .vtt) or folders; - or none: stdin."

ENCODING_HELP = "Input encoding, e.g. gb18030 or big5; auto detects each file's."
EncodingOption = Annotated[str, typer.Option("--encoding", metavar="NAME|auto", help=ENCODING_HELP)]
"""``--encoding``: the same on every command that reads Chinese text (``auto`` included)."""

ORIGIN_HELP = (
    "Where the names come from: russian (Russian, Kazakh, Uzbek … news) makes their readings from Russian count more."
)
OriginOption = Annotated[NameOrigin, typer.Option("--origin", help=ORIGIN_HELP)]
"""``--origin``: what the caller knows of the names (``glossary suggest``, ``extract``, ``translate``'s pinning)."""


def memory_lost(error: GlossmtError) -> None:
    """What ``translate`` says when its memory is locked or its disk full: the memory is a cache, the run goes on."""
    typer.echo(f"warning: {error}; this run's translations are written but not remembered", err=True)


# Help is rich markup: "[…]" is a style tag and vanishes, so defaults are written out in words.


class ReportFormat(StrEnum):
    """How a command reports what it found: lines for people and grep, JSON or JSONL for programs, a page."""

    TEXT = "text"
    JSON = "json"  # one document
    JSONL = "jsonl"  # one object a line, as the results come
    HTML = "html"  # a page to review in a browser


# Each command accepts the formats that make sense for it, from the one enum.
CheckFormat = Literal[ReportFormat.TEXT, ReportFormat.JSON, ReportFormat.HTML]  # check
ListingFormat = Literal[ReportFormat.TEXT, ReportFormat.JSON]  # glossary lint, glossary stats
FindFormat = Literal[ReportFormat.TEXT, ReportFormat.JSONL]  # glossary find


STDIN = STDIO  # "-": stdin where an input is named, stdout where an output is


def is_stdio(name: str | Path | None) -> bool:
    """Does ``name`` (an input or an output, None when not given) mean stdin or stdout?"""
    return name is not None and str(name) == STDIO


def inputs_or_stdin(names: Sequence[str] | None) -> list[str]:
    """The inputs named, or stdin when none is."""
    return list(names) if names else [STDIN]


def read_documents(paths: Sequence[str], encoding: str) -> tuple[list[tuple[str, str]], list[GlossmtError]]:
    """Each input as ``(name, text)``, and the errors of those that could not be read or decoded, so that a
    command goes on with the others and :func:`fail_at_end` reports them and exits 3."""
    documents: list[tuple[str, str]] = []
    failed: list[GlossmtError] = []
    for path in paths:
        try:
            documents.append((shown_name(path), chinese_text(path, encoding)))
        except BadInputError as exc:
            failed.append(exc)
    return documents, failed


def chinese_text(path: str, encoding: str) -> str:
    """A text file as it is; a document (HTML, DOCX, XLIFF sources, subtitles…) as its segments' text."""
    segments = segment_texts(path)
    if segments is None:
        return read_text(path, encoding, option="--encoding")
    return "\n".join(text for _, text in segments)


def fail_at_end(failed: Sequence[GlossmtError], total: int, *, reported: bool = False) -> None:
    """Exit 3 when some inputs could not be read: each one's ``error:`` line (unless ``reported`` already),
    then how many; one input alone is just its error."""
    if not failed:
        return
    if total == 1 and not reported:
        raise failed[0]
    if not reported:
        for error in failed:
            typer.echo(f"error: {error}", err=True)
    typer.echo(f"{plural(len(failed), 'file')} of {total} could not be read; the others were", err=True)
    raise typer.Exit(failed[0].exit_code)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 file``, ``2 files``; ``nouns`` for a noun that does not just add an s (entry, entries)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


# --- the model's choices (translate, serve) ----------------------------------------------------------

if TYPE_CHECKING:  # the model's choices, shared by translate and serve

    class Backend(StrEnum):
        AUTO = "auto"

    class ComputeType(StrEnum):
        AUTO = "auto"
        INT8 = "int8"

else:  # the choices, from the backend registry (glossmt.translate.mt.backends)
    Backend = StrEnum("Backend", {name.upper(): name for name in (AUTO, *BACKENDS)})
    ComputeType = StrEnum("ComputeType", {name.upper(): name for name in compute_type_names()})


class Engine(StrEnum):
    LOCAL = "local"
    RAY = "ray"


class Device(StrEnum):
    AUTO = "auto"
    CPU = "cpu"
    CUDA = "cuda"


ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", "-m", help="Hub id or local folder. Default: $GLOSSMT_MODEL, else Helsinki-NLP/opus-mt-zh-en."
    ),
]
DeviceOption = Annotated[Device, typer.Option("--device", help="Where the model runs.")]
BackendOption = Annotated[
    Backend,
    typer.Option("--backend", help="auto: ct2 for a folder made by `glossmt models convert`, else transformers."),
]
ComputeTypeOption = Annotated[
    ComputeType, typer.Option("--compute-type", help="ct2 only; auto: int8 on CPU, int8_float16 on GPU.")
]
"""The model options of every command that loads one, written once."""
