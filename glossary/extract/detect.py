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
from functools import lru_cache
from typing import Any

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.extract.cues import (
    KINDS,
    LONGEST_PLACE_CUE,
    kind_before,
    kind_pattern,
    place_cue_pattern,
    place_said_pattern,
    title_pattern,
)
from glossmt.glossary.extract.lexicon import Lexicon, load_lexicon
from glossmt.glossary.extract.occurrences import (
    Occurrence,
    Piece,
    Signal,
    completed,
    found_everywhere,
    paired,
    union,
)
from glossmt.glossary.extract.runs import NAME_TAGS, NEVER_FIRST, PERSON_TAGS, REACH, RUN_MIN, RunFinder, stretches
from glossmt.glossary.extract.translit import TransliterationScore, sound_alike, transliteration_score
from glossmt.glossary.jieba_words import jieba_dictionary, posseg_tokenizer, word_count
from glossmt.glossary.matching import Matcher
from glossmt.glossary.model import Glossary, TermType
from glossmt.glossary.names.countries import country_names
from glossmt.glossary.normalise import CJK, SEPARATOR, normalise
from glossmt.glossary.spans import SpanIndex

KIND_RUN_MIN = 1.0  # … and a run right before a mine's kind word (穆龙套金矿) needs only this mean score
KIND_REACH = 6  # characters looked back from a kind word for it
COMMON_WORD = 100  # jieba's count from which a verb or adjective at a name's end is that word (_says_something)
# The kinds that lower the bar: mines and companies, and a river's, a lake's or a town's word (泽拉夫尚|河,
# Zeravshan: 尚 is jieba's adverb); not 州 nor 区, which ran names together (田纳西州立, 哥伦比亚特|区).
_KINDS_AFTER_WEAK_RUNS = frozenset({TermType.DEPOSIT, TermType.COMPANY})
_WATERS_AND_TOWNS = frozenset({"河", "湖", "市"})
# A run ending like a Russian surname (热恩别科夫, Jeenbekov: 热 and 别 are common characters, mean 0.81)
# needs only this mean score, where the origin model also reads it as Russian; not before 人 or 妇 (夫人
# "Mrs", 夫妇 "couple": on NTREX-128, 克林顿夫妇 and 拉帕罗斯夫人).
SURNAME_RUN_MIN = 0.6
SURNAME_REACH = 7
_SURNAME_END = re.compile("(?:夫|娃|斯基)(?![人妇])")
_TAG_TYPES = {**dict.fromkeys(PERSON_TAGS, TermType.PERSON), "ns": TermType.PLACE, "nt": TermType.ORGANISATION}
_WINDOW = 4  # characters jieba sees after a title, before a kind word
_LOOKAHEAD = 2  # … and after a title's window, so that a word across its end is cut whole (拉赫蒙|会见)
COUNTRY_HEAD = 3  # a country's name this long heading a longer piece is a name of its own (乌兹别克斯坦安集延)
_PARTICLES = frozenset({"uj", "ul", "p", "c", "r"})  # jieba's tags of 的, 了, 在, 和, 他: they begin no name
_HELD_KINDS = frozenset("州省市县社")  # one-character kinds that say what a known word ending in them is
# A town's -sk: of the name data's names of four characters or more ending in 斯克, 97 are places and 14 persons.
_TOWN_END = "斯克"
_PLACE_KINDS = frozenset("州省市县区")  # a place ending in one heads a longer piece as a name of its own
# Latin-script letters with their accented forms (Latin-1, Extended-A and B): Rodríguez Veltzé stays whole.
_UPPER, _LETTER = "A-ZÀ-ÖØ-Þ", "A-Za-zÀ-ÖØ-öø-ɏ"
_LATIN = re.compile(rf"[{_UPPER}][{_LETTER}0-9&'’.]*(?:[ -][{_UPPER}0-9][{_LETTER}0-9&'’.]*)*")


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
        self.runs = RunFinder(self.score, self.tags)

    def find(self, text: str) -> list[Occurrence]:
        """Every name in ``text`` that the glossary does not cover, in text order."""
        norm = normalise(text)
        t = norm.text
        blocked = bytearray(len(t))
        titles_end: set[int] = set()
        for m in title_pattern().finditer(t):
            blocked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            titles_end.add(m.end())
        runs = list(self.runs.find(t, blocked))
        at_runs = SpanIndex((p.start, p.end) for p in runs)
        run_ends = [p.end for p in runs]  # runs are in text order, apart
        pieces = [
            *runs,
            *self._tagged(t, blocked, titles_end),
            *(p for p in self._before_kinds(t, blocked) if stretches(p, runs, run_ends, at_runs)),
            *(p for p in self._surnames(t, blocked) if not at_runs.overlaps((p.start, p.end))),
        ]
        merged = [part for piece in union(pieces, t) for part in self._apart(piece, t)]
        covered = SpanIndex((m.start, m.end) for m in self.matcher.find(text))
        found: list[Occurrence] = []
        for piece in merged:
            occurrence = self._finish(piece, t, titles_end, norm, text)
            if occurrence is None or covered.overlaps((occurrence.start, occurrence.end)):
                continue
            found.append(occurrence)
        found = found_everywhere(completed(found, text), norm, covered)
        found.extend(self._latin(text, covered))
        found.sort(key=lambda o: o.start)
        return paired(found, text)

    # --- signals ---------------------------------------------------------------------------------

    def _before_kinds(self, t: str, blocked: bytearray) -> Iterable[Piece]:
        """A shorter or weaker run right before a mine's kind word (穆龙套|金矿, Muruntau: 龙 and 套 are common
        characters, and jieba cuts 穆|龙套): the kind word is evidence enough for a lower bar,
        :data:`KIND_RUN_MIN`, over the characters that may edge a run. Only where no run was found there, or
        where it takes one run on to the kind word (the caller's check, :func:`.runs.stretches`): it would run two
        names into one (科罗拉多|洛基山)."""
        for m in kind_pattern().finditer(t):
            if KINDS[m.group()] not in _KINDS_AFTER_WEAK_RUNS and m.group() not in _WATERS_AND_TOWNS:
                continue  # before 州, 大学 … it ran names together (田纳西州立)
            end = m.start()
            start = self._neutral_start(t, blocked, end, KIND_REACH)
            if end - start >= 2 and self.score.run(t[start:end]) >= KIND_RUN_MIN:
                yield from self.runs.run(t, blocked, start, end, bar=KIND_RUN_MIN)

    def _surnames(self, t: str, blocked: bytearray) -> Iterable[Piece]:
        """A weaker run ending like a Russian surname (热恩别科夫): the longest of four characters or more,
        of characters that may edge a run, with a mean score of :data:`SURNAME_RUN_MIN` and read as Russian
        by the origin model. Only where no run was found there (the caller's check)."""
        from glossmt.glossary.names.russian import load_readings

        for m in _SURNAME_END.finditer(t):
            end = m.end()
            start = self._neutral_start(t, blocked, end, SURNAME_REACH)
            for first in range(start, end - 3):
                name = t[first:end]
                if self.score.run(name) >= SURNAME_RUN_MIN and load_readings().looks_russian(name):
                    yield from self.runs.run(t, blocked, first, end, bar=SURNAME_RUN_MIN)
                    break

    def _neutral_start(self, t: str, blocked: bytearray, end: int, reach: int) -> int:
        """How far back from ``end`` (at most ``reach`` characters) the characters may edge a run."""
        start = end
        while start > max(0, end - reach) and not blocked[start - 1] and self.runs.neutral(t[start - 1]):
            start -= 1
        return start

    def _around(self, t: str, start: int, end: int) -> tuple[int, int] | None:
        """The longest dictionary word holding ``t[start:end]`` and more, within reach of its edges."""
        reach = [
            (a, b) for a in range(max(0, start - REACH), start + 1) for b in range(end, min(len(t), end + REACH) + 1)
        ]
        return max(
            (s for s in reach if s != (start, end) and t[s[0] : s[1]] in self.tags),
            key=lambda s: s[1] - s[0],
            default=None,
        )

    def _holds_its_kind(self, word: str, tag: str, head: int) -> bool:
        """Is ``word``, which runs into the kind word after its first ``head`` characters, a name holding its
        kind: a place (爱荷华州, 贵州省) or a proper noun CC-CEDICT knows (英国广播公司)? Not a word (城市,
        jieba's ns too), one of plain words (周边地区) or one that begins with a particle (的利县)."""
        if tag not in NAME_TAGS:
            return False
        if self.lexicon.english(word):
            return True
        name = word[:head]
        return (
            tag == "ns"
            and len(name) >= 2
            and not self.lexicon.is_common_word(word)
            and not self.runs.ordinary(name)
            and self.tags.get(name[0]) not in _PARTICLES
        )

    def _apart(self, piece: Piece, t: str) -> list[Piece]:
        """A place heading a longer piece is a name of its own, as Chinese puts the larger place first:
        a country's name (乌兹别克斯坦安集延州, 哈萨克斯坦卡拉干达州) of :data:`COUNTRY_HEAD` characters or more
        (two-character ones begin transliterations: 马里 in 马里亚诺, Mariano), or a place jieba knows with its
        kind (犹他州迈克·李, 马里兰州贝塞斯达); a country's name and one character more is the country."""
        form = t[piece.start : piece.end]
        countries = country_names()
        if form in countries or self.lexicon.english(form):
            return [piece]
        if len(form) > COUNTRY_HEAD and form[:-1] in countries:  # 吉尔吉斯斯坦|内阁, 乌兹别克斯坦|城市
            return [Piece(piece.start, piece.end - 1, set(piece.signals), TermType.PLACE)]
        for size in range(len(form) - 2, COUNTRY_HEAD - 1, -1):
            head = form[:size]
            if head in countries or (head[-1] in _PLACE_KINDS and self._place_then_name(head, form[size:])):
                first = Piece(piece.start, piece.start + size, set(piece.signals), TermType.PLACE)
                rest = Piece(piece.start + size, piece.end, set(piece.signals))  # its own type: _finish's
                return [first, *self._apart(rest, t)]
        # A region's last character or two and its 州 before a name: the run began inside the region's name
        # (秋|明州汉特-曼西斯克: 秋 scores too low to join a run); the name after it stands alone.
        kind_at = form.find("州", 1, COUNTRY_HEAD)
        if kind_at > 0 and self.score.run(form[kind_at + 1 :]) >= RUN_MIN and len(form) - kind_at > 2:
            rest = Piece(piece.start + kind_at + 1, piece.end, set(piece.signals))
            return self._apart(rest, t)
        return [piece]

    def _place_then_name(self, head: str, rest: str) -> bool:
        """Is ``head``, ending in a place's kind (州, 市 …), a place of its own before ``rest``: one jieba knows
        (马里兰州), or a transliteration before another (卡拉干达州|巴尔喀什, Karaganda Region's Balkhash; the
        name data's transliterations never hold 州, 省, 市 or 县)? Not before a word (田纳西州|立大学)."""
        if self.tags.get(head) == "ns":
            return True
        return len(head) >= 3 and self.score.run(head[:-1]) >= RUN_MIN and self.score.run(rest) >= RUN_MIN

    def _place_before(self, t: str, start: int, end: int) -> bool:
        """Does the text around the name make it a place: a place cue before it (首都, 位于, 抵达 …), what it
        is said to be after it (是…首府), or 在 before and a comma after (在乌斯季卡缅诺戈尔斯克，…; 在普京看来
        is no place)?"""
        if place_cue_pattern().search(t, max(0, start - LONGEST_PLACE_CUE), start) or place_said_pattern().match(
            t, end
        ):
            return True
        return start > 0 and t[start - 1] == "在" and t[end : end + 1] in {"，", ","}

    def _says_something(self, word: str) -> bool:
        """Is ``word`` a common verb or adjective of jieba's (咆哮 "roar", 比赛 "match", 豪华 "luxurious")
        that no dictionary knows as a name (加纳 Ghana is one)? It ends no name: 27 of the name data's 69,000
        parts of four characters or more end in one, a third of them in 加纳."""
        tag = self.tags.get(word, "")
        return tag[:1] in ("v", "a") and word_count(word) >= COMMON_WORD and not self.lexicon.english(word)

    def _chinese_word(self, form: str) -> bool:
        """Is ``form`` a Chinese name CC-CEDICT also knows as an ordinary word (新建, 东方, 和平)? Found by
        jieba and the lexicon alone, with nothing around it saying name, it is the word; a transliteration
        that is also a word (汉堡 Hamburg and hamburger, 特斯拉) is left to them."""
        noun = self.lexicon.nouns.get(form)
        return self.lexicon.is_also_word(form) and (noun is None or not noun.transliterated)

    def _word_and_a_character(self, form: str) -> bool:
        """Is ``form`` a word CC-CEDICT knows only as a word, and one character after it (开发 + 新)?"""
        return len(form) >= 3 and self.lexicon.is_common_word(form[:-1]) and not self.lexicon.english(form)

    def _tagged(self, t: str, blocked: bytearray, titles_end: set[int]) -> Iterable[Piece]:
        """Names jieba tags in the few characters after a title or before a kind word."""
        # jieba sees a little past each window, so that a word across its edge is cut whole: after a title
        # a word may run on past the window (拉赫蒙|会见, not 拉赫|蒙会); before a kind word only a name that
        # holds it may (爱荷华州), not a word (斯坦|城市: 市 is no kind there, and 坦城 no name).
        last = len(t)
        windows = [(end, min(last, end + _WINDOW), min(last, end + _WINDOW + _LOOKAHEAD), True) for end in titles_end]
        windows += [
            (max(0, m.start() - _WINDOW), m.start(), min(last, m.end() + _LOOKAHEAD), False)
            for m in kind_pattern().finditer(t)
            if m.start()
        ]
        for a, b, seen_to, runs_on in windows:
            pos = a
            for word, tag in _cut(t[a:seen_to]):
                start, end = pos, pos + len(word)
                pos = end
                if start >= b:
                    break
                if end > b and not runs_on and not self._holds_its_kind(word, tag, b - start):
                    break
                if tag not in NAME_TAGS:
                    continue
                while start < end and blocked[start]:
                    start += 1
                while end > start and blocked[end - 1]:
                    end -= 1
                if end - start >= 2 and CJK.match(t[start]):
                    yield Piece(start, end, {Signal.POS}, _TAG_TYPES.get(tag))

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

    def _finish(self, piece: Piece, t: str, titles_end: set[int], norm: Any, text: str) -> Occurrence | None:
        start, end = piece.start, piece.end
        signals = set(piece.signals)
        type_ = piece.type
        # A kind word closing the piece, or reaching past its end, is the kind, not the name: 巴甫洛达尔州 →
        # 巴甫洛达尔 (place), 库姆托尔金|矿 → 库姆托尔 (a gold mine).
        for i in range(start + 2, end):
            kind = kind_pattern().match(t, i)
            if kind and kind.end() >= end and t[start:end] not in self.tags:
                # Two kind words overlapping: the one reaching further (瓦西里科夫斯基|金矿, not …斯|基金矿; a
                # compound kind reaches as far as its tail: 布琼诺夫斯科耶|铀矿床, not …铀|矿床).
                later = kind_pattern().match(t, i + 1)
                end = i + 1 if later and i + 1 < kind.end() < later.end() else i
                break
        if (around := self._around(t, start, end)) is not None:  # 莱坞 in 好莱坞, 尔夫 in 高尔夫
            word = t[around[0] : around[1]]
            if not (self.lexicon.english(word) or self.tags.get(word) in _TAG_TYPES.keys() - {"nt"}):
                return None  # an ordinary word, or jieba's nz (打高尔夫): not a name
            start, end = around
        while end - start > 2 and t[start] in NEVER_FIRST and t[start:end] not in self.tags:
            start += 1  # jieba's 和卡沙 (田吉兹油田和卡沙甘油田), 由卡梅 (由卡梅科公司持股)
        if end - start >= 4 and t[start:end] not in self.tags and self._says_something(t[end - 2 : end]):
            end -= 2  # 韦斯特|咆哮 ("West roared"), 苏格兰|比赛 ("Scotland's matches")
        form = t[start:end].strip(SEPARATOR)
        if len(form) < 2 or not CJK.search(form):
            return None
        if self.runs.ordinary(form) and Signal.POS not in signals:
            return None  # 特别, 克里斯: a word of the language, not a name
        if self.lexicon.is_common_word(form) and (self.score.run(form) < RUN_MIN or len(form) == 2):
            # 外国, 封锁: CC-CEDICT knows them only as words, whatever jieba tags them; a loanword that
            # reads as a transliteration (布鲁斯 blues, also Bruce) may still be a name, but not one of two
            # characters (瓦斯 "firedamp": 煤矿发生瓦斯爆炸 gave the person Vas; 坦克, 雷达, 马达).
            return None
        if signals <= {Signal.POS} and self._word_and_a_character(form):
            return None  # 开发新 (开发新矿, "develop new mines"): jieba's nz, an ordinary word and one more
        kind = kind_pattern().match(t, end)
        if kind:
            signals.add(Signal.KIND)
            type_ = KINDS[kind.group()]
        tag = self.tags.get(form)
        if tag in NAME_TAGS:
            signals.add(Signal.POS)
            # A known place stays a place before a kind word (英国矿业公司); other tags only fill a gap.
            type_ = TermType.PLACE if tag == "ns" else type_ or _TAG_TYPES.get(tag)
        if not kind and type_ in (None, TermType.PERSON) and (held := _held_kind(form)) is not None:
            type_ = held  # a known word holding its kind: 塔斯社 (TASS) is an agency, not jieba's person
        elif type_ is TermType.PERSON and not kind and is_town(form):
            type_ = TermType.PLACE  # jieba's guess, not a title's (below): 阿克纠宾斯克 (Aktyubinsk) is a town
        if not kind and self._place_before(t, start, end):
            signals.add(Signal.CONTEXT)
            type_ = TermType.PLACE
        if start in titles_end:
            signals.add(Signal.TITLE)
            type_ = TermType.PERSON
        if self.lexicon.english(form):
            signals.add(Signal.LEXICON)
        if Signal.TRANSLITERATION not in signals and self.score.run(form) >= RUN_MIN and len(form) >= 3:
            signals.add(Signal.TRANSLITERATION)
        if signals <= {Signal.POS, Signal.LEXICON} and self._chinese_word(form):
            return None  # 该市将新建一座选矿厂: "newly built", not Xinjian county
        o_start, o_end = norm.span_to_original(start, start + len(form))
        return Occurrence(o_start, o_end, form, frozenset(signals), type_)


def is_town(form: str) -> bool:
    """Does ``form`` look like a town's name: four characters or more ending in a town's -sk (阿克纠宾斯克)?"""
    return len(form) >= 4 and form.endswith(_TOWN_END)


def _held_kind(form: str) -> TermType | None:
    """The type of the kind word ``form`` ends in, where it holds one (塔斯社, 联邦调查局, 爱荷华州): a kind word
    of two characters or more, or one of :data:`_HELD_KINDS` (not 部: 阿部 is a Japanese surname)."""
    for size in (4, 3, 2, 1):
        ending = form[-size:]
        if len(form) > size and ending in KINDS and (size > 1 or ending in _HELD_KINDS):
            return KINDS[ending]
    return None


def clear_window_cache() -> None:
    """Forget jieba's cached windows (a benchmark measuring text never seen empties it first)."""
    _cut.cache_clear()


@lru_cache(maxsize=1 << 16)
def _cut(window: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and part-of-speech tags for a short window (cached: news repeats its contexts)."""
    return tuple((p.word, p.flag) for p in posseg_tokenizer().cut(window))
