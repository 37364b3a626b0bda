"""The pass over a document: its segments translated with their tags, terms guaranteed, markup restored.

The formats live in :mod:`glossmt.translate.documents` (which never imports the pass, so the checker
can read documents too); this is where a document meets the model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from glossmt.glossary.matching import Matcher
from glossmt.translate.documents.base import Document, Translation
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.mt.results import LineResult
from glossmt.translate.mt.tags import TaggedResult, translate_tagged

__all__ = ["assemble", "pending", "translate_document"]

# Characters no document format may hold (XML forbids them; a model's byte pieces can produce them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


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
    todo = pending(document, force=force)
    tagged = translate_tagged((document.segments[i].parts for i in todo), translator, matcher=matcher, options=options)
    return assemble(document, todo, tagged)


def pending(document: Document, *, force: bool = False) -> list[int]:
    """The indices of the segments to translate: all of them with ``force``, else those not translated yet."""
    return [i for i, segment in enumerate(document.segments) if force or not segment.translated]


def assemble(
    document: Document, todo: Sequence[int], tagged: Iterable[TaggedResult]
) -> tuple[list[Translation | None], list[LineResult]]:
    """What ``document.write`` takes from the translations of the segments ``todo`` (in order), and their results."""
    translations: list[Translation | None] = [None] * len(document.segments)
    results: list[LineResult] = []
    for index, done in zip(todo, tagged, strict=True):
        terms = tuple(dict.fromkeys(t.target for t in done.result.terms if t.how.enforced and t.present))
        translations[index] = Translation(
            tuple(_CONTROL.sub("", p) if isinstance(p, str) else p for p in done.parts), terms
        )
        results.append(done.result)
    return translations, results
