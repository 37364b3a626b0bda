"""Subtitles: SRT (the ``srt`` library) and WebVTT (``webvtt-py``).

Each cue is one segment: its lines translated together (Chinese lines joined), its inline tags
(``<i>``, ``<b>``, ``<font>``, WebVTT's ``<c.x>``, ``<v Name>`` and timestamps) kept, and the English
re-wrapped at :data:`WIDTH` characters. Cue numbers, identifiers, timings and settings, WebVTT's
header, NOTE, STYLE and REGION blocks are untouched. A cue with no timing line is malformed (exit 3).
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Iterator, Sequence

from glossmt.translate.documents.base import DocumentFormat, Segment, Translation, bad
from glossmt.translate.documents.inline import join_lines, split_tags, to_text
from glossmt.translate.documents.locate import Located, locate
from glossmt.translate.markup import Tag, plain

__all__ = ["FORMATS", "WIDTH", "cues", "wrap"]

WIDTH = 42  # characters per subtitle line, the common broadcast limit


def wrap(parts: Sequence[str | Tag]) -> str:
    """The English of a cue on lines of at most :data:`WIDTH` characters (never inside a tag)."""
    text = to_text(tuple(parts))
    if any(isinstance(p, Tag) and " " in p.markup for p in parts):
        return text  # a tag with spaces inside (<font color=…>) could be cut: leave the line whole
    return "\n".join(textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False)) or text


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise bad("not UTF-8 text", name, line, "save the subtitles as UTF-8") from None


class SrtDocument:
    def __init__(self, data: bytes, name: str) -> None:
        import srt

        text = _decode(data, name).replace("\r\n", "\n")
        _check_cues(text, name, header=False)
        try:
            self.subtitles = list(srt.parse(text))
        except srt.SRTParseError as exc:
            line = text.count("\n", 0, exc.expected_start) + 1
            raise bad(
                "a cue with no valid number or timing line", name, line, "give every cue 'start --> end'"
            ) from None
        lines = _lines(text, len(self.subtitles), vtt=False)
        self.segments = [
            Segment(split_tags(join_lines(s.content.split("\n"))), line)
            for s, line in zip(self.subtitles, lines, strict=True)
        ]

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        import srt

        subtitles = [
            s if t is None else s.__class__(s.index, s.start, s.end, wrap(t.parts), s.proprietary)
            for s, t in zip(self.subtitles, translations, strict=True)
        ]
        return srt.compose(subtitles, reindex=False, strict=False).encode("utf-8")


_BLOCKS = re.compile(r"\n[ \t]*\n")


def cues(data: bytes, name: str, *, vtt: bool) -> Iterator[tuple[str, int, str, Located | None]]:
    """Each cue's text, where it starts, its tags' markup, and the text located in the file (or None).

    What ``check`` reads of subtitles: cue numbers, timings, settings, NOTE, STYLE and REGION blocks
    left out. The file must read as the format does (else exit 3).
    """
    (VttDocument if vtt else SrtDocument)(data, name)
    text = data.decode("utf-8-sig")
    for start, end, lines in _cue_texts(text, vtt=vtt):
        parts = split_tags(join_lines(lines))
        tags = "".join(p.markup for p in parts if isinstance(p, Tag))
        yield plain(parts), start, tags, locate(parts, text, start, end)


def _cue_texts(text: str, *, vtt: bool) -> Iterator[tuple[int, int, list[str]]]:
    """``(start, end, lines)`` of each cue's text: the lines after its timing line."""
    for at, lines in _blocks(text):
        timing = next((n for n, line in enumerate(lines[:2]) if "-->" in line), None)
        if timing is None or (vtt and at == 0 and lines[0].startswith("WEBVTT")):
            continue
        start = at + sum(len(line) + 1 for line in lines[: timing + 1])
        yield start, at + sum(len(line) + 1 for line in lines) - 1, lines[timing + 1 :]


def _lines(text: str, count: int, *, vtt: bool) -> list[int]:
    """The line where each of ``count`` cues' text starts (0s if the blocks do not match the parser's cues)."""
    starts = [text.count("\n", 0, start) + 1 for start, _, _ in _cue_texts(text, vtt=vtt)]
    return starts if len(starts) == count else [0] * count


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(offset, lines)`` of each block of non-blank lines (a line keeps a CR of its CRLF)."""
    at, lines, offset = 0, list[str](), 0
    for line in text.split("\n"):
        if line.strip():
            if not lines:
                at = offset
            lines.append(line)
        elif lines:
            yield at, lines
            lines = []
        offset += len(line) + 1
    if lines:
        yield at, lines


class VttDocument:
    def __init__(self, data: bytes, name: str) -> None:
        import webvtt
        from webvtt.errors import MalformedCaptionError, MalformedFileError

        text = _decode(data, name).replace("\r\n", "\n")
        _check_cues(text, name, header=True)
        try:
            self.vtt = webvtt.from_buffer(io.StringIO(text))
        except (MalformedFileError, MalformedCaptionError) as exc:
            raise bad(
                f"not WebVTT: {exc}", name, hint="start the file with WEBVTT and give each cue a timing"
            ) from None
        lines = _lines(text, len(self.vtt.captions), vtt=True)
        self.segments = [
            Segment(split_tags(join_lines(c.lines)), line) for c, line in zip(self.vtt.captions, lines, strict=True)
        ]

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        for caption, translation in zip(self.vtt.captions, translations, strict=True):
            if translation is not None:
                caption.text = wrap(translation.parts)
        return str(self.vtt.content).encode("utf-8")


def _check_cues(text: str, name: str, *, header: bool) -> None:
    """Every block (after WebVTT's header) is a cue with a timing line, or a WebVTT NOTE, STYLE or REGION."""
    offset = 0
    blocks = _BLOCKS.split(text.strip("\n"))
    for index, block in enumerate(blocks):
        line = text.count("\n", 0, text.find(block, offset)) + 1
        offset = text.find(block, offset) + len(block)
        lines = block.split("\n")
        if header and index == 0:
            if not lines[0].startswith("WEBVTT"):
                raise bad("not WebVTT: the first line is not WEBVTT", name, 1, "start the file with WEBVTT")
            continue
        if (header and lines[0].split(" ")[0] in {"NOTE", "STYLE", "REGION"}) or "-->" in "\n".join(lines[:2]):
            continue
        raise bad("a cue with no timing line", name, line, "give the cue a line 'start --> end'")


FORMATS = (
    DocumentFormat("srt", (".srt",), SrtDocument, title="SubRip subtitles"),
    DocumentFormat("vtt", (".vtt",), VttDocument, title="WebVTT subtitles"),
)
