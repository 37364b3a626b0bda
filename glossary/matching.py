"""Finding glossary terms in Chinese text.

One Aho-Corasick automaton (ahocorasick-rs, chosen over pyahocorasick for speed: docs/benchmarks.md,
"Design timings") holds every normalised Chinese form and every canonical
English form (Latin-script names written inside Chinese text). Among all hits the leftmost wins, then
the longest; matches never overlap; offsets are into the *original* text. The automaton reports
every overlapping hit and the leftmost-longest ones are chosen here: one automaton serves the first
pass, the rescans and jieba's teaching (a second, leftmost-longest one costs more to build than it
saves).

jieba guards against false hits inside longer words: a Chinese hit that lies strictly inside a word
of jieba's dictionary (中国 inside 中国人民银行), or inside a demonym (美国 inside 美国人), is
checked by letting jieba segment the few characters around it, with the glossary's forms added, and
is dropped only if jieba keeps the longer word whole. jieba's own errors cannot hide a term: a hit
that no dictionary word contains (卢特尼克 in 美国商务部长卢特尼克, which plain jieba cuts as
长卢特/尼克) is kept without asking jieba at all, which also keeps jieba off the hot path.

A compound that only adds a word the English keeps the name beside is not "a longer word":
哈萨克斯坦共和国 is "the Republic of Kazakhstan", 哈萨克斯坦队 "the Kazakhstan team", so a name that
opens a compound ending in one of :data:`KEEPING_TAILS` (for its type), or in another glossary form
(法国巴黎 "Paris, France"), is kept. Compounds that make
another word (美国人 "Americans", 哈萨克族 "ethnic Kazakhs", 中亚国家 "Central Asian countries",
俄语 "Russian") are still left to jieba.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

import ahocorasick_rs

from glossmt.glossary.jieba_words import dictionary_bigrams, private_tokenizer, word_around
from glossmt.glossary.model import Glossary, Term, TermType
from glossmt.glossary.normalise import CJK, normalise, normalise_forms
from glossmt.glossary.spans import merge_spans, non_overlapping

__all__ = ["Match", "MatchForms", "Matcher", "TermFinder"]

_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Characters of context jieba sees on each side of a region where a term may sit inside a word.
_JIEBA_MARGIN = 4
# Windows whose cut is remembered (a few MB at most).
_MAX_CUTS = 100_000

# What a compound may add after a name while the English still writes the name (the Republic of
# Kazakhstan, the Kazakhstan team, the Trump administration, Almaty city). Words that change the
# name (人 Americans, 族 Kazakhs, 语 Russian, 籍, 裔, 式, 国家 Central Asian countries) are absent on purpose.
_COMMON_TAILS = frozenset({"方面", "政府", "当局", "一方", "总部", "代表", "代表团", "团队"})
_PLACE_TAILS = frozenset(
    {
        "共和国", "人民共和国", "联邦", "王国", "合众国", "队", "国家队", "男队", "女队", "代表队", "足球队", "政府",
        "总统", "总理", "首相", "国王", "外长", "外交部", "大使馆", "使馆", "领事馆", "议会", "国会", "军方", "军队",
        "首都", "首府", "境内", "国内", "全境", "全国", "各地", "地区", "市", "省", "州", "岛", "城", "市长", "央行",
        "警方", "海关", "边境", "南部", "北部", "东部", "西部", "中部", "东南部", "西南部", "东北部", "西北部",
        "国防部", "商务部", "财政部", "能源部", "司法部", "内政部", "教育部", "卫生部", "国务院", "国务卿", "大使",
        "日报", "时报", "早报", "晚报", "邮报", "电视台", "奥运会", "世博会", "大学",
    }
)  # fmt: skip
_PERSON_TAILS = frozenset({"总统", "政府", "政权", "时代", "家族", "一家", "夫妇", "本人", "阵营", "团队", "任内"})
_ORGANISATION_TAILS = frozenset(
    {"公司", "集团", "总部", "董事会", "股份", "旗下", "董事长", "总裁", "官员", "会", "秘书长"}
)
# 人 opens these words instead of making a demonym: 马其顿人口 is "Macedonia's population".
_NOT_DEMONYMS = frozenset({"人口", "人权", "人均", "人大", "人造"})
KEEPING_TAILS: dict[TermType | None, frozenset[str]] = {
    TermType.PLACE: _COMMON_TAILS | _PLACE_TAILS,
    TermType.PERSON: _COMMON_TAILS | _PERSON_TAILS,
    TermType.ORGANISATION: _COMMON_TAILS | _ORGANISATION_TAILS,
    TermType.COMPANY: _COMMON_TAILS | _ORGANISATION_TAILS,
    TermType.AGENCY: _COMMON_TAILS | _ORGANISATION_TAILS,
    TermType.DEPOSIT: _COMMON_TAILS | frozenset({"矿", "矿床", "矿区", "项目"}),
    TermType.COMMODITY: frozenset(),
    None: _COMMON_TAILS | _PLACE_TAILS | _PERSON_TAILS | _ORGANISATION_TAILS,
}
_LONGEST_TAIL = max(len(t) for tails in KEEPING_TAILS.values() for t in tails)


@dataclass(frozen=True, slots=True)
class Match:
    """One term found in a text: ``text == original[start:end]``."""

    start: int
    end: int
    text: str
    term: Term
    latin: bool = False

    @property
    def concept(self) -> str:
        return self.term.concept

    @property
    def target(self) -> str:
        return self.term.target


@dataclass(frozen=True, slots=True)
class MatchForms:
    """What a matcher looks for, normalised: every term's Chinese form and every concept's canonical English.

    Computed once per glossary (0.4 s for 100,000 terms) and kept with the compiled glossary on disk
    (:mod:`glossmt.glossary.compiled`).
    """

    sources: tuple[str, ...]  # one per term, in glossary order
    targets: tuple[str, ...]  # one per concept, in glossary order

    @classmethod
    def of(cls, glossary: Glossary) -> MatchForms:
        sources = normalise_forms([t.source for t in glossary.terms])
        targets = normalise_forms([c.target for c in glossary.concepts])
        return cls(tuple(sources), tuple(targets))


# A hit in normalised text: (start, end, term index, latin?)
_Hit = tuple[int, int, int, bool]


class TermFinder(Protocol):
    """What the translation pass needs of a matcher: the glossary its terms come from, and :meth:`find`.

    :class:`Matcher` is one; a pass that adds terms of its own (pinned names) wraps one.
    """

    @property
    def glossary(self) -> Glossary: ...

    def find(self, text: str) -> list[Match]: ...


class Matcher:
    """Finds a glossary's terms in text; build once, then call :meth:`find` on lines or whole documents."""

    def __init__(self, glossary: Glossary, *, use_jieba: bool = True, forms: MatchForms | None = None) -> None:
        """``forms``: the glossary's :class:`MatchForms` if known already (else they are computed)."""
        self.glossary = glossary
        self._use_jieba = use_jieba
        if forms is None or len(forms.sources) != len(glossary.terms):
            forms = MatchForms.of(glossary)
        self._forms = forms.sources
        patterns: dict[str, tuple[int, bool]] = {}
        for i, key in enumerate(self._forms):
            if key:
                patterns.setdefault(key, (i, not CJK.search(key)))
        first_term = {t.concept: i for i, t in reversed(list(enumerate(glossary.terms)))}
        concepts = glossary.concepts
        for concept, key in zip(concepts, forms.targets, strict=True):
            if key and not CJK.search(key):
                patterns.setdefault(key, (first_term[concept.id], True))
        self._keys = list(patterns)
        self._longest = max((len(k) for k in self._keys), default=0)
        self._values = list(patterns.values())
        self._automaton = (
            ahocorasick_rs.AhoCorasick(self._keys, matchkind=ahocorasick_rs.MatchKind.Standard) if self._keys else None
        )
        # Demonyms are words jieba's dictionary lacks (美国人, 哈萨克斯坦人: "American", "Kazakh"):
        # a place name followed by 人 is not the place.
        self._demonyms = {
            key + "人"
            for key, term in zip(self._forms, glossary.terms, strict=True)
            if term.type in (TermType.PLACE, None) and CJK.search(key)
        }
        self._jieba_added: set[str] = set()
        self._cuts: dict[str, tuple[int, ...]] = {}  # window → jieba's word ends in it (see _cut)

    def load_segmenter(self) -> None:
        """Load jieba's dictionary now (about a second) rather than at the first hit it has to settle."""
        if self._use_jieba:
            self._tokenizer  # noqa: B018 (a cached property: built once)

    def find(self, text: str) -> list[Match]:
        """All terms in ``text``: leftmost-longest, never overlapping, in text order.

        Args:
            text: Chinese text in any script (Traditional and full-width forms are matched too).

        Returns:
            The matches, with offsets into ``text`` as given (not the normalised text).
        """
        if self._automaton is None or not text:
            return []
        norm = normalise(text)
        hits = self._select(norm.text, 0, len(norm.text))
        spans = norm.spans_to_original([(start, end) for start, end, _, _ in hits])
        terms = self.glossary.terms
        return [
            Match(o_start, o_end, text[o_start:o_end], terms[term_index], latin)
            for (o_start, o_end), (_, _, term_index, latin) in zip(spans, hits, strict=True)
        ]

    def _select(self, text: str, lo: int, hi: int) -> list[_Hit]:
        """Leftmost-longest hits in ``text[lo:hi]`` that survive the word guards.

        Only where a leftmost-longest hit is rejected (a Latin name glued to other letters, a Chinese
        form inside or across a word) is that span searched again for shorter hits, so the common
        case costs one pass.
        """
        assert self._automaton is not None
        kept: list[_Hit] = []
        suspects: list[_Hit] = []
        refused: list[_Hit] = []
        for pattern, start, end in leftmost_longest(
            self._automaton.find_matches_as_indexes(text[lo:hi], overlapping=True)
        ):
            term_index, latin = self._values[pattern]
            hit = (lo + start, lo + end, term_index, latin)
            if self._plausible(text, hit):
                kept.append(hit)
            else:
                (refused if latin else suspects).append(hit)
        if suspects:
            losers = self._jieba_losers(text, suspects)
            kept.extend(h for h in suspects if h not in losers)
            refused.extend(losers)
        if refused:
            kept.sort()
            for a, b, inside in _regions_after(refused, kept, min(hi, len(text)), self._longest):
                kept.extend(self._rescan(text, a, b, inside))
        kept.sort()
        return kept

    def _plausible(self, text: str, hit: _Hit) -> bool:
        start, end, _, latin = hit
        if latin:
            # A Latin-script name must be whole words: "samruk" inside "samrukfund" is not the name.
            return not ((start > 0 and text[start - 1] in _ALNUM) or (end < len(text) and text[end] in _ALNUM))
        if not self._use_jieba:
            return True
        # Any dictionary word that contains or crosses the hit holds a bigram across one of its
        # edges; without one (or a demonym) jieba has nothing to say. The bigram test is cheap and
        # settles most hits; the rest are looked up word by word.
        if text[start : end + 1] in self._demonyms and text[end : end + 2] not in _NOT_DEMONYMS:
            return False
        bigrams = dictionary_bigrams()
        left = start > 0 and text[start - 1 : start + 1] in bigrams
        right = text[end - 1 : end + 1] in bigrams
        return not ((left or right) and word_around(text, start, end))

    def _jieba_losers(self, text: str, suspects: list[_Hit]) -> set[_Hit]:
        """The suspects that jieba, taught the glossary, does not cut as words of their own."""
        if not self._use_jieba:
            return set()
        starts: set[int] = set()
        ends: list[int] = []  # in text order: the windows are merged and sorted
        for start, end in merge_spans([(h[0], h[1]) for h in suspects], margin=_JIEBA_MARGIN, limit=len(text)):
            pos = start
            for word_end in self._cut(text[start:end]):
                starts.add(pos)
                pos = start + word_end
                ends.append(pos)
        end_set = set(ends)
        return {
            h
            for h in suspects
            if (h[0] not in starts or h[1] not in end_set) and not self._keeps_name(text, h, starts, ends, end_set)
        }

    def _keeps_name(self, text: str, hit: _Hit, starts: set[int], ends: list[int], end_set: set[int]) -> bool:
        """Does jieba's word start with the name and add only a tail the English keeps it beside (共和国, 队)?"""
        start, end, term_index, _ = hit
        if start not in starts:
            return False
        tails = KEEPING_TAILS.get(self.glossary.terms[term_index].type, KEEPING_TAILS[None])
        if any(end + n in end_set and text[end : end + n] in tails for n in range(1, _LONGEST_TAIL + 1)):
            return True
        # Two names in one word (法国巴黎 "Paris, France"): both stay in the English. The word's end
        # is found by bisection: a scan of every end was quadratic over a long text (57 s for 10 MB).
        i = bisect_right(ends, end)
        next_end = ends[i] if i < len(ends) else end
        return next_end - end > 1 and text[end:next_end] in self._form_set

    @cached_property
    def _form_set(self) -> frozenset[str]:
        return frozenset(f for f in self._forms if f)

    def _rescan(self, text: str, start: int, end: int, refused: list[_Hit]) -> list[_Hit]:
        """Hits hidden by the refused ones in ``text[start:end]``: starting inside one, longest first, guarded."""
        assert self._automaton is not None
        excluded = set(refused)
        hidden_starts = {i for hit in refused for i in range(hit[0], hit[1])}
        plausible: list[_Hit] = []
        suspects: list[_Hit] = []
        for pattern, i, j in self._automaton.find_matches_as_indexes(text[start:end], overlapping=True):
            term_index, latin = self._values[pattern]
            hit = (start + i, start + j, term_index, latin)
            if hit in excluded or hit[0] not in hidden_starts:
                continue
            if self._plausible(text, hit):
                plausible.append(hit)
            elif not latin:
                suspects.append(hit)
        if suspects:
            losers = self._jieba_losers(text, suspects)
            plausible.extend(h for h in suspects if h not in losers)
        return _longest_non_overlapping(plausible)

    @cached_property
    def _tokenizer(self) -> Any:
        """This matcher's own jieba tokenizer: taught only this glossary's forms."""
        return private_tokenizer()

    def _cut(self, window: str) -> tuple[int, ...]:
        """Where jieba, taught the glossary forms in ``window``, ends each word of it.

        The cut depends on the window alone (everything in it is taught before cutting, and words
        taught later cannot appear in it), so it is kept: news repeats its contexts of names.
        """
        ends = self._cuts.get(window)
        if ends is None:
            self._teach_jieba(window)
            pos = 0
            found = []
            for token in self._tokenizer.cut(window, HMM=False):
                pos += len(token)
                found.append(pos)
            ends = tuple(found)
            if len(self._cuts) >= _MAX_CUTS:
                self._cuts.clear()
            self._cuts[window] = ends
        return ends

    def _teach_jieba(self, window: str) -> None:
        """Add every glossary form (and demonym) in ``window`` that jieba does not know.

        Teaching everything in the window, not only the suspects, makes the cut depend on the window
        alone, never on what earlier texts taught; jieba's total count is held fixed for the same reason.
        """
        tokenizer = self._tokenizer
        assert self._automaton is not None
        for pattern, i, j in self._automaton.find_matches_as_indexes(window, overlapping=True):
            if self._values[pattern][1]:
                continue
            demonym = window[i : j + 1]
            for word in (window[i:j], demonym if demonym in self._demonyms else ""):
                if word and word not in self._jieba_added:
                    self._jieba_added.add(word)
                    if not tokenizer.FREQ.get(word):
                        # Only unknown words are added: re-weighting a known word (美国) would let
                        # it split the longer words it is part of.
                        total = tokenizer.total
                        tokenizer.add_word(word)
                        tokenizer.total = total


