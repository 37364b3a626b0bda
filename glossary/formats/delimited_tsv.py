"""TSV term files (tab-separated, no quoting): glossmt's layout, or DeepL, Google and Amazon glossaries.

The layouts and their rules live in :mod:`glossmt.glossary.formats.delimited`, shared with CSV.
TSV cells cannot hold tabs or line breaks, so a multi-line note needs CSV, JSONL, TBX or PO.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.formats import TermFormat
from glossmt.glossary.formats.delimited import TSV
from glossmt.glossary.formats.delimited import dumps as _dumps
from glossmt.glossary.formats.delimited import read as _read
from glossmt.glossary.model import Term


def read(
    path: str | Path, layout: str | None = None, *, on_invalid: Callable[[TermFileError], None] | None = None
) -> list[Term]:
    """Read a TSV term file, detecting its layout unless ``layout`` names one."""
    return _read(path, TSV, layout, on_invalid=on_invalid)


def dumps(terms: Iterable[Term], layout: str | None = None) -> str:
    """Render terms as TSV in ``layout`` (default ``glossmt``)."""
    return _dumps(terms, TSV, layout)


FORMAT = TermFormat("tsv", (".tsv", ".tab"), read=read, dumps=dumps, layouts=True, rows=True)
