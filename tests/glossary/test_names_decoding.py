"""The name model's decoding shortcuts change nothing: pruned beam = full beam, lookups = the textbook ones."""

from __future__ import annotations

import dataclasses
import math

import pytest

from glossmt.glossary.names.model import load_model
from glossmt.glossary.names.ngram import _FLOOR, _JOIN, BOS, EOS, LetterNgram, NgramModel

NAMES = [
    *("托卡耶夫", "霍多尔科夫斯基", "卢特尼克", "纳扎尔巴耶夫", "卡拉干达"),
    *("阿卜杜拉赫曼诺维奇", "斯", "乌兹别克斯坦", "麦克唐纳", "梅德韦杰夫", "叶利钦", "阿拉木图"),
    *("比什凯克", "杜尚别", "撒马尔罕", "塔什干", "米尔济约耶夫", "泽连斯基", "克林顿", "罗德里格斯"),
    *("维尔茨", "谢尔盖", "亚历山大", "奥斯特洛夫斯卡娅", "卡拉库姆", "马格尼托戈尔斯克", "埃尔多安"),
]


def _textbook(model: NgramModel, history: list[str], token: str) -> float:
    """Back-off as the ARPA format defines it: the longest stored n-gram, plus the skipped histories' weights."""
    history = history[len(history) - model.order + 1 :] if model.order > 1 else []
    penalty = 0.0
    for start in range(len(history) + 1):
        context = history[start:]
        found = model.probs.get(_JOIN.join([*context, token]))
        if found is not None:
            return penalty + found
        if context:
            penalty += model.backoffs.get(_JOIN.join(context), 0.0)
    return penalty + _FLOOR


def test_the_pruned_beam_finds_what_the_full_beam_finds() -> None:
    model = load_model()
    full = dataclasses.replace(model, _checks=[False], _answers={})  # every extension scored in full
    for name in NAMES:
        assert model.spell(name, top=8) == full.spell(name, top=8), name
    assert [s.latin for s in model.spell("托卡耶夫", top=3)] == [s.latin for s in full.spell("托卡耶夫", top=3)]


def test_n_gram_lookups_by_history_are_the_textbook_back_off() -> None:
    model = NgramModel.train([list("abc"), list("abd"), list("abc"), list("bca")], order=3, min_count=2)
    tokens = ["a", "b", "c", "d", "z", EOS]
    for history in ([BOS, BOS], [BOS, "a"], ["a", "b"], ["x", "y"], ["b"], []):
        assert model.logprobs(history, tokens) == tuple(_textbook(model, history, t) for t in tokens)
        assert [model.logprob(history, t) for t in tokens] == [_textbook(model, history, t) for t in tokens]


def test_letter_keys_are_the_letters_with_start_and_end_marks() -> None:
    letters = LetterNgram.of(NgramModel.train([list("ab"), list("ba")], order=3))
    assert {"^^a", "^ab", "ab$", "a"} <= set(letters.probs)
    assert not any(_JOIN in key or "<" in key for key in letters.probs)
    # Memoised lookups answer what a fresh model answers.
    first = letters.text_logprob("abba")
    fresh = LetterNgram.of(NgramModel.train([list("ab"), list("ba")], order=3))
    assert letters.text_logprob("abba") == first == fresh.text_logprob("abba")
    assert math.isfinite(letters.logprob("^^", "z"))


@pytest.mark.parametrize("name", NAMES[:3])
def test_spellings_come_back_the_same_and_unshared(name: str) -> None:
    model = load_model()
    first = model.spell(name, top=5)
    first.clear()  # a caller's list is its own: the remembered answer is untouched
    assert model.spell(name, top=5) == dataclasses.replace(model, _answers={}).spell(name, top=5) != []
