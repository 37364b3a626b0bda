"""Marked text: escaped everywhere, well formed however the marks nest or cross, text kept exactly."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glossmt.translate.page.marks import Mark, element_open, marked

INJECTIONS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</textarea>", "a & b", "'q'"]


class _Reader(HTMLParser):
    """The text and the open/close order of a fragment (raises on a close that does not match)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read(fragment: str) -> _Reader:
    reader = _Reader()
    reader.feed(fragment)
    reader.close()
    assert reader.stack == []
    return reader


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_is_escaped_in_and_out_of_marks(text: str) -> None:
    out = marked(f"x{text}y", [Mark(1, 1 + len(text), (("data-concept", text), ("data-tip", text)))])
    reader = read(out)
    assert "".join(reader.text) == f"x{text}y"
    assert reader.tags == [("mark", {"data-concept": text, "data-tip": text})]
    assert [tag for tag in ("<script", "<img", "</textarea") if tag in out] == []


def test_nested_marks_nest_and_crossing_marks_are_cut() -> None:
    text = "Howard Lutnick said"
    out = marked(text, [Mark(7, 14, (("id", "inner"),)), Mark(0, 14, (("id", "outer"),)), Mark(10, 19, (("id", "x"),))])
    assert out == ('<mark id="outer">Howard <mark id="inner">Lut<mark id="x">nick</mark></mark></mark> said')


def test_an_empty_mark_marks_a_place() -> None:
    assert marked("abc", [Mark(1, 1, (("id", "here"),))]) == 'a<mark id="here"></mark>bc'


def test_attribute_names_are_the_pages_own() -> None:
    with pytest.raises(ValueError, match="attribute name"):
        element_open("mark", [("on click", "x")])


@given(
    st.text(alphabet="ab<>&\"' 中文", max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=6),
)
def test_any_marks_keep_the_text_and_stay_well_formed(text: str, spans: list[tuple[int, int]]) -> None:
    marks = [
        Mark(min(a, b, len(text)), min(max(a, b), len(text)), (("data-n", str(i)),)) for i, (a, b) in enumerate(spans)
    ]
    reader = read(marked(text, marks))
    assert "".join(reader.text) == text
    assert len(reader.tags) == len(marks)
