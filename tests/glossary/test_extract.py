"""Extraction of names the glossary lacks: whole names, signals, suggestions, variants, renderings."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from glossmt.glossary.extract import Detector, Format, SuggestionSource, extract, render
from glossmt.glossary.extract.lexicon import parse
from glossmt.glossary.extract.render import table
from glossmt.glossary.extract.translit import TransliterationScore
from glossmt.glossary.formats.po import read_po
from glossmt.glossary.model import Glossary, Term, TermType
from glossmt.glossary.names import NameOracle
from glossmt.glossary.names.model import NameModel


@pytest.fixture(scope="module")
def bare() -> Detector:
    """A detector with an empty glossary: every name is unknown."""
    return Detector(Glossary())


@pytest.fixture(scope="module")
def shipped(shipped_glossary: Glossary) -> Detector:
    return Detector(shipped_glossary)


def _forms(detector: Detector, text: str) -> list[str]:
    return [o.form for o in detector.find(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param("美国商务部长卢特尼克表示，钨很重要。", "卢特尼克", id="jieba-miscut-after-title"),
        pytest.param("副部长沙伊梅尔加诺夫说，政府将简化审批。", "沙伊梅尔加诺夫", id="seven-characters-whole"),
        pytest.param("巴甫洛达尔州的一家冶炼厂计划明年开工。", "巴甫洛达尔", id="kind-word-cut-off"),
        pytest.param("扎尔马-萨乌尔矿区的许可证已经发放。", "扎尔马·萨乌尔", id="hyphen-separator"),
        pytest.param("别列佐夫斯科耶矿床曾在苏联时期开采。", "别列佐夫斯科耶", id="neutral-edge-character"),
        pytest.param("副部長沙伊梅爾加諾夫說，政府將簡化審批程序。", "沙伊梅尔加诺夫", id="traditional"),
        pytest.param("中国商务部长王文涛上月访问阿拉木图。", "王文涛", id="chinese-name-by-part-of-speech"),
        pytest.param("他和努尔特列乌也出席了会议。", "努尔特列乌", id="dictionary-name-across-the-edge"),  # 和努尔: nr
        pytest.param("他也去过好莱坞。", "好莱坞", id="a-name-word-around-a-run"),  # the run is 莱坞
        pytest.param("路易斯安那州的官员表示。", "路易斯安那州", id="a-place-word-around-a-run"),  # run 易斯安那
        pytest.param("哥伦比亚特区法院作出判决。", "哥伦比亚特区", id="a-place-word-with-its-kind"),
    ],
)
def test_finds_the_whole_name(bare: Detector, text: str, name: str) -> None:
    forms = _forms(bare, text)
    assert name in forms
    assert not any(f != name and (f in name or name in f) for f in forms), forms


@pytest.mark.parametrize("text", ["他周末喜欢打高尔夫。", "他打高尔夫，也去爬山。"])
def test_a_run_inside_an_ordinary_word_is_no_name(bare: Detector, text: str) -> None:
    assert _forms(bare, text) == []  # 尔夫 is in 高尔夫 (golf), which jieba's dictionary tags nz in 打高尔夫


def test_a_full_name_and_its_surname_are_both_candidates(bare: Detector) -> None:
    forms = _forms(bare, "美国商务部长霍华德·卢特尼克出席仪式。卢特尼克说，钨很重要。")
    assert forms.count("霍华德·卢特尼克") == 1
    assert forms.count("卢特尼克") == 1


def test_titles_are_never_part_of_a_name(bare: Detector) -> None:
    for occurrence in bare.find("哈萨克斯坦外长努尔特列乌表示，总统托卡耶夫将出访。"):
        assert "长" not in occurrence.form
        assert "统" not in occurrence.form
    assert "努尔特列乌" in _forms(bare, "哈萨克斯坦外长努尔特列乌表示欢迎。")


def test_ordinary_words_are_not_names(bare: Detector) -> None:
    assert _forms(bare, "这个项目特别重要，我们必须克服困难。") == []


def test_latin_names_inside_chinese_keep_their_case(bare: Detector) -> None:
    found = bare.find("英国矿业公司Tungsten West周三宣布合作。")
    latin = [o for o in found if o.form == "Tungsten West"]
    assert latin
    assert latin[0].type is TermType.COMPANY


def test_offsets_point_into_the_original_text(bare: Detector) -> None:
    text = "專家指出，別列佐夫斯科耶礦床以鎢為主。"
    (occurrence,) = (o for o in bare.find(text) if o.form == "别列佐夫斯科耶")
    assert text[occurrence.start : occurrence.end] == "別列佐夫斯科耶"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("美国商务部长卢特尼克与托卡耶夫会面，萨姆鲁克·卡泽纳和努尔特列乌也在。", id="simplified"),
        pytest.param("美國商務部長盧特尼克與托卡耶夫會面，萨姆鲁克•卡泽纳和努爾特列烏也在。", id="traditional-bullet"),
        pytest.param("美国商务部长卢特尼克与托卡耶夫会面，萨姆鲁克－卡泽纳和努尔特列乌也在。", id="full-width-hyphen"),
    ],
)
def test_glossary_names_are_covered(shipped: Detector, text: str) -> None:
    """Covered after the normalisation of ``glossary find``: script, separators, full-width forms."""
    forms = _forms(shipped, text)
    assert not {"卢特尼克", "托卡耶夫", "萨姆鲁克·卡泽纳", "卡泽纳"} & set(forms), forms
    assert "努尔特列乌" in forms


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        pytest.param("外长努尔特列乌表示欢迎。", TermType.PERSON, id="title-person"),
        pytest.param("巴甫洛达尔州的工厂开工了。", TermType.PLACE, id="kind-place"),
        pytest.param("别列佐夫斯科耶矿床曾经开采。", TermType.DEPOSIT, id="kind-deposit"),
        pytest.param("埃基巴斯图兹煤矿的产量上升。", TermType.DEPOSIT, id="kind-coal-mine"),
        pytest.param("美国企业斯特拉托矿业集团称将投资。", TermType.COMPANY, id="kind-company"),
        pytest.param("卡姆巴拉塔水电站将于明年开工。", TermType.COMPANY, id="kind-hydropower-plant"),
        pytest.param("西门子将为纳沃伊热电站提供燃气轮机。", TermType.COMPANY, id="kind-thermal-power-plant"),
        pytest.param("公司将继续开发图尔盖盆地的油田。", TermType.PLACE, id="kind-basin"),
        pytest.param("库姆托尔黄金公司的产量上升。", TermType.COMPANY, id="kind-gold-company"),
        pytest.param("据新闻秘书佩斯科夫说，会谈顺利。", TermType.PERSON, id="title-press-secretary"),
        pytest.param("制片人尼尔贝尔表示，节目很成功。", TermType.PERSON, id="title-a-role-in-show-business"),
        pytest.param("萨哈共和国是钻石的主要产地。", TermType.PLACE, id="kind-republic"),
        # The name data knows 埃尼 only as a place (a French commune); the kind word says company (Eni).
        pytest.param("意大利埃尼公司运营该项目。", TermType.COMPANY, id="a-company-over-the-name-data-s-place"),
        pytest.param("据塔斯社报道，会谈取得成果。", TermType.ORGANISATION, id="a-known-word-holding-its-kind"),
        pytest.param("阿克纠宾斯克的人口下降。", TermType.PLACE, id="a-town-s-sk-not-jieba-s-person"),
        # … and a firm named after its town (Norilsk Nickel): the name is the town's
        pytest.param("诺里尔斯克镍业公司的产量上升。", TermType.PLACE, id="a-town-s-sk-before-a-company"),
        # … and a town the name data knows, written from Russian (Bratsk's smelter); 埃尼公司 above stays Eni
        pytest.param("布拉茨克铝厂扩大了产量。", TermType.PLACE, id="a-russian-town-before-a-company"),
        # Nothing around it says what it is, but Chinese writes · between a foreign person's names.
        pytest.param("瓦列里·格拉西莫夫表示，形势稳定。", TermType.PERSON, id="separator-person"),
    ],
)
def test_guessed_type(bare: Detector, text: str, kind: TermType) -> None:
    (candidate,) = [c for c in extract([("a.txt", text)], bare) if c.type is not None]
    assert candidate.type is kind


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # jieba tags 布哈拉 a person's name; beside Samarkand (CC-CEDICT: a place) it is a place.
        pytest.param("总统访问了撒马尔罕和布哈拉。", "布哈拉", TermType.PLACE, id="and-a-place"),
        pytest.param("总统访问了布哈拉、撒马尔罕。", "布哈拉", TermType.PLACE, id="a-place-after"),
        # A place that describes the person after it ("the mayor of Astana") says nothing of the name before.
        pytest.param("努尔特列乌和阿斯塔纳市长会面。", "努尔特列乌", None, id="a-place-before-a-title"),
        # A list whose last name the words after it call a place (是…城市): every name of the list is one.
        pytest.param(
            "斯捷普诺戈尔斯克、阿克苏和埃基巴斯图兹是主要工业城市。", "斯捷普诺戈尔斯克", TermType.PLACE, id="a-list"
        ),
    ],
)
def test_a_name_joined_to_a_place_is_a_place(bare: Detector, text: str, name: str, kind: TermType | None) -> None:
    assert {c.zh: c.type for c in extract([("a.txt", text)], bare)}[name] is kind


def test_candidate_counts_documents_examples_and_pinyin(bare: Detector) -> None:
    docs = [("a.txt", "外长努尔特列乌表示欢迎。\n努尔特列乌说。\n"), ("b.txt", "努尔特列乌抵达。\n")]
    (candidate,) = [c for c in extract(docs, bare) if c.zh == "努尔特列乌"]
    assert (candidate.count, candidate.documents) == (3, 2)
    assert [(e.path, e.line) for e in candidate.examples] == [("a.txt", 1), ("a.txt", 2), ("b.txt", 1)]
    assert candidate.pinyin == "nǔ ěr tè liè wū"


def test_examples_stop_at_three(bare: Detector) -> None:
    text = "外长努尔特列乌表示欢迎。\n" * 5
    (candidate,) = [c for c in extract([("a.txt", text)], bare) if c.zh == "努尔特列乌"]
    assert candidate.count == 5
    assert len(candidate.examples) == 3


def test_suggestion_from_cc_cedict(bare: Detector) -> None:
    (candidate,) = [c for c in extract([("a.txt", "总统抵达阿斯塔纳市。")], bare) if c.zh == "阿斯塔纳"]
    assert (candidate.suggestion, candidate.suggestion_source) == ("Astana", SuggestionSource.LEXICON)
    assert candidate.approved_english == "Astana"


def test_suggestion_from_the_name_model_with_alternatives(bare: Detector) -> None:
    (candidate,) = [c for c in extract([("a.txt", "外长努尔特列乌表示欢迎。")], bare) if c.zh == "努尔特列乌"]
    assert candidate.suggestion_source is SuggestionSource.NAME_MODEL
    assert candidate.suggestion.startswith("Nur")
    assert candidate.suggestion != "Nuerteliewu"  # not the pinyin run together
    assert candidate.approved_english == candidate.suggestion
    assert candidate.alternatives
    assert all(a.is_english and a.english != candidate.suggestion for a in candidate.alternatives)


def test_a_whole_name_is_suggested_where_each_part_would_be(bare: Detector) -> None:
    # A whole name scores its parts' product (Sheldar 0.38 × Berdmukhamedov 0.49 = 0.19): the bar is
    # for each part, so two parts need the product of two bars.
    assert NameOracle.accepts("谢尔达尔·别尔德穆哈梅多夫", 0.19)
    assert not NameOracle.accepts("别尔德穆哈梅多夫", 0.19)
    assert not NameOracle.accepts("谢尔达尔·别尔德穆哈梅多夫", 0.039)
    text = "总统谢尔达尔·别尔德穆哈梅多夫出席仪式。"
    (candidate,) = [c for c in extract([("a.txt", text)], bare) if c.zh == "谢尔达尔·别尔德穆哈梅多夫"]
    assert candidate.suggestion_source is SuggestionSource.NAME_MODEL
    assert candidate.suggestion.endswith("Berdmukhamedov")


def test_names_listed_before_a_count_and_a_kind_word_are_of_that_kind(bare: Detector) -> None:
    text = "公司在田吉兹、卡沙甘和卡拉恰甘纳克三大油田拥有股份。"
    types = {c.zh: c.type for c in extract([("a.txt", text)], bare)}
    assert types["田吉兹"] is types["卡沙甘"] is types["卡拉恰甘纳克"] is TermType.DEPOSIT


def test_a_name_whose_parts_a_dash_joins_is_no_person(bare: Detector) -> None:
    text = "公司计划修建多斯特克—莫因特铁路复线。"  # a railway between two towns
    (candidate,) = [c for c in extract([("a.txt", text)], bare) if c.zh == "多斯特克·莫因特"]
    assert candidate.type is not TermType.PERSON


def test_names_listed_before_etc_and_places_are_places(shipped: Detector) -> None:
    # The glossary covers Almaty and Astana, so no place beside 奇姆肯特 says what it is: 等地 does.
    text = "阿拉木图、阿斯塔纳、奇姆肯特等地的房价持续上涨。"
    (candidate,) = [c for c in extract([("a.txt", text)], shipped) if c.zh == "奇姆肯特"]
    assert candidate.type is TermType.PLACE


def test_a_route_of_places_joined_by_dashes_is_no_person(bare: Detector) -> None:
    text = "巴库—第比利斯—杰伊汉输油管道是另一条路线。"
    (candidate,) = [c for c in extract([("a.txt", text)], bare) if c.zh == "巴库·第比利斯·杰伊汉"]
    assert candidate.type is not TermType.PERSON


def test_names_listed_before_etc_and_a_kind_word_are_of_that_kind(bare: Detector) -> None:
    text = "吉尔吉斯斯坦的库姆托尔、杰鲁伊和塔尔德布拉克等金矿吸引了外国投资。"
    types = {c.zh: c.type for c in extract([("a.txt", text)], bare)}
    assert types["库姆托尔"] is types["杰鲁伊"] is types["塔尔德布拉克"] is TermType.DEPOSIT


def test_a_mine_is_never_offered_a_chinese_person_s_pinyin(bare: Detector) -> None:
    # 安 is a surname, so 安格连 alone reads as a Chinese person's name (An Gelian); before 煤田 it is Angren.
    (candidate,) = [c for c in extract([("a.txt", "安格连煤田储量丰富。")], bare) if c.zh == "安格连"]
    assert candidate.type is TermType.DEPOSIT
    assert candidate.suggestion_source is not SuggestionSource.PINYIN
    assert candidate.suggestion != "An Gelian"


@pytest.mark.parametrize(
    ("text", "zh", "english", "kind"),
    [
        pytest.param("卡沙甘（Kashagan）油田位于里海北部。", "卡沙甘", "Kashagan", TermType.DEPOSIT, id="then-kind"),
        pytest.param("“阿基奥拉”（Akipress）通讯社报道。", "阿基奥拉", "Akipress", TermType.ORGANISATION, id="quoted"),
        pytest.param("博兹舍库尔 (Bozshakol) 选矿厂投产。", "博兹舍库尔", "Bozshakol", TermType.DEPOSIT, id="ascii"),
        # The Chinese spells the surname alone: so does the English it takes from the brackets.
        pytest.param("法官卡瓦诺（Brett Kavanaugh）出席听证会。", "卡瓦诺", "Kavanaugh", TermType.PERSON, id="surname"),
    ],
)
def test_the_latin_original_in_brackets_is_the_suggestion(
    bare: Detector, text: str, zh: str, english: str, kind: TermType
) -> None:
    found = {c.zh: c for c in extract([("a.txt", text)], bare)}
    candidate = found[zh]
    assert (candidate.suggestion, candidate.suggestion_source) == (english, SuggestionSource.PAIRED)
    assert candidate.type is kind
    assert candidate.approved_english == english
    assert not any(c.suggestion_source is SuggestionSource.LATIN for c in found.values())  # no candidate of its own


def test_a_surname_is_taken_from_a_whole_name_only_where_the_chinese_spells_it() -> None:
    oracle = NameOracle()
    assert oracle.surname_in("迪卡尼奥", "Paulo Di Canio") == "Di Canio"  # the last words that sound like it
    assert oracle.surname_in("西维吉尼亚", "West Virginia") == "West Virginia"  # a place has no surname
    assert oracle.surname_in("周杰伦", "Jay Chou") == "Jay Chou"  # the Chinese spells more than Chou
    assert oracle.surname_in("马莎百货", "Marks and Spencer") == "Marks and Spencer"  # not names alone


def test_romanisation_is_marked_and_never_the_english(bare: Detector) -> None:
    oracle = NameOracle(bare.glossary, model=NameModel.empty())  # a model that can spell nothing
    text = "外长努尔特列乌表示欢迎。"
    (candidate,) = [c for c in extract([("a.txt", text)], bare, oracle=oracle) if c.zh == "努尔特列乌"]
    assert candidate.suggestion_source is SuggestionSource.ROMANISED
    assert candidate.suggestion == "Nuerteliewu"
    assert candidate.approved_english == ""


@pytest.mark.parametrize(
    ("text", "form", "concept"),
    [
        pytest.param("总统托咔耶夫表示欢迎。", "托咔耶夫", "tokayev", id="same-pinyin"),
        pytest.param("萨姆鲁克·卡兹娜基金表示欢迎。", "萨姆鲁克·卡兹娜", "samruk-kazyna", id="close-characters"),
    ],
)
def test_variant_of_an_existing_concept(shipped: Detector, text: str, form: str, concept: str) -> None:
    (candidate,) = [c for c in extract([("a.txt", text)], shipped) if c.zh == form]
    assert candidate.variant_of is not None
    assert candidate.variant_of.concept == concept
    assert candidate.concept == concept
    assert candidate.suggestion == shipped.glossary.concept(concept).target


@pytest.mark.parametrize(
    ("known", "text", "form"),
    [
        pytest.param(
            Term("萨姆鲁克·卡泽纳", "Samruk-Kazyna", "samruk-kazyna", TermType.ORGANISATION),
            "萨姆鲁克·卡兹纳基金表示欢迎。",
            "萨姆鲁克·卡兹纳",
            id="kazyna-one-character-apart",
        ),
        pytest.param(
            Term("托卡耶夫", "Tokayev", "tokayev", TermType.PERSON),
            "总统托卡叶夫出席了会议。",
            "托卡叶夫",
            id="tokayev-taiwan-rendering",
        ),
    ],
)
def test_variant_of_the_issues_examples(known: Term, text: str, form: str) -> None:
    """The shipped glossary holds both forms of these; here it holds one, and the other is found as its variant."""
    (candidate,) = [c for c in extract([("a.txt", text)], Detector(Glossary.of([known]))) if c.zh == form]
    assert candidate.variant_of is not None
    assert candidate.variant_of.concept == known.concept
    assert (candidate.suggestion, candidate.type) == (known.target, known.type)


def test_a_city_named_like_a_glossary_region_is_the_city(shipped: Detector) -> None:
    (candidate,) = [c for c in extract([("a.txt", "科斯塔奈市的工厂开工。")], shipped) if c.zh == "科斯塔奈"]
    assert candidate.variant_of is None  # not the concept Kostanay Region: the glossary's name inside it
    assert candidate.suggestion == "Kostanay"
    assert candidate.suggestion_source is SuggestionSource.GLOSSARY


def test_ranked_by_confidence_with_min_count_and_top(bare: Detector) -> None:
    text = "外长努尔特列乌表示欢迎。努尔特列乌说。卡梅科表示。"
    ranked = extract([("a.txt", text)], bare)
    assert [c.confidence for c in ranked] == sorted((c.confidence for c in ranked), reverse=True)
    assert [c.zh for c in extract([("a.txt", text)], bare, min_count=2)] == ["努尔特列乌"]
    assert len(extract([("a.txt", text)], bare, top=1)) == 1


def test_confidence_grows_with_evidence(bare: Detector) -> None:
    alone = {c.zh: c.confidence for c in extract([("a.txt", "努尔特列乌抵达。")], bare)}
    cued = {c.zh: c.confidence for c in extract([("a.txt", "外长努尔特列乌抵达。")], bare)}
    assert cued["努尔特列乌"] > alone["努尔特列乌"]


# --- renderings ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def candidates(bare: Detector) -> list:
    return extract([("a.txt", "外长努尔特列乌表示欢迎。\n总统抵达阿斯塔纳市。巴甫洛达尔州很大。\n")], bare)


def test_jsonl_has_the_promised_fields(candidates: list) -> None:
    records = [json.loads(line) for line in render(candidates, Format.JSONL).splitlines()]
    assert len(records) == len(candidates)
    for key in ("zh", "count", "type", "pinyin", "suggestion", "variant_of", "examples", "alternatives"):
        assert all(key in r for r in records), key
    modelled = next(r for r in records if r["zh"] == "努尔特列乌")
    assert modelled["suggestion_source"] == "name-model"
    assert modelled["alternatives"]
    assert {"english", "score", "source"} <= set(modelled["alternatives"][0])
    assert records[0]["examples"][0]["file"] == "a.txt"


def test_po_is_a_term_file_of_drafts(candidates: list, tmp_path) -> None:
    path = tmp_path / "candidates.po"
    path.write_text(render(candidates, Format.PO), encoding="utf-8")
    terms = read_po(path)
    assert [t.source for t in terms] == [c.zh for c in candidates]
    assert all(t.draft for t in terms)
    by_source = {t.source: t for t in terms}
    assert by_source["阿斯塔纳"].target == "Astana"
    nurteleu = next(c for c in candidates if c.zh == "努尔特列乌")
    assert by_source["努尔特列乌"].target == nurteleu.suggestion != "Nuerteliewu"  # the name model's, a draft
    assert by_source["努尔特列乌"].type is TermType.PERSON
    assert "pinyin: nǔ ěr tè liè wū" in by_source["努尔特列乌"].comment
    assert f"alternatives: {nurteleu.alternatives[0].english} (model " in by_source["努尔特列乌"].comment


def test_tsv_has_a_header_and_one_row_per_candidate(candidates: list) -> None:
    rows = [line.split("\t") for line in render(candidates, Format.TSV).splitlines()]
    assert rows[0][:4] == ["confidence", "count", "docs", "zh"]
    assert len(rows) == len(candidates) + 1
    assert len({len(r) for r in rows}) == 1


def test_table_columns_line_up_with_wide_characters(candidates: list) -> None:
    lines = table(candidates).splitlines()
    # The type column starts at the same display column on every line, whatever the Chinese width.
    import unicodedata

    def display(prefix: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in prefix)

    starts = set()
    for line, candidate in zip(lines[1:], candidates, strict=True):
        kind = candidate.type.value if candidate.type else "-"
        starts.add(display(line[: line.index(f"  {kind} ") + 2]))
    assert len(starts) == 1


# --- what it learns from ------------------------------------------------------------------------

CEDICT = """\
# a comment
阿斯塔納 阿斯塔纳 [A1 si1 ta3 na4] /Astana, capital of Kazakhstan/
北京 北京 [Bei3 jing1] /Beijing, capital of the People's Republic of China/
美國 美国 [Mei3 guo2] /United States/USA/
朋友 朋友 [peng2 you5] /friend/
英國 英国 [Ying1 guo2] /United Kingdom 聯合王國|联合王国[Lian2 he2 wang2 guo2]/United Kingdom of Great Britain/
愛荷華 爱荷华 [Ai4 he2 hua2] /Iowa, US state (Tw)/
東北 东北 [Dong1 bei3] /Northeast China/Manchuria/
東北 东北 [dong1 bei3] /northeast/
默克爾 默克尔 [Mo4 ke4 er3] /Angela Merkel (1954-), German CDU politician, chancellor from 2005/
"""


def test_lexicon_keeps_proper_nouns_and_tells_sound_alikes() -> None:
    lexicon = parse(CEDICT)
    assert set(lexicon.nouns) == {"阿斯塔纳", "北京", "美国", "英国", "爱荷华", "东北", "默克尔"}
    assert lexicon.english("阿斯塔纳") == "Astana"
    assert lexicon.transliterations() == ["阿斯塔纳"]  # Beijing is pinyin, United States a translation
    # A gloss with a life span is a person's: the oracle may then keep the surname alone.
    assert [form for form, noun in lexicon.nouns.items() if noun.person] == ["默克尔"]


@pytest.mark.parametrize(
    ("gloss", "person"),
    [
        ("Aleksandr Grigoryevich Lukachenko, president of Belarus from 1994", True),
        ("Maulana Fazlullah, Pakistan Taleban leader", True),
        ("Christian Johann Doppler, Austrian physicist who discovered the Doppler effect", True),
        ("Elysée Palace, official residence of French president", False),  # a role, but not the name's
        ("Astana, capital of Kazakhstan", False),
        ("Kashagan, oil field in the Caspian Sea", False),
    ],
)
def test_a_gloss_that_says_what_the_name_does_is_a_person_s(gloss: str, person: bool) -> None:
    lexicon = parse(f"盧卡申科 卢卡申科 [Lu2 ka3 shen1 ke1] /{gloss}/\n")
    assert lexicon.nouns["卢卡申科"].person is person


def test_a_gloss_with_its_article_gives_the_name_without_it() -> None:
    lexicon = parse("克里姆林宮 克里姆林宫 [Ke4 li3 mu3 lin2 Gong1] /the Kremlin/\n")
    assert lexicon.english("克里姆林宫") == "Kremlin"
    assert lexicon.transliterations() == []  # kept out of the transliteration score, as a described name


def test_lexicon_reads_past_cross_references_and_knows_ordinary_words_and_states() -> None:
    lexicon = parse(CEDICT)
    assert lexicon.english("英国") == "United Kingdom"  # not the cross-referenced 联合王国's pinyin, not the long form
    assert lexicon.is_common_word("朋友")
    assert not lexicon.is_common_word("东北")  # also a proper noun (Northeast China)
    assert lexicon.is_also_word("东北")  # Northeast China, and "northeast"
    assert not lexicon.is_also_word("朋友")
    assert not lexicon.is_also_word("北京")
    assert lexicon.is_state("爱荷华")
    assert not lexicon.is_state("美国")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("没在英国注册的外国公司，外国公司很多。", "外国"),
        ("下午二点，封锁区内有两辆警备车。", "封锁"),
        ("一座煤矿发生瓦斯爆炸。", "瓦斯"),  # a loanword of two characters (firedamp), however it scores
    ],
)
def test_a_word_cc_cedict_knows_only_as_a_word_is_no_name_whatever_jieba_tags_it(
    bare: Detector, text: str, word: str
) -> None:
    assert word not in _forms(bare, text)


@pytest.mark.parametrize(("text", "word"), [("该市将新建一座选矿厂。", "新建"), ("公司计划向东方扩展业务。", "东方")])
def test_a_chinese_name_that_is_also_a_word_is_the_word_where_nothing_says_name(
    bare: Detector, text: str, word: str
) -> None:
    # CC-CEDICT knows 新建 as Xinjian county and as "newly built"; jieba tags it ns.
    assert bare.lexicon.is_also_word(word)
    assert word not in _forms(bare, text)


def test_a_transliteration_that_is_also_a_word_may_still_be_a_name(bare: Detector) -> None:
    # 韦伯 is Weber and the weber: a sound-alike of a foreign name is left to the other signals.
    assert bare.lexicon.is_also_word("韦伯")
    assert "韦伯" in _forms(bare, "韦伯是德国社会学家。")


def test_the_elements_characters_never_score_like_a_name_s() -> None:
    from glossmt.glossary.extract.translit import ELEMENT_SCORE

    # 钼 is rare in general Chinese and in no name: the smoothing alone would score it above zero.
    score = TransliterationScore.train(["斯克夫"], Counter("的是了在国家的是" * 10 + "钼斯"))
    assert score.char("钼") == ELEMENT_SCORE < score.char("斯")


def test_transliteration_score_is_learned_from_the_names_it_is_given() -> None:
    score = TransliterationScore.train(["斯克夫", "诺夫斯克"], Counter("的是了在国家的是" * 10 + "斯"))
    assert score.char("夫") > 0 > score.char("的")
    assert score.run("诺斯克") > score.run("国家的")
    assert score.char("龘") == 0.0


def test_glossary_forms_teach_the_score() -> None:
    without = Detector(Glossary())
    with_terms = Detector(Glossary.of([Term("啵嘞咻", "Bolexiu", "bolexiu", TermType.PERSON)]))
    assert with_terms.score.char("咻") > without.score.char("咻")


@pytest.mark.parametrize(
    ("text", "whole", "fragment"),
    [
        pytest.param("土耳其总统埃尔多安出访德国。", "埃尔多安", "埃尔多", id="an-cut-off"),
        pytest.param("主席汉斯·彼得·巴特尔斯表示。", "汉斯·彼得·巴特尔斯", "汉斯·彼", id="de-cut-off"),
    ],
)
def test_a_name_the_name_model_knows_whole_is_not_cut(shipped: Detector, text: str, whole: str, fragment: str) -> None:
    forms = [c.zh for c in extract([("a.txt", text)], shipped)]
    assert whole in forms
    assert fragment not in forms


def test_latin_names_keep_their_accented_letters(shipped: Detector) -> None:
    forms = [c.zh for c in extract([("a.txt", "前总统Eduardo Rodríguez Veltzé表示，Ólafur也来了。")], shipped)]
    assert "Eduardo Rodríguez Veltzé" in forms
    assert not any(f.endswith(("Rodr", "Veltz")) for f in forms)


def test_a_capital_known_to_the_lexicon_is_a_place_even_after_a_title(shipped: Detector) -> None:
    (moscow,) = [c for c in extract([("a.txt", "外长莫斯科表示。莫斯科很冷。")], shipped) if c.zh == "莫斯科"]
    assert moscow.type is TermType.PLACE


def test_a_palace_is_a_place_though_it_says_something(shipped: Detector) -> None:
    # 克里姆林宫 "the Kremlin" before 表示 (says) was typed a person; 宫 (palace) ends a building's name.
    text = "新闻秘书佩斯科夫表示，克里姆林宫表示对此不予置评。"
    (kremlin,) = [c for c in extract([("a.txt", text)], shipped) if c.zh == "克里姆林宫"]
    assert kremlin.type is TermType.PLACE
    assert kremlin.suggestion == "Kremlin"
