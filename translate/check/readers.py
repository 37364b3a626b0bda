"""What ``glossmt check`` reads: English articles, and source/translation pairs in PO, JSONL and TSV.

Every input becomes a :class:`Document`: the decoded file and its *segments*, each a stretch of
English (and, in a bilingual file, its Chinese source) that knows where each of its characters
sits in the file. Findings can then point at ``file:line:col`` and fixes can rewrite exactly those
characters, even inside a quoted, escaped PO or JSON string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from glossmt.glossary.diagnostics import LineIndex
from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.fileio import DEFAULT_ENCODING, STDIO, decode, read_bytes, shown_name
from glossmt.glossary.jsonlines import loads_line

__all__ = [
    "ENCODING_OPTION",
    "KINDS",
    "STDIN",
    "SUFFIXES",
    "Document",
    "Segment",
    "expand",
    "from_bytes",
    "kind_of",
    "load",
    "load_aligned",
    "reparse",
]

KINDS = ("text", "po", "jsonl", "tsv")
SUFFIXES = {".txt": "text", ".md": "text", ".po": "po", ".pot": "po", ".jsonl": "jsonl", ".tsv": "tsv"}
STDIN = STDIO
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
    quoting: str = "text"  # how a replacement is written into the file: text, json or po

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


# --- finding the files -----------------------------------------------------------------------


def expand(paths: Sequence[str]) -> list[str]:
    """Files named, and the ``*.txt *.md *.po *.jsonl *.tsv`` files under folders named (not hidden ones)."""
    files: list[str] = []
    for name in paths:
        path = Path(name)
        if name != STDIN and path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            # Hidden files and folders (.git, .venv, an editor's swap files) are not articles.
            kept = [str(p) for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts)]
            if not kept:
                raise BadInputError(
                    f"folder holds no {' '.join('*' + s for s in SUFFIXES)} files",
                    path=name,
                    hint="name a folder of English articles or bilingual files, or the files themselves",
                )
            files.extend(kept)
        else:
            files.append(name)
    return files


def kind_of(path: str, explicit: str | None = None) -> str:
    """The input kind: ``explicit``, else from the extension; plain English otherwise (stdin too)."""
    if explicit:
        if explicit not in KINDS:
            raise UsageError(f"unknown input format {explicit!r}", hint=f"use one of {', '.join(KINDS)}")
        return explicit
    return SUFFIXES.get(Path(path).suffix.lower(), "text")


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
    return replace(doc, writable=path != STDIN)


def from_bytes(raw: bytes, path: str, *, kind: str = "text", encoding: str = DEFAULT_ENCODING) -> Document:
    """A :class:`Document` from bytes already read; ``path`` is what findings show."""
    text = decode(raw, path, encoding, option=ENCODING_OPTION)
    return Document(path, raw, text, encoding, kind, tuple(_PARSERS[kind](text, path)))


def reparse(doc: Document, raw: bytes) -> Document:
    """``doc`` with new bytes (after a fix), its segments read again."""
    text = decode(raw, doc.path, doc.encoding, option=ENCODING_OPTION)
    if doc.kind == "aligned":
        segments = _aligned_segments([s.source or "" for s in doc.segments], text, doc.path, "")
    else:
        segments = _PARSERS[doc.kind](text, doc.path)
    return replace(doc, raw=raw, text=text, segments=tuple(segments))


def load_aligned(source: str, target: str, *, encoding: str = DEFAULT_ENCODING) -> Document:
    """``--source zh.txt --target en.txt``: line ``n`` of the target translates line ``n`` of the source."""
    zh = decode(read_bytes(source), source, encoding, option=ENCODING_OPTION)
    raw = read_bytes(target)
    shown = shown_name(target)
    en = decode(raw, shown, encoding, option=ENCODING_OPTION)
    segments = _aligned_segments([line for line, _ in _lines(zh)], en, shown, source)
    return Document(shown, raw, en, encoding, "aligned", tuple(segments), writable=target != STDIN)


def _aligned_segments(sources: list[str], english: str, path: str, source_path: str) -> list[Segment]:
    lines = list(_lines(english))
    if len(sources) != len(lines):
        raise BadInputError(
            f"{len(lines)} lines of English for {len(sources)} lines of Chinese in {source_path}",
            path=path,
            hint="the two files must be line-aligned: one translation per source line",
        )
    return [Segment(line, zh, origin) for zh, (line, origin) in zip(sources, lines, strict=True)]


def _lines(text: str) -> Iterator[tuple[str, int]]:
    """``(line, offset)`` for each line, without its line end; no phantom line after a final newline."""
    offset = 0
    for line in text.split("\n"):  # not splitlines(): U+2028, \x0c, \x85 … are text inside a line
        if offset == len(text) and not line:
            return
        yield line.removesuffix("\r"), offset
        offset += len(line) + 1


# --- the formats -----------------------------------------------------------------------------


def _text_segments(text: str, path: str) -> list[Segment]:
    return [Segment(text)]


def _tsv_segments(text: str, path: str) -> list[Segment]:
    segments: list[Segment] = []
    for number, (line, offset) in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
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


def _jsonl_segments(text: str, path: str) -> list[Segment]:
    segments: list[Segment] = []
    for number, (line, offset) in enumerate(_lines(text), start=1):
        if not line.strip():
            continue
        record = loads_line(line, path, number, hint="one JSON object per line")
        if not isinstance(record, dict):
            raise BadInputError("not a JSON object", path=path, line=number, hint='write {"source": …, "target": …}')
        target, source = record.get("target"), record.get("source")
        if not isinstance(target, str):
            continue  # a metadata or signature line
        located = _json_string_value(line, "target")
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


_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_PO_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _string_literal(line: str, quote: int, escapes: dict[str, str]) -> tuple[str, list[int], list[int], int]:
    """Decode the string literal opening at ``line[quote]``: its value, where each character
    starts and ends in ``line``, and the offset after the closing quote."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = quote + 1
    while i < len(line) and line[i] != '"':
        begin = i
        if line[i] == "\\" and i + 1 < len(line):
            code = line[i + 1]
            if code == "u" and escapes is _JSON_ESCAPES:
                unit = int(line[i + 2 : i + 6], 16)
                i += 6
                if 0xD800 <= unit < 0xDC00 and line.startswith("\\u", i):
                    low = int(line[i + 2 : i + 6], 16)
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                char = chr(unit)
            else:
                char = escapes.get(code, code)
                i += 2
        else:
            char = line[i]
            i += 1
        chars.append(char)
        starts.append(begin)
        ends.append(i)
    return "".join(chars), starts, ends, i + 1


