"""Normalising Chinese text for matching, without losing the way back to the original.

Steps: OpenCC Traditional→Simplified (Hong Kong and Taiwan variants too); NFKC, so full-width Latin
letters and digits become ASCII; one form, ``·``, for name separators (· • ‧ ・ ‐ - – — and
friends); ASCII lower case, so Latin-script names match case-insensitively; whitespace runs become one
space. :class:`Normalised` maps every offset of the normalised text back into the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import opencc

# A CJK ideograph (Extension A and the basic block): what counts as a Chinese character.
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

SEPARATOR = "·"
# Name separators seen in Chinese and Latin-script names; all become SEPARATOR.
SEPARATORS = "·•‧・･‐‑‒–—―-－﹣⁃∙⋅⸱"

_TABLE: dict[int, int | str] = {ord(c): SEPARATOR for c in SEPARATORS}
_TABLE.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})
_TABLE.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})  # full-width ASCII
_TABLE.update({c: c - 0xFEE0 + 32 for c in range(0xFF21, 0xFF3B)})  # full-width A-Z, lowered
# Every whitespace character (what str.isspace and the regex \s take) is a space here, so that only
# runs of them change the length (a line break alone is a one-for-one swap, done by the table).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_TABLE.update({ord(c): " " for c in WHITESPACE})
_TABLE[ord("－")] = SEPARATOR

# Characters that NFKC may still change after the table (compatibility forms, ligatures, circled
# digits …), and runs of spaces. CJK ideographs, ASCII, common CJK punctuation and curly quotes are
# left alone.
_SPECIAL = re.compile(
    r" {2,}|[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff\u3001-\u3011\uff01-\uff5e\u2018\u2019\u201c\u201d·]"
)


def fold_whitespace(text: str) -> str:
    """Every run of whitespace (line breaks and tabs too) becomes one space; none at either end."""
    return " ".join(text.split())


@cache
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    # hk2s: standard and Hong Kong Traditional (衞, 綫); tw2s then adds Taiwan-only variants (簷).
    return opencc.OpenCC("hk2s"), opencc.OpenCC("tw2s")


# Correct Simplified characters that tw2s rewrites as variants (显著 → 显着, 什么 → 什幺): kept.
_KEEP = re.compile("[著么]")


def to_simplified(text: str) -> str:
    """Traditional (Hong Kong, Taiwan or standard) to Simplified Chinese, length-preserving where OpenCC is."""
    if "\x00" in text:  # OpenCC works on C strings and would stop at the first NUL
        return "\x00".join(to_simplified(part) for part in text.split("\x00"))
    hong_kong, taiwan = _converters()
    converted = str(taiwan.convert(hong_kong.convert(text)))
    if len(converted) == len(text) and _KEEP.search(text):
        # Put the kept characters back by position, not character by character (10 MB: 0.6 s).
        parts: list[str] = []
        last = 0
        for kept in _KEEP.finditer(text):
            parts.extend((converted[last : kept.start()], kept.group()))
            last = kept.end()
        parts.append(converted[last:])
        converted = "".join(parts)
    return converted


@dataclass(frozen=True, slots=True)
class _Edit:
    """A replaced span: ``new[new_start:new_end]`` came from ``old[old_start:old_end]``."""

    new_start: int
    new_end: int
    old_start: int
    old_end: int


@dataclass(frozen=True, slots=True)
class _Stage:
    """The offset map of one rewriting step, as its edits sorted by position."""

    edits: tuple[_Edit, ...]
    starts: tuple[int, ...]

    @classmethod
    def of(cls, edits: list[_Edit]) -> _Stage:
        return cls(tuple(edits), tuple(e.new_start for e in edits))

    def back(self, pos: int, *, end: bool) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1
        return _back_from(self.edits[i] if i >= 0 else None, pos, end=end)

    def back_spans(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`back` of many sorted, non-overlapping spans (a find's hits), walking the edits once."""
        edits, count = self.edits, len(self.edits)
        out = []
        i = j = -1  # the last edit starting at or before the span's start (i) and end (j)
        for start, end in spans:
            while i + 1 < count and edits[i + 1].new_start <= start:
                i += 1
            while j + 1 < count and edits[j + 1].new_start <= end:
                j += 1
            out.append(
                (
                    _back_from(edits[i] if i >= 0 else None, start, end=False),
                    _back_from(edits[j] if j >= 0 else None, end, end=True),
                )
            )
        return out


