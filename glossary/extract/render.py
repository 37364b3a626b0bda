"""Candidates as text: an aligned table, a candidate PO term file, JSONL or TSV.

The PO form is a term file a maintainer reviews in Poedit or an editor: every entry ``#, fuzzy``,
``#. type:`` where a type was guessed, msgctxt a proposed concept id, msgstr the suggested English
(empty where only a romanisation exists). What extraction learned (count, pinyin, examples, the
concept it is probably a variant of) is in translator comments whose keys are :data:`COMMENT_KEYS`;
``glossary merge`` drops those lines and keeps any comment the maintainer wrote.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

import polib

from glossmt.glossary.extract.candidates import Candidate, SuggestionSource
from glossmt.glossary.formats.po import HEADER

COMMENT_KEYS = ("candidate", "pinyin", "suggestion", "alternatives", "variant of", "example")


class Format(StrEnum):
    TABLE = "table"
    PO = "po"
    JSONL = "jsonl"
    TSV = "tsv"


def render(candidates: Sequence[Candidate], fmt: Format, *, generator: str = "glossmt extract") -> str:
    """``candidates`` in format ``fmt`` (a whole file's text, ending in a newline when not empty)."""
    if fmt is Format.PO:
        return to_po(candidates, generator)
    if fmt is Format.JSONL:
        return "".join(json.dumps(to_json(c), ensure_ascii=False) + "\n" for c in candidates)
    if fmt is Format.TSV:
        return "".join("\t".join(_row(c)) + "\n" for c in [_HEADER_ROW, *candidates])
    return table(candidates)


def to_json(candidate: Candidate) -> dict[str, Any]:
    variant = candidate.variant_of
    return {
        "zh": candidate.zh,
        "count": candidate.count,
        "documents": candidate.documents,
        "confidence": candidate.confidence,
        "type": candidate.type.value if candidate.type else None,
        "pinyin": candidate.pinyin,
        "suggestion": candidate.suggestion,
        "suggestion_source": candidate.suggestion_source.value,
        "variant_of": variant.concept if variant else None,
        "variant_form": variant.form if variant else None,
        "concept": candidate.concept,
        "signals": list(candidate.signals),
        "alternatives": [
            {"english": a.english, "score": a.score, "source": a.source.value} for a in candidate.alternatives
        ],
        "examples": [{"file": e.path, "line": e.line, "text": e.text} for e in candidate.examples],
    }


_HEADER_ROW = None
_COLUMNS = ("confidence", "count", "docs", "zh", "type", "pinyin", "suggestion", "variant_of")


def _suggestion(candidate: Candidate) -> str:
    if candidate.suggestion_source is SuggestionSource.ROMANISED:
        return f"{candidate.suggestion} (romanised)"
    return candidate.suggestion


def _row(candidate: Candidate | None) -> list[str]:
    if candidate is None:
        return list(_COLUMNS)
    return [
        f"{candidate.confidence:.2f}",
        str(candidate.count),
        str(candidate.documents),
        candidate.zh,
        candidate.type.value if candidate.type else "-",
        candidate.pinyin or "-",
        _suggestion(candidate),
        candidate.variant_of.concept if candidate.variant_of else "-",
    ]


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(candidates: Sequence[Candidate]) -> str:
    """An aligned table (CJK characters counted double-width)."""
    rows = [_row(None), *(_row(c) for c in candidates)]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(_COLUMNS))]
    lines = []
    for row in rows:
        cells = [cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def to_po(candidates: Sequence[Candidate], generator: str) -> str:
    """A candidate term file: every entry a draft, ready for review and ``glossary merge``."""
    catalog = polib.POFile(wrapwidth=0)
    catalog.header = (
        "Candidate names found by glossmt extract. Review each entry: fill msgstr with the English,\n"
        "check '#. type:', remove '#, fuzzy', then run: glossmt glossary merge THIS.po -g TERMS_DIR"
    )
    catalog.metadata = {**HEADER, "X-Generator": generator}
    for candidate in candidates:
        comments = [
            f"candidate: {candidate.count}× in {candidate.documents} document(s), confidence {candidate.confidence:.2f}"
            f" ({', '.join(candidate.signals)})",
        ]
        if candidate.pinyin:
            comments.append(f"pinyin: {candidate.pinyin}")
        if candidate.suggestion_source is SuggestionSource.ROMANISED:
            comments.append(f"suggestion: {candidate.suggestion} (romanised pinyin, not an English spelling)")
        elif candidate.suggestion:
            comments.append(f"suggestion: {candidate.suggestion} (from {candidate.suggestion_source.value})")
        if candidate.alternatives:
            shown = "; ".join(f"{a.english} ({a.source.value} {a.score:.2f})" for a in candidate.alternatives)
            comments.append(f"alternatives: {shown}")
        if candidate.variant_of is not None:
            variant = candidate.variant_of
            comments.append(f"variant of: {variant.concept} ({variant.form} → {variant.target})")
        comments.extend(f"example: {e}" for e in candidate.examples)
        catalog.append(
            polib.POEntry(
                msgctxt=candidate.concept,
                msgid=candidate.zh,
                msgstr=candidate.approved_english,
                tcomment="\n".join(comments),
                comment=f"type: {candidate.type.value}" if candidate.type else "",
                flags=["fuzzy"],
            )
        )
    return str(catalog)
