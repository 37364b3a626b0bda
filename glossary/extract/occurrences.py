"""What detection finds in a text: signals, occurrences, and the pieces they are made of, put together whole.

Whole names, never fragments: pieces that overlap or that a separator joins become one (:func:`union`); a
name seen whole in a text is whole everywhere in it (:func:`completed`), and found wherever else it stands
(:func:`found_everywhere`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from glossmt.glossary.extract.cues import KINDS, kind_pattern
from glossmt.glossary.model import TermType
from glossmt.glossary.normalise import SEPARATOR, normalise
from glossmt.glossary.spans import SpanIndex


class Signal(StrEnum):
    TRANSLITERATION = "transliteration"
    LATIN = "latin"
    TITLE = "title"
    KIND = "kind"
    POS = "pos"
    LEXICON = "lexicon"
    SEPARATOR = "separator"
    CONTEXT = "context"  # the words around it say it is a place (位于, 首都, 是…首府, 在…，)
    PAIRED = "paired"  # the text gives its Latin original beside it: 卡沙甘（Kashagan）


# What each signal adds to the confidence (combined as independent evidence: 1 - Π(1 - w)).
WEIGHTS: dict[Signal, float] = {
    Signal.TRANSLITERATION: 0.6,
    Signal.LATIN: 0.6,
    Signal.TITLE: 0.5,
    Signal.KIND: 0.4,
    Signal.POS: 0.35,
    Signal.LEXICON: 0.5,
    Signal.SEPARATOR: 0.3,
    Signal.CONTEXT: 0.3,
    Signal.PAIRED: 0.6,
}


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One name found in a text: ``text[start:end]`` (original offsets), its key ``form``, why it was found."""

    start: int
    end: int
    form: str
    signals: frozenset[Signal]
    type: TermType | None = None
    original: str = ""  # the Latin name the text gives in brackets right after it (Signal.PAIRED)

    @property
    def confidence(self) -> float:
        doubt = 1.0
        for signal in self.signals:
            doubt *= 1.0 - WEIGHTS[signal]
        return round(1.0 - doubt, 3)


@dataclass(slots=True)
class Piece:
    """A stretch of the normalised text that a signal says may be (part of) a name."""

    start: int
    end: int
    signals: set[Signal]
    type: TermType | None = None


# A Chinese name, then its Latin original in brackets: 卡沙甘（Kashagan）, 博兹舍库尔 (Bozshakol).
# A closing quotation mark may come between (“阿基奥拉”（Akipress）), and a kind word after (卡沙甘（Kashagan）油田).
_OPENING = re.compile(r"[\s”’」』\"']*[（(]\s*")
_CLOSING = re.compile(r"\s*[）)]\s*")


def paired(found: list[Occurrence], text: str) -> list[Occurrence]:
    """Each Chinese name that the text follows with a Latin name in brackets carries that name as its
    ``original`` (Chinese news gives the original of a foreign name so: 卡沙甘（Kashagan）油田), and the Latin
    name is no candidate of its own. ``found`` in text order."""
    kept: list[Occurrence] = []
    for occurrence in found:
        before = kept[-1] if kept else None
        if (
            Signal.LATIN in occurrence.signals
            and before is not None
            and Signal.LATIN not in before.signals
            and _OPENING.fullmatch(text, before.end, occurrence.start)
            and (closing := _CLOSING.match(text, occurrence.end))
        ):
            signals, type_ = before.signals | {Signal.PAIRED}, before.type
            if (kind := kind_pattern().match(text, closing.end())) and Signal.KIND not in before.signals:
                signals, type_ = signals | {Signal.KIND}, KINDS[kind.group()]
            kept[-1] = replace(before, original=occurrence.form, signals=signals, type=type_)
            continue
        kept.append(occurrence)
    return kept


