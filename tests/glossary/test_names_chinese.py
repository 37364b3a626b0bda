"""Chinese persons' names: their English is their pinyin, surname first (王文涛 → Wang Wentao)."""

from __future__ import annotations

import pytest

from glossmt.glossary.extract.lexicon import parse
from glossmt.glossary.names import NameOracle, Source
from glossmt.glossary.names.chinese import chinese_name


@pytest.mark.parametrize(
    ("form", "english"),
    [
        ("王文涛", "Wang Wentao"),
        ("李强", "Li Qiang"),
        ("欧阳修", "Ouyang Xiu"),  # a compound surname
        ("曾国藩", "Zeng Guofan"),  # 曾 as a surname is zeng, not ceng
        ("王西安", "Wang Xi'an"),  # an apostrophe keeps xi|an from reading as xian
        ("吕布", "Lü Bu"),
        ("卢特尼克", None),  # four characters: at most a two-character given name after a surname
        ("特朗普", None),  # 特 is no surname
        ("王", None),
    ],
)
def test_a_chinese_name_in_pinyin(form: str, english: str | None) -> None:
    assert chinese_name(form) == english


def test_the_oracle_spells_a_chinese_name_in_pinyin_and_a_foreign_one_as_foreign() -> None:
    oracle = NameOracle()
    first = oracle.suggest("王文涛", top=3)[0]
    assert (first.english, first.source) == ("Wang Wentao", Source.PINYIN)
    assert first.is_english
    # 马 is a surname, but 马斯克's characters are those of transliterations: not a Chinese name.
    assert all(c.source is not Source.PINYIN for c in oracle.suggest("马斯克", top=5))
    # 万 is a surname too, but a name ending in a generic (省) is a place: Vientiane Province.
    assert all(c.source is not Source.PINYIN for c in oracle.suggest("万象省", top=5))


def test_a_name_given_with_its_variants_is_its_first_where_no_gloss_is_a_name_alone() -> None:
    lexicon = parse(
        "克拉克 克拉克 [Ke4 la1 ke4] /Clark or Clarke (name)/\n"
        "貝克漢姆 贝克汉姆 [Bei4 ke4 han4 mu3] /Beckenham or Beckham (name)/David Beckham (1975-), footballer/\n"
        "七美 七美 [Qi1 mei3] /Qimei or Chimei township in Penghu county/\n"
        "瑪麗 玛丽 [Ma3 li4] /Mary or Marie (name)/Mali/\n"
    )
    assert lexicon.english("克拉克") == "Clark"
    assert lexicon.english("玛丽") == "Mary"  # not Mali: that is only the pinyin
    assert lexicon.english("贝克汉姆") == "David Beckham"  # a gloss that is a name alone comes first
    assert lexicon.english("七美") is None  # not names only: a description that says "or"


def test_a_lexicon_gloss_that_describes_a_place_gives_its_name() -> None:
    lexicon = parse(
        "雲南 云南 [Yun2 nan2] /Yunnan province in southwest China, bordering on Vietnam/\n"
        "特別 特别 [te4 bie2] /especially/\n"
    )
    assert lexicon.english("云南") == "Yunnan"
    assert lexicon.is_place("云南")
    assert lexicon.english("特别") is None


def test_many_names_in_worker_processes_come_back_as_one_process_gives_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from glossmt.glossary.names import batch

    monkeypatch.setattr(batch, "PARALLEL_FROM", 4)
    monkeypatch.setattr(batch, "CHUNK", 3)
    names = ["王文涛", "托卡耶夫", "卢特尼克", "卡拉干达州", "霍多尔科夫斯基", "阿斯塔纳", "努尔特列乌"] * 2
    oracle = NameOracle()
    alone = list(batch.suggest_all(oracle, names, top=3, jobs=1))
    forked = list(batch.suggest_all(oracle, names, top=3, jobs=2))
    assert forked == alone
    assert [name for name, _ in forked] == names
    assert batch.default_jobs() >= 1
