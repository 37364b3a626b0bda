"""``check``'s readers of documents (XLIFF, HTML, Markdown, subtitles, Word): the text a reader sees, nothing else.

Each format is read by its module of :mod:`glossmt.translate.documents` (the same reader ``translate``
uses) and registered here in :data:`~glossmt.translate.check.readers.READERS`. Where a segment's text
is located in the file (:mod:`glossmt.translate.documents.locate`) a finding points at its characters
and a fix rewrites exactly them; code, URLs, tags, timings and front matter are never checked, nor
changed. A Word file is read as its text, one paragraph with text a line (findings say
``file.docx:N:col`` for the ``N``-th such paragraph: body, tables, then headers and footers), and a fix
is written into the runs of the paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.translate.check.readers import Document, Segment, file_lines, reader

if TYPE_CHECKING:
    from glossmt.translate.documents.locate import Located

__all__: list[str] = []

_T = TypeVar("_T")


@reader("xliff", ".xlf", ".xliff", document=True)
def _xliff_segments(text: str, path: str) -> list[Segment]:
    """Each unit's target with its source (XLIFF 1.2 and 2.x); findings point at the target's line."""
    from glossmt.translate.documents.xliff import XliffDocument

    document = XliffDocument(text.encode("utf-8"), path)
    line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
    return [Segment(en, zh, line_starts[max(line, 1) - 1], (), ()) for zh, en, line in document.bilingual()]


@reader("html", ".html", ".htm", ".xhtml", document=True)
def _html_segments(text: str, path: str) -> list[Segment]:
    """An English page: each block's text (and alt/title), every character at its place in the file."""
    from glossmt.translate.documents.html import HtmlDocument

    document = HtmlDocument(text.encode("utf-8"), path)
    return [Segment(en, None, origin, starts, ends, "markup") for en, origin, starts, ends in document.located()]


def _parsing(parse: Callable[[bytes, str], _T], data: bytes, path: str) -> _T:
    """``parse(data, path)``, a missing parser of the ``documents`` extra said in one line (exit 2)."""
    try:
        return parse(data, path)
    except ModuleNotFoundError as exc:
        raise UsageError(f"{path}: reading it needs {exc.name}", hint="pip install 'glossmt[documents]'") from None


def _located(found: Iterable[tuple[str, int, str, Located | None]], quoting: str) -> list[Segment]:
    """Check segments from a document's: each character mapped where located, else at its start, unfixable."""
    segments = []
    for english, origin, tags, located in found:
        if located is None:
            segments.append(Segment(english, None, origin, (), (), quoting, tags))
        else:
            _, starts, ends = located
            segments.append(Segment(english, None, starts[0] if starts else origin, starts, ends, quoting, tags))
    return segments


@reader("md", ".md", ".markdown", document=True)
def _markdown_segments(text: str, path: str) -> list[Segment]:
    """Markdown's text: each block's, without code, URLs, HTML blocks and front matter."""
    from glossmt.translate.documents.markdown import MarkdownDocument

    document = _parsing(MarkdownDocument, text.encode("utf-8"), path)
    return _located(document.located(), "md")


@reader("srt", ".srt", document=True)
def _srt_segments(text: str, path: str) -> list[Segment]:
    """Each cue's text (not its number or timing)."""
    from glossmt.translate.documents.subtitles import cues

    return _located(_parsing(lambda data, name: list(cues(data, name, vtt=False)), text.encode(), path), "text")


@reader("vtt", ".vtt", document=True)
def _vtt_segments(text: str, path: str) -> list[Segment]:
    """Each cue's text (not its identifier, timing, settings; not NOTE, STYLE or REGION blocks)."""
    from glossmt.translate.documents.subtitles import cues

    return _located(_parsing(lambda data, name: list(cues(data, name, vtt=True)), text.encode(), path), "markup")


def _docx_text(data: bytes, path: str) -> str:
    from glossmt.translate.documents.docx import DocxDocument

    return "".join(f"{line}\n" for line in _parsing(DocxDocument, data, path).texts())


def _docx_rewrite(doc: Document, edits: Sequence[tuple[int, int, str]]) -> bytes:
    """A fix made in the runs of the paragraphs (line ``n`` of the text is the ``n``-th paragraph with text)."""
    from glossmt.translate.documents.docx import DocxDocument

    changes = []
    for start, end, replacement in edits:
        (line, col), (end_line, _) = doc.position(start), doc.position(max(start, end - 1))
        if end_line != line:
            raise BadInputError("a fix across two paragraphs", path=doc.path, line=line, hint="edit it in Word")
        changes.append((line - 1, col - 1, col - 1 + end - start, replacement))
    return DocxDocument(doc.raw, doc.path).replace_text(changes)


@reader("docx", ".docx", text_of=_docx_text, rewrite=_docx_rewrite, document=True)
def _docx_segments(text: str, path: str) -> list[Segment]:
    """A Word file's paragraphs with text (body, tables, headers, footers), one a line of the text read."""
    return [Segment(line, None, origin) for line, origin in file_lines(text) if line.strip()]
