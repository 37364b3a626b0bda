"""CSV and TSV term files, in glossmt's own layout or the layouts MT services accept.

Layouts (``layout=``; reading detects the layout, writing defaults to ``glossmt``):

``glossmt``
    A header row ``zh,en,concept,type,avoid,note,status,source`` and one row per Chinese form.
    ``avoid`` and ``source`` lists are joined with ``; ``; ``status`` is ``approved`` or ``draft``.
    Lossless except for PO translator comments.
``deepl``
    ``source,target`` rows, no header: a DeepL glossary dictionary. DeepL's CSV may append
    ``source_lang,target_lang`` columns; reading accepts them (``zh,en``, or ``en,zh`` swapped).
``google``
    ``source,target`` rows, no header: a Google Cloud Translation unidirectional glossary. Reading also
    accepts Google's equivalent-term-sets CSV, whose header row names languages (``zh-CN,en,pos,description``).
``amazon``
    A header row of language codes ``zh,en``, then ``source,target`` rows: Amazon Translate custom terminology.

Service layouts carry only the Chinese form and its English: rows without English are left out, and
repeated ``source,target`` pairs written once. A header row is recognised by its first cell (``zh``,
``zh-Hans``, ``zh-CN``, ``en``, ``source``…); its columns are then found by name, in any order, and
unknown columns (other languages, Google's ``pos``) are ignored. A row without a concept gets its
English as the concept, as a PO entry without ``msgctxt`` does.

TSV is the plain IANA form: no quoting, so a cell cannot hold a tab or a line break; writing such a term
to TSV is an error that says so rather than a file that would read back wrong.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossmt.glossary.errors import TermFileError, UsageError
from glossmt.glossary.formats.fields import split_list, term_file_error, term_type
from glossmt.glossary.io.fileio import read_text
from glossmt.glossary.model import Origin, Term

LAYOUTS = ("glossmt", "deepl", "google", "amazon")
GLOSSMT_COLUMNS = ("zh", "en", "concept", "type", "avoid", "note", "status", "source")
LIST_SEPARATOR = "; "

_ZH_CODE = re.compile(r"zh(?:[-_][a-z0-9]+)*", re.IGNORECASE)  # zh, zh-Hans, zh-CN, zh_TW
_EN_CODE = re.compile(r"en(?:[-_][a-z0-9]+)*", re.IGNORECASE)  # en, en-US, en-GB
_SOURCE_NAMES = frozenset({"source", "source_term", "term", "chinese"})
_TARGET_NAMES = frozenset({"target", "target_term", "translation", "english"})
# Header names of the other columns, by the Term field they fill.
_FIELD_NAMES = {
    "concept": "concept",
    "type": "type",
    "avoid": "avoid",
    "note": "note",
    "notes": "note",
    "description": "note",  # Google equivalent-term-sets
    "status": "status",
    "source": "sources",
    "sources": "sources",
}


@dataclass(frozen=True, slots=True)
class Dialect:
    """How one delimited format splits cells: CSV quotes (RFC 4180), TSV does not."""

    name: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def quotes(self) -> bool:
        return self.options.get("quoting") != csv.QUOTE_NONE


CSV = Dialect("CSV", {"delimiter": ",", "quotechar": '"', "strict": True, "skipinitialspace": True})
TSV = Dialect("TSV", {"delimiter": "\t", "quoting": csv.QUOTE_NONE, "quotechar": None})


def check_layout(layout: str | None) -> str | None:
    """``layout`` lower-cased, or a usage error naming the layouts there are."""
    if layout is None:
        return None
    name = layout.lower()
    if name not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}", hint=f"use one of {', '.join(LAYOUTS)}")
    return name


# --- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where each field sits in a row; ``width`` is the number of cells every row must have."""

    index: dict[str, int]
    width: int | None  # None: header-less, two columns (or DeepL's four)


def read(
    path: str | Path,
    dialect: Dialect,
    layout: str | None = None,
    *,
    on_invalid: Callable[[TermFileError], None] | None = None,
) -> list[Term]:
    """Read a CSV or TSV term file; ``layout`` forces a layout instead of detecting it.

    With ``on_invalid``, a bad row is handed to it and skipped instead of failing the file.
    """
    layout = check_layout(layout)
    where = str(path)
    rows = _rows(read_text(path), where, dialect)
    first = next(rows, None)
    if first is None:
        return []
    line, cells = first
    header = layout not in ("deepl", "google") and _is_header(cells)
    if layout in ("glossmt", "amazon") and not header:
        raise TermFileError(
            f"the {layout} layout starts with a header row",
            path=where,
            line=line,
            hint="add a first row naming the columns, e.g. zh,en",
        )
    if header:
        columns = _header_columns(cells, where, line)
        body: Iterable[tuple[int, list[str]]] = rows
    else:
        columns = _Columns({"source": 0, "target": 1}, None)
        body = itertools.chain([first], rows)
    terms: list[Term] = []
    for number, row in body:
        try:
            terms.append(_row_term(row, columns, Origin(where, number), dialect))
        except TermFileError as error:
            if on_invalid is None:
                raise
            on_invalid(error)
    return terms


