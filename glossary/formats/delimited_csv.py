"""CSV term files (RFC 4180): glossmt's lossless layout, or DeepL, Google and Amazon glossaries.

The layouts and their rules live in :mod:`glossmt.glossary.formats.delimited`, shared with TSV.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.formats import TermFormat
from glossmt.glossary.formats.delimited import CSV
from glossmt.glossary.formats.delimited import dumps as _dumps
from glossmt.glossary.formats.delimited import read as _read
from glossmt.glossary.model import Term


def read(
    path: str | Path, layout: str | None = None, *, on_invalid: Callable[[TermFileError], None] | None = None
) -> list[Term]:
    """Read a CSV term file, detecting its layout unless ``layout`` names one."""
    return _read(path, CSV, layout, on_invalid=on_invalid)


def dumps(terms: Iterable[Term], layout: str | None = None) -> str:
    """Render terms as CSV in ``layout`` (default ``glossmt``, lossless but for translator comments)."""
    return _dumps(terms, CSV, layout)


FORMAT = TermFormat("csv", (".csv",), read=read, dumps=dumps, layouts=True, rows=True)
