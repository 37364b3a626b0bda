"""Inline markup through the translation pass: tags become placeholders the model must reproduce once.

A segment of a document is text with inline tags in it (HTML ``<b>``/``<a href>``/``<span>``, XLIFF
``g``/``x``/``bx``/``ex``/``ph``, a DOCX run boundary, DeepL's ``tag_handling=xml``). The formats and
the server describe it as *parts*: a sequence of ``str`` and :class:`Tag`, where a paired element is
an ``OPEN`` and a ``CLOSE`` tag sharing one ``id`` and a lone code (``<br/>``, ``<x/>``, ``<ph>``) is
one ``STANDALONE`` tag. This module never looks inside a tag: ``markup`` is the caller's to restore
(and ``id`` its key), so one mechanism serves every format.

How the guarantee is kept (the same machinery as the term guarantee, nothing new in the decoder):

1. :func:`encode`: tags that stand at the edges of the segment with their partner (``<p><b>…</b>``
   around everything) are set aside and put back verbatim; every other tag becomes a placeholder
   (``QztAA``, ``QztAB``…: Latin, not English, fixed width) written into the Chinese with a space on
   each side, and a *required phrase* of the pass: a glossary match on a synthetic term (concept
   ``tag:QztAA``) whose English is the placeholder itself, count 1. Glossary terms are found on the
   plain text (no placeholders) and their offsets shifted; a tag inside a term is moved to the
   term's nearer edge (opens to the start, closes to the end where that keeps the tags' order), so
   that the term stays one phrase.
2. The pass (:func:`glossmt.translate.mt.pipeline.translate_matched`) hints, verifies and re-decodes
   under constraints as for any term: every placeholder present, no extra copy.
3. :func:`decode` restores: each placeholder found (a word-bounded copy first, any copy otherwise) is
   taken out of the English with the space that separated it from the words it wraps (an open tag
   glues to the next word, a close tag to the previous one); a placeholder seen twice counts once, a
   missing one is put at the end (open: at its close); a close before its open is swapped; crossing
   pairs are repaired by closing the later one inside the earlier one. Every tag comes back exactly
   once, in valid nesting, whatever the model wrote.

API (stable; the server's ``tag_handling=xml`` uses it):

- :class:`Tag` ``(kind, id, markup="")``, :class:`Kind` ``OPEN | CLOSE | STANDALONE``, ``Parts`` =
  ``tuple[str | Tag, ...]`` (defined in :mod:`glossmt.translate.markup`, re-exported here);
- :func:`translate_tagged` ``(segments, translator, *, matcher=None, options=None)`` → one
  :class:`TaggedResult` (``parts``: the English with the tags in place; ``result``: the pass's
  :class:`~glossmt.translate.mt.results.LineResult` without the tags' reports) per segment;
- :func:`encode` / :func:`decode` for callers that run the pass themselves; :func:`plain`,
  :func:`well_nested` and :func:`render` (join parts, each tag as its ``markup``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import product

from glossmt.glossary.matching import Match, TermFinder
from glossmt.glossary.model import Origin, Term
from glossmt.translate.markup import Kind, Parts, Tag, plain, render, well_nested
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.pipeline import Options, Stage, translate_matched
from glossmt.translate.mt.results import LineResult

__all__ = [
    "TAG_PREFIX",
    "Encoded",
    "Kind",
    "Parts",
    "Tag",
    "TaggedResult",
    "decode",
    "encode",
    "plain",
    "render",
    "translate_tagged",
    "well_nested",
]

TAG_PREFIX = "tag:"  # concept ids of tag placeholders: never a glossary concept's
_STEM = "Qzt"  # term placeholders are Qzx…: the two never meet
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORIGIN = Origin("<markup>")


@dataclass(frozen=True, slots=True)
class Encoded:
    """One segment as the pass reads it: ``line`` (placeholders in), its term and tag ``matches``.

    ``head`` and ``tail``: the parts set aside at the edges; ``slots``: placeholder → tag.
    """

    line: str
    matches: tuple[Match, ...]
    slots: tuple[tuple[str, Tag], ...]
    head: Parts = ()
    tail: Parts = ()


def _placeholders(count: int) -> list[str]:
    width = 2 if count <= len(_LETTERS) ** 2 else 3
    names = ("".join(letters) for letters in product(_LETTERS, repeat=width))
    return [_STEM + next(names) for _ in range(count)]


def _edges(parts: Sequence[str | Tag]) -> tuple[int, int]:
    """How many parts at the start and at the end stay outside the translation, verbatim.

    Tags (and blank text) before the first and after the last visible character, as long as every
    pair set aside is set aside whole (so the middle nests on its own).
    """
    visible = [i for i, p in enumerate(parts) if isinstance(p, str) and p.strip()]
    if not visible:
        return len(parts), 0
    head, tail = visible[0], len(parts) - 1 - visible[-1]
    while True:
        outside = list(parts[:head]) + list(parts[len(parts) - tail :])
        kept = {(p.kind, p.id) for p in outside if isinstance(p, Tag)}
        partner = {Kind.OPEN: Kind.CLOSE, Kind.CLOSE: Kind.OPEN}
        broken = {
            p.id for p in outside if isinstance(p, Tag) and p.kind in partner and (partner[p.kind], p.id) not in kept
        }
        if not broken:
            return head, tail
        for i in range(head):
            part = parts[i]
            if isinstance(part, Tag) and part.id in broken:
                head = i
                break
        for i in range(len(parts) - tail, len(parts)):
            part = parts[i]
            if isinstance(part, Tag) and part.id in broken:
                tail = len(parts) - 1 - i
        # Each round sets aside fewer parts, so this ends.


def _tag_term(placeholder: str) -> Term:
    return Term(placeholder, placeholder, TAG_PREFIX + placeholder, origin=_ORIGIN)


def encode(parts: Sequence[str | Tag], matcher: TermFinder | None = None) -> Encoded:
    """The line the pass translates for ``parts``, with its glossary matches and one match per tag."""
    head_n, tail_n = _edges(parts)
    middle = list(parts[head_n : len(parts) - tail_n])
    head, tail = tuple(parts[:head_n]), tuple(parts[len(parts) - tail_n :])
    text = plain(middle)
    terms = _terms(text, matcher)
    # Each tag at its offset in the plain text, moved out of any term it falls inside.
    at: list[tuple[int, Tag]] = []
    offset = 0
    for part in middle:
        if isinstance(part, str):
            offset += len(part)
        else:
            at.append((offset, part))
    at = _out_of_terms(at, terms)
    names = _placeholders(len(at))
    pieces: list[str] = []
    matches: list[Match] = []
    shift, last = 0, 0
    tag_iter = iter(zip(names, at, strict=True))
    pending = next(tag_iter, None)
    term_iter = iter(terms)
    term = next(term_iter, None)
    # Merge tags and terms by offset (tags at an offset go before a term starting there).
    while pending is not None or term is not None:
        if pending is not None and (term is None or pending[1][0] <= term.start):
            name, (where, _) = pending
            pieces.append(text[last:where])
            shift += 1
            start = where + shift
            matches.append(Match(start, start + len(name), name, _tag_term(name), latin=True))
            pieces.append(f" {name} ")
            shift += len(name) + 1
            last = where
            pending = next(tag_iter, None)
        elif term is not None:
            matches.append(dataclasses.replace(term, start=term.start + shift, end=term.end + shift))
            term = next(term_iter, None)
    pieces.append(text[last:])
    slots = tuple((name, tag) for name, (_, tag) in zip(names, at, strict=True))
    return Encoded("".join(pieces), tuple(matches), slots, head, tail)


def _terms(text: str, matcher: TermFinder | None) -> list[Match]:
    """Glossary matches on the plain text, each term carrying its concept's avoid renderings."""
    if matcher is None or not text.strip():
        return []
    found = sorted(matcher.find(text), key=lambda m: m.start)
    glossary = matcher.glossary
    out = []
    for match in found:
        avoid = glossary.concept(match.concept).avoid
        out.append(dataclasses.replace(match, term=dataclasses.replace(match.term, avoid=avoid)))
    return out


