"""Term-file formats behind one read/write interface, each declaring itself.

Each format is one module (listed in :data:`MODULES`) that declares ``FORMAT = TermFormat(...)``:
its name, its file extensions, ``read(path) -> list[Term]`` and ``dumps(terms) -> str``. The format
is chosen by ``--format`` or by the file's extension; :func:`formats` is the registry. CSV and TSV
also take ``layout=`` (glossmt, deepl, google, amazon; see :mod:`glossmt.glossary.formats.delimited`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from glossmt.glossary.errors import TermFileError, UsageError
from glossmt.glossary.io.fileio import atomic_write_text
from glossmt.glossary.model import Term

__all__ = ["MODULES", "TermFormat", "dumps_terms", "format_for", "formats", "read_terms", "write_terms"]


@dataclass(frozen=True, slots=True)
class TermFormat:
    """One term-file format as its module declares it."""

    name: str
    extensions: tuple[str, ...]  # lower case, with the dot; the first is the one written
    read: Callable[..., list[Term]]  # read(path[, layout=]) -> terms
    dumps: Callable[..., str]  # dumps(terms[, layout=]) -> text
    layouts: bool = False  # takes layout= (CSV and TSV)
    rows: bool = False  # reads row by row: takes on_invalid= to skip a bad row (CSV, TSV, JSONL)


# The modules under glossmt.glossary.formats that declare a FORMAT, in the order help lists them.
MODULES = ("po", "delimited_csv", "delimited_tsv", "tbx", "jsonl")


@cache
def formats() -> dict[str, TermFormat]:
    """Every format by name (the registry), from the modules' own declarations."""
    declared = [importlib.import_module(f"glossmt.glossary.formats.{m}").FORMAT for m in MODULES]
    return {f.name: f for f in declared}


@cache
def _by_extension() -> dict[str, str]:
    return {ext: f.name for f in formats().values() for ext in f.extensions}


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format name for ``path``: ``explicit`` if given, else from the extension."""
    if explicit:
        name = explicit.lower().lstrip(".")
        if name not in formats():
            raise UsageError(f"unknown format {explicit!r}", hint=f"use one of {', '.join(formats())}")
        return name
    suffix = Path(path).suffix.lower()
    extensions = _by_extension()
    if suffix not in extensions:
        raise UsageError(
            f"cannot tell the format of {path} from its extension",
            hint=f"name it {' '.join(sorted(extensions))} or pass --format",
        )
    return extensions[suffix]


def _layout_options(name: str, layout: str | None) -> dict[str, str]:
    """Keyword arguments carrying ``layout`` to a format that has layouts (CSV and TSV)."""
    if layout is None:
        return {}
    if not formats()[name].layouts:
        raise UsageError(f"the {name} format has no layouts", hint="drop --layout, or use .csv or .tsv")
    return {"layout": layout}


def read_terms(
    path: str | Path,
    fmt: str | None = None,
    *,
    layout: str | None = None,
    on_invalid: Callable[[TermFileError], None] | None = None,
) -> list[Term]:
    """Read one term file; CSV and TSV detect their layout unless ``layout`` names one.

    With ``on_invalid``, a bad row of a CSV, TSV or JSONL file is handed to it and skipped; other
    formats are read whole or not at all.
    """
    name = format_for(path, fmt)
    options: dict[str, Any] = dict(_layout_options(name, layout))
    if on_invalid is not None and formats()[name].rows:
        options["on_invalid"] = on_invalid
    return list(formats()[name].read(path, **options))


def dumps_terms(terms: Iterable[Term], fmt: str, *, layout: str | None = None) -> str:
    """Render terms as text in format ``fmt`` (and, for CSV and TSV, ``layout``)."""
    name = format_for("", fmt)
    return str(formats()[name].dumps(list(terms), **_layout_options(name, layout)))


def write_terms(terms: Iterable[Term], path: str | Path, fmt: str | None = None, *, layout: str | None = None) -> None:
    """Write ``terms`` to ``path`` atomically in the format its extension (or ``fmt``) names."""
    atomic_write_text(path, dumps_terms(terms, format_for(path, fmt), layout=layout))