def _rows(text: str, where: str, dialect: Dialect) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first line, stripped cells)`` for each non-blank row."""
    reader = csv.reader(io.StringIO(text, newline=""), **dialect.options)
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                yield line, [cell.strip() for cell in cells]
    except csv.Error as exc:
        raise TermFileError(
            f"{dialect.name} syntax error: {exc}",
            path=where,
            line=start,
            hint='quote a cell that holds a comma, quote or line break ("a, b"), and double its quotes ("")',
        ) from exc


def _is_header(cells: Sequence[str]) -> bool:
    first = cells[0]
    return bool(_ZH_CODE.fullmatch(first) or _EN_CODE.fullmatch(first)) or first.lower() in _SOURCE_NAMES


def _header_columns(cells: Sequence[str], where: str, line: int) -> _Columns:
    index: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = cell.lower()
        if "source" not in index and (_ZH_CODE.fullmatch(name) or name in _SOURCE_NAMES):
            index["source"] = position
        elif "target" not in index and (_EN_CODE.fullmatch(name) or name in _TARGET_NAMES):
            index["target"] = position
        elif name in _FIELD_NAMES and _FIELD_NAMES[name] not in index:
            index[_FIELD_NAMES[name]] = position
    if "source" not in index or "target" not in index:
        raise TermFileError(
            "the header row names no Chinese and English columns",
            path=where,
            line=line,
            hint="name the Chinese column zh (or zh-Hans, zh-CN) and the English column en",
        )
    return _Columns(index, len(cells))


def _row_term(cells: list[str], columns: _Columns, origin: Origin, dialect: Dialect) -> Term:
    if columns.width is None:
        cells = _headerless(cells, origin, dialect)
    elif len(cells) != columns.width:
        raise _wrong_width(f"{len(cells)} cells where the header has {columns.width}", origin, dialect, cells)

    def cell(name: str) -> str:
        return cells[columns.index[name]] if name in columns.index else ""

    source, target, status = cell("source"), cell("target"), cell("status").lower()
    if status not in ("", "approved", "draft"):
        raise term_file_error(f"unknown status {status!r}", origin, "write approved or draft")
    draft = status == "draft"
    if not source:
        raise term_file_error("the Chinese cell is empty", origin, "fill it in or delete the row")
    if not target and not draft:
        raise term_file_error("the English cell is empty", origin, "fill it in, mark the row draft, or delete it")
    return Term(
        source=source,
        target=target,
        concept=cell("concept") or target or source,
        type=term_type(cell("type"), origin),
        avoid=split_list(cell("avoid")),
        note=cell("note"),
        sources=split_list(cell("sources")),
        draft=draft,
        origin=origin,
    )


def _headerless(cells: list[str], origin: Origin, dialect: Dialect) -> list[str]:
    """``source,target`` or DeepL's ``source,target,source_lang,target_lang``, as ``[zh, en]``."""
    if len(cells) == 2:
        return cells
    if len(cells) == 4:
        source, target, source_lang, target_lang = cells
        if _ZH_CODE.fullmatch(source_lang) and _EN_CODE.fullmatch(target_lang):
            return [source, target]
        if _EN_CODE.fullmatch(source_lang) and _ZH_CODE.fullmatch(target_lang):
            return [target, source]
        raise term_file_error(
            f"the entry is {source_lang}→{target_lang}, not Chinese→English",
            origin,
            "keep only zh,en rows (DeepL's third and fourth columns name the languages)",
        )
    raise _wrong_width(f"{len(cells)} cells", origin, dialect, cells)


def _wrong_width(what: str, origin: Origin, dialect: Dialect, cells: Sequence[str]) -> TermFileError:
    if not dialect.quotes and any(cell.startswith('"') or cell.endswith('"') for cell in cells):
        hint = "a TSV cell cannot hold a tab or a line break (TSV has no quoting); write CSV to keep them"
    elif dialect.quotes:
        hint = 'give every row the same cells: source,target (or a header row); quote a cell holding a comma ("a, b")'
    else:
        hint = "give every row the same cells, separated by one tab: source<TAB>target (or a header row)"
    return term_file_error(f"the row has {what}", origin, hint)


# --- writing ---------------------------------------------------------------------------------------


def dumps(terms: Iterable[Term], dialect: Dialect, layout: str | None = None) -> str:
    """Render terms as CSV or TSV text in ``layout`` (default ``glossmt``)."""
    layout = check_layout(layout) or "glossmt"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", **dialect.options)
    header, rows = _layout_rows(list(terms), layout)
    if header:
        writer.writerow(header)
    for term, row in rows:
        if not dialect.quotes:
            _check_tsv(term, row, header or ("zh", "en"))
        writer.writerow(row)
    return buffer.getvalue()


def _layout_rows(terms: list[Term], layout: str) -> tuple[tuple[str, ...], list[tuple[Term, list[str]]]]:
    if layout == "glossmt":
        return GLOSSMT_COLUMNS, [(term, _glossmt_row(term)) for term in terms]
    pairs: dict[tuple[str, str], Term] = {}
    for term in terms:
        if term.target:  # services reject an entry without a target
            pairs.setdefault((term.source, term.target), term)
    rows = [(term, [source, target]) for (source, target), term in pairs.items()]
    return (("zh", "en") if layout == "amazon" else ()), rows


def _glossmt_row(term: Term) -> list[str]:
    return [
        term.source,
        term.target,
        term.concept,
        term.type.value if term.type else "",
        LIST_SEPARATOR.join(term.avoid),
        term.note,
        "draft" if term.draft else "approved",
        LIST_SEPARATOR.join(term.sources),
    ]


def _check_tsv(term: Term, row: Sequence[str], header: Sequence[str]) -> None:
    for name, value in zip(header, row, strict=True):
        if "\t" in value or "\n" in value or "\r" in value:
            origin = term.origin
            raise TermFileError(
                f"the {name} of {term.source} holds a tab or line break, which TSV cannot hold",
                path=origin.path if origin else None,
                line=origin.line if origin and origin.line else None,
                hint="write CSV, JSONL, TBX or PO instead, or put the text on one line",
            )
