"""The writer registry: every output format has one writer and one file extension."""

from __future__ import annotations

import io
import json

import pytest

from glossmt.translate.mt.results import How, LineResult, SentenceResult, TermReport
from glossmt.translate.mt.writers import WRITERS, Format, RunInfo, open_writer

INFO = RunInfo("1.0", "tiny@abc", "sha256:0", 4)
TERM = TermReport("lutnick", "卢特尼克", 6, 10, "Howard Lutnick", How.HINTED, present=True)
RESULT = LineResult(
    1,
    "美国商务部长卢特尼克。",
    "Howard Lutnick.",
    (SentenceResult(0, 11, "美国商务部长卢特尼克。", "Howard Lutnick.", (TERM,)),),
)


def written(fmt: Format) -> str:
    stream = io.StringIO()
    writer = open_writer(fmt, stream, INFO, "a.txt")
    writer.write(RESULT)
    writer.close()
    return stream.getvalue()


def test_every_format_is_registered_with_its_own_extension() -> None:
    assert set(WRITERS) == set(Format)
    assert {f: f.extension for f in Format} == {
        Format.TEXT: ".txt",
        Format.JSONL: ".jsonl",
        Format.TSV: ".tsv",
        Format.PO: ".po",
        Format.HTML: ".html",
    }


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (Format.TEXT, "Howard Lutnick.\n"),
        (Format.TSV, "美国商务部长卢特尼克。\tHoward Lutnick.\n"),
    ],
    ids=str,
)
def test_line_formats(fmt: Format, expected: str) -> None:
    assert written(fmt) == expected


def test_jsonl_says_how_each_term_was_made_in_words() -> None:
    record = json.loads(written(Format.JSONL))
    assert record["terms"][0]["how"] == "hinted"
    assert record["signature"] == "glossmt:1.0|model:tiny@abc|glossary:sha256:0|beams:4"


def test_po_comments_say_how() -> None:
    text = written(Format.PO)
    assert "#. term: 卢特尼克 → Howard Lutnick (hinted)" in text
    assert "#: a.txt:1" in text
