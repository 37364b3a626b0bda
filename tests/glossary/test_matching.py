"""Finding terms: leftmost-longest, never overlapping, guarded by jieba, offsets into the original text."""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import ahocorasick_rs
import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.glossary.loading import load_glossary
from glossmt.glossary.matching import Match, Matcher, leftmost_longest
from glossmt.glossary.model import Glossary, Term
from glossmt.glossary.normalise import normalise_form

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_ARTICLE = ROOT / "corpora" / "sample-article.zh.txt"

# (msgctxt, msgid, msgstr, type)
Row = tuple[str, str, str, str | None]

ROWS: list[Row] = [
    ("howard-lutnick", "霍华德·卢特尼克", "Howard Lutnick", "person"),
    ("lutnick", "卢特尼克", "Lutnick", "person"),
    ("donald-trump", "唐纳德·特朗普", "Donald Trump", "person"),
    ("donald-trump", "唐纳德·川普", "Donald Trump", "person"),
    ("donald-trump", "唐纳·川普", "Donald Trump", "person"),
    ("trump", "特朗普", "Trump", "person"),
    ("trump", "川普", "Trump", "person"),
    ("united-states", "美国", "United States", "place"),
    ("china", "中国", "China", "place"),
    ("central-asia", "中亚", "Central Asia", "place"),
    ("kazakhstan", "哈萨克斯坦", "Kazakhstan", "place"),
    ("tau-ken-samruk", "陶肯·萨姆鲁克", "Tau-Ken Samruk", "company"),
    ("tau-ken-samruk", "哈萨克斯坦国家矿业公司", "Tau-Ken Samruk", "company"),
    ("samruk-kazyna", "萨姆鲁克·卡泽纳", "Samruk-Kazyna", "organisation"),
    ("tokayev", "托卡耶夫", "Tokayev", "person"),
    ("kazakh", "哈萨克", "Kazakh", "place"),
    ("russia", "俄", "Russia", "place"),
]


