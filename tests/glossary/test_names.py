"""The name oracle: its n-gram and alignment pieces, the shipped model, the sources and their order."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from glossmt.glossary.model import Glossary, Term, TermType
from glossmt.glossary.names import NameOracle, Source, same_name, spelling_key
from glossmt.glossary.names.align import align_all, best_alignment
from glossmt.glossary.names.generics import split
from glossmt.glossary.names.model import ARTEFACT, ModelError, NameModel, from_json, load_model
from glossmt.glossary.names.ngram import NgramModel
from glossmt.glossary.names.spelling import cased
from glossmt.glossary.names.training import parts, train


def test_ngram_prefers_what_it_saw_and_backs_off() -> None:
    model = NgramModel.train([list("abc"), list("abd"), list("abc")], order=3)
    assert model.logprob(["a", "b"], "c") > model.logprob(["a", "b"], "d") > model.logprob(["a", "b"], "z")
    assert model.logprob(["x", "y"], "c") < 0  # an unseen history backs off to the unigram
    assert NgramModel.from_json(json.loads(json.dumps(model.to_json()))) == model


@pytest.mark.parametrize(
    ("chars", "letters", "table", "expected"),
    [
        pytest.param("卢特尼克", "lutnick", None, 4, id="length-prior"),
        pytest.param("托卡耶夫", "tokayev", {"夫": {"v": -0.1}, "耶": {"ye": -0.1}}, 4, id="learned"),
        pytest.param("卢特", "l", None, None, id="too-few-letters"),
        pytest.param("卢", "lutnickson", None, None, id="too-many-letters"),
    ],
)
def test_alignment_splits_the_letters_one_run_per_character(chars, letters, table, expected) -> None:
    found = best_alignment(chars, letters, table)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert len(found) == expected
        assert "".join(chunk for _, chunk in found) == letters
        assert [c for c, _ in found] == list(chars)


def test_training_learns_chunks_that_spell_a_name_it_saw() -> None:
    pairs = [("托卡耶夫", "Tokayev"), ("卡耶夫", "Kayev"), ("托卡", "Toka"), ("耶夫", "Yev")] * 3
    aligned = align_all([(zh, latin.lower()) for zh, latin in pairs])
    assert ("夫", "v") in aligned[0]
    model = from_json(train(pairs))
    assert model.spell("托卡耶夫", top=3)[0].latin == "Tokayev"
    assert model.tokens["托卡耶夫"] == (("Tokayev", 3),)


def test_training_pairs_split_by_parts_only_when_both_sides_agree() -> None:
    from glossmt.glossary.names.training import Pair

    assert parts(Pair("鲍里斯·约翰逊", "Boris Johnson", "person", "")) == [("鲍里斯", "Boris"), ("约翰逊", "Johnson")]
    assert parts(Pair("纳瓦斯德尔雷伊", "Navas del Rey", "other", "")) == [("纳瓦斯德尔雷伊", "Navas del Rey")]
    assert parts(Pair("甲·乙·丙", "A B", "other", "")) == []
    # An initial, or parts paired wrongly (瓦利德 is not "Al"), teaches nothing: the whole name is left out.
    assert parts(Pair("弗朗西斯·斯科特·菲茨杰拉德", "F. Scott Fitzgerald", "person", "")) == []
    assert parts(Pair("瓦利德·塔拉勒", "Al-Waleed", "person", "")) == []


def test_the_shipped_model_is_compact_data_and_spells_a_russian_surname() -> None:
    artefact = Path(__file__).parents[2] / "glossary" / "names" / "data" / ARTEFACT
    assert artefact.stat().st_size < 20_000_000
    data = json.loads(gzip.decompress(artefact.read_bytes()))  # JSON, never a pickle
    assert data["format"] == "glossmt-name-model"
    spelled = [s.latin for s in load_model().spell("巴耶夫", top=5)]
    assert "Bayev" in spelled


def test_a_model_file_that_is_not_one_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"not gzip")
    with pytest.raises(ModelError):
        load_model(broken)
    foreign = tmp_path / "foreign.json.gz"
    foreign.write_bytes(gzip.compress(json.dumps({"format": "something else"}).encode()))
    with pytest.raises(ModelError, match="not a glossmt-name-model"):
        load_model(foreign)


@pytest.fixture(scope="module")
def oracle() -> NameOracle:
    terms = [
        Term("卢特尼克", "Lutnick", "lutnick", TermType.PERSON),
        Term("托卡耶夫", "Tokayev", "tokayev", TermType.PERSON),
    ]
    return NameOracle(Glossary.of(terms))


def test_a_glossary_form_comes_first_with_full_score(oracle: NameOracle) -> None:
    first = oracle.suggest("卢特尼克")[0]
    assert (first.english, first.score, first.source) == ("Lutnick", 1.0, Source.GLOSSARY)


def test_a_variant_of_a_glossary_form_is_the_glossary_s_english(oracle: NameOracle) -> None:
    first = oracle.suggest("托卡叶夫")[0]  # 叶 for 耶: the same pinyin
    assert (first.english, first.source) == ("Tokayev", Source.GLOSSARY)
    assert first.score < 1.0


@pytest.mark.parametrize(
    ("form", "known", "not_its"),
    [
        pytest.param("阿克套", "阿克恰套", "Akchatau", id="a-syllable-less"),  # Aktau, a city of its own
        pytest.param("法尔卡什", "巴尔喀什", "Balkhash", id="another-sound"),  # Farkash
        pytest.param("普特尼克", "卢特尼克", "Lutnick", id="another-first-syllable"),  # Putnik
        # One letter more at an edge is another name, however alike the rest (Hammad, Griegel, Chavana)
        pytest.param("哈马德", "哈马", "Hamma", id="a-letter-more-at-the-end"),
        pytest.param("格里格尔", "里格尔", "Riegel", id="a-letter-more-at-the-start"),
        pytest.param("沙瓦纳", "哈瓦那", "Havana", id="another-first-letter"),
    ],
)
def test_a_close_form_that_reads_as_another_name_is_no_variant(form: str, known: str, not_its: str) -> None:
    oracle = NameOracle(Glossary.of([Term(known, not_its, "known", TermType.PLACE)]))
    assert oracle.variant_of(form) is None
    assert all(c.source is not Source.GLOSSARY and c.english != not_its for c in oracle.suggest(form))


def test_the_glossary_s_name_inside_a_term_keeps_its_own_generic() -> None:
    terms = [
        Term("科斯塔奈州", "Kostanay Region", "kostanay-region", TermType.PLACE),
        Term("北卡特帕尔", "North Katpar", "north-katpar", TermType.DEPOSIT),
    ]
    oracle = NameOracle(Glossary.of(terms))
    # A city is not its region: 科斯塔奈市 was offered as a "variant" of Kostanay Region.
    assert oracle.variant_of("科斯塔奈市") is None
    for form, english in [("科斯塔奈市", "Kostanay City"), ("科斯塔奈", "Kostanay"), ("南卡特帕尔", "South Katpar")]:
        first = oracle.suggest(form)[0]
        assert (first.english, first.source) == (english, Source.GLOSSARY)
        assert first.score < 1.0


@pytest.mark.parametrize(
    ("form", "english", "bare"),
    [
        pytest.param("科斯塔奈州", "Kostanay Region", "Kostanay", id="house-style"),
        pytest.param("阿拉木图州", "Almaty Province", "Almaty", id="another-source-s-word"),
        pytest.param("上凯拉克京斯科耶", "Upper Kairaktinskoye", "Kairaktinskoye", id="prefix"),
        pytest.param("新西伯利亚", "Novosibirsk", None, id="not-the-generic-s-words"),
        pytest.param("德克萨斯州", "Texas", None, id="no-suffix-word"),
        pytest.param("巴尔喀什湖", "Lake Balkhash", "Balkhash", id="generic-first"),
        pytest.param("巴尔喀什湖", "Balkhash Lake", None, id="not-the-house-style-s-order"),
        pytest.param("诺福克岛", "Norfolk Island", "Norfolk", id="a-generic-named-only-sometimes"),
        pytest.param("兰萨罗特岛", "Lanzarote", "Lanzarote", id="a-generic-english-leaves-out"),
    ],
)
def test_the_core_s_english_inside_a_whole_name_s(form: str, english: str, bare: str | None) -> None:
    assert split(form).bare(english) == bare


def test_cc_cedict_knows_a_capital(oracle: NameOracle) -> None:
    assert oracle.suggest("阿斯塔纳")[0].english == "Astana"
    assert oracle.suggest("阿斯塔纳")[0].source is Source.LEXICON
    assert oracle.type_of("阿斯塔纳") is TermType.PLACE


def test_a_country_is_a_place_though_its_name_is_also_a_given_name(oracle: NameOracle) -> None:
    # CC-CEDICT glosses 萨尔瓦多 as "El Salvador" alone and the name data has it as Salvador, a person.
    assert oracle.type_of("萨尔瓦多") is TermType.PLACE
    assert oracle.type_of("卢特尼克") is None


def test_the_romanisation_is_last_scored_zero_and_never_english(oracle: NameOracle) -> None:
    found = oracle.suggest("努尔特列乌", top=5)
    assert len(found) == 5
    assert found[-1].source is Source.ROMANISED
    assert found[-1].score == 0.0
    assert not found[-1].is_english
    assert found[-1].english == "Nuerteliewu"
    assert all(c.is_english for c in found[:-1])
    assert [c.score for c in found[:-1]] == sorted((c.score for c in found[:-1]), reverse=True)
    best = oracle.best("努尔特列乌")
    assert best is not None
    assert best.source is Source.MODEL
    assert best.english.startswith("Nur")


def test_a_multi_part_name_is_spelled_part_by_part(oracle: NameOracle) -> None:
    first = oracle.suggest("霍华德·卢特尼克")[0]
    assert first.english.startswith("Howard ")
    assert len(first.english.split()) == 2


def test_a_lexicon_entry_of_several_words_gives_a_part_its_own_word(oracle: NameOracle) -> None:
    assert oracle.suggest("弗拉基米尔·普京")[0].english == "Vladimir Putin"  # not "Vladimir Vladimir Putin"


def test_an_island_is_named_alone() -> None:
    # Lanzarote, as English names most islands: not "… Island", and 岛 is translated away, never spelled (dao).
    first = NameOracle().suggest("兰萨罗特岛")[0]
    assert first.english.startswith("Lan"), first
    assert " " not in first.english, first
    assert "dao" not in first.english.lower(), first
    assert not first.english.endswith("land"), first
    assert NameOracle().type_of("兰萨罗特岛") is TermType.PLACE


@pytest.mark.parametrize(
    ("name", "begins", "ends", "kind"),
    [
        pytest.param("卡拉干达州", "Karagand", " Region", TermType.PLACE, id="region"),
        pytest.param("上凯拉克京斯科耶", "Upper ", "", None, id="upper"),
        pytest.param("北卡特帕尔", "North Katp", "", None, id="north"),
        pytest.param("博古特矿床", "Bogut", " deposit", TermType.DEPOSIT, id="deposit"),
        pytest.param("埃基巴斯图兹煤矿", "Ekibast", " coal mine", TermType.DEPOSIT, id="coal-mine"),
        pytest.param("卡拉恰甘纳克油气田", "Karachagan", " oil and gas field", TermType.DEPOSIT, id="field"),
        # English puts a lake's and a mountain's generic first (Lake Balkhash, Mount Belukha), the others after.
        pytest.param("伊塞克湖", "Lake ", "k", TermType.PLACE, id="lake-first"),
        pytest.param("别卢哈山", "Mount Be", "a", TermType.PLACE, id="mount-first"),
        pytest.param("阿克奥尔达宫", "A", " Palace", TermType.PLACE, id="palace"),  # Akorda, not "…gong"
        pytest.param("泰梅尔半岛", "Tem", " Peninsula", TermType.PLACE, id="peninsula"),
        pytest.param("卡里马塔海峡", "Karimat", " Strait", TermType.PLACE, id="strait"),
    ],
)
def test_generic_parts_in_the_house_style(name: str, begins: str, ends: str, kind: TermType | None) -> None:
    first = NameOracle().suggest(name)[0]
    assert first.english.startswith(begins), first
    assert first.english.endswith(ends), first
    assert NameOracle().type_of(name) is kind


def test_a_transliteration_starting_like_a_direction_is_not_split() -> None:
    assert split("西蒙诺维奇").prefix == ""  # 西 often begins a transliteration: never a prefix
    assert split("上凯拉克").prefix == "上"
    assert split("州").suffix == ""  # nothing would be left of the name


def test_latin_text_and_empty_names_have_no_candidates(oracle: NameOracle) -> None:
    assert oracle.suggest("Tokayev") == []
    assert oracle.suggest("··") == []


def test_an_empty_model_leaves_only_the_romanisation() -> None:
    found = NameOracle(model=NameModel.empty()).suggest("努尔特列乌")
    assert [c.source for c in found] == [Source.ROMANISED]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Tokaev", "Tokayev", True),
        ("Nazarbaev", "Nazarbayev", True),
        ("Kairaktinskoe", "Kairaktinskoye", True),
        ("Aleksandr", "Alexandr", True),
        ("Khodorkovsky", "Hodorkovsky", True),
        ("Tokayev", "Nazarbayev", False),
        ("Lutnick", "Raimondo", False),
    ],
)
def test_same_name_folds_what_romanisations_disagree_on(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


def test_the_strict_key_folds_only_case_and_accents() -> None:
    assert spelling_key("Rodríguez Veltzé", strict=True) == "rodriguez veltze"
    assert spelling_key("Tokayev", strict=True) != spelling_key("Tokaev", strict=True)


def test_a_state_before_zhou_is_the_state_not_a_region() -> None:
    oracle = NameOracle()
    assert oracle.suggest("爱荷华州", top=2)[0].english == "Iowa"  # CC-CEDICT: "Iowa, US state"
    assert oracle.suggest("卡拉干达州", top=2)[0].english.endswith(" Region")  # an oblast keeps the house style


def test_a_line_far_longer_than_any_name_gets_its_pinyin_alone() -> None:
    from glossmt.glossary.names.oracle import LONGEST_PART
    from glossmt.glossary.names.romanise import syllables

    line = "卡拉" * 1500  # a hostile line: read in linear time, never spelled by the model
    candidates = NameOracle().suggest(line)
    assert [c.source for c in candidates] == [Source.ROMANISED]
    assert candidates[0].english == "Kala" + "kala" * 1499
    assert syllables(line) == ("ka", "la") * 1500
    assert NameOracle().suggest("卡" * LONGEST_PART)[0].source is Source.MODEL  # the longest a name can be


@pytest.mark.parametrize(
    ("name", "english"),
    [
        pytest.param("默克尔", "Merkel", id="surname"),  # CC-CEDICT: "Angela Merkel (1954-), …"
        pytest.param("安格拉·默克尔", "Angela Merkel", id="whole-name"),
        pytest.param("周杰伦", "Jay Chou", id="chinese-whole"),  # the Chinese spells the whole name
        pytest.param("毛泽东", "Mao Zedong", id="pinyin"),
        pytest.param("萨尔瓦多", "El Salvador", id="place"),  # no life span: not a person
        # No life span, but a role: "Aleksandr Grigoryevich Lukachenko, president of Belarus from 1994".
        pytest.param("卢卡申科", "Lukachenko", id="role"),
    ],
)
def test_a_person_cc_cedict_names_whole_is_the_word_the_chinese_spells(name: str, english: str) -> None:
    assert NameOracle().suggest(name)[0].english == english


def test_a_form_written_with_other_characters_is_a_variant_where_it_reads_as_the_concept() -> None:
    oracle = NameOracle(Glossary.of([Term("哈德逊", "Hudson", "hudson", TermType.PERSON)]))
    assert oracle.variants.of("哈德森", oracle._sounds_alike) is None  # far from 哈德逊 in characters and pinyin
    variant = oracle.variant_of("哈德森")  # but read as Hudson
    assert variant is not None
    assert (variant.concept, variant.form) == ("hudson", "哈德逊")
    assert oracle.variant_of("哈里森") is None  # Harrison


def test_a_scottish_or_irish_mc_keeps_its_capital() -> None:
    # The name data's tokens were lower-cased at source (Mcwilliams); English writes McWilliams, McDonnell.
    assert NameOracle().suggest("麦克威廉姆斯")[0].english == "McWilliams"
    assert cased("Mcdonnell and Mcenroe, Macy, Amcor") == "McDonnell and McEnroe, Macy, Amcor"


def test_a_latin_part_keeps_a_name_s_capital() -> None:
    # The oracle reads the normalised form, lower-cased: 约翰·Smith's Latin part came back as "smith".
    assert NameOracle().suggest("约翰·Smith")[0].english == "John Smith"
