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
from typing import Annotated, Literal

import typer

from glossmt.glossary.errors import GlossmtError
from glossmt.glossary.io.fileio import STDIN_NAME, STDIO, shown_name

__all__ = [
    "GLOSSARY_HELP",
    "MEMORY_HELP",
    "STDIN",
    "STDIN_NAME",
    "CheckFormat",
    "FindFormat",
    "GlossaryOption",
    "ListingFormat",
    "MemoryOption",
    "ReportFormat",
    "inputs_or_stdin",
    "is_stdio",
    "memory_lost",
    "plural",
    "shown_name",
]

GLOSSARY_HELP = "Term file or folder (repeatable). Default: $GLOSSMT_GLOSSARY, else the shipped terms."
GlossaryOption = Annotated[list[Path] | None, typer.Option("--glossary", "-g", help=GLOSSARY_HELP)]
"""``-g/--glossary``: the term files to load (``glossmt.glossary.loading.load_glossary`` picks the default)."""

MEMORY_HELP = "The translation memory file. Default: $GLOSSMT_MEMORY, else memory.sqlite in the user cache folder."
MemoryOption = Annotated[str | None, typer.Option("--memory", help=MEMORY_HELP)]
"""``--memory``: the one ``translate`` keeps and ``memory`` looks after (``translate.memory.store.memory_path``)."""


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


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 file``, ``2 files``; ``nouns`` for a noun that does not just add an s (entry, entries)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"
