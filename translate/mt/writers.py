"""Writers for ``glossmt translate``: text, tsv, jsonl and po, one per format behind one interface.

Every writer takes :class:`LineResult` values in input order. ``text`` and ``tsv`` write one line per
input line; ``jsonl`` one object per input line; ``po`` one entry per distinct sentence, written when
the writer is closed (a PO file is a catalogue, not a stream). Outputs say how they were made: the
signature (glossmt version, model, glossary digest, beams) is in every JSONL object and the PO header.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, TextIO, TypeVar

import polib

from glossmt.glossary.io.fileio import STDIN_NAME
from glossmt.glossary.normalise import fold_whitespace
from glossmt.translate.mt.results import LineResult, TermReport
from glossmt.translate.signature import Signature

__all__ = [
    "WRITERS",
    "Format",
    "JsonlWriter",
    "PoWriter",
    "RunInfo",
    "TextWriter",
    "TsvWriter",
    "Writer",
    "WriterKind",
    "open_writer",
    "register",
    "term_dict",
]


class Format(StrEnum):
    TEXT = "text"
    JSONL = "jsonl"
    TSV = "tsv"
    PO = "po"
    HTML = "html"

    @property
    def extension(self) -> str:
        """The file name ending of this format's outputs (``.txt``)."""
        return WRITERS[self].extension


@dataclass(frozen=True, slots=True)
class RunInfo:
    """How a translation was made, recorded in the outputs."""

    version: str
    model: str
    glossary: str | None  # digest; None with --no-glossary
    beams: int
    engine: Signature = field(default_factory=Signature)  # backend:ct2|compute:int8

    @property
    def signature(self) -> str:
        """``glossmt:…|backend:…|compute:…|model:…|glossary:…|beams:…`` (:mod:`glossmt.translate.signature`)."""
        model, glossary = ("model", self.model), ("glossary", self.glossary or "none")
        return str(Signature.of(("glossmt", self.version), self.engine, model, glossary, ("beams", self.beams)))


class Writer(Protocol):
    """Takes a run's results in input order; ``close`` writes what is left and flushes."""

    def write(self, result: LineResult) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class WriterKind:
    """One output format as the registry holds it: its name, its files' extension, how to open a writer."""

    format: Format
    extension: str
    open: Callable[[TextIO, RunInfo, str], Writer]


WRITERS: dict[Format, WriterKind] = {}
_W = TypeVar("_W")


def register(fmt: Format, extension: str) -> Callable[[_W], _W]:
    """Decorator: the class (or function) writes ``fmt``, into files ending in ``extension``.

    It is called as ``cls(stream, info, source_name)`` and returns the :class:`Writer`.
    """

    def add(cls: _W) -> _W:
        WRITERS[fmt] = WriterKind(fmt, extension, cls)  # type: ignore[arg-type]
        return cls

    return add


def _one_line(text: str) -> str:
    return fold_whitespace(text) if any(c in text for c in "\t\r\n") else text


@register(Format.TEXT, ".txt")
class TextWriter:
    """Line N of the output is the English of line N of the input; empty lines stay empty."""

    def __init__(self, stream: TextIO, info: RunInfo, source_name: str = STDIN_NAME) -> None:
        self.stream = stream
        self.info = info
        self.source_name = source_name

    def write(self, result: LineResult) -> None:
        self.stream.write(_one_line(result.target) + "\n")

    def close(self) -> None:
        self.stream.flush()


@register(Format.TSV, ".tsv")
class TsvWriter(TextWriter):
    """``source<TAB>target`` per input line (tabs inside either become spaces)."""

    def write(self, result: LineResult) -> None:
        self.stream.write(f"{_one_line(result.source)}\t{_one_line(result.target)}\n")


def term_dict(term: TermReport) -> dict[str, object]:
    return {
        "concept": term.concept,
        "source": term.source,
        "start": term.start,
        "end": term.end,
        "target": term.target,
        "how": term.how,
        "present": term.present,
        **({"rendered_by": term.rendered_by} if term.rendered_by else {}),
    }


@register(Format.JSONL, ".jsonl")
class JsonlWriter(TextWriter):
    """One JSON object per input line: line, source, target, terms (offsets into the source line), how many
    sentences it has and how many came from the translation memory, signature."""

    def write(self, result: LineResult) -> None:
        self.stream.write(json.dumps(line_record(result, self.info), ensure_ascii=False) + "\n")


def line_record(result: LineResult, info: RunInfo) -> dict[str, object]:
    """The fields of one ``--format jsonl`` object (also what ``--engine ray`` writes, as JSONL or Parquet)."""
    return {
        "line": result.number,
        "source": result.source,
        "target": result.target,
        "terms": [term_dict(t) for t in result.terms],
        "sentences": len(result.sentences),
        "from_memory": result.from_memory,
        "signature": info.signature,
    }


@register(Format.PO, ".po")
class PoWriter:
    """A review file for post-editors (Poedit): one fuzzy entry per distinct source sentence.

    ``msgid`` is the Chinese sentence, ``msgstr`` its machine translation, ``#.`` comments list the
    glossary terms and how each was applied, ``#:`` says where the sentence occurs.
    """

    def __init__(self, stream: TextIO, info: RunInfo, source_name: str = STDIN_NAME) -> None:
        self.stream = stream
        self.info = info
        self.source_name = source_name
        self.catalog = polib.POFile(wrapwidth=0)
        self.catalog.metadata = {
            "Project-Id-Version": f"glossmt {info.version}",
            "Language": "en",
            "X-Source-Language": "zh",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
            "X-Generator": f"glossmt {info.version}",
            "X-Glossmt-Model": info.model,
            "X-Glossmt-Glossary": info.glossary or "none",
            "X-Glossmt-Signature": info.signature,
        }
        self._entries: dict[str, polib.POEntry] = {}

    def write(self, result: LineResult) -> None:
        for sentence in result.sentences:
            entry = self._entries.get(sentence.source)
            if entry is None:
                entry = polib.POEntry(msgid=sentence.source, msgstr=sentence.target, flags=["fuzzy"])
                entry.comment = "\n".join(_term_comment(t) for t in sentence.terms)
                self._entries[sentence.source] = entry
                self.catalog.append(entry)
            entry.occurrences.append((self.source_name, str(result.number)))

    def close(self) -> None:
        self.stream.write(str(self.catalog) + "\n")
        self.stream.flush()


def _term_comment(term: TermReport) -> str:
    state = "" if term.present else ", MISSING"
    by = f" from {term.rendered_by}" if term.rendered_by else ""
    return f"term: {term.source} → {term.target or '(no English)'} ({term.how}{by}{state})"


@register(Format.HTML, ".html")
def _open_review_page(stream: TextIO, info: RunInfo, source_name: str) -> Writer:
    from glossmt.translate.mt.review_page import HtmlWriter  # markupsafe and the page templates, only when asked

    return HtmlWriter(stream, info.signature, source_name)


def open_writer(fmt: Format, stream: TextIO, info: RunInfo, source_name: str = STDIN_NAME) -> Writer:
    """A writer of ``fmt`` onto ``stream``; ``source_name`` is where PO entries say the text came from."""
    return WRITERS[Format(fmt)].open(stream, info, source_name)
