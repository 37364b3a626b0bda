"""How much a run of characters looks like a foreign name written in Chinese (卢特尼克, 别克捷诺夫).

Learned, not listed: each character's score is the log-likelihood ratio of seeing it in a transliterated
name (CC-CEDICT's sound-alike proper nouns, plus the glossary's own forms that are sound-alikes of their
English) against seeing it in general Chinese (jieba's dictionary, every word weighted by its count).
斯 克 夫 耶 娃 诺 维 奇 score high; 的 是 国 部 score low. A run's score is the mean of its characters'.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from glossmt.glossary.jieba_words import character_counts
from glossmt.glossary.normalise import CJK

_SMOOTHING = 0.5  # add-k smoothing on both sides: an unseen character scores near zero, not -inf
# The characters coined for the chemical elements write no foreign name (one 铝 and one 硅 in the name data's
# 124,000 names), but they are rare in general Chinese, so the smoothing alone scores them like a name's
# (钛 1.1, 镁 1.3, 钼 2.1) and mining news puts them right after one: 乌斯季卡缅诺戈尔斯克|钛镁联合企业. They
# score at most ELEMENT_SCORE, too low to edge a run or bridge two (docs/extract.md).
# Not 锡 (锡金 Sikkim, 锡兰 Ceylon), 金, 银, 铁 or 铜, which names use and the data scores as it finds.
ELEMENTS = frozenset("钛镁铀钨钼锂锌铅铬镍铝钴锰锑铂钯钒铌钽铍铋镉汞钾钠钙锆铱铑锇钌铟镓锗硒碲砷硼硅磷硫钍镭钚")
ELEMENT_SCORE = -2.0


@dataclass(frozen=True, slots=True)
class TransliterationScore:
    """Per-character log-likelihood ratios; characters never seen in a name score below zero."""

    weights: dict[str, float]
    unseen: float

    @classmethod
    def train(cls, names: Iterable[str], background: Counter[str]) -> TransliterationScore:
        foreign = Counter(c for name in names for c in name if CJK.match(c))
        chars = set(foreign) | set(background)
        f_total = sum(foreign.values()) + _SMOOTHING * len(chars)
        b_total = sum(background.values()) + _SMOOTHING * len(chars)
        weights = {
            c: math.log((foreign[c] + _SMOOTHING) / f_total) - math.log((background[c] + _SMOOTHING) / b_total)
            for c in chars
        }
        weights.update({c: min(weights[c], ELEMENT_SCORE) for c in ELEMENTS & weights.keys()})
        return cls(weights, 0.0)  # a character neither side has seen says nothing

    def char(self, c: str) -> float:
        return self.weights.get(c, self.unseen)

    def run(self, text: str) -> float:
        """Mean score of the Chinese characters in ``text`` (separators and Latin letters ignored)."""
        scores = [self.char(c) for c in text if CJK.match(c)]
        return sum(scores) / len(scores) if scores else 0.0


@cache
def _trained(glossary_names: frozenset[str]) -> TransliterationScore:
    from glossmt.glossary.extract.lexicon import load_lexicon

    names = [*load_lexicon().transliterations(), *sorted(glossary_names)]
    return TransliterationScore.train(names, character_counts())


def transliteration_score(glossary_names: Iterable[str] = ()) -> TransliterationScore:
    """The score trained on CC-CEDICT and ``glossary_names`` (cached per set of names)."""
    return _trained(frozenset(glossary_names))


def sound_alike(form: str, english: str) -> bool:
    """Is a glossary term a transliteration (its English sounds like its pinyin)?"""
    from glossmt.glossary.extract.lexicon import ProperNoun
    from glossmt.glossary.names.romanise import syllables

    return bool(english) and ProperNoun(form, syllables(form), english).transliterated
