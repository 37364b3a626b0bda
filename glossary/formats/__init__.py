"""Term-file formats behind one read/write interface.

Each format is one module exposing ``read(path) -> list[Term]`` and ``dumps(terms) -> str``;
the format is chosen by ``--format`` or by the file's extension. CSV and TSV also take ``layout=``
(glossmt, deepl, google, amazon; see :mod:`glossmt.glossary.formats.delimited`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from glossmt.glossary.errors import TermFileError, UsageError
from glossmt.glossary.fileio import atomic_write_text
from glossmt.glossary.model import Term

# format name -> module under glossmt.glossary.formats
FORMATS = {"po": "po", "csv": "delimited_csv", "tsv": "delimited_tsv", "tbx": "tbx", "jsonl": "jsonl"}
LAYOUT_FORMATS = ("csv", "tsv")  # formats whose modules take layout= (see formats/delimited.py)
ROW_FORMATS = ("csv", "tsv", "jsonl")  # formats whose rows can be skipped one by one (on_invalid=)
EXTENSIONS = {".po": "po", ".pot": "po", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".tbx": "tbx", ".jsonl": "jsonl"}


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format name for ``path``: ``explicit`` if given, else from the extension."""
    if explicit:
        name = explicit.lower().lstrip(".")
        if name not in FORMATS:
            raise UsageError(f"unknown format {explicit!r}", hint=f"use one of {', '.join(FORMATS)}")
        return name
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise UsageError(
            f"cannot tell the format of {path} from its extension",
            hint=f"name it {' '.join(sorted(set(EXTENSIONS)))} or pass --format",
        )
    return EXTENSIONS[suffix]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"glossmt.glossary.formats.{FORMATS[name]}")


def _layout_options(name: str, layout: str | None) -> dict[str, str]:
    """Keyword arguments carrying ``layout`` to a format that has layouts (CSV and TSV)."""
    if layout is None:
        return {}
    if name not in LAYOUT_FORMATS:
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
    if on_invalid is not None and name in ROW_FORMATS:
        options["on_invalid"] = on_invalid
    if name == "po":
        from glossmt.glossary.formats.po import read_po

        return read_po(path)
    return list(_module(name).read(path, **options))


def dumps_terms(terms: Iterable[Term], fmt: str, *, layout: str | None = None) -> str:
    """Render terms as text in format ``fmt`` (and, for CSV and TSV, ``layout``)."""
    name = format_for("", fmt)
    options = _layout_options(name, layout)
    if name == "po":
        from glossmt.glossary.formats.po import dumps_po

        return dumps_po(terms)
    return str(_module(name).dumps(list(terms), **options))


def write_terms(terms: Iterable[Term], path: str | Path, fmt: str | None = None, *, layout: str | None = None) -> None:
    """Write ``terms`` to ``path`` atomically in the format its extension (or ``fmt``) names."""
    atomic_write_text(path, dumps_terms(terms, format_for(path, fmt), layout=layout))
