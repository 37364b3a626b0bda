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
is written. The third-party parsers (the ``documents`` extra) are imported only under this package.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from glossmt.glossary.errors import UsageError
from glossmt.translate.documents import docx, html, markdown, subtitles, text, xliff
from glossmt.translate.documents.base import Document, DocumentFormat, Segment, Translation
from glossmt.translate.mt.tags import plain, translate_tagged

if TYPE_CHECKING:
    from glossmt.glossary.matching import Matcher
    from glossmt.translate.mt.backend import Translator
    from glossmt.translate.mt.pipeline import Options
    from glossmt.translate.mt.results import LineResult

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
    "translate_document",
]

# Characters no document format may hold (XML forbids them; a model's byte pieces can produce them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

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


def translate_document(
    document: Document,
    translator: Translator,
    *,
    matcher: Matcher | None = None,
    options: Options | None = None,
    force: bool = False,
) -> tuple[list[Translation | None], list[LineResult]]:
    """Translate a document's segments, tags and terms guaranteed (:mod:`glossmt.translate.mt.tags`).

    Args:
        document: a parsed file (``FORMATS[name].read(data, name)``).
        translator: the model.
        matcher: the glossary's matcher (None: no terms).
        options: the pass's options.
        force: translate segments the file holds a translation of already (XLIFF targets) too.

    Returns:
        One :class:`Translation` per segment (None where it was left alone), for ``document.write``,
        and the pass's results of the translated segments (their term reports), in order.
    """
    todo = [i for i, segment in enumerate(document.segments) if force or not segment.translated]
    translations: list[Translation | None] = [None] * len(document.segments)
    results: list[LineResult] = []
    tagged = translate_tagged((document.segments[i].parts for i in todo), translator, matcher=matcher, options=options)
    for index, done in zip(todo, tagged, strict=True):
        terms = tuple(dict.fromkeys(t.target for t in done.result.terms if t.how.enforced and t.present))
        translations[index] = Translation(
            tuple(_CONTROL.sub("", p) if isinstance(p, str) else p for p in done.parts), terms
        )
        results.append(done.result)
    return translations, results


def segment_texts(path: str) -> list[tuple[int, str]] | None:
    """The text of each segment of a document file, with its line (its number where lines mean nothing).

    None for plain text (and stdin), which callers read as they always have (encodings, offsets):
    what ``glossary find`` and ``extract`` read from a document, tags and untranslatable parts left out.
    """
    from glossmt.glossary.fileio import STDIO, read_bytes, shown_name

    fmt = format_for(path) if path != STDIO else None
    if fmt is None or fmt.name == "text":
        return None
    document = fmt.read(read_bytes(path), shown_name(path))
    return [(s.line or n, plain(s.parts)) for n, s in enumerate(document.segments, 1)]