def _back_from(edit: _Edit | None, pos: int, *, end: bool) -> int:
    """``pos`` in the new text mapped back through ``edit``, the last edit starting at or before it."""
    if edit is None:
        return pos
    if pos < edit.new_end:
        # Inside a replaced span: a start maps to its beginning, an end to its end.
        return edit.old_end if end and pos > edit.new_start else edit.old_start
    return edit.old_end + (pos - edit.new_end)


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text and the way back: ``original[span_to_original(s, e)]`` is what matched."""

    original: str
    text: str
    stages: tuple[_Stage, ...] = ()

    def to_original(self, pos: int, *, end: bool = False) -> int:
        for stage in reversed(self.stages):
            pos = stage.back(pos, end=end)
        return pos

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end, end=True)

    def spans_to_original(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """:meth:`span_to_original` of sorted, non-overlapping spans, in one walk per rewriting step."""
        for stage in reversed(self.stages):
            spans = stage.back_spans(spans)
        return spans


def _rewrite(text: str, pieces: list[tuple[int, int, str]]) -> tuple[str, _Stage]:
    """Apply sorted, non-overlapping ``(start, end, replacement)`` edits."""
    out: list[str] = []
    edits: list[_Edit] = []
    last = 0
    shift = 0
    for start, end, replacement in pieces:
        out.append(text[last:start])
        out.append(replacement)
        new_start = start + shift
        if len(replacement) != end - start:
            edits.append(_Edit(new_start, new_start + len(replacement), start, end))
        shift += len(replacement) - (end - start)
        last = end
    out.append(text[last:])
    return "".join(out), _Stage.of(edits)


def _simplify(text: str) -> tuple[str, _Stage | None]:
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted, None
    # OpenCC rewrote some phrase to a different length. Find it by halving, so offsets stay exact
    # and a 10 MB text is not converted character by character.
    pieces: list[tuple[int, int, str]] = []
    _convert_halves(text, 0, len(text), pieces)
    return _rewrite(text, pieces)


def _convert_halves(text: str, start: int, end: int, pieces: list[tuple[int, int, str]]) -> None:
    converted = to_simplified(text[start:end])
    if len(converted) == end - start or end - start == 1:
        pieces.append((start, end, converted))
        return
    middle = (start + end) // 2
    _convert_halves(text, start, middle, pieces)
    _convert_halves(text, middle, end, pieces)


def _special(match: re.Match[str]) -> str:
    chunk = match.group()
    if chunk[0] == " ":
        return " "
    return unicodedata.normalize("NFKC", chunk).translate(_TABLE)


def normalise(text: str) -> Normalised:
    """Normalise ``text`` for matching; offsets map back with :meth:`Normalised.span_to_original`."""
    stages: list[_Stage] = []
    simplified, stage = _simplify(text)
    if stage is not None:
        stages.append(stage)
    mapped = simplified.translate(_TABLE)
    pieces = [(m.start(), m.end(), _special(m)) for m in _SPECIAL.finditer(mapped)]
    pieces = [p for p in pieces if p[2] != mapped[p[0] : p[1]]]
    if pieces:
        mapped, stage = _rewrite(mapped, pieces)
        stages.append(stage)
    return Normalised(text, mapped, tuple(stages))


def normalise_form(form: str) -> str:
    """The normalised key of a glossary form (no offsets needed), stripped of outer spaces."""
    return normalise(form).text.strip()


_FORM_SEPARATOR = "\x01"  # survives OpenCC, NFKC and the case table


def normalise_forms(forms: list[str]) -> list[str]:
    """Normalise many glossary forms in one pass (one OpenCC call, not one per form)."""
    if any(_FORM_SEPARATOR in f for f in forms):
        return [normalise_form(f) for f in forms]
    joined = normalise(_FORM_SEPARATOR.join(forms)).text
    keys = [k.strip() for k in joined.split(_FORM_SEPARATOR)]
    if len(keys) != len(forms):  # stay correct should a conversion ever touch the separator
        return [normalise_form(f) for f in forms]
    return keys
