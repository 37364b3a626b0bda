"""Positions and formatting of findings shared by lint, find and check."""

from __future__ import annotations

import pytest

from glossmt.glossary.findings import Diagnostic, Severity
from glossmt.glossary.io.line_index import LineIndex


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        pytest.param(0, (1, 1), id="start"),
        pytest.param(2, (1, 3), id="first-line"),
        pytest.param(3, (1, 4), id="the-newline-itself"),
        pytest.param(4, (2, 1), id="second-line"),
        pytest.param(5, (3, 1), id="empty-line-then-third"),
        pytest.param(7, (3, 3), id="end-of-text"),
    ],
)
def test_line_index_gives_one_based_line_and_column(offset: int, expected: tuple[int, int]) -> None:
    assert LineIndex("卢特尼\n\n北卡特").position(offset) == expected


def test_gcc_format_names_file_line_column_and_code() -> None:
    finding = Diagnostic("a.txt", 3, 7, Severity.ERROR, "avoid-rendering", "'North Katpal' is wrong", "North Katpar")
    expected = "a.txt:3:7: error: 'North Katpal' is wrong (suggest: 'North Katpar') [avoid-rendering]"
    assert finding.format_gcc() == expected
