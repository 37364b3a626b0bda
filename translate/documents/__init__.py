"""Documents as translators receive them: one module per format behind one interface.

A format reads a file (bytes) into a :class:`Document`: its translatable :class:`Segment`\\ s, each a
sequence of text and inline :class:`~glossmt.translate.mt.tags.Tag`\\ s (the markup the translation
must keep, see :mod:`glossmt.translate.mt.tags`), and writes the same format back with the
translations in place; everything the reader did not hand out as a segment (code, timings, structure,
locked units) comes back as it was. Formats are registered as data (:data:`FORMATS`, a
:class:`DocumentFormat` per module) and chosen by suffix (:func:`format_for`) or by name.

Parsing is safe on untrusted files: XML without entities, DTDs or network (lxml with
``resolve_entities=False, no_network=True``, and a DOCTYPE refused); a DOCX is checked as a zip and
for its unpacked size before python-docx opens it. A malformed file raises
:class:`~glossmt.glossary.errors.BadInputError` (exit 3) with its line where known, before anything
is written. The third-party parsers (the ``documents`` extra) are imported only under this package, which imports
nothing of the translation pass (the checker reads documents too); translating a document is
:func:`glossmt.translate.mt.documents.translate_document`.
"""

from __future__ import annotations

from pathlib import Path

from glossmt.glossary.errors import UsageError
from glossmt.translate.documents import docx, html, markdown, subtitles, text, xliff
from glossmt.translate.documents.base import Document, DocumentFormat, Segment, Translation
from glossmt.translate.markup import plain

__all__ = [
    "FORMATS",
    "Document",
    "DocumentFormat",
    "Segment",
    "Translation",
    "format_for",
    "format_named",
    "segment_texts",
    "suffixes",
]

# Every format by its --input-format name; each module declares its own (the parsers load lazily).
FORMATS: dict[str, DocumentFormat] = {
    fmt.name: fmt for fmt in (text.FORMAT, xliff.FORMAT, html.FORMAT, markdown.FORMAT, docx.FORMAT, *subtitles.FORMATS)
}


def format_named(name: str) -> DocumentFormat:
    try:
        return FORMATS[name]
    except KeyError:
        raise UsageError(f"unknown document format {name!r}", hint=f"use one of {', '.join(FORMATS)}") from None


def format_for(path: str | Path) -> DocumentFormat | None:
    """The format of a file by its suffix (case-insensitive), or None (plain text)."""
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt in FORMATS.values() if suffix in fmt.suffixes), None)


def suffixes() -> tuple[str, ...]:
    """Every document suffix, for walking folders."""
    return tuple(s for fmt in FORMATS.values() for s in fmt.suffixes)


def segment_texts(path: str) -> list[tuple[int, str]] | None:
    """The text of each segment of a document file, with its line (its number where lines mean nothing).

    None for plain text (and stdin), which callers read as they always have (encodings, offsets):
    what ``glossary find`` and ``extract`` read from a document, tags and untranslatable parts left out.
    """
    from glossmt.glossary.io.fileio import STDIO, read_bytes, shown_name

    fmt = format_for(path) if path != STDIO else None
    if fmt is None or fmt.name == "text":
        return None
    document = fmt.read(read_bytes(path), shown_name(path))
    return [(s.line or n, plain(s.parts)) for n, s in enumerate(document.segments, 1)]
