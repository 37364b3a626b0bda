"""JSON Lines term files: one term per line, for scripts and data pipelines.

Each line is one object (or a JSON list of objects)::

    {"zh": "上凯拉克京斯科耶", "en": "Upper Kairaktinskoye", "concept": "upper-kairaktinskoye",
     "type": "deposit", "avoid": ["Upper Kairadjinskoye"], "accept": ["Kairaktinskoye"], "note": "…", "sources": ["https://…"],
     "draft": true, "comment": "translator comment"}

Only ``zh`` and ``en`` are required (``en`` may be empty in a draft); ``concept`` defaults to the
English, as a PO entry without ``msgctxt`` does. Unknown keys are errors, so a typo such as
``"avoids"`` is reported instead of silently dropped. Lossless: every field of a term survives.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.formats import TermFormat
from glossmt.glossary.formats.fields import term_file_error, term_type
from glossmt.glossary.io.fileio import read_text
from glossmt.glossary.io.jsonlines import loads_line
from glossmt.glossary.model import Origin, Term

KEYS = ("zh", "en", "concept", "type", "avoid", "safe_fix", "accept", "note", "sources", "draft", "comment")
_SHAPE = 'one JSON object per line, e.g. {"zh": "霍华德·卢特尼克", "en": "Howard Lutnick"}'


def read(path: str | Path, *, on_invalid: Callable[[TermFileError], None] | None = None) -> list[Term]:
    """Read a JSONL term file; errors name ``file:line`` and the fix.

    With ``on_invalid``, a bad line or list item is handed to it and skipped instead of failing the file.
    """
    where = str(path)
    terms: list[Term] = []
    # Split on "\n" only: JSON strings may hold U+2028 and other characters str.splitlines() breaks on.
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        origin = Origin(where, number)
        try:
            value = loads_line(line, where, number, hint=f"write {_SHAPE}", error=TermFileError)
        except TermFileError as error:
            if on_invalid is None:
                raise
            on_invalid(error)
            continue
        for item in value if isinstance(value, list) else [value]:
            try:
                terms.append(_term(item, origin))
            except TermFileError as error:
                if on_invalid is None:
                    raise
                on_invalid(error)
    return terms


def _term(item: Any, origin: Origin) -> Term:
    if not isinstance(item, dict):
        raise term_file_error(f"expected a JSON object, found {type(item).__name__}", origin, f"write {_SHAPE}")
    unknown = [key for key in item if key not in KEYS]
    if unknown:
        raise term_file_error(f"unknown key {unknown[0]!r}", origin, f"use only {', '.join(KEYS)}")
    source, target = _string(item, "zh", origin), _string(item, "en", origin)
    draft = item.get("draft", False)
    if not isinstance(draft, bool):
        raise term_file_error('"draft" must be true or false', origin, 'write "draft": true, or leave the key out')
    if not source:
        raise term_file_error('"zh" is missing or empty', origin, "give the Chinese form")
    if not target and not draft:
        raise term_file_error('"en" is missing or empty', origin, 'give the English, or mark the term "draft": true')
    return Term(
        source=source,
        target=target,
        concept=_string(item, "concept", origin) or target or source,
        type=term_type(_string(item, "type", origin), origin),
        avoid=_strings(item, "avoid", origin),
        accept=_strings(item, "accept", origin),
        safe_fix=_strings(item, "safe_fix", origin),
        note=_string(item, "note", origin),
        sources=_strings(item, "sources", origin),
        draft=draft,
        comment=_string(item, "comment", origin),
        origin=origin,
    )


def _string(item: dict[str, Any], key: str, origin: Origin) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise term_file_error(f'"{key}" must be a string', origin, f'write "{key}": "…"')
    return value


def _strings(item: dict[str, Any], key: str, origin: Origin) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise term_file_error(f'"{key}" must be a list of strings', origin, f'write "{key}": ["…", "…"]')
    return tuple(value)


def dumps(terms: Iterable[Term]) -> str:
    """One compact JSON object per term; keys at their default values are left out."""
    return "".join(json.dumps(_object(term), ensure_ascii=False) + "\n" for term in terms)


def _object(term: Term) -> dict[str, Any]:
    item: dict[str, Any] = {"zh": term.source, "en": term.target}
    if term.concept != (term.target or term.source):
        item["concept"] = term.concept
    optional: dict[str, Any] = {
        "type": term.type.value if term.type else None,
        "avoid": list(term.avoid),
        "safe_fix": list(term.safe_fix),
        "accept": list(term.accept),
        "note": term.note,
        "sources": list(term.sources),
        "draft": term.draft,
        "comment": term.comment,
    }
    item.update((key, value) for key, value in optional.items() if value)
    return item


FORMAT = TermFormat("jsonl", (".jsonl",), read=read, dumps=dumps, rows=True)
