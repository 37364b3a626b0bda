"""The name model's shortcuts change nothing: pruned beam = full beam, lookups = textbook ones, packed = unpacked."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from glossmt.glossary.names.model import SeenWhole, load_model
from glossmt.glossary.names.ngram import _JOIN, BOS, EOS, FLOOR, LetterNgram, NgramModel, pack, unpack

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
    return penalty + FLOOR


def test_the_pruned_beam_finds_what_the_full_beam_finds() -> None:
    model = load_model()
    # Every extension scored in full, from the first character on.
    full = dataclasses.replace(model, _checks=[False], _answers={}, _beginnings={})
    for name in NAMES:
        assert model.spell(name, top=8) == full.spell(name, top=8), name
    assert [s.latin for s in model.spell("托卡耶夫", top=3)] == [s.latin for s in full.spell("托卡耶夫", top=3)]


def test_a_name_begun_before_is_spelled_as_if_it_were_new() -> None:
    model = load_model()
    fresh = dataclasses.replace(model, _answers={}, _beginnings={})
    # 卡拉干达's beam goes on from 卡拉's, 卡's from 卡拉干达's; each asked of a model that decoded nothing.
    for name in ("卡拉", "卡拉干达", "卡", "卡拉干", "托卡耶夫", "托卡", "托卡耶夫斯基"):
        alone = dataclasses.replace(model, _answers={}, _beginnings={})
        assert fresh.spell(name, top=8) == alone.spell(name, top=8), name
    assert {"卡", "卡拉", "卡拉干", "托卡耶夫"} <= set(fresh._beginnings)  # beginnings, not wholes
    assert not {"卡拉干达", "托卡耶夫斯基"} & set(fresh._beginnings)


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


def test_a_continuation_is_its_letters_one_by_one() -> None:
    letters = LetterNgram.of(NgramModel.train([list("abab"), list("bba")], order=3))
    one_by_one = letters.logprob("^^", "a") + letters.logprob("^^a", "b") + letters.logprob("^^ab", "b")
    assert letters.continuation_logprob("^^", "abb") == pytest.approx(one_by_one)
    assert letters.continuation_logprob("^^", "abb") == letters.continuation_logprob("^^", "abb")  # remembered
    # Only the last order - 1 letters of the history count: a longer one with the same end, the same answer;
    # another end, another answer (the memo is keyed by what the model sees, not by the call).
    assert letters.continuation_logprob("^bab", "ab") == letters.continuation_logprob("^^ab", "ab")
    assert letters.continuation_logprob("^^ba", "ab") != letters.continuation_logprob("^^ab", "ab")


@pytest.mark.parametrize("name", NAMES[:3])
def test_spellings_come_back_the_same_and_unshared(name: str) -> None:
    model = load_model()
    first = model.spell(name, top=5)
    first.clear()  # a caller's list is its own: the remembered answer is untouched
    assert model.spell(name, top=5) == dataclasses.replace(model, _answers={}).spell(name, top=5) != []


def test_a_packed_model_answers_as_the_model_it_was_packed_from() -> None:
    model = NgramModel.train([list("abc"), list("abd"), list("abc"), list("bca")], order=3, min_count=2)
    packed = NgramModel.from_packed(json.loads(json.dumps(model.to_packed())))
    assert packed == model
    tokens = ["a", "b", "c", "d", "z", EOS]
    for history in ([BOS, BOS], [BOS, "a"], ["a", "b"], ["x", "y"], ["b"], []):
        assert packed.logprobs(history, tokens) == tuple(_textbook(model, history, t) for t in tokens)
        assert [_textbook(packed, history, t) for t in tokens] == [_textbook(model, history, t) for t in tokens]
    assert dict(packed.probs) == model.probs
    assert dict(packed.backoffs) == model.backoffs
    assert packed.to_json() == model.to_json()
    # Pruned of n-grams seen once, the model has histories with a back-off weight and nothing stored after.
    assert {key for key in model.backoffs if not any(k.startswith(key + _JOIN) for k in model.probs)}
    letters = LetterNgram.of(model)
    assert LetterNgram.from_packed(json.loads(json.dumps(letters.to_packed()))) == letters


def test_an_empty_model_packs_too() -> None:
    empty = NgramModel(1, {}, {})
    assert NgramModel.from_packed(json.loads(json.dumps(empty.to_packed()))) == empty


@pytest.mark.parametrize("value", [-2.833, -0.001, -20.0, -0.0, -12.657, 0.5])
def test_a_packed_value_comes_back_the_very_same_float(value: float) -> None:
    table = {"a\x1fb": value, "c": -1.0}
    found = unpack(json.loads(json.dumps(pack(table, ["c", "a\x1fb"]))))
    assert found == table
    assert list(found) == ["c", "a\x1fb"]  # in the order packed
    assert found["a\x1fb"].hex() == (value or 0.0).hex()  # bit for bit (-0.0 comes back 0.0, only ever added)


@pytest.mark.parametrize(
    ("table", "keys", "error"),
    [
        pytest.param({"a": -1.2345}, ["a"], "not rounded to thousandths", id="more-decimals"),
        pytest.param({"a\nb": -1.0}, ["a\nb"], "line break", id="line-break-in-a-key"),
        pytest.param({"a": -1.0, "b": -2.0}, ["a"], "every key", id="a-key-left-out"),
    ],
)
def test_what_would_not_come_back_the_same_is_not_packed(table: dict[str, float], keys: list[str], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        pack(table, keys)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"keys": "a\nb", "thousandths": [1]}, id="more-keys-than-values"),
        pytest.param({"keys": "", "thousandths": [1, 2]}, id="fewer-keys-than-values"),
        pytest.param({"keys": "a", "thousandths": [1.5]}, id="a-decimal"),
        pytest.param({"keys": "a", "thousandths": ["1"]}, id="a-string"),
        pytest.param({"keys": ["a"], "thousandths": [1]}, id="keys-not-text"),
        pytest.param({"keys": "a"}, id="no-values"),
    ],
)
def test_a_malformed_packed_table_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"packed table|keys for"):
        unpack(data)


def test_names_seen_whole_come_back_as_they_were_packed() -> None:
    seen = {"托卡耶夫": [("Tokayev", 3), ("Tokaev", 1)], "纳瓦斯德尔雷伊": [("Navas del Rey", 1)]}
    packed = SeenWhole.unpack(json.loads(json.dumps(SeenWhole.pack(seen))))
    assert dict(packed.items()) == {part: tuple(spellings) for part, spellings in seen.items()}
    assert "托卡耶夫" in packed
    assert "托卡" not in packed
    assert packed.get("托卡") is None
    assert len(SeenWhole.unpack(SeenWhole.pack({}))) == 0


@pytest.mark.parametrize(
    ("data", "error"),
    [
        pytest.param({"parts": "托卡耶夫", "spellings": "Tokayev\tthree"}, "TAB", id="a-count-not-a-number"),
        pytest.param({"parts": "托卡耶夫", "spellings": "Tokayev"}, "TAB", id="no-count"),
        pytest.param({"parts": "托卡耶夫\n卡耶夫", "spellings": "Tokayev\t3"}, "keys", id="a-part-without-spellings"),
        pytest.param({"parts": ["托卡耶夫"], "spellings": "Tokayev\t3"}, "must be text", id="parts-not-text"),
    ],
)
def test_malformed_names_seen_whole_are_refused(data: dict[str, object], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        SeenWhole.unpack(data)