def _out_of_terms(at: list[tuple[int, Tag]], terms: Sequence[Match]) -> list[tuple[int, Tag]]:
    """Tags strictly inside a term moved to its edges, their order kept: the prefix that holds most
    opens goes to the start, the rest (most closes) to the end."""
    moved = list(at)
    for term in terms:
        inside = [k for k, (where, _) in enumerate(moved) if term.start < where < term.end]
        if not inside:
            continue

        def score(cut: int, inside: list[int] = inside) -> int:
            opens = sum(moved[k][1].kind is Kind.OPEN for k in inside[:cut])
            closes = sum(moved[k][1].kind is Kind.CLOSE for k in inside[cut:])
            return opens + closes

        cut = max(range(len(inside) + 1), key=score)
        for n, k in enumerate(inside):
            moved[k] = (term.start if n < cut else term.end, moved[k][1])
    return moved


# --- restoring ------------------------------------------------------------------------------------------


def decode(encoded: Encoded, english: str) -> Parts:
    """The English with every tag of ``encoded`` put back exactly once, validly nested."""
    text, gaps = _take_out(english, [name for name, _ in encoded.slots])
    spans: dict[int, list[int]] = {}
    keyed: list[tuple[tuple[int, ...], Tag]] = []
    openers: dict[int, Tag] = {}
    closers: dict[int, Tag] = {}
    for order, (name, tag) in enumerate(encoded.slots):
        gap = gaps.get(name)
        if tag.kind is Kind.STANDALONE:
            at = len(text) if gap is None else gap[1]
            keyed.append(((at, 2, 0, order), tag))
            continue
        (openers if tag.kind is Kind.OPEN else closers)[tag.id] = tag
        # An open tag glues to the next word (after the gap's space), a close tag to the previous one.
        side = spans.setdefault(tag.id, [-1, -1, order])
        side[0 if tag.kind is Kind.OPEN else 1] = -1 if gap is None else gap[1 if tag.kind is Kind.OPEN else 0]
    intervals = []
    for tag_id, (opened, closed, order) in spans.items():
        end = len(text) if closed < 0 else closed
        start = end if opened < 0 else opened
        intervals.append([min(start, end), max(start, end), order, tag_id])
    intervals.sort(key=lambda iv: (iv[0], -iv[1], iv[2]))
    stack: list[list[int]] = []
    for interval in intervals:  # crossing pairs: the later one is closed inside the earlier one
        while stack and stack[-1][1] <= interval[0]:
            stack.pop()
        if stack and interval[1] > stack[-1][1]:
            interval[1] = stack[-1][1]
        stack.append(interval)
    for start, end, order, tag_id in intervals:
        if start == end:  # an empty pair: its open and close side by side
            keyed.append(((start, 1, order, 0), openers[tag_id]))
            keyed.append(((start, 1, order, 1), closers[tag_id]))
        else:  # at one position: closes (inner first), empty pairs, then opens (outer first)
            keyed.append(((start, 2, -end, order), openers[tag_id]))
            keyed.append(((end, 0, -start, -order), closers[tag_id]))
    keyed.sort(key=lambda item: item[0])
    out: list[str | Tag] = list(encoded.head)
    last = 0
    for key, tag in keyed:
        at = min(key[0], len(text))
        if at > last:
            out.append(text[last:at])
            last = at
        out.append(tag)
    if last < len(text):
        out.append(text[last:])
    out.extend(encoded.tail)
    return tuple(out)


