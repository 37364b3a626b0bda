"""What ``glossmt check`` reads: English articles, and source/translation pairs in PO, JSONL and TSV.

Every input becomes a :class:`Document`: the decoded file and its *segments*, each a stretch of
English (and, in a bilingual file, its Chinese source) that knows where each of its characters
sits in the file. Findings can then point at ``file:line:col`` and fixes can rewrite exactly those
characters, even inside a quoted, escaped PO or JSON string.

Each kind of input is a function registered with ``@reader(kind, *suffixes)`` in :data:`READERS`: what a
folder contributes, what ``--input-format`` accepts and what ``glossmt check --help`` lists come from it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.io.fileio import DEFAULT_ENCODING, STDIO, decode, expand_folders, read_bytes, shown_name
from glossmt.glossary.io.jsonlines import loads_line
from glossmt.glossary.io.line_index import LineIndex
from glossmt.translate.check.literals import PO_ESCAPES, json_string_value, string_literal

__all__ = [
    "ENCODING_OPTION",
    "READERS",
    "Document",
    "Reader",
    "Segment",
    "expand",
    "file_lines",
    "from_bytes",
    "kind_of",
    "load",
    "load_aligned",
    "reader",
    "reparse",
    "suffixes",
]

_MD_SPECIAL = re.compile(r"[\\`*_\[\]|<]")  # what a Markdown fix writes escaped
ENCODING_OPTION = "--encoding"  # what `glossmt check` calls its option, named in decoding hints


@dataclass(frozen=True, slots=True)
class Segment:
    """English text (and its Chinese source, if any) with the file offset of every character.

    ``starts[i]``/``ends[i]`` hold where character ``i`` begins and ends in the decoded file; both
    are None where the English lies in the file as is, from ``origin`` on.
    """

    english: str
    source: str | None = None
    origin: int = 0
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None
    quoting: str = "text"  # how a replacement is written into the file: text, json, po or md
    tags: str = ""  # a document's markup inside the segment (tags, URLs, code): a fix must leave it as it was

    @property
    def mapped(self) -> bool:
        """Is every character's place in the file known (so a fix can be written)?"""
        return self.starts is None or len(self.starts) == len(self.english)

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``english[start:end]`` lies in the decoded file (the segment's start, if unmapped)."""
        if self.starts is None or self.ends is None:
            return self.origin + start, self.origin + end
        if not self.mapped:
            return self.origin, self.origin
        if start == end:
            at = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else self.origin)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def quote(self, replacement: str) -> str:
        """``replacement`` written as the file needs it inside this segment's string."""
        if self.quoting == "json":
            return json.dumps(replacement, ensure_ascii=False)[1:-1]
        if self.quoting == "po":
            return replacement.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        if self.quoting == "md":
            return _MD_SPECIAL.sub(r"\\\g<0>", replacement)
        if self.quoting == "markup":  # HTML, WebVTT
            return html.escape(replacement, quote=False)
        return replacement


