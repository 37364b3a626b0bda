"""Finding the names in one Chinese text that no glossary entry covers.

Signals, each cheap where it runs on every character and costly only where a name is likely:

- a *transliteration run*: a stretch of characters that foreign names are written with (one regular
  expression over the whole text, its character class learned by :mod:`.translit`), joined across
  name separators (霍华德·卢特尼克, 扎尔马-萨乌尔);
- *Latin-script names* inside Chinese (英国公司Tungsten West);
- *context cues* (:mod:`.cues`): a title before (部长卢特尼克), a kind word after (巴甫洛达尔州);
- *jieba part of speech* (nr, ns, nt, nz …) in short windows after titles and before kind words, where
  Chinese-style names sit (商务部长王文涛, 丸红株式会社); jieba's HMM is what finds names it never saw;
- the *lexicon*: CC-CEDICT knows the form as a proper noun.

Whole names, never fragments: pieces that overlap (jieba's 长卢特 + 尼克 and the run 卢特尼克) or that a
separator joins become one candidate; titles are cut off (部长 is never part of a name); a kind word
at the end is cut off and kept as the type; a stretch that is an ordinary dictionary word (特别) is no
name. A candidate that overlaps a glossary match is covered, and dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.extract.cues import KINDS, kind_before, kind_pattern, title_pattern
from glossmt.glossary.extract.lexicon import Lexicon, load_lexicon
from glossmt.glossary.extract.translit import TransliterationScore, sound_alike, transliteration_score
from glossmt.glossary.jieba_words import jieba_dictionary, posseg_tokenizer
from glossmt.glossary.matching import Matcher
from glossmt.glossary.model import Glossary, TermType
from glossmt.glossary.normalise import CJK, SEPARATOR, normalise
from glossmt.glossary.spans import SpanIndex


class Signal(StrEnum):
    TRANSLITERATION = "transliteration"
    LATIN = "latin"
    TITLE = "title"
    KIND = "kind"
    POS = "pos"
    LEXICON = "lexicon"
    SEPARATOR = "separator"


# What each signal adds to the confidence (combined as independent evidence: 1 - Π(1 - w)).
WEIGHTS: dict[Signal, float] = {
    Signal.TRANSLITERATION: 0.6,
    Signal.LATIN: 0.6,
    Signal.TITLE: 0.5,
    Signal.KIND: 0.4,
    Signal.POS: 0.35,
    Signal.LEXICON: 0.5,
    Signal.SEPARATOR: 0.3,
}
CHAR_MIN = 0.5  # a character scoring above this may be part of a transliteration run
RUN_MIN = 1.6  # a run's mean score must reach this
EDGE_MIN = -1.0  # a character at a run's edge scoring above this joins it (别 in 别列佐夫斯科耶, 干 in …库尔干)
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
_TAG_TYPES = {"nr": TermType.PERSON, "nrt": TermType.PERSON, "nrfg": TermType.PERSON, "ns": TermType.PLACE}
_TAG_TYPES["nt"] = TermType.ORGANISATION
_WINDOW = 4  # characters jieba sees after a title, before a kind word
_REACH = 4  # longest dictionary word looked for across a run's edge
# Latin-script letters with their accented forms (Latin-1, Extended-A and B): Rodríguez Veltzé stays whole.
_UPPER, _LETTER = "A-ZÀ-ÖØ-Þ", "A-Za-zÀ-ÖØ-öø-ɏ"
_LATIN = re.compile(rf"[{_UPPER}][{_LETTER}0-9&'’.]*(?:[ -][{_UPPER}0-9][{_LETTER}0-9&'’.]*)*")


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One name found in a text: ``text[start:end]`` (original offsets), its key ``form``, why it was found."""

    start: int
    end: int
    form: str
    signals: frozenset[Signal]
    type: TermType | None = None

    @property
    def confidence(self) -> float:
        doubt = 1.0
        for signal in self.signals:
            doubt *= 1.0 - WEIGHTS[signal]
        return round(1.0 - doubt, 3)


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    signals: set[Signal]
    type: TermType | None = None


