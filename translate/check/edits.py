"""Byte-exact fixes: replace spans of a file and leave every other byte as it was.

A fix is planned on the decoded text and applied to the file's *bytes*: each untouched stretch is
copied from the original bytes (a BOM, CRLF line ends, a legacy encoding all survive), and only
the replaced spans are encoded anew. A plan that would not survive that round trip is refused
rather than written.
"""

from __future__ import annotations

import codecs
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from glossmt.glossary.errors import BadInputError
from glossmt.glossary.spans import non_overlapping as _choose

__all__ = ["Edit", "apply_to_bytes", "apply_to_text", "non_overlapping", "unified_diff"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` (offsets into the decoded file) with ``replacement``."""

    start: int
    end: int
    replacement: str


def non_overlapping(edits: Sequence[Edit]) -> list[Edit]:
    """Edits in file order; where two overlap, the one that comes first (then the longer) wins."""
    return _choose(edits, span=lambda e: (e.start, e.end), rank=lambda e: (e.start, -e.end))


def apply_to_text(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` applied (overlapping ones chosen as :func:`non_overlapping` does)."""
    pieces: list[str] = []
    last = 0
    for edit in non_overlapping(edits):
        pieces += [text[last : edit.start], edit.replacement]
        last = edit.end
    pieces.append(text[last:])
    return "".join(pieces)


def _body_codec(raw: bytes, encoding: str) -> tuple[str, int]:
    """The codec for stretches of the body and the length of the BOM the decoder skipped."""
    name = codecs.lookup(encoding).name
    if name == "utf-8-sig":
        return "utf-8", 3 if raw.startswith(codecs.BOM_UTF8) else 0
    if name in ("utf-16", "utf-32"):
        for bom, codec in (
            (codecs.BOM_UTF32_LE, "utf-32-le"),
            (codecs.BOM_UTF32_BE, "utf-32-be"),
            (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be"),
        ):
            if raw.startswith(bom) and (name == "utf-32") == (len(bom) == 4):
                return codec, len(bom)
    return name, 0


def apply_to_bytes(raw: bytes, text: str, encoding: str, edits: Sequence[Edit], *, path: str = "") -> bytes:
    """The file's bytes with ``edits`` applied; every byte outside the edits is copied from ``raw``.

    ``text`` must be ``raw`` decoded with ``encoding``.
    """
    codec, pos = _body_codec(raw, encoding)
    out = [raw[:pos]]
    last = 0
    try:
        for edit in non_overlapping(edits):
            keep = len(text[last : edit.start].encode(codec))
            gone = len(text[edit.start : edit.end].encode(codec))
            out.append(raw[pos : pos + keep])
            if raw[pos + keep : pos + keep + gone].decode(codec) != text[edit.start : edit.end]:
                raise ValueError("offsets drifted")
            out.append(edit.replacement.encode(codec))
            pos += keep + gone
            last = edit.end
    except (UnicodeError, ValueError) as exc:
        raise BadInputError(
            f"cannot rewrite this file byte for byte in {encoding}",
            path=path or None,
            hint="convert it to UTF-8, or use --diff and edit by hand",
        ) from exc
    out.append(raw[pos:])
    return b"".join(out)


def unified_diff(path: str, before: str, after: str) -> str:
    """A ``diff -u`` of one file's fix, ``a/`` and ``b/`` prefixed as ``git apply`` and ``patch -p1`` expect."""
    lines = difflib.unified_diff(_keep_ends(before), _keep_ends(after), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _keep_ends(text: str) -> list[str]:
    """Lines with their ``\\n``, split as ``diff`` and ``patch`` split them: on ``\\n`` only."""
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
