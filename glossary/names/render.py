"""The oracle's answers as text: an aligned table, JSON Lines or TSV (``glossmt glossary suggest``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum

from glossmt.glossary.names.candidates import NameCandidate


class Format(StrEnum):
    TABLE = "table"
    JSONL = "jsonl"
    TSV = "tsv"


def render(name: str, candidates: Sequence[NameCandidate], fmt: Format) -> str:
    """One name's candidates in ``fmt``: a JSON line, TSV rows (zh, rank, english, score, source), or a table block."""
    if fmt is Format.JSONL:
        record = {
            "zh": name,
            "candidates": [{"english": c.english, "score": c.score, "source": c.source.value} for c in candidates],
        }
        return json.dumps(record, ensure_ascii=False) + "\n"
    if fmt is Format.TSV:
        return "".join(
            f"{name}\t{rank}\t{c.english}\t{c.score:.3f}\t{c.source.value}\n" for rank, c in enumerate(candidates, 1)
        )
    if not candidates:
        return f"{name}\t(not a Chinese name: no candidates)\n"
    width = max(len(c.english) for c in candidates)
    rows = [
        f"  {rank}. {c.english.ljust(width)}  {c.score:.2f}  {c.source.value}" for rank, c in enumerate(candidates, 1)
    ]
    return "\n".join([name, *rows]) + "\n"


TSV_HEADER = "zh\trank\tenglish\tscore\tsource\n"