class Detector:
    """The glossary, the lexicon and the learned score made ready: build once, :meth:`find` in many texts."""

    def __init__(self, glossary: Glossary, *, lexicon: Lexicon | None = None, matcher: Matcher | None = None) -> None:
        self.glossary = glossary
        # The caller's, else the glossary's one matcher (glossary.compiled): never a second one for it.
        self.matcher = matcher or Compiled.for_glossary(glossary).matcher()
        self.lexicon = lexicon or load_lexicon()
        names = [t.source for t in glossary if sound_alike(t.source, t.target)]
        self.score: TransliterationScore = transliteration_score(names)
        self.tags = jieba_dictionary().tags
        chars = "".join(sorted(c for c, w in self.score.weights.items() if w > CHAR_MIN and CJK.match(c)))
        klass = f"[{re.escape(chars)}]"
        self._runs = re.compile(f"{klass}+(?:{SEPARATOR}{klass}+)*")

    def find(self, text: str) -> list[Occurrence]:
        """Every name in ``text`` that the glossary does not cover, in text order."""
        norm = normalise(text)
        t = norm.text
        blocked = bytearray(len(t))
        titles_end: set[int] = set()
        for m in title_pattern().finditer(t):
            blocked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            titles_end.add(m.end())
        pieces = [*self._transliterations(t, blocked), *self._tagged(t, blocked, titles_end)]
        merged = _union(pieces, t)
        covered = SpanIndex((m.start, m.end) for m in self.matcher.find(text))
        found: list[Occurrence] = []
        for piece in merged:
            occurrence = self._finish(piece, t, titles_end, norm, text)
            if occurrence is None or covered.overlaps((occurrence.start, occurrence.end)):
                continue
            found.append(occurrence)
        found = _everywhere(_whole(found, text), norm, covered)
        found.extend(self._latin(text, covered))
        found.sort(key=lambda o: o.start)
        return found

    # --- signals ---------------------------------------------------------------------------------

    def _transliterations(self, t: str, blocked: bytearray) -> Iterable[_Piece]:
        for m in self._runs.finditer(t):
            start = m.start()
            # A title inside the run (部长 is not, but a run may touch one) splits it.
            for i in range(m.start(), m.end() + 1):
                if i == m.end() or blocked[i]:
                    if i - start >= 2:
                        yield from self._run(t, blocked, *self._extend(t, blocked, start, i))
                    start = i + 1

    def _extend(self, t: str, blocked: bytearray, start: int, end: int) -> tuple[int, int]:
        """Take in one neutral character at each edge (别列佐夫斯科耶, 塔尔迪库尔干): names have a few."""
        if start > 0 and self._neutral(t[start - 1]) and not blocked[start - 1]:
            start -= 1
        if end < len(t) and self._neutral(t[end]) and not blocked[end]:
            end += 1
        return start, end

    def _neutral(self, c: str) -> bool:
        return bool(CJK.match(c)) and self.score.char(c) > EDGE_MIN

    def _run(self, t: str, blocked: bytearray, start: int, end: int) -> Iterable[_Piece]:
        a, b = self._trim(t, blocked, start, end)
        score = self.score.run(t[a:b])
        if score < RUN_MIN:
            # A dictionary name crossing an edge may have pulled in a plain word (和努尔 is a name in
            # jieba's dictionary: 他和努尔特列乌 would lose 努尔特列乌 altogether); the run without it.
            a, b = self._trim(t, blocked, start, end, extend=False)
            score = self.score.run(t[a:b])
        start, end = a, b
        form = t[start:end]
        if len(form.replace(SEPARATOR, "")) < 2 or score < RUN_MIN:
            return
        signals = {Signal.TRANSLITERATION}
        if SEPARATOR in form:
            signals.add(Signal.SEPARATOR)
        yield _Piece(start, end, signals)

    def _trim(self, t: str, blocked: bytearray, start: int, end: int, *, extend: bool = True) -> tuple[int, int]:
        """Fit a run's edges to the words that cross them.

        A name of the dictionary that crosses an edge takes the run to its end (印度尼西亚 when the run
        began at 度), unless not ``extend``; an ordinary word cuts the run there (克服 at 尼克|服).
        """
        for cut in range(start + 1, min(end, start + _REACH)):
            for a in range(max(0, cut - _REACH), start):
                if extend and self._name_word(t[a:cut]) and not any(blocked[a:start]):
                    start = a
                elif self._ordinary(t[a:cut]) and not self._word_ends_at(t, start, a):
                    start = cut
        for cut in range(end - 1, max(start, end - _REACH), -1):
            for b in range(end + 1, min(len(t), cut + _REACH) + 1):
                if extend and self._name_word(t[cut:b]) and not any(blocked[end:b]):
                    end = b
                elif self._ordinary(t[cut:b]) and not self._word_begins_at(t, end, b):
                    end = cut
        return start, end

    # A word crossing an edge loses to a word of two or more characters that starts (or ends) right at the
    # edge and reaches as far:
    # 据卡梅科|介绍 is cut before 介绍, not inside the name at 科介.
    def _word_begins_at(self, t: str, edge: int, reach: int) -> bool:
        return any(self._ordinary(t[edge:b]) for b in range(max(reach, edge + 2), min(len(t), edge + _REACH) + 1))

    def _word_ends_at(self, t: str, edge: int, reach: int) -> bool:
        return any(self._ordinary(t[a:edge]) for a in range(max(0, edge - _REACH), min(reach, edge - 2) + 1))

    def _around(self, t: str, start: int, end: int) -> tuple[int, int] | None:
        """The longest dictionary word holding ``t[start:end]`` and more, within reach of its edges."""
        reach = [
            (a, b) for a in range(max(0, start - _REACH), start + 1) for b in range(end, min(len(t), end + _REACH) + 1)
        ]
        return max(
            (s for s in reach if s != (start, end) and t[s[0] : s[1]] in self.tags),
            key=lambda s: s[1] - s[0],
            default=None,
        )

    def _name_word(self, word: str) -> bool:
        return len(word) > 1 and self.tags.get(word) in NAME_TAGS

    def _ordinary(self, word: str) -> bool:
        tag = self.tags.get(word)
        return tag is not None and tag not in NAME_TAGS

    def _tagged(self, t: str, blocked: bytearray, titles_end: set[int]) -> Iterable[_Piece]:
        """Names jieba tags in the few characters after a title or before a kind word."""
        windows = [(end, min(len(t), end + _WINDOW)) for end in titles_end]
        windows += [(max(0, m.start() - _WINDOW), m.start()) for m in kind_pattern().finditer(t) if m.start()]
        for a, b in windows:
            pos = a
            for word, tag in _cut(t[a:b]):
                start, end = pos, pos + len(word)
                pos = end
                if tag not in NAME_TAGS:
                    continue
                while start < end and blocked[start]:
                    start += 1
                while end > start and blocked[end - 1]:
                    end -= 1
                if end - start >= 2 and CJK.match(t[start]):
                    yield _Piece(start, end, {Signal.POS}, _TAG_TYPES.get(tag))

    def _latin(self, text: str, covered: SpanIndex) -> Iterable[Occurrence]:
        if not CJK.search(text):
            return
        for m in _LATIN.finditer(text):
            start, end = m.start(), m.end()
            form = " ".join(m.group().rstrip(".").split())
            end = start + len(m.group().rstrip("."))
            if len(form) < 2 or (form.isupper() and len(form) < 3):
                continue
            if covered.holds((start, end)):
                continue  # the glossary's own English (Samruk-Kazyna); a longer name around a term stays
            # The kind may follow (Almonty公司) or, for Latin names, come first (矿业公司Tungsten West).
            kind = kind_pattern().match(text, end) or kind_before(text, start)
            type_ = KINDS[kind.group()] if kind else None
            signals = {Signal.LATIN} | ({Signal.KIND} if kind else set())
            yield Occurrence(start, end, form, frozenset(signals), type_)

    # --- one candidate -------------------------------------------------------------------------------

    def _finish(self, piece: _Piece, t: str, titles_end: set[int], norm: Any, text: str) -> Occurrence | None:
        start, end = piece.start, piece.end
        signals = set(piece.signals)
        type_ = piece.type
        # A kind word closing the piece is the kind, not the name: 巴甫洛达尔州 → 巴甫洛达尔 (place).
        for i in range(start + 2, end):
            kind = kind_pattern().fullmatch(t, i, end)
            if kind and t[start:end] not in self.tags:
                end = i
                break
        if (around := self._around(t, start, end)) is not None:  # 莱坞 in 好莱坞, 尔夫 in 高尔夫
            word = t[around[0] : around[1]]
            if not (self.lexicon.english(word) or self.tags.get(word) in _TAG_TYPES.keys() - {"nt"}):
                return None  # an ordinary word, or jieba's nz (打高尔夫): not a name
            start, end = around
        form = t[start:end].strip(SEPARATOR)
        if len(form) < 2 or not CJK.search(form):
            return None
        if self._ordinary(form) and Signal.POS not in signals:
            return None  # 特别, 克里斯: a word of the language, not a name
        if self.lexicon.is_common_word(form) and self.score.run(form) < RUN_MIN:
            # 外国, 封锁: CC-CEDICT knows them only as words, whatever jieba tags them; a loanword that
            # reads as a transliteration (布鲁斯 blues, also Bruce) may still be a name.
            return None
        kind = kind_pattern().match(t, end)
        if kind:
            signals.add(Signal.KIND)
            type_ = KINDS[kind.group()]
        tag = self.tags.get(form)
        if tag in NAME_TAGS:
            signals.add(Signal.POS)
            # A known place stays a place before a kind word (英国矿业公司); other tags only fill a gap.
            type_ = TermType.PLACE if tag == "ns" else type_ or _TAG_TYPES.get(tag)
        if start in titles_end:
            signals.add(Signal.TITLE)
            type_ = TermType.PERSON
        if self.lexicon.english(form):
            signals.add(Signal.LEXICON)
        if Signal.TRANSLITERATION not in signals and self.score.run(form) >= RUN_MIN and len(form) >= 3:
            signals.add(Signal.TRANSLITERATION)
        o_start, o_end = norm.span_to_original(start, start + len(form))
        return Occurrence(o_start, o_end, form, frozenset(signals), type_)