def write_glossary(path: Path, rows: list[Row]) -> Path:
    """A PO term file with one entry per ``(msgctxt, msgid, msgstr, type)``."""
    blocks = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n']
    for concept, source, target, kind in rows:
        comment = f"#. type: {kind}\n" if kind else ""
        blocks.append(f'{comment}msgctxt "{concept}"\nmsgid "{source}"\nmsgstr "{target}"\n')
    path.write_text("\n".join(blocks), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    return load_glossary([write_glossary(tmp_path_factory.mktemp("matching") / "terms.po", ROWS)])


@pytest.fixture(scope="module")
def matcher(glossary: Glossary) -> Matcher:
    return Matcher(glossary)


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    """``(span, concept)`` of every match, after checking each span is the original text."""
    matches = matcher.find(text)
    for m in matches:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.concept) for m in matches]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("霍华德·卢特尼克表示", [("霍华德·卢特尼克", "howard-lutnick")], id="longest-wins"),
        pytest.param("卢特尼克表示", [("卢特尼克", "lutnick")], id="short-form-alone"),
        pytest.param(
            "霍华德·卢特尼克和卢特尼克",
            [("霍华德·卢特尼克", "howard-lutnick"), ("卢特尼克", "lutnick")],
            id="long-then-short-no-overlap",
        ),
        pytest.param(
            "唐纳德·特朗普、唐纳德·川普、唐纳·川普、特朗普和川普",
            [
                ("唐纳德·特朗普", "donald-trump"),
                ("唐纳德·川普", "donald-trump"),
                ("唐纳·川普", "donald-trump"),
                ("特朗普", "trump"),
                ("川普", "trump"),
            ],
            id="every-variant-of-a-concept",
        ),
        pytest.param(
            "哈萨克斯坦国家矿业公司即陶肯·萨姆鲁克",
            [("哈萨克斯坦国家矿业公司", "tau-ken-samruk"), ("陶肯·萨姆鲁克", "tau-ken-samruk")],
            id="long-name-hides-its-place",
        ),
        pytest.param("霍華德•盧特尼克說", [("霍華德•盧特尼克", "howard-lutnick")], id="traditional-with-bullet"),
        pytest.param("在臺灣，川普與盧特尼克", [("川普", "trump"), ("盧特尼克", "lutnick")], id="traditional-sentence"),
        pytest.param("薩姆魯克·卡澤納基金", [("薩姆魯克·卡澤納", "samruk-kazyna")], id="traditional-org"),
        pytest.param("与Tau-Ken Samruk合作", [("Tau-Ken Samruk", "tau-ken-samruk")], id="latin-as-written"),
        pytest.param("与TAU-KEN SAMRUK合作", [("TAU-KEN SAMRUK", "tau-ken-samruk")], id="latin-upper"),
        pytest.param("与tau-ken samruk合作", [("tau-ken samruk", "tau-ken-samruk")], id="latin-lower"),
        pytest.param("与Tau–Ken Samruk合作", [("Tau–Ken Samruk", "tau-ken-samruk")], id="latin-en-dash"),
        pytest.param(
            "与ＴＡＵ－ＫＥＮ　Ｓａｍｒｕｋ合作",
            [("ＴＡＵ－ＫＥＮ　Ｓａｍｒｕｋ", "tau-ken-samruk")],
            id="latin-full-width",
        ),
        pytest.param("Trump说", [("Trump", "trump")], id="latin-surname-before-chinese"),
        pytest.param("Tau-Ken Samrukfund", [], id="latin-glued-after"),
        pytest.param("XTau-Ken Samruk", [], id="latin-glued-before"),
        pytest.param("Tau-Ken Samruk2", [], id="latin-glued-digit"),
        pytest.param("Trumpet和Trumps", [], id="latin-prefix-of-longer-word"),
        pytest.param("没有任何名字", [], id="nothing"),
        pytest.param("", [], id="empty"),
    ],
)
def test_find(matcher: Matcher, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(matcher, text) == expected


@pytest.mark.parametrize(
    "separator",
    [pytest.param(s, id=f"U+{ord(s):04X}") for s in "·•‧・‐-–—－"],
)
def test_any_name_separator_matches(matcher: Matcher, separator: str) -> None:
    text = f"部长霍华德{separator}卢特尼克说"
    [match] = matcher.find(text)
    assert (match.start, match.end) == (2, 10)
    assert match.text == f"霍华德{separator}卢特尼克"
    assert match.concept == "howard-lutnick"


def test_traditional_offsets_point_into_the_original(matcher: Matcher) -> None:
    text = "美國總統川普會見霍華德•盧特尼克。"
    matches = matcher.find(text)
    assert [(m.start, m.end, m.text, m.concept) for m in matches] == [
        (0, 2, "美國", "united-states"),
        (4, 6, "川普", "trump"),
        (8, 16, "霍華德•盧特尼克", "howard-lutnick"),
    ]


def test_latin_match_is_flagged_and_carries_the_term(matcher: Matcher) -> None:
    [match] = matcher.find("据Tau-Ken Samruk称")
    assert match.latin
    assert match.target == "Tau-Ken Samruk"
    [chinese] = matcher.find("据陶肯·萨姆鲁克称")
    assert not chinese.latin


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # jieba alone cuts 美国商务部长卢特尼克 as … 长卢特/尼克: the name must survive that.
        pytest.param("美国商务部长卢特尼克", [("卢特尼克", "lutnick")], [], id="surname-after-title"),
        pytest.param("美国人喜欢", [], ["united-states"], id="demonym-american"),
        pytest.param("哈萨克斯坦人认为", [], ["kazakhstan"], id="demonym-kazakh"),
        pytest.param("美国总统特朗普", [("美国", "united-states"), ("特朗普", "trump")], [], id="place-before-title"),
        pytest.param("在美国，", [("美国", "united-states")], [], id="place-before-punctuation"),
        pytest.param("其中亚马逊", [], ["central-asia"], id="zhongya-across-words"),
        pytest.param("前往中亚和欧洲", [("中亚", "central-asia")], [], id="zhongya-as-word"),
        pytest.param("中国人民银行", [], ["china"], id="inside-dictionary-word"),
        pytest.param("中国与美国", [("中国", "china"), ("美国", "united-states")], [], id="two-places"),
        # A compound that adds what the English writes beside the name keeps it (issue 9) …
        pytest.param(
            "哈萨克斯坦共和国总统托卡耶夫会见",
            [("哈萨克斯坦", "kazakhstan"), ("托卡耶夫", "tokayev")],
            [],
            id="republic-of",
        ),
        pytest.param("哈萨克斯坦队获胜", [("哈萨克斯坦", "kazakhstan")], [], id="team"),
        pytest.param("中国队夺冠", [("中国", "china")], [], id="team-dictionary-word"),
        pytest.param("美国政府表示", [("美国", "united-states")], [], id="government"),
        pytest.param("特朗普政府宣布", [("特朗普", "trump")], [], id="administration-of-a-person"),
        # … one that makes another word does not.
        pytest.param("中亚国家领导人", [], ["central-asia"], id="central-asian-countries"),
        pytest.param("哈萨克族人口", [], ["kazakh"], id="ethnic-kazakhs"),
        pytest.param("美国人和中国人", [], ["united-states", "china"], id="demonyms"),
        pytest.param("学习俄语", [], ["russia"], id="language"),
    ],
)
def test_jieba_traps(matcher: Matcher, text: str, present: list[tuple[str, str]], absent: list[str]) -> None:
    matches = found(matcher, text)
    for hit in present:
        assert hit in matches
    concepts = {concept for _, concept in matches}
    assert not concepts & set(absent)
    assert all(span != "卢特" for span, _ in matches)


