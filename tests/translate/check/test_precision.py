"""Issue 9: ``check`` raises no false alarms on correct real-style English, and still finds misspellings."""

from __future__ import annotations

import pytest

from glossmt.glossary.model import Glossary, Term, TermType
from glossmt.translate.check import readers as checkdocs
from glossmt.translate.check.checker import Checker, Finding
from glossmt.translate.check.checks import check_documents
from glossmt.translate.verify import Expected, verify

TERMS = [
    Term(
        "科夫卡兹资本集团",
        "Cove Kaz Capital Group",
        "cove-kaz",
        TermType.COMPANY,
        accept=("Cove Kaz Capital", "Cove Kaz"),
    ),
    Term("阿蒙蒂工业", "Almonty Industries", "almonty", TermType.COMPANY),
    Term("美国地质调查局", "U.S. Geological Survey", "usgs", TermType.AGENCY),
    Term("张伟", "Zhang Wei", "zhang-wei", TermType.PERSON),
    Term("刘峰", "Liu Feng", "liu-feng", TermType.PERSON),
    Term("凌寒", "Ling Han", "ling-han", TermType.PERSON),
    Term("张媛", "Zhang Yuan", "zhang-yuan", TermType.PERSON),
    Term("卢家", "Lu family", "lu-family", TermType.ORGANISATION),
    Term("少爷", "Young Master", "young-master", TermType.PERSON),
    Term("猛虎", "Tiger", "tiger", TermType.PERSON),
    Term("乌斯季", "Ust-Kamenogorsk", "ust", TermType.PLACE, avoid=("Ust-Kamenogorskiy",)),
    Term("托卡耶夫", "Tokayev", "tokayev", TermType.PERSON),
    Term("上凯拉克京斯科耶", "Upper Kairaktinskoye", "upper-k", TermType.DEPOSIT),
]


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Glossary.of(TERMS))


def _check(checker: Checker, text: str) -> list[Finding]:
    return check_documents(checker, [checkdocs.from_bytes(text.encode(), "t.txt")])


def test_verify_accepts_a_variant_only_when_passed() -> None:
    english = "Cove Kaz Capital said on Monday."
    assert not verify(english, [Expected("c", "Cove Kaz Capital Group")])[0].present
    assert verify(english, [Expected("c", "Cove Kaz Capital Group", accept=("Cove Kaz Capital",))])[0].present


@pytest.mark.parametrize(
    "text",
    [
        "Cove Kaz Capital said it would buy the stake; Cove Kaz declined to comment.",
        "Almonty Industries Inc. owns the Sangdong mine.",
        "The U.S. Geological Survey said output fell.",
        "As Zhang Wei said, In Zhang Wei's view, If Zhang Wei agrees, To Zhang Wei it was clear.",
        "Lin Feng met Liu Feng; the Li family and the Lu family; Zhang Yun and Zhang Yuan.",
        "The young master laughed. The Tigers won. Young Master Lu left.",
    ],
)
def test_correct_english_raises_nothing(checker: Checker, text: str) -> None:
    assert [(f.found, f.diagnostic.code) for f in _check(checker, text)] == []


@pytest.mark.parametrize(
    ("text", "found", "suggestion"),
    [
        ("Lign Han arrived.", "Lign Han", "Ling Han"),
        ("Zhang Wie arrived.", "Zhang Wie", "Zhang Wei"),
        ("The Upper Kairaktinskoe deposit.", "Upper Kairaktinskoe", "Upper Kairaktinskoye"),
        ("President Tokaev spoke.", "Tokaev", "Tokayev"),
        ("Cove Kaz Capitl Group bought it.", "Cove Kaz Capitl Group", "Cove Kaz Capital Group"),
    ],
)
def test_misspellings_are_still_found_with_the_right_span(
    checker: Checker, text: str, found: str, suggestion: str
) -> None:
    assert [(f.found, f.diagnostic.suggestion) for f in _check(checker, text)] == [(found, suggestion)]


def test_one_finding_per_span_the_strongest(checker: Checker) -> None:
    findings = _check(checker, "The Ust-Kamenogorskiy plant.")
    assert [(f.found, f.diagnostic.code) for f in findings] == [("Ust-Kamenogorskiy", "avoid-rendering")]


def test_a_frequent_consistent_spelling_is_info_at_most(checker: Checker) -> None:
    once = _check(checker, "The Upper Kairaktinsky deposit.")
    assert [(f.found, f.diagnostic.severity.value) for f in once] == [("Upper Kairaktinsky", "warning")]
    often = _check(checker, "Upper Kairaktinsky is big.\nUpper Kairaktinsky grew.\nWe saw Upper Kairaktinsky.")
    assert {(f.found, f.diagnostic.severity.value, f.edit) for f in often} == {("Upper Kairaktinsky", "info", None)}
    # one edit from the name stays a misspelling however often it is written
    typo = _check(checker, "Tokaev spoke.\nTokaev left.\nTokaev returned.")
    assert {f.diagnostic.severity.value for f in typo} == {"warning"}


def test_an_accepted_variant_satisfies_the_chinese_in_bilingual_input(checker: Checker) -> None:
    pairs = (
        "科夫卡兹资本集团收购了股份。\tCove Kaz Capital bought the stake.\n"
        "阿蒙蒂工业表示。\tAlmonty Industries Inc. said.\n"
    )
    doc = checkdocs.from_bytes(pairs.encode(), "pairs.tsv", kind="tsv")
    assert doc.bilingual
    assert check_documents(checker, [doc]) == []
    missing = checkdocs.from_bytes(
        "科夫卡兹资本集团收购了股份。\tThe fund bought the stake.\n".encode(), "p.tsv", kind="tsv"
    )
    assert [f.diagnostic.code for f in check_documents(checker, [missing])] == ["missing-term"]


def test_a_company_name_that_reads_as_pinyin_is_still_checked_by_spelling() -> None:
    checker = Checker(Glossary.of([Term("紫金矿业", "Zijin Mining", "zijin", TermType.COMPANY)]))
    assert [(f.found, f.diagnostic.suggestion) for f in _check(checker, "Zijin Minning rose.")] == [
        ("Zijin Minning", "Zijin Mining")
    ]