def _union(pieces: list[_Piece], t: str) -> list[_Piece]:
    """Overlapping pieces, and pieces a separator joins, become one (whole names, never fragments)."""
    merged: list[_Piece] = []
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
        merged.append(_Piece(piece.start, piece.end, set(piece.signals), piece.type))
    return merged


def _whole(found: list[Occurrence], text: str) -> list[Occurrence]:
    """A name seen whole in this text is whole everywhere in it: 艾斯佩 after 上 becomes 上艾斯佩."""
    by_tail: dict[str, Occurrence] = {}
    for o in found:
        for k in (1, 2):
            if len(o.form) - k >= 2:
                by_tail.setdefault(o.form[k:], o)
    out = []
    for part in found:
        whole = by_tail.get(part.form)
        start = part.start - (len(whole.form) - len(part.form)) if whole is not None else -1
        if whole is not None and start >= 0 and _reads(text[start : part.start], whole.form[: part.start - start]):
            out.append(Occurrence(start, part.end, whole.form, part.signals | whole.signals, part.type or whole.type))
        else:
            out.append(part)
    return out


def _everywhere(found: list[Occurrence], norm: Any, covered: SpanIndex) -> list[Occurrence]:
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


def clear_window_cache() -> None:
    """Forget jieba's cached windows (a benchmark measuring text never seen empties it first)."""
    _cut.cache_clear()


@lru_cache(maxsize=1 << 16)
def _cut(window: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and part-of-speech tags for a short window (cached: news repeats its contexts)."""
    return tuple((p.word, p.flag) for p in posseg_tokenizer().cut(window))
