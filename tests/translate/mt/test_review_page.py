"""``translate --format html``: the review page of a real pass (tiny model), read back as markup."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest

from glossmt.translate.mt.results import How
from glossmt.translate.mt.review_page import METHODS, review_page
from glossmt.translate.mt.writers import Format, RunInfo, open_writer
from glossmt.translate.page.render import _assets
from tests.translate.review_markup import read_page

INJECTED = ("<script>window.__pwned", '"><img src=x onerror=', "</textarea>")


@pytest.fixture(scope="module")
def page(review_results) -> str:
    return review_page(review_results, signature="glossmt:test|model:tiny", source_name="<a>.zh.txt")


def test_every_occurrence_is_marked_in_the_chinese_with_its_concept(page: str, review_results) -> None:
    reader = read_page(page)
    zh = [e for e in reader.with_attr("data-concept") if any("zh" in p.split() for p in e.parents)]
    expected = [(t.concept, t.source) for r in review_results for t in r.terms]
    assert expected, "the sample lines hold glossary terms"
    assert [(e.attrs["data-concept"], "".join(e.text)) for e in zh] == expected


def test_every_rendering_the_pass_found_is_marked_in_the_english(page: str, review_results) -> None:
    reader = read_page(page)
    en = [e for e in reader.with_attr("data-concept") if any("en" in p.split() for p in e.parents)]
    present = Counter(t.concept for r in review_results for t in r.terms if t.present and t.target)
    paired = Counter(e.attrs["data-concept"] for e in en if "data-occ" in e.attrs)
    assert paired == present
    for element in en:
        occ = element.attrs.get("data-occ")
        if occ:
            (partner,) = [e for e in reader.find("mark", data_occ=occ) if e is not element]
            assert partner.attrs["data-concept"] == element.attrs["data-concept"]


def test_marks_say_how_and_missing_ones_say_so(page: str, review_results) -> None:
    reader = read_page(page)
    marks = reader.find("mark")
    assert {m.attrs["data-how"] for m in marks} == {t.how for r in review_results for t in r.terms}
    for mark in marks:
        assert f"how-{mark.attrs['data-how']}" in mark.attrs["class"].split()
        assert f"concept: {mark.attrs['data-concept']}" in mark.attrs["data-tip"]
    missing = sum(1 for r in review_results for t in r.terms if not t.present and t.how != How.DRAFT)
    assert sum("missing" in m.attrs["class"].split() for m in marks) == missing


def test_the_header_counts_by_method_and_lists_every_concept(page: str, review_results) -> None:
    reader = read_page(page)
    counts = Counter(t.how for r in review_results for t in r.terms)
    for how in METHODS:
        (item,) = reader.find("li", data_method=how)
        assert "".join(item.text).split() == [how, str(counts[how])]
    buttons = {b.attrs["data-filter-value"] for b in reader.find("button", data_filter_attr="concept")}
    assert buttons == {t.concept for r in review_results for t in r.terms}
    assert "glossmt:test|model:tiny" in "".join(reader.text)


def test_one_row_per_line_with_its_sentences_side_by_side(page: str, review_results) -> None:
    reader = read_page(page)
    rows = [e for e in reader.elements if e.attrs.get("class") == "row"]
    assert [r.attrs["id"] for r in rows] == [f"L{r.number}" for r in review_results]
    for row, result in zip(rows, review_results, strict=True):
        assert "".join(row.text).startswith(str(result.number) + result.source)
    sentences = [e for e in reader.find("span") if e.attrs.get("class") == "s"]
    assert len(sentences) == 2 * sum(len(r.sentences) for r in review_results)


def test_markup_in_every_field_stays_text(page: str) -> None:
    reader = read_page(page)
    assert [e.tag for e in reader.elements].count("script") == 1
    assert [e.tag for e in reader.elements if e.tag in {"svg", "img", "textarea"}] == []
    text = "".join(reader.text)
    for injected in INJECTED:
        assert injected in text
    assert 'evil"><img src=x onerror=window.__pwned=1>' in {m.attrs["data-concept"] for m in reader.find("mark")}


def test_every_method_has_its_colour() -> None:
    css = _assets()[0]
    for how in {*How, *METHODS}:
        assert re.search(rf"\.how-{how} \{{ --c: var\(--{how}\); \}}", css), how
        assert re.search(rf"--{how}: #[0-9a-f]{{6}}", css), how


def test_the_html_writer_writes_the_page_when_closed(review_results) -> None:
    stream = io.StringIO()
    writer = open_writer(Format.HTML, stream, RunInfo("1", "tiny", "abc", 1), "a.txt")
    for result in review_results:
        writer.write(result)
    assert stream.getvalue() == ""
    writer.close()
    assert stream.getvalue().startswith("<!DOCTYPE html>")
    assert "glossmt:1|model:tiny|glossary:abc|beams:1" in stream.getvalue()
    assert Format.HTML.extension == ".html"