def union(pieces: list[Piece], t: str) -> list[Piece]:
    """Overlapping pieces, and pieces a separator joins, become one (whole names, never fragments)."""
    merged: list[Piece] = []
    for piece in sorted(pieces, key=lambda p: (p.start, -p.end)):
        if merged:
            last = merged[-1]
            joined = piece.start == last.end + 1 and t[last.end] == SEPARATOR
            if piece.start < last.end or joined:
                last.end = max(last.end, piece.end)
                last.signals |= piece.signals
                last.type = last.type or piece.type
                if joined:
                    last.signals.add(Signal.SEPARATOR)
                continue
        merged.append(Piece(piece.start, piece.end, set(piece.signals), piece.type))
    return merged


def completed(found: list[Occurrence], text: str) -> list[Occurrence]:
    """A name seen whole in this text is whole everywhere in it: 艾斯佩 after 上 becomes 上艾斯佩, and 阿克
    before 套 becomes 阿克套 where 阿克套港 gave 阿克套."""
    by_tail: dict[str, Occurrence] = {}
    by_head: dict[str, Occurrence] = {}
    for o in found:
        for k in (1, 2):
            if len(o.form) - k >= 2:
                by_tail.setdefault(o.form[k:], o)
                by_head.setdefault(o.form[:-k], o)
    starts = sorted(o.start for o in found)
    out = []
    for part in found:
        whole, start, end = by_tail.get(part.form), part.start, part.end
        if whole is not None:
            start = part.start - (len(whole.form) - len(part.form))
            if start < 0 or not _reads(text[start : part.start], whole.form[: part.start - start]):
                whole, start = None, part.start
        if whole is None and (whole := by_head.get(part.form)) is not None:
            end = part.end + len(whole.form) - len(part.form)
            later = bisect_left(starts, part.end)
            taken = later < len(starts) and starts[later] < end  # never over the next name found
            if taken or not _reads(text[part.end : end], whole.form[len(part.form) :]):
                whole, end = None, part.end
        if whole is not None:
            # The part's own type only where its own context says it (a title, a kind word), not jieba's tag
            # of the fragment (阿克, a person's name, is 阿克套 the port town).
            own = part.type if {Signal.TITLE, Signal.KIND, Signal.CONTEXT} & part.signals else None
            kind = own or whole.type or part.type
            out.append(Occurrence(start, end, whole.form, part.signals | whole.signals, kind))
        else:
            out.append(part)
    return out


def found_everywhere(found: list[Occurrence], norm: Any, covered: SpanIndex) -> list[Occurrence]:
    """A name found once in a text is a name wherever else it stands in it (总统普京说 … 普京表示)."""
    best: dict[str, Occurrence] = {}
    for o in found:
        if o.form not in best or o.confidence > best[o.form].confidence:
            best[o.form] = o
    if not best:
        return found
    taken = SpanIndex((o.start, o.end) for o in found)
    more = []
    for n_start, form in _leftmost_longest(norm.text, best):
        start, end = norm.span_to_original(n_start, n_start + len(form))
        if not taken.overlaps((start, end)) and not covered.overlaps((start, end)):
            like = best[form]
            more.append(Occurrence(start, end, like.form, like.signals, like.type))
    return found + more if more else found


def _leftmost_longest(text: str, forms: Iterable[str]) -> list[tuple[int, str]]:
    """Non-overlapping occurrences of ``forms`` in ``text``, leftmost first, the longest at each start.

    What a regex alternation of the forms (longest first) finds, without compiling one per text: a fresh
    alternation of a document's names cost more than the rest of its detection. One pass over the text,
    trying at each position the lengths the forms have, longest first: linear in the text whatever the
    number of forms (a search per form grew with forms × text).
    """
    wanted = {form for form in forms if form}
    lengths = sorted({len(form) for form in wanted}, reverse=True)
    chosen = []
    at = 0
    while at < len(text):
        form = next((text[at : at + n] for n in lengths if text[at : at + n] in wanted), None)
        if form is None:
            at += 1
        else:
            chosen.append((at, form))
            at += len(form)
    return chosen


def _reads(original: str, normalised: str) -> bool:
    return normalise(original).text == normalised
