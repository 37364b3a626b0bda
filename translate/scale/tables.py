"""Rows in and records out for ``--engine ray``: text, JSONL and Parquet inputs; JSONL and Parquet outputs.

An input row is one line of text: a text file's line, a JSONL object's ``text`` (or ``source``) field, a
Parquet table's ``text`` (or ``source``) column. An output record has the fields of ``--format jsonl``
(:func:`glossmt.translate.mt.writers.line_record`), plus ``input`` naming the file when there are several.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.io.fileio import atomic_write_text, read_bytes
from glossmt.translate.batch.encoding import decode_document
from glossmt.translate.batch.run import document_lines

__all__ = ["OUTPUT_SUFFIXES", "Row", "read_rows", "write_records"]

TEXT_FIELDS = ("text", "source")
OUTPUT_SUFFIXES = (".jsonl", ".parquet")


@dataclass(frozen=True, slots=True)
class Row:
    input: str
    line: int  # 1-based, within its input
    text: str


def read_rows(inputs: Sequence[str], encoding: str) -> Iterator[Row]:
    """Every line of every input, in order."""
    for name in inputs:
        suffix = Path(name).suffix.lower()
        if suffix == ".parquet":
            texts = _parquet_texts(name)
        elif suffix == ".jsonl":
            texts = _jsonl_texts(name, encoding)
        else:
            texts = document_lines(decode_document(read_bytes(name), name, encoding).text)
        for number, text in enumerate(texts, 1):
            yield Row(name, number, text)


def _jsonl_texts(name: str, encoding: str) -> list[str]:
    texts = []
    for number, line in enumerate(document_lines(decode_document(read_bytes(name), name, encoding).text), 1):
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise BadInputError(f"not JSON: {exc}", path=name, line=number, hint="one JSON object per line") from exc
        field = next((f for f in TEXT_FIELDS if isinstance(record, dict) and isinstance(record.get(f), str)), None)
        if field is None:
            raise BadInputError("no text field", path=name, line=number, hint='give each object a "text" string')
        texts.append(" ".join(record[field].splitlines()))
    return texts


def _parquet_texts(name: str) -> list[str]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(name)
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise BadInputError(f"not a Parquet file: {exc}", path=name, hint="write it with pyarrow or pandas") from exc
    field = next((f for f in TEXT_FIELDS if f in table.column_names), None)
    if field is None:
        raise BadInputError("no text column", path=name, hint=f"name the column one of {', '.join(TEXT_FIELDS)}")
    return [" ".join((value or "").splitlines()) for value in table.column(field).to_pylist()]


def write_records(records: Sequence[dict[str, object]], output: Path) -> None:
    """Write ``records`` as JSONL or Parquet (by ``output``'s suffix), atomically."""
    suffix = output.suffix.lower()
    if suffix == ".jsonl":
        atomic_write_text(output, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        return
    if suffix != ".parquet":
        raise UsageError(f"-o {output}: --engine ray writes .jsonl or .parquet", hint="name the output .jsonl")
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(list(records), schema=_schema(pa, with_input=bool(records and "input" in records[0])))
    fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _schema(pa: Any, *, with_input: bool) -> Any:
    term = pa.struct(
        [
            ("concept", pa.string()),
            ("source", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("target", pa.string()),
            ("how", pa.string()),
            ("present", pa.bool_()),
        ]
    )
    fields = [("input", pa.string())] if with_input else []
    fields += [
        ("line", pa.int64()),
        ("source", pa.string()),
        ("target", pa.string()),
        ("terms", pa.list_(term)),
        ("sentences", pa.int64()),
        ("from_memory", pa.int64()),
        ("signature", pa.string()),
    ]
    return pa.schema(fields)
