"""``check --format html``: every finding marked at its span, listed by file, escaped everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossmt.glossary.loading import load_glossary
from glossmt.translate.check import readers as checkdocs
from glossmt.translate.check.checker import Checker
from glossmt.translate.check.checks import check_documents
from glossmt.translate.check.html_report import report_page
from tests.translate.review_markup import read_page

DATA = Path(__file__).resolve().parents[2] / "data"
ARTICLES = DATA / "check" / "articles"
INJECTED_ENGLISH = (
    'The town of "><svg onload=window.__pwned=4> grew. <script>window.__pwned=8</script> Howard Rovnick spoke.\n'
    "North Katpal </textarea> and Samruk-Kazina.\n"
)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_glossary([DATA / "check" / "glossary.po", DATA / "review" / "injections.po"]))


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> list[checkdocs.Document]:
    injected = tmp_path_factory.mktemp("check") / "<injected>.en.txt"
    injected.write_text(INJECTED_ENGLISH, encoding="utf-8")
    names = [*sorted(str(p) for p in ARTICLES.iterdir()), str(DATA / "check" / "clean" / "clean.en.txt"), str(injected)]
    aligned = checkdocs.load_aligned(
        str(DATA / "check" / "bilingual" / "aligned.zh.txt"), str(DATA / "check" / "bilingual" / "aligned.en.txt")
    )
    return [*(checkdocs.load(n) for n in names), aligned]


def test_every_finding_is_marked_at_its_span_and_listed_with_a_link(checker: Checker, docs) -> None:
    findings = check_documents(checker, docs)
    assert {f.diagnostic.code for f in findings} >= {"avoid-rendering", "near-miss", "inconsistent-rendering"}
    reader = read_page(report_page(docs, findings, signature="sig"))
    marks = reader.with_attr("data-check")
    assert len(marks) == len(findings)
    assert sorted((m.attrs["data-check"], m.attrs["data-severity"]) for m in marks) == sorted(
        (f.diagnostic.code, f.diagnostic.severity.value) for f in findings
    )
    texts = {d.path: d.text for d in docs}
    spans = sorted(texts[f.diagnostic.path][f.start : f.end] for f in findings)
    assert sorted("".join(m.text) for m in marks) == spans
    links = {a.attrs["href"][1:] for a in reader.find("a") if re.fullmatch(r"#f\d+", a.attrs.get("href", ""))}
    assert links == {m.attrs["id"] for m in marks}


def test_fixable_findings_are_marked_and_clean_files_left_out(checker: Checker, docs) -> None:
    findings = check_documents(checker, docs)
    reader = read_page(report_page(docs, findings, signature="sig"))
    fixable = [m for m in reader.with_attr("data-check") if "fixable" in m.attrs["class"].split()]
    assert len(fixable) == sum(f.edit is not None for f in findings) > 0
    assert all("--fix" in m.attrs["data-tip"] for m in fixable)
    shown = {s.attrs["id"] for s in reader.find("section")}
    assert len(shown) == len({f.diagnostic.path for f in findings})
    assert "clean.en.txt" not in "".join(e.text[0] for e in reader.find("h2") if e.text)


def test_the_message_and_suggestion_are_on_the_mark(checker: Checker, docs) -> None:
    findings = check_documents(checker, docs)
    reader = read_page(report_page(docs, findings, signature="sig"))
    tips = {m.attrs["data-tip"] for m in reader.with_attr("data-check")}
    for finding in findings:
        d = finding.diagnostic
        assert any(d.message in tip and (d.suggestion is None or f"suggestion: {d.suggestion}" in tip) for tip in tips)


def test_the_aligned_chinese_stands_beside_its_english(checker: Checker, docs) -> None:
    findings = check_documents(checker, docs)
    reader = read_page(report_page(docs, findings, signature="sig"))
    chinese = [e for e in reader.elements if e.attrs.get("lang") == "zh" and "cell" in e.attrs.get("class", "")]
    zh_lines = (DATA / "check" / "bilingual" / "aligned.zh.txt").read_text(encoding="utf-8").splitlines()
    assert ["".join(e.text) for e in chinese] == zh_lines


def test_markup_in_the_english_and_the_glossary_stays_text(checker: Checker, docs) -> None:
    findings = check_documents(checker, docs)
    reader = read_page(report_page(docs, findings, signature="sig"))
    assert [e.tag for e in reader.elements].count("script") == 1
    assert [e.tag for e in reader.elements if e.tag in {"svg", "img", "textarea"}] == []
    text = "".join(reader.text)
    assert "<script>window.__pwned=8</script>" in text
    assert '"><svg onload=window.__pwned=4>' in text
    assert "Texta </textarea><img src=x onerror=window.__pwned=3>" in text  # the suggestion, in the list