def _take_out(english: str, names: Sequence[str]) -> tuple[str, dict[str, tuple[int, int]]]:
    """``english`` without any placeholder, and where each one stood: the gap ``(before, after)`` its
    space, at its first copy not glued to a word (else its first copy).

    A placeholder and the spaces around it become one space where words stood on both sides, and
    none before punctuation ("tungsten QztAB." reads "tungsten.").
    """
    if not names:
        return english, {}
    by_lower = {n.lower(): n for n in names}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.IGNORECASE)
    out = ""
    gaps: dict[str, tuple[int, int]] = {}
    bounded: dict[str, bool] = {}
    last = 0
    for hit in pattern.finditer(english):
        name = by_lower[hit.group().lower()]
        out += english[last : hit.start()]
        glued = out[-1:].isalnum() or english[hit.end() : hit.end() + 1].isalnum()
        trimmed = out.rstrip()
        left = len(out) - len(trimmed)
        rest = english[hit.end() :]
        right = len(rest) - len(rest.lstrip())
        following = rest.lstrip()[:1]
        space = bool(trimmed) and bool(following)
        space = space and ((left > 0 and right > 0) or (trimmed[-1].isalnum() and following.isalnum()))
        out = trimmed + (" " if space else "")
        last = hit.end() + right
        if name not in gaps or (not glued and not bounded[name]):
            gaps[name] = (len(trimmed), len(out))
            bounded[name] = not glued
    out += english[last:]
    return out, gaps


# --- the pass ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaggedResult:
    """One segment translated: the English ``parts`` with its tags, and the pass's result (terms only)."""

    parts: Parts
    result: LineResult

    @property
    def text(self) -> str:
        return plain(self.parts)


def translate_tagged(
    segments: Iterable[Sequence[str | Tag]],
    translator: Translator,
    *,
    matcher: TermFinder | None = None,
    options: Options | None = None,
    stage: Stage | None = None,
) -> Iterator[TaggedResult]:
    """Translate segments with inline tags: every tag back once, validly nested; every term guaranteed.

    Args:
        segments: each a sequence of text and :class:`Tag` (one paragraph, unit or cue).
        translator: the model.
        matcher: finds the glossary's terms (on the text without tags); None: no terms.
        options: the pass's options.
        stage: the translation memory (:func:`glossmt.translate.mt.remember.memory_stage`, its glossary
            None: the matches carry their terms' avoid renderings). A sentence is keyed with its
            placeholders and their matches, so a hit holds them where the model put them and
            :func:`decode` restores this segment's tags from it.

    Returns:
        One :class:`TaggedResult` per segment, in order, streamed a window at a time.
    """
    encoded: deque[Encoded] = deque()  # results come in order: the first left is the next one's

    def items() -> Iterator[tuple[str, Sequence[Match]]]:
        for parts in segments:
            enc = encode(parts, matcher)
            encoded.append(enc)
            yield enc.line, enc.matches

    for result in translate_matched(items(), translator, options=options, stage=stage):
        enc = encoded.popleft()
        sentences = tuple(
            dataclasses.replace(s, terms=tuple(t for t in s.terms if not t.concept.startswith(TAG_PREFIX)))
            for s in result.sentences
        )
        yield TaggedResult(decode(enc, result.target), dataclasses.replace(result, sentences=sentences))