def _json_string_value(line: str, wanted: str) -> tuple[str, list[int], list[int]] | None:
    """The top-level string value of key ``wanted`` in a one-line JSON object, with offsets."""
    depth = 0
    i = 0
    last_key: str | None = None
    expecting_value = False
    while i < len(line):
        char = line[i]
        if char == '"':
            value, starts, ends, after = _string_literal(line, i, _JSON_ESCAPES)
            rest = line[after:].lstrip()
            if depth == 1 and expecting_value and last_key == wanted:
                return value, starts, ends
            if depth == 1 and rest.startswith(":"):
                last_key, expecting_value = value, True
            else:
                expecting_value = False
            i = after
            continue
        if char in "{[":
            depth += 1
            if depth > 1:
                expecting_value = False
        elif char in "}]":
            depth -= 1
        elif char == "," and depth == 1:
            expecting_value = False
        i += 1
    return None


_PO_LINE = re.compile(r'\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*(")')


@dataclass
class _PoEntry:
    line: int = 0
    fields: dict[str, tuple[str, list[int], list[int]]] = field(default_factory=dict)

    def add(self, keyword: str, value: str, starts: list[int], ends: list[int]) -> None:
        text, s, e = self.fields.get(keyword, ("", [], []))
        self.fields[keyword] = (text + value, s + starts, e + ends)


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
    for number, (line, offset) in enumerate(_lines(text), start=1):
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
        value, starts, ends, after = _string_literal(line, match.start(2), _PO_ESCAPES)
        if line[after - 1 : after] != '"' or line[after:].strip():
            raise BadInputError(
                "unterminated or trailing string", path=path, line=number, hint='close the string with "'
            )
        assert keyword is not None
        entry.add(keyword, value, [offset + s for s in starts], [offset + e for e in ends])
    if entry.fields:
        yield entry


_PARSERS = {"text": _text_segments, "po": _po_segments, "jsonl": _jsonl_segments, "tsv": _tsv_segments}
