"""Transliteration runs in one text: stretches of the characters foreign names are written with, fitted
to the words around them (docs/extract.md, "How names are found").

A run is where the learned score (:mod:`.translit`) says a foreign name is written: its characters each
score above :data:`CHAR_MIN` and their mean reaches :data:`RUN_MIN`. One neutral character at each edge
may join it (别 in 别列佐夫斯科耶), one character between two runs may bridge them (济 in 米尔济约耶夫), and
the dictionary words that cross its edges cut it or extend it (克服 at 尼克|服, 印度尼西亚 from 度).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping

from glossmt.glossary.extract.cues import kind_pattern
from glossmt.glossary.extract.occurrences import Piece, Signal
from glossmt.glossary.extract.translit import TransliterationScore
from glossmt.glossary.jieba_words import word_count
from glossmt.glossary.normalise import CJK, SEPARATOR
from glossmt.glossary.spans import SpanIndex

CHAR_MIN = 0.5  # a character scoring above this may be part of a transliteration run
RUN_MIN = 1.6  # a run's mean score must reach this
EDGE_MIN = -1.0  # a character at a run's edge scoring above this joins it (别 in 别列佐夫斯科耶, 干 in …库尔干)
BRIDGE_MIN = -2.0  # a character this likely between two runs may join them (济 in 米尔济约耶夫: -1.6)
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz"})
PERSON_TAGS = frozenset({"nr", "nrt", "nrfg"})  # jieba's tags of a person's name
# Words of grammar that begin no transliterated name, where jieba joins one to the name after it (和卡沙甘),
# the causatives 令 and 使 (这令霍尔特十分满意, "this pleased Holt") and the conjunctions 暨 或 且 并 而 即
# (暨艾德沃卡特, "and Advocaat"): none of the name data's 124,000 names begins with one; not 因, 别, 于 or 若,
# which begin names too (因卡伊 Inkai, 别列佐夫斯科耶, 于尔根 Jürgen, 若泽 José).
NEVER_FIRST = frozenset("和及与由在从向对把被的了该将令使暨或且并而即")
# jieba's tags of the words that stand between two names, never inside one: verbs (罗伊诉韦德, Roe v. Wade),
# prepositions, conjunctions, adverbs, pronouns, particles.
_NEVER_BRIDGE = ("v", "p", "c", "d", "r", "u")
# … but for 别, jieba's pronoun ("other"), which transliterations write for бе/-bek: 凯利姆|别|托夫 (Kelimbetov);
# the words it ends or begins (特别, 分别, 别人) are ordinary words, which never bridge.
_BRIDGES_ANYWAY = frozenset("别")
# … nor a numeral (巴甫洛达尔|三州, "the three regions"); not 万, which transliterations use (古纳万, Gunawan).
_NUMERALS = frozenset("一二三四五六七八九十两几百千亿零")
REACH = 4  # longest dictionary word looked for across a run's edge
_LONGEST_NAME = 8  # longest dictionary name looked for beyond a place that crosses a run's edge
# A Russian surname's last character and 因 ("because of") after it: 因 ends names (侯赛因 Hussein, 斯坦因
# Stein) but never after these in the name data (1 of 128,000: 哈夫因 Halfin): 阿坦巴耶夫|因腐败案被捕.
_SURNAME_THEN_BECAUSE = ("夫因", "娃因")
# The compass's corners: the part of a place they follow (索诺拉西北地区, "northwest Sonora"), never the end of a
# name (none of the name data's 124,000 names holds one).
_COMPASS = frozenset({"东北", "西北", "东南", "西南"})


def _ordinal_at(t: str, at: int) -> bool:
    """Is ``t[at]`` the ordinal prefix 第 before a number (米克尔森|第12次, "Mickelson's 12th"), never a name's
    last character there (加里波第, Garibaldi, ends in one)?"""
    after = t[at + 1 : at + 3].lstrip()
    return t[at : at + 1] == "第" and bool(after) and (after[0].isdigit() or after[0] in _NUMERALS)


class RunFinder:
    """The characters runs are made of, as one regular expression, and the dictionary that fits their edges."""

    def __init__(self, score: TransliterationScore, tags: Mapping[str, str]) -> None:
        self.score = score
        self.tags = tags
        chars = "".join(sorted(c for c, w in score.weights.items() if w > CHAR_MIN and CJK.match(c)))
        klass = f"[{re.escape(chars)}]"
        self._runs = re.compile(f"{klass}+(?:{SEPARATOR}{klass}+)*")

    def find(self, t: str, blocked: bytearray) -> Iterable[Piece]:
        """Transliteration runs, one character between two of them bridged where it may stand inside a name:
        first between the runs themselves (萨|金|塔耶夫, 沙赫|京|斯克, 谢尔盖·|绍|伊古: 金, 京 and 绍 score too
        low to join a run, and 萨 alone is too short to be one), then between the pieces a run gave after
        taking in its edges (米尔|济|约耶夫: 约 edges 耶夫)."""
        last: Piece | None = None
        for piece in self._bridged_runs(t, blocked):
            if last is not None and piece.start == last.end + 1 and self._bridge(t, blocked, last.end):
                last = Piece(last.start, max(last.end, piece.end), last.signals | piece.signals)
                continue
            if last is not None:
                yield last
            last = piece
        if last is not None:
            yield last

    def _bridged_runs(self, t: str, blocked: bytearray) -> Iterable[Piece]:
        """Each group of runs that bridges join, as one run where it qualifies, else run by run."""
        group: list[tuple[int, int]] = []
        end_of_text = (len(t) + 2, len(t) + 2)  # a last span that bridges nothing: the last group is let out
        for span in [*self._spans(t, blocked), end_of_text]:
            if group and self._bridges(t, blocked, group[-1][1], span[0]):
                group.append(span)
                continue
            whole = []
            if len(group) > 1:
                whole = list(self.run(t, blocked, *self.extend(t, blocked, group[0][0], group[-1][1])))
            # Every part of two characters at least: 强尼·英格力 (Johnny English) is never 尼·英.
            if whole and all(len(part) >= 2 for p in whole for part in t[p.start : p.end].split(SEPARATOR)):
                yield from whole
            else:
                for start, end in group:
                    if end - start >= 2:
                        yield from self.run(t, blocked, *self.extend(t, blocked, start, end))
            group = [span]

    def _spans(self, t: str, blocked: bytearray) -> Iterable[tuple[int, int]]:
        """The runs of characters transliterations are written with, cut at titles (部长 is never in one)."""
        for m in self._runs.finditer(t):
            start = m.start()
            for i in range(m.start(), m.end() + 1):
                if i == m.end() or blocked[i]:
                    if i > start:
                        yield start, i
                    start = i + 1

    def _bridges(self, t: str, blocked: bytearray, end: int, start: int) -> bool:
        """Does what lies between two runs (``t[end:start]``) join them: one character that may stand
        inside a name, or a name separator with at most one such character beside it (谢尔盖·绍伊古)?"""
        gap = t[end:start]
        if len(gap) == 1:
            return self._bridge(t, blocked, end)
        if len(gap) == 2 and SEPARATOR in gap:
            at = end if gap[1] == SEPARATOR else end + 1
            return self._bridge(t, blocked, at)
        return False

    def _bridge(self, t: str, blocked: bytearray, at: int) -> bool:
        """May the one character between two runs join them into one name (济 in 米尔|济|约耶夫, Mirziyoyev,
        scores too low to edge a run)? Not a word of grammar (和, 与, 的; what jieba tags a verb or a
        preposition: 罗伊诉韦德), not a kind word's first, not the edge of a word with its neighbour."""
        c = t[at]
        return (
            not blocked[at]
            and bool(CJK.match(c))
            and c not in NEVER_FIRST
            and c not in _NUMERALS
            and (c in _BRIDGES_ANYWAY or not (self.tags.get(c) or "x").startswith(_NEVER_BRIDGE))
            and self.score.char(c) > BRIDGE_MIN
            and not kind_pattern().match(t, at)
            # nor the edge of a word (帕特里克|参加, 奥勒冈州|农夫, 布鲁克林|大比分): a name's own is no word
            and not self.ordinary(t[max(0, at - 1) : at + 1])
            and not self.ordinary(t[at : at + 2])
        )

    def extend(self, t: str, blocked: bytearray, start: int, end: int) -> tuple[int, int]:
        """Take in one neutral character at each edge (别列佐夫斯科耶, 塔尔迪库尔干): names have a few."""
        if start > 0 and self.neutral(t[start - 1]) and not blocked[start - 1]:
            start -= 1
        if end < len(t) and not blocked[end] and (self.neutral(t[end]) or self._last_before_kind(t, blocked, end)):
            end += 1
        return start, end

    def _last_before_kind(self, t: str, blocked: bytearray, at: int) -> bool:
        """Is ``t[at]`` a character that may stand inside a name (:meth:`_bridge`), right before a kind word:
        a name's last (阿克|套|港, Aktau port: 套 scores too low to edge a run)?"""
        return bool(kind_pattern().match(t, at + 1)) and self._bridge(t, blocked, at)

    def neutral(self, c: str) -> bool:
        """May ``c`` edge a run: a Chinese character scoring above :data:`EDGE_MIN`?"""
        return bool(CJK.match(c)) and self.score.char(c) > EDGE_MIN

    def run(self, t: str, blocked: bytearray, start: int, end: int, bar: float = RUN_MIN) -> Iterable[Piece]:
        """``t[start:end]`` fitted to the words across its edges, as a piece where its mean score reaches ``bar``."""
        a, b = self._trim(t, blocked, start, end)
        score = self.score.run(t[a:b])
        if score < bar:
            # A dictionary name crossing an edge may have pulled in a plain word (和努尔 is a name in
            # jieba's dictionary: 他和努尔特列乌 would lose 努尔特列乌 altogether); the run without it.
            a, b = self._trim(t, blocked, start, end, extend=False)
            score = self.score.run(t[a:b])
        start, end = a, b
        form = t[start:end]
        if len(form.replace(SEPARATOR, "")) < 2 or score < bar:
            return
        signals = {Signal.TRANSLITERATION}
        if SEPARATOR in form:
            signals.add(Signal.SEPARATOR)
        yield Piece(start, end, signals)

    def _trim(self, t: str, blocked: bytearray, start: int, end: int, *, extend: bool = True) -> tuple[int, int]:
        """Fit a run's edges to the words that cross them.

        A name of the dictionary that crosses an edge takes the run to its end (印度尼西亚 when the run
        began at 度), unless not ``extend``; an ordinary word cuts the run there (克服 at 尼克|服).
        """
        for cut in range(start + 1, min(end, start + REACH)):
            for a in range(max(0, cut - REACH), start):
                if extend and self._name_word(t[a:cut]) and not any(blocked[a:start]):
                    start = a
                elif self._ends_a_word(t, a, cut, extend) and not self._word_ends_at(t, start, a, t[a:cut]):
                    start = cut
        for cut in range(end - 1, max(start, end - REACH), -1):
            for b in range(end + 1, min(len(t), cut + REACH) + 1):
                name, added = t[cut:b], t[end:b]
                if extend and self._name_word(name) and not any(blocked[end:b]) and self._adds_a_name(name, added):
                    end = b
                elif self.ordinary(t[cut:b]) and not self._word_begins_at(t, end, b, t[cut:b]):
                    end = cut
        end -= t[start:end].endswith(_SURNAME_THEN_BECAUSE)  # 阿坦巴耶夫|因腐败
        end -= 2 * (end - start > 3 and t[end - 2 : end] in _COMPASS)  # 索诺拉|西北地区
        return start, end - (end > start and _ordinal_at(t, end - 1))

    def _ends_a_word(self, t: str, a: int, cut: int, extend: bool) -> bool:
        """Does ``t[a:cut]``, crossing a run's first edge, cut the run after it: an ordinary word (克服), or,
        where the run may not take it in, a place (意大利|埃尼公司: the run 大利埃尼 was a fragment; 和努尔,
        jieba's person, is a mis-cut, and 努尔特列乌 keeps its 努尔) that begins no longer name running on
        into the run (印度 in 印度尼西亚: cut there, 尼西亚苏门 was the fragment)?"""
        word = t[a:cut]
        if self.ordinary(word):
            return True
        if extend or self.tags.get(word) != "ns":
            return False
        return not any(self._name_word(t[a:b]) for b in range(cut + 1, min(len(t), a + _LONGEST_NAME) + 1))

    # A word crossing an edge loses to a word of two or more characters, at least as common in jieba's counts,
    # that starts (or ends) right at the edge and reaches as far: 据卡梅科|介绍 is cut before 介绍 (8,926), not
    # inside the name at 科介 (2); 佩戴|耳机|时 ("when wearing headphones") at 耳机 (270), not at 机时 (11),
    # which left the fragment 佩戴耳.
    def _word_begins_at(self, t: str, edge: int, reach: int, crossing: str) -> bool:
        return any(
            self._outweighs(t[edge:b], crossing) for b in range(max(reach, edge + 2), min(len(t), edge + REACH) + 1)
        )

    def _word_ends_at(self, t: str, edge: int, reach: int, crossing: str) -> bool:
        return any(self._outweighs(t[a:edge], crossing) for a in range(max(0, edge - REACH), min(reach, edge - 2) + 1))

    def _outweighs(self, word: str, crossing: str) -> bool:
        return self.ordinary(word) and word_count(word) >= word_count(crossing)

    def _adds_a_name(self, name: str, added: str) -> bool:
        """May the dictionary ``name`` across a run's last edge take the run on by ``added``? Not by one
        character that writes no name and that jieba counts, alone, more often than the name: 斯时 (3) and 斯脱
        (2) are names in its dictionary, but 弗莱斯|时 is "when … Fries" (时: 103,735) and 托马斯|脱帽 "takes off
        his hat to Thomas"."""
        if len(added) > 1 or self.score.char(added) > CHAR_MIN or self.tags.get(name) not in PERSON_TAGS:
            return True  # a place's (西南 in 巴黎|西南部) is cut off whole later
        return word_count(added) <= word_count(name)

    def _name_word(self, word: str) -> bool:
        return len(word) > 1 and self.tags.get(word) in NAME_TAGS

    def ordinary(self, word: str) -> bool:
        """Is ``word`` in jieba's dictionary, and not as a name?"""
        tag = self.tags.get(word)
        return tag is not None and tag not in NAME_TAGS


def stretches(piece: Piece, runs: list[Piece], run_ends: list[int], at_runs: SpanIndex) -> bool:
    """May a weaker run before a kind word stand: where no run was found there, or where it takes one run
    on to its kind word (加尔金|内什气田, Galkynysh: 内 and 什 were left out of the run 加尔金), never where it
    would run two into one (科罗拉多|洛基山)."""
    if not at_runs.overlaps((piece.start, piece.end)):
        return True
    first = bisect.bisect_right(run_ends, piece.start)
    inside = runs[first : bisect.bisect_left(run_ends, piece.end + 1, lo=first) + 1]
    inside = [r for r in inside if r.start < piece.end]
    return len(inside) == 1 and piece.start <= inside[0].start and inside[0].end < piece.end