@pytest.fixture(scope="module")
def amazon_matcher(tmp_path_factory: pytest.TempPathFactory) -> Matcher:
    rows: list[Row] = [
        ("central-asia", "中亚", "Central Asia", "place"),
        ("amazon", "亚马逊", "Amazon", "company"),
        ("tau-ken-samruk", "陶肯·萨姆鲁克", "Tau-Ken Samruk", "company"),
        ("samruk-kazyna", "萨姆鲁克·卡泽纳", "Samruk-Kazyna", "organisation"),
    ]
    path = write_glossary(tmp_path_factory.mktemp("amazon") / "terms.po", rows)
    return Matcher(load_glossary([path]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 中亚 (leftmost) is rightly refused; the term it overlapped must then be found.
        pytest.param("其中亚马逊", [("亚马逊", "amazon")], id="chinese"),
        pytest.param("其中亚马逊公司", [("亚马逊", "amazon")], id="chinese-longer"),
        pytest.param("xTau-Ken Samruk-Kazyna", [("Samruk-Kazyna", "samruk-kazyna")], id="latin"),
    ],
)
def test_a_refused_hit_does_not_hide_the_term_it_overlaps(
    amazon_matcher: Matcher, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(amazon_matcher, text) == expected


# --- properties over generated text ------------------------------------------------------------


@cache
def _converters() -> tuple[opencc.OpenCC, ...]:
    return tuple(opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk"))


@cache
def _variants() -> tuple[tuple[str, str], ...]:
    """``(written form, concept)``: each glossary form in Simplified and Traditional, and the English."""
    variants: dict[str, str] = {}
    for concept, source, target, _ in ROWS:
        variants[source] = concept
        for converter in _converters():
            written = converter.convert(source)
            if normalise_form(written) == normalise_form(source):
                variants[written] = concept
        variants.setdefault(target, concept)
        variants.setdefault(target.upper(), concept)
    return tuple(variants.items())


_FILLER = st.text(st.sampled_from("的了是在和与其他说道部长总统人民会见表示年月日国家公司"), max_size=4)
_PUNCTUATION = st.sampled_from(["，", "。", "、", "；", "（", "）", " ", "\n"])


def _keys(match: Match) -> set[str]:
    return {normalise_form(match.term.source), normalise_form(match.term.target)}


def _assert_invariants(text: str, matches: list[Match]) -> None:
    assert matches == sorted(matches, key=lambda m: (m.start, m.end))
    for before, after in itertools.pairwise(matches):
        assert before.end <= after.start
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert normalise_form(m.text) in _keys(m)


@settings(max_examples=150)
@given(st.lists(st.tuples(_FILLER, st.sampled_from(_variants())), max_size=6), _FILLER)
def test_matches_are_sorted_disjoint_and_exact(
    matcher: Matcher, pieces: list[tuple[str, tuple[str, str]]], tail: str
) -> None:
    text = "".join(filler + form for filler, (form, _) in pieces) + tail
    _assert_invariants(text, matcher.find(text))


@settings(max_examples=150)
@given(st.lists(st.tuples(_PUNCTUATION, st.sampled_from(_variants())), max_size=6), _PUNCTUATION)
def test_forms_set_apart_by_punctuation_are_all_found(
    matcher: Matcher, pieces: list[tuple[str, tuple[str, str]]], tail: str
) -> None:
    text = "".join(punct + form for punct, (form, _) in pieces) + tail
    matches = matcher.find(text)
    _assert_invariants(text, matches)
    assert [(m.text, m.concept) for m in matches] == [(form, concept) for _, (form, concept) in pieces]


# --- the shipped glossary on the sample article ------------------------------------------------


@pytest.fixture(scope="module")
def shipped_matcher(shipped_glossary: Glossary) -> Matcher:
    return Matcher(shipped_glossary)


def _article_line(number: int) -> str:
    return SAMPLE_ARTICLE.read_text(encoding="utf-8").splitlines()[number - 1]


@pytest.mark.parametrize(
    ("line", "concepts"),
    [
        pytest.param(
            3,
            ["tau-ken-samruk", "cove-kaz-capital-group", "karaganda-region", "upper-kairaktinskoye", "north-katpar"],
            id="deal",
        ),
        pytest.param(4, ["tau-ken-samruk"], id="stakes"),
        pytest.param(
            5, ["howard-lutnick", "lutnick", "tungsten", "export-import-bank-of-the-united-states"], id="lutnick"
        ),
        pytest.param(6, ["kazakhstan", "tokayev"], id="tokayev"),
    ],
)
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_shipped_glossary_finds_the_article_names(
    shipped_matcher: Matcher, line: int, concepts: list[str], script: str
) -> None:
    text = _article_line(line)
    if script == "traditional":
        text = opencc.OpenCC("s2tw").convert(text)
    matches = shipped_matcher.find(text)
    _assert_invariants(text, matches)
    found_concepts = [m.concept for m in matches]
    for concept in concepts:
        assert concept in found_concepts


def test_results_do_not_depend_on_what_was_matched_before(shipped_glossary: Glossary) -> None:
    corpus = (ROOT / "corpora" / "news.zh-en.tsv").read_text(encoding="utf-8").splitlines()
    sentences = [line.split("\t", 1)[0] for line in corpus]
    fresh = [Matcher(shipped_glossary).find(s) for s in sentences[:40]]
    seasoned = Matcher(shipped_glossary)
    for sentence in reversed(sentences):
        seasoned.find(sentence)
    assert [seasoned.find(s) for s in sentences[:40]] == fresh


@given(
    st.lists(st.text("abc", min_size=1, max_size=4), min_size=1, max_size=8, unique=True),
    st.text("abcd", max_size=40),
)
def test_leftmost_longest_from_overlapping_hits_is_the_automatons_own(patterns: list[str], text: str) -> None:
    overlapping = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
    reference = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    chosen = leftmost_longest(overlapping.find_matches_as_indexes(text, overlapping=True))
    assert chosen == reference.find_matches_as_indexes(text)


def test_the_segmenter_loads_when_asked_and_only_for_a_matcher_that_uses_it() -> None:
    glossary = Glossary.of([Term("卢特尼克", "Howard Lutnick", "lutnick")])
    eager = Matcher(glossary)
    assert "_tokenizer" not in vars(eager)  # lazy: a run without an ambiguous hit never loads it
    eager.load_segmenter()
    assert "_tokenizer" in vars(eager)
    plain = Matcher(glossary, use_jieba=False)
    plain.load_segmenter()
    assert "_tokenizer" not in vars(plain)
    assert [m.text for m in eager.find("卢特尼克表示")] == [m.text for m in plain.find("卢特尼克表示")] == ["卢特尼克"]
