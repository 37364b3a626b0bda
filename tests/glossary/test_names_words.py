"""Word breaks: the letters the name model spells, split into words as real names write them."""

from __future__ import annotations

import json

import pytest

from glossmt.glossary.names import NameOracle
from glossmt.glossary.names.training import word_breaks
from glossmt.glossary.names.words import SPLIT_FROM, VERSION, WordBreaks, from_json, load_word_breaks

# Place names in the three habits: Spanish spaces, French hyphens, particles in lower case.
NAMES = [
    "San Esteban de la Sierra", "San Martín de la Vega", "Torre de Esgueva", "Villanueva de la Sierra",
    "Saint-Vincent-des-Landes", "Saint-Martin-de-Ré", "Saint-Denis", "Estrées-Saint-Denis",
    "Sierra", "Esteban", "Vega", "Martin", "Landes", "Villanueva", "Torre",
]  # fmt: skip


@pytest.fixture(scope="module")
def breaks() -> WordBreaks:
    return from_json(json.loads(json.dumps(word_breaks(NAMES * 30))))


def test_training_keeps_spaces_and_hyphens_and_learns_the_particles() -> None:
    trained = word_breaks(NAMES * 30)
    assert trained["particles"] == ["de", "des", "la"]  # lower case after a name's first word, often enough
    keys = trained["letters"]["probs"]["keys"]
    assert " " in keys
    assert "-" in keys


def test_a_long_spelling_gets_its_breaks_and_its_capitals(breaks: WordBreaks) -> None:
    assert breaks.split("Sanestebandelasierra") == "San Esteban de la Sierra"
    assert breaks.split("Saintvincentdeslandes") == "Saint-Vincent-des-Landes"


def test_a_short_or_unusual_spelling_is_left_alone(breaks: WordBreaks) -> None:
    assert len("Esteban") < SPLIT_FROM
    assert breaks.split("Esteban") == "Esteban"
    assert breaks.split("Villanueva") == "Villanueva"  # long, but one word in the data
    assert breaks.split("San Esteban") == "San Esteban"  # already broken
    assert breaks.split("Estrées") == "Estrées"


def test_the_shipped_model_breaks_place_names_and_leaves_one_word_names() -> None:
    breaks = load_word_breaks()
    assert breaks.split("Chiclanadelafrontera") == "Chiclana de la Frontera"
    assert breaks.split("Villersdevantdun") == "Villers-devant-Dun"
    assert breaks.split("Khodorkovsky") == "Khodorkovsky"
    assert breaks.split("Washington") == "Washington"


def test_the_oracle_breaks_the_model_s_spellings_but_not_a_russian_name() -> None:
    oracle = NameOracle()
    assert oracle.suggest("奇克拉纳德拉夫龙特拉", top=2)[0].english == "Chiclana de la Frontera"
    assert " " not in oracle.suggest("库德里亚夫采夫", top=2)[0].english
    assert "-" not in oracle.suggest("库德里亚夫采夫", top=2)[0].english


def test_a_hyphen_between_parts_stays_a_hyphen() -> None:
    oracle = NameOracle()
    assert oracle.suggest("让-巴普蒂斯特·吕利", top=2)[0].english.startswith("Jean-Baptiste ")
    assert oracle.suggest("弗拉基米尔·普京", top=2)[0].english == "Vladimir Putin"


def test_a_word_breaks_file_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a glossmt-word-breaks"):
        from_json({"format": "something"})
    with pytest.raises(ValueError, match="particles a list"):
        from_json({"format": "glossmt-word-breaks", "version": VERSION, "letters": {}, "particles": "de"})
