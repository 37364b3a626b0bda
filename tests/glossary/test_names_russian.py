"""Russian readings: the Xinhua table read backwards competes with the learned spellings for names
written from Russian (霍多尔科夫斯基 → Khodorkovsky)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossmt.glossary.names import NameOracle, NameOrigin
from glossmt.glossary.names.model import load_model
from glossmt.glossary.names.ngram import LetterNgram, NgramModel
from glossmt.glossary.names.russian import (
    SWAPPED_LR,
    VOICED_F,
    RussianReadings,
    from_json,
    load_readings,
    to_english,
)
from glossmt.glossary.names.training import is_russian, origin_odds, russian_readings


@pytest.mark.parametrize(
    ("cyrillic", "english"),
    [
        ("ходорковский", "khodorkovsky"),  # -ский is -sky; х is kh
        ("евтушенко", "yevtushenko"),  # е begins a word as ye
        ("токаев", "tokayev"),  # and after a vowel
        ("шёлков", "sholkov"),  # ё after ш is o
        ("ильин", "ilin"),  # the signs are dropped
        ("щукин", "shchukin"),
        ("горбачёв", "gorbachev"),  # a surname's -ёв is -ev in English
        ("соловьёва", "solovyeva"),
        ("фёдор", "fyodor"),  # elsewhere ё is yo
        ("евгений", "yevgeny"),  # a final -ий is -y, as in -sky
        ("навальный", "navalny"),  # and -ый
        ("шойгу", "shoigu"),  # й between a vowel and a consonant is i, as English news writes it
        ("смайлов", "smailov"),
        ("николай", "nikolay"),  # at the end it stays y
    ],
)
def test_cyrillic_is_spelled_the_english_way(cyrillic: str, english: str) -> None:
    assert to_english(cyrillic) == english


def test_the_table_read_backwards_proposes_the_russian_spelling() -> None:
    letters = load_model().letters
    readings = load_readings()
    assert readings.spell("托卡耶夫", letters)[0][0] == "tokayev"
    assert "khodorkovsky" in [latin for latin, _ in readings.spell("霍多尔科夫斯基", letters, top=3)]
    assert readings.spell("霍多尔科夫斯基", letters, top=3) == sorted(
        readings.spell("霍多尔科夫斯基", letters, top=3), key=lambda r: -r[1]
    )


def test_a_name_the_table_cannot_read_has_no_reading() -> None:
    assert RussianReadings({"托": ("то",)}).spell("托卡", load_model().letters) == []


def test_an_n_closing_one_character_may_open_the_next() -> None:
    # 苏尔坦诺夫 is Sultanov: 坦 (тан) and 诺 (но) share their н, as Chinese writes such names.
    readings = RussianReadings({"坦": ("тан",), "诺": ("но",), "夫": ("в",)})
    spelled = [latin for latin, _ in readings.spell("坦诺夫", load_model().letters, top=5)]
    assert "tanov" in spelled
    assert "tannov" in spelled  # Gennady keeps both: the letter models choose


def test_a_consonant_written_twice_is_doubled_only_at_a_cost() -> None:
    # 叶尔兰 is Yerlan: 尔 (р) then 兰 (лан or ран); Xinhua would write Ерран 叶兰, so рр costs DOUBLED.
    readings = RussianReadings({"叶": ("е",), "尔": ("р",), "兰": ("лан", "ран")})
    scores = dict(readings.spell("叶尔兰", load_model().letters))
    assert scores["yerlan"] > scores["yerran"]


def test_an_n_before_b_or_p_may_be_m() -> None:
    # 阿坦巴耶夫 is Atambayev: Chinese ends no such syllable in m, so 坦 (тан) before 巴 stands for там too.
    readings = RussianReadings({"坦": ("тан",), "巴": ("ба",), "波": ("по",), "夫": ("в",)})
    letters = load_model().letters
    assert {latin for latin, _ in readings.spell("坦巴", letters)} == {"tanba", "tamba"}
    assert {latin for latin, _ in readings.spell("坦波夫", letters)} == {"tanpov", "tampov"}
    assert {latin for latin, _ in readings.spell("坦夫", letters)} == {"tanv"}  # before other letters, only n


def test_l_and_r_exchanged_are_readings_too_at_a_cost() -> None:
    # Xinhua writes ри 里 and ли 利; other writers use 里 for both (乌里扬诺夫斯克 Ulyanovsk).
    letters = LetterNgram.of(NgramModel.train([list("ulyanovsk"), list("urya")], 3))
    spelled = dict(RussianReadings({"乌": ("у",), "里": ("рь",), "扬": ("ян",)}).spell("乌里扬", letters))
    assert set(spelled) == {"uryan", "ulyan"}
    # The exchanged reading costs SWAPPED_LR more than its letters alone would say.
    cost = {latin: letters.text_logprob(latin) - score for latin, score in spelled.items()}
    assert cost["ulyan"] - cost["uryan"] == pytest.approx(SWAPPED_LR)


def test_f_before_s_or_k_reads_as_v_as_russian_spells_it() -> None:
    # 夫 is ф or в; before с or к Russian writes в (-овск-, -евка): Budyonnovskoye, not Buchonofskoye.
    letters = LetterNgram.of(NgramModel.train([list("ofsky"), list("ovsky")], 3))
    table = RussianReadings({"诺": ("но",), "夫": ("ф", "в"), "斯": ("с",), "基": ("ки",)})
    spelled = dict(table.spell("诺夫斯基", letters))
    cost = {latin: letters.text_logprob(latin) - score for latin, score in spelled.items()}
    assert cost["nofski"] - cost["novski"] == pytest.approx(VOICED_F)


def test_no_reading_begins_with_a_sign() -> None:
    # 伊 is и, or ь after a consonant: at the start of a name ь read nothing, and 伊布拉吉莫夫 was "Blagimov".
    letters = LetterNgram.of(NgramModel.train([list("bragimov"), list("ibragimov")], 3))
    table = RussianReadings({"伊": ("и", "ь", "ы"), "布": ("б",), "拉": ("ра",)})
    assert {latin for latin, _ in table.spell("伊布拉", letters)} == {"ibra", "ibla"}  # ибра, and л for р
    assert {latin for latin, _ in table.spell("布伊", letters)} == {"bi", "b", "by"}  # inside a name they may
    assert load_readings().spell("伊布拉吉莫夫", load_model().letters)[0][0] == "ibragimov"


def test_the_russian_letter_model_ranks_the_readings_with_the_general_one() -> None:
    # All names: l a little likelier than r at the start; Russian names: r by far.
    general = LetterNgram.of(NgramModel.train([list("lalenko")] * 11 + [list("ralenko")] * 9, 3))
    russian = LetterNgram.of(NgramModel.train([list("ralenko")] * 19 + [list("lalenko")], 3))
    pieces = {"连": ("лен",), "科": ("ко",), "拉": ("ла", "ра")}
    assert RussianReadings(pieces).spell("拉连科", general)[0][0] == "lalenko"
    assert RussianReadings(pieces, letters=russian).spell("拉连科", general)[0][0] == "ralenko"


@pytest.mark.parametrize(
    ("chars", "russian"),
    [
        ("卡里莫夫", True),
        ("霍多尔科夫斯基", True),
        ("库德里亚夫采夫", True),  # the pair model spells it Kudriawcerf: the Chinese alone must tell
        ("纳扎尔巴耶娃", True),
        ("杜塞尔多夫", False),  # 夫 of German -dorf: Düsseldorf
        ("卢特尼克", False),
        ("马克龙", False),
    ],
)
def test_the_origin_model_tells_names_written_from_russian(chars: str, russian: bool) -> None:
    assert load_readings().looks_russian(chars) is russian


def test_the_origin_model_is_learned_from_latin_endings_and_origins() -> None:
    pairs = [("卡里莫夫", "Karimov", ""), ("托卡耶夫", "Tokayev", ""), ("阿拜", "Abai", "kk")] * 3 + [
        ("霍夫曼", "Hoffmann", ""),
        ("卡特", "Carter", ""),
        ("马克", "Mark", ""),
    ] * 3
    origin = origin_odds(pairs)
    readings = from_json(
        {
            "format": "glossmt-russian-readings",
            "version": 4,
            "pieces": {},
            "origin": json.loads(json.dumps(origin)),
            "letters": LetterNgram.of(NgramModel.train([], 2)).to_packed(),
        }
    )
    assert readings.origin("莫夫") > 0 > readings.origin("霍夫曼")
    assert readings.origin("阿拜") > readings.origin("马克")


def test_the_oracle_offers_the_russian_spelling_of_a_russian_name() -> None:
    oracle = NameOracle()
    found = [c.english for c in oracle.suggest("霍多尔科夫斯基", top=5) if c.is_english]
    assert "Khodorkovsky" in found
    assert oracle.suggest("托卡耶夫", top=3)[0].english == "Tokayev"


def test_training_reads_the_table_backwards_with_women_s_and_initial_characters(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "ru_to_zh_xinhua_hanzify.tsv").write_text(
        "table\tsource\ttarget\n"
        "common\tва\t瓦\ncommon\tв\t夫\ncommon\tф\t夫\ncommon\tто\t托\n"
        "special\tпётр\t彼得\nfemale\t瓦\t娃\ninitial\t夫\t弗\n",
        encoding="utf-8",
    )
    table = russian_readings(tmp_path)
    assert table["pieces"] == {
        "夫": ["в", "ф"],
        "娃": ["ва"],
        "弗": ["в", "ф"],
        "彼得": ["пётр"],
        "托": ["то"],
        "瓦": ["ва"],
    }
    readings = from_json(json.loads(json.dumps(table)))
    assert readings.pieces["娃"] == ("ва",)


def test_a_character_the_table_lacks_reads_as_its_homophone_in_the_table(tmp_path: Path) -> None:
    tables = tmp_path / "tables"
    tables.mkdir()
    (tables / "ru_to_zh_xinhua_hanzify.tsv").write_text(
        "table\tsource\ttarget\ncommon\tко\t科\ncommon\tган\t甘\n", encoding="utf-8"
    )
    pieces = russian_readings(tmp_path, characters="柯冈科马")["pieces"]
    assert pieces["柯"] == ["ко"]  # ke, as 科
    assert pieces["冈"] == ["ган"]  # gang, as 甘 gan: the table has no -ng reading
    assert "马" not in pieces  # ma: no character of the table reads so


def test_a_readings_file_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="not a glossmt-russian-readings"):
        from_json({"format": "something else"})
    with pytest.raises(ValueError, match="pieces must be an object"):
        from_json({"format": "glossmt-russian-readings", "version": 4, "pieces": []})
    with pytest.raises(ValueError, match="origin must be an object"):
        from_json({"format": "glossmt-russian-readings", "version": 4, "pieces": {}})
    origin = {"prior": 0.0, "unseen": 0.0, "features": {}}
    with pytest.raises(ValueError, match="letters must be an object"):
        from_json({"format": "glossmt-russian-readings", "version": 4, "pieces": {}, "origin": origin})


def test_a_part_seen_whole_keeps_its_spellings_and_the_model_breaks_their_ties() -> None:
    from glossmt.glossary.names.model import from_json as model_from_json
    from glossmt.glossary.names.training import train

    pairs = [("哈克特", "Hackert"), ("哈克特", "Hackett"), ("哈克", "Hack"), ("克特", "Kett")] + [
        ("哈特", "Hatt"),
        ("特", "Tt"),
    ] * 3
    model = model_from_json(train(pairs))
    assert sorted(model.tokens["哈克特"]) == [("Hackert", 1), ("Hackett", 1)]
    oracle = NameOracle(model=model)
    first = oracle.suggest("哈克特", top=3)[0]
    assert first.english == "Hackett"  # a tie in the data: the model's own spelling breaks it
    assert first.score == 0.9


def test_a_russian_looking_part_seen_whole_lets_the_readings_break_the_data_s_ties() -> None:
    # The name data spells 阿布拉莫维奇 once each as Abramovich, Abramowicz, Abramović and Abramatic; the part
    # looks Russian, so the readings (Abramovich) weigh with the model's own share among them.
    seen = dict(load_model().tokens["阿布拉莫维奇"])
    assert seen["Abramovich"] == seen["Abramović"] == 1
    assert NameOracle().suggest("阿布拉莫维奇")[0].english == "Abramovich"


def test_a_russian_looking_part_the_table_cannot_read_keeps_the_models_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    from glossmt.glossary.names import oracle as oracle_module
    from glossmt.glossary.names.russian import OriginOdds

    never = RussianReadings({}, OriginOdds(-100.0, 0.0, {}))
    always_but_unreadable = RussianReadings({}, OriginOdds(100.0, 0.0, {}))
    monkeypatch.setattr(oracle_module, "load_readings", lambda: never)
    plain = NameOracle().suggest("努尔特列乌", top=5)
    monkeypatch.setattr(oracle_module, "load_readings", lambda: always_but_unreadable)
    assert NameOracle().suggest("努尔特列乌", top=5) == plain  # no readings: the model's shares stay whole


def test_the_more_russian_a_part_looks_the_more_its_readings_weigh() -> None:
    from glossmt.glossary.names.oracle import RUSSIAN_SHARE, russian_weight
    from glossmt.glossary.names.russian import ORIGIN_FROM

    weights = [russian_weight(odds) for odds in (ORIGIN_FROM, 10.0, 20.0, 40.0)]
    assert weights == sorted(weights)
    assert len(set(weights)) == 4
    assert weights[0] == pytest.approx(0.29, abs=0.01)  # at the threshold the learned spellings still lead
    assert weights[-1] < RUSSIAN_SHARE


@pytest.mark.parametrize(
    ("latin", "lang", "russian"),
    [
        ("Kuznetsov", "", True),
        ("Uralsk", "", True),  # a town's -sk (Tomsk, Uralsk): the origin model learns 乌拉尔斯克 from it
        ("Karaganda", "kk", True),  # post-Soviet by origin
        ("Johnson", "", False),
    ],
)
def test_the_origin_models_label(latin: str, lang: str, russian: bool) -> None:
    assert is_russian(latin, lang) is russian


@pytest.mark.parametrize(
    ("name", "plain", "hinted"),
    [
        ("科斯塔奈", "Costanay", "Kostanay"),
        ("卡拉恰甘纳克", "Karachagannac", "Karachaganak"),
        ("波塔宁", "Potanen", "Potanin"),
    ],
)
def test_a_caller_s_word_that_names_are_from_russian_lets_the_readings_compete(
    name: str, plain: str, hinted: str
) -> None:
    # The origin model doubts these (Kazakh places, a Russian surname); told that the names come from Russian
    # (Central Asian news), the oracle lets the Xinhua table's readings compete.
    assert NameOracle().suggest(name)[0].english == plain
    assert NameOracle(origin=NameOrigin.RUSSIAN).suggest(name)[0].english == hinted


@pytest.mark.parametrize(("name", "english"), [("约翰·史密斯", "John Smith"), ("王文涛", "Wang Wentao")])
def test_the_russian_hint_leaves_other_names_alone(name: str, english: str) -> None:
    assert NameOracle(origin=NameOrigin.RUSSIAN).suggest(name)[0].english == english


def test_the_russian_letter_model_spreads_its_counts_by_kneser_ney() -> None:
    # Witten–Bell over the 2,207 Russian name parts preferred the reading Aketau (ке) to Aktau (к); the
    # shipped readings artefact is trained with Kneser–Ney (training.RUSSIAN_SMOOTHING).
    from glossmt.glossary.names import training

    assert training.RUSSIAN_SMOOTHING == "kneser-ney"
    assert NameOracle().suggest("阿克套")[0].english == "Aktau"
