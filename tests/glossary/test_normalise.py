"""Normalisation for matching: what each step does, and that every offset finds its way back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.glossary.normalise import (
    SEPARATOR,
    WHITESPACE,
    normalise,
    normalise_form,
    normalise_forms,
    to_simplified,
)


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        pytest.param("盧特尼克", "卢特尼克", id="standard-lutnick"),
        pytest.param("霍華德", "霍华德", id="standard-howard"),
        pytest.param("哈薩克斯坦", "哈萨克斯坦", id="standard-kazakhstan"),
        pytest.param("臺灣", "台湾", id="taiwan-tai"),
        pytest.param("屋簷", "屋檐", id="taiwan-only-variant"),
        pytest.param("衞生", "卫生", id="hong-kong-wei"),
        pytest.param("綫路", "线路", id="hong-kong-xian"),
        pytest.param("啓動", "启动", id="hong-kong-qi"),
    ],
)
def test_traditional_becomes_simplified(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified
    assert normalise(traditional).text == simplified


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("卢特尼克", id="name"),
        pytest.param("哈萨克斯坦", id="place"),
        pytest.param("著名", id="zhu-famous"),
        pytest.param("显著", id="xianzhu-notable"),
        pytest.param("土著", id="tuzhu-indigenous"),
    ],
)
def test_simplified_text_is_left_alone(word: str) -> None:
    # 著 is a Simplified character in its own right: only Taiwan text writes it for 着.
    assert to_simplified(word) == word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("ＡＢＣ", "abc", id="full-width-upper"),
        pytest.param("ｓａｍｒｕｋ", "samruk", id="full-width-lower"),
        pytest.param("２０２４年", "2024年", id="full-width-digits"),
        pytest.param("Ｔａｕ－Ｋｅｎ", "tau·ken", id="full-width-name-and-hyphen"),
        pytest.param("Samruk-Kazyna", "samruk·kazyna", id="ascii-lowered"),
        pytest.param("ﬁ", "fi", id="ligature"),
        pytest.param("①", "1", id="circled-digit"),
    ],
)
def test_compatibility_forms_become_ascii(text: str, expected: str) -> None:
    assert normalise(text).text == expected


@pytest.mark.parametrize(
    "separator",
    [pytest.param(s, id=f"U+{ord(s):04X}") for s in "·•‧・‐-–—－"],
)
def test_every_separator_becomes_middle_dot(separator: str) -> None:
    original = f"霍华德{separator}卢特尼克"
    normalised = normalise(original)
    assert normalised.text == f"霍华德{SEPARATOR}卢特尼克"
    assert normalised.span_to_original(3, 4) == (3, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a  b", "a b", id="spaces"),
        pytest.param("a \t\n b", "a b", id="mixed-run"),
        pytest.param("卢特尼克\u3000说", "卢特尼克 说", id="ideographic-space"),
        pytest.param("a\u00a0\u3000 b", "a b", id="nbsp-and-ideographic-run"),
        pytest.param("x\n", "x ", id="trailing-newline"),
    ],
)
def test_whitespace_runs_collapse_to_one_space(text: str, expected: str) -> None:
    assert normalise(text).text == expected


def test_every_whitespace_character_is_listed() -> None:
    assert set(WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_whitespace_run_maps_back_to_the_whole_run() -> None:
    normalised = normalise("卢特尼克 \t\n 说")
    assert normalised.text == "卢特尼克 说"
    assert normalised.span_to_original(4, 5) == (4, 8)
    assert normalised.span_to_original(5, 6) == (8, 9)


def test_ascii_is_lower_cased_and_cjk_is_untouched() -> None:
    assert normalise("TAU-KEN Samruk 陶肯").text == "tau·ken samruk 陶肯"


def test_nul_byte_does_not_truncate() -> None:
    text = "盧特\x00尼克\x00ABC"
    normalised = normalise(text)
    assert normalised.text == "卢特\x00尼克\x00abc"
    assert normalised.span_to_original(0, len(normalised.text)) == (0, len(text))
    assert to_simplified("a\x00盧") == "a\x00卢"


def test_form_keys_ignore_outer_spaces() -> None:
    assert normalise_form("  霍華德•盧特尼克 ") == "霍华德·卢特尼克"


def test_many_forms_normalise_as_each_alone() -> None:
    forms = ["霍華德•盧特尼克", "Tau-Ken Samruk", " ＡＢＣ ", "衞生", "x\x01y", "ﬁ①"]
    assert normalise_forms(forms) == [normalise_form(f) for f in forms]
    assert normalise_forms(forms[:4]) == [normalise_form(f) for f in forms[:4]]


# --- the way back: a property over any text ------------------------------------------------------

_TRICKY = "盧特尼克霍華德臺灣衞綫裏著簷ＡＢＣａｂｃ０１２　ﬁﬂﬃ①②⑩㈠㍿ｶﾞ·•‧・･‐‑‒–—―-－﹣ \t\n\r\x00\u00a0\u2028aZ9"
_ANY_CHARACTER = st.characters(blacklist_categories=["Cs"])  # any code point a str read from a file can hold
_texts = st.text(
    st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), st.sampled_from(_TRICKY), _ANY_CHARACTER),
    max_size=40,
)


@settings(max_examples=300)
@given(_texts)
def test_every_offset_maps_back_into_the_original(text: str) -> None:
    normalised = normalise(text)
    assert normalised.original == text
    assert normalised.span_to_original(0, len(normalised.text)) == (0, len(text))
    previous = (0, 0)
    for i in range(len(normalised.text)):
        start, end = normalised.span_to_original(i, i + 1)
        assert start < end, f"character {i} of {normalised.text!r} maps to an empty span"
        assert start >= previous[0]
        assert end >= previous[1]
        previous = (start, end)


@settings(max_examples=300)
@given(_texts, st.data())
def test_many_spans_map_back_as_each_alone(text: str, data: st.DataObject) -> None:
    normalised = normalise(text)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(normalised.text)), max_size=12)))
    spans = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False)]  # sorted, not overlapping
    assert normalised.spans_to_original(spans) == [normalised.span_to_original(a, b) for a, b in spans]