def _regions_after(
    refused: list[_Hit], kept: list[_Hit], limit: int, longest: int
) -> list[tuple[int, int, list[_Hit]]]:
    """Where refused hits may have hidden other terms, with the refused hits of each region.

    A hidden term starts inside a refused hit and ends before the next kept hit
    (其中亚马逊: refusing 中亚 must reveal 亚马逊).
    """
    kept_starts = [h[0] for h in kept]
    regions: list[tuple[int, int, list[_Hit]]] = []
    for hit in sorted(refused):
        i = bisect_left(kept_starts, hit[1])
        next_kept = kept_starts[i] if i < len(kept_starts) else limit
        start, end = hit[0], min(next_kept, hit[1] - 1 + longest)
        if regions and start <= regions[-1][1]:
            regions[-1][2].append(hit)
            regions[-1] = (regions[-1][0], max(regions[-1][1], end), regions[-1][2])
        else:
            regions.append((start, end, [hit]))
    return regions


def leftmost_longest(found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Of overlapping ``(pattern, start, end)`` hits, the leftmost, then the longest, never overlapping.

    The same choice as an automaton built with ``MatchKind.LeftmostLongest`` (a test holds them equal).
    """
    return non_overlapping(found, span=lambda h: (h[1], h[2]), rank=lambda h: (h[1], h[1] - h[2]))


def _longest_non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """Longest first, then leftmost; a hit overlapping one already chosen is dropped."""
    return non_overlapping(hits, span=lambda h: (h[0], h[1]), rank=lambda h: (h[0] - h[1], h[0]))