@dataclass(frozen=True, slots=True)
class Document:
    """One input: where it came from, its bytes, its text and its segments."""

    path: str  # as shown in findings
    raw: bytes
    text: str
    encoding: str
    kind: str
    segments: tuple[Segment, ...]
    writable: bool = True  # False for stdin
    _lines: list[LineIndex] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def bilingual(self) -> bool:
        return any(s.source is not None for s in self.segments)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based ``(line, column)`` of a decoded-file offset."""
        if not self._lines:  # built on first use: most documents have no findings
            self._lines.append(LineIndex(self.text))
        return self._lines[0].position(offset)


# --- the registry of input kinds -------------------------------------------------------------


Rewrite = Callable[["Document", Sequence[tuple[int, int, str]]], bytes]  # (document, (start, end, text) edits)


@dataclass(frozen=True, slots=True)
class Reader:
    """One kind of input: its name, the file endings read as it, and how its text becomes segments.

    ``text_of``: how a binary file becomes the text findings point into (DOCX: a paragraph a line),
    instead of decoding it; ``rewrite``: how a fix is written into such a file (else byte for byte).
    ``document``: a document format (markup, structure), whose fixes are checked to leave it intact.
    """

    kind: str
    suffixes: tuple[str, ...]
    segments: Callable[[str, str], list[Segment]]  # (decoded text, the name findings show)
    text_of: Callable[[bytes, str], str] | None = None
    rewrite: Rewrite | None = None
    document: bool = False


READERS: dict[str, Reader] = {}


def reader(
    kind: str,
    *suffixes: str,
    text_of: Callable[[bytes, str], str] | None = None,
    rewrite: Rewrite | None = None,
    document: bool = False,
) -> Callable[[Callable[[str, str], list[Segment]]], Reader]:
    """Register the decorated ``segments(text, path)`` as the reader of ``kind`` (files ending in ``suffixes``)."""

    def register(segments: Callable[[str, str], list[Segment]]) -> Reader:
        if kind in READERS:
            raise ValueError(f"input kind {kind!r} registered twice")
        READERS[kind] = Reader(kind, suffixes, segments, text_of, rewrite, document)
        return READERS[kind]

    return register


def suffixes() -> dict[str, str]:
    """Every file ending a reader claims, and its kind: what a folder contributes (``.po`` → ``po``)."""
    return {suffix: r.kind for r in READERS.values() for suffix in r.suffixes}


# --- finding the files -----------------------------------------------------------------------


def expand(paths: Sequence[str]) -> list[str]:
    """Files named, and the ``*.txt *.md *.po *.jsonl *.tsv`` files under folders named (not hidden ones)."""
    return expand_folders(paths, suffixes(), what="English articles or bilingual files")


def kind_of(path: str, explicit: str | None = None) -> str:
    """The input kind: ``explicit``, else from the extension; plain English otherwise (stdin too)."""
    if explicit:
        if explicit not in READERS:
            raise UsageError(f"unknown input format {explicit!r}", hint=f"use one of {', '.join(READERS)}")
        return explicit
    return suffixes().get(Path(path).suffix.lower(), "text")


def load(path: str, *, kind: str | None = None, encoding: str = DEFAULT_ENCODING) -> Document:
    """Read one input (``-`` is stdin) into a :class:`Document`.

    Args:
        path: the file, or ``-``.
        kind: ``text``, ``po``, ``jsonl`` or ``tsv``; None: by the file's extension (stdin: text).
        encoding: how to decode its bytes.

    Returns:
        The document: its bytes, its text, and its segments with their file offsets.
    """
    shown = shown_name(path)
    doc = from_bytes(read_bytes(path), shown, kind=kind_of(path, kind), encoding=encoding)
    return replace(doc, writable=path != STDIO)


def from_bytes(raw: bytes, path: str, *, kind: str = "text", encoding: str = DEFAULT_ENCODING) -> Document:
    """A :class:`Document` from bytes already read; ``path`` is what findings show."""
    text = _text(raw, path, kind, encoding)
    return Document(path, raw, text, encoding, kind, tuple(READERS[kind].segments(text, path)))


def _text(raw: bytes, path: str, kind: str, encoding: str) -> str:
    text_of = READERS[kind].text_of if kind in READERS else None
    if text_of is not None:
        return text_of(raw, path)
    return decode(raw, path, encoding, option=ENCODING_OPTION)


def reparse(doc: Document, raw: bytes) -> Document:
    """``doc`` with new bytes (after a fix), its segments read again."""
    text = _text(raw, doc.path, doc.kind, doc.encoding)
    if doc.kind == "aligned":
        segments = _aligned_segments([s.source or "" for s in doc.segments], text, doc.path, "")
    else:
        segments = READERS[doc.kind].segments(text, doc.path)
    return replace(doc, raw=raw, text=text, segments=tuple(segments))


def load_aligned(source: str, target: str, *, encoding: str = DEFAULT_ENCODING) -> Document:
    """``--source zh.txt --target en.txt``: line ``n`` of the target translates line ``n`` of the source."""
    zh = decode(read_bytes(source), source, encoding, option=ENCODING_OPTION)
    raw = read_bytes(target)
    shown = shown_name(target)
    en = decode(raw, shown, encoding, option=ENCODING_OPTION)
    segments = _aligned_segments([line for line, _ in file_lines(zh)], en, shown, source)
    return Document(shown, raw, en, encoding, "aligned", tuple(segments), writable=target != STDIO)


def _aligned_segments(sources: list[str], english: str, path: str, source_path: str) -> list[Segment]:
    lines = list(file_lines(english))
    if len(sources) != len(lines):
        raise BadInputError(
            f"{len(lines)} lines of English for {len(sources)} lines of Chinese in {source_path}",
            path=path,
            hint="the two files must be line-aligned: one translation per source line",
        )
    return [Segment(line, zh, origin) for zh, (line, origin) in zip(sources, lines, strict=True)]


def file_lines(text: str) -> Iterator[tuple[str, int]]:
    """``(line, offset)`` for each line, without its line end; no phantom line after a final newline."""
    offset = 0
    for line in text.split("\n"):  # not splitlines(): U+2028, \x0c, \x85 … are text inside a line
        if offset == len(text) and not line:
            return
        yield line.removesuffix("\r"), offset
        offset += len(line) + 1


def _records(text: str) -> Iterator[tuple[int, str, int]]:
    """``(line number, line, offset)`` of each line that is not blank: a record of a line-per-record file."""
    for number, (line, offset) in enumerate(file_lines(text), start=1):
        if line.strip():
            yield number, line, offset


# --- the formats -----------------------------------------------------------------------------


@reader("text", ".txt")
def _text_segments(text: str, path: str) -> list[Segment]:
    return [Segment(text)]


_PO_LINE = re.compile(r'\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*(")')


@dataclass
class _PoEntry:
    line: int = 0
    fields: dict[str, tuple[str, list[int], list[int]]] = field(default_factory=dict)

    def add(self, keyword: str, value: str, starts: list[int], ends: list[int]) -> None:
        text, s, e = self.fields.get(keyword, ("", [], []))
        self.fields[keyword] = (text + value, s + starts, e + ends)


@reader("po", ".po", ".pot")
def _po_segments(text: str, path: str) -> list[Segment]:
    segments: list[Segment] = []
    for entry in _po_entries(text, path):
        msgid = entry.fields.get("msgid", ("", [], []))[0]
        msgstr = entry.fields.get("msgstr") or entry.fields.get("msgstr[0]")
        if not msgid or msgstr is None:
            continue  # the header, or an entry without a translation
        english, starts, ends = msgstr
        segments.append(Segment(english, msgid, starts[0] if starts else 0, tuple(starts), tuple(ends), "po"))
    return segments


def _po_entries(text: str, path: str) -> Iterator[_PoEntry]:
    entry = _PoEntry()
    keyword: str | None = None
    for number, (line, offset) in enumerate(file_lines(text), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _PO_LINE.match(line)
        if match is None:
            raise BadInputError(
                "PO syntax error", path=path, line=number, hint='each entry is msgid "…" then msgstr "…"'
            )
        if match.group(1):
            if match.group(1) in ("msgctxt", "msgid") and "msgstr" in "".join(entry.fields):
                yield entry
                entry = _PoEntry()
            keyword = match.group(1)
            entry.line = entry.line or number
        elif keyword is None:
            raise BadInputError(
                "string before any keyword", path=path, line=number, hint='start entries with msgid "…"'
            )
        value, starts, ends, after = string_literal(line, match.start(2), PO_ESCAPES)
        if line[after - 1 : after] != '"' or line[after:].strip():
            raise BadInputError(
                "unterminated or trailing string", path=path, line=number, hint='close the string with "'
            )
        assert keyword is not None
        entry.add(keyword, value, [offset + s for s in starts], [offset + e for e in ends])
    if entry.fields:
        yield entry


@reader("jsonl", ".jsonl")
def _jsonl_segments(text: str, path: str) -> list[Segment]:
    segments: list[Segment] = []
    for number, line, offset in _records(text):
        record = loads_line(line, path, number, hint="one JSON object per line")
        if not isinstance(record, dict):
            raise BadInputError("not a JSON object", path=path, line=number, hint='write {"source": …, "target": …}')
        target, source = record.get("target"), record.get("source")
        if not isinstance(target, str):
            continue  # a metadata or signature line
        located = json_string_value(line, "target")
        if located is not None and located[0] == target:
            _, starts, ends = located
            segments.append(
                Segment(
                    target,
                    source if isinstance(source, str) else None,
                    offset,
                    tuple(offset + s for s in starts),
                    tuple(offset + e for e in ends),
                    "json",
                )
            )
        else:  # cannot map characters to the file: findings point at the line, nothing is fixed
            segments.append(Segment(target, source if isinstance(source, str) else None, offset, (), (), "json"))
    return segments


@reader("tsv", ".tsv")
def _tsv_segments(text: str, path: str) -> list[Segment]:
    segments: list[Segment] = []
    for number, line, offset in _records(text):
        source, tab, rest = line.partition("\t")
        if not tab:
            raise BadInputError(
                "no tab on this line", path=path, line=number, hint="each line is source TAB translation"
            )
        if number == 1 and (source.strip().lower(), rest.strip().lower()) == ("source", "target"):
            continue  # a header row
        english = rest.split("\t", 1)[0]
        segments.append(Segment(english, source, offset + len(source) + 1))
    return segments


from glossmt.translate.check import documents as _documents  # noqa: E402  (registers the document formats' readers)

del _documents
