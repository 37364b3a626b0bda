"""Sentence and clause splitting: offsets, coverage, limits, protected spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.translate.mt.segment import Piece, segment_line, split_long, split_sentences


def texts(line: str, pieces: list[Piece]) -> list[str]:
    return [line[p.start : p.end] for p in pieces]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("钨很重要。", ["钨很重要。"]),
        ("钨很重要。铜也是！真的吗？", ["钨很重要。", "铜也是！", "真的吗？"]),
        ("他说：“钨是关键矿产。”随后离开。", ["他说：“钨是关键矿产。”", "随后离开。"]),
        ("等等……然后呢", ["等等……", "然后呢"]),
        ("第一；第二", ["第一；", "第二"]),
        ("没有句号", ["没有句号"]),
        ("  前后空格。  后一句 ", ["前后空格。", "后一句"]),
        ("价格为3.5亿美元。", ["价格为3.5亿美元。"]),
        ("", []),
        ("   ", []),
    ],
    ids=["one", "three", "closing-quote", "ellipsis", "semicolon", "no-ender", "spaces", "decimal", "empty", "blank"],
)
def test_split_sentences(line: str, expected: list[str]) -> None:
    assert texts(line, split_sentences(line)) == expected


def test_long_sentence_is_cut_after_clause_marks_first() -> None:
    line = "甲乙丙丁，戊己庚辛，壬癸子丑。"
    pieces = split_long(line, Piece(0, len(line)), limit=10)
    assert texts(line, pieces) == ["甲乙丙丁，戊己庚辛，", "壬癸子丑。"]


def test_clause_too_long_falls_back_to_spaces_then_anywhere() -> None:
    line = "aaaa bbbb cccccccccccc"
    pieces = split_long(line, Piece(0, len(line)), limit=6)
    assert all(p.end - p.start <= 6 for p in pieces)
    assert texts(line, pieces)[:2] == ["aaaa", "bbbb"]
    assert "".join(texts(line, pieces)) == line.replace(" ", "")


def test_protected_span_is_never_cut() -> None:
    line = "一二三四五六七八九十"
    pieces = split_long(line, Piece(0, len(line)), limit=4, protected=[(3, 6)])
    assert all(not (p.start < 3 < p.end < 6 or 3 < p.start < 6 < p.end) for p in pieces)
    assert any(p.start <= 3 and p.end >= 6 for p in pieces)


def test_protected_span_over_the_limit_is_cut_rather_than_lost() -> None:
    line = "一二三四五六"
    pieces = split_long(line, Piece(0, len(line)), limit=2, protected=[(0, 6)])
    assert "".join(texts(line, pieces)) == line
    assert all(p.end - p.start <= 2 for p in pieces)


def test_segment_line_without_limit_keeps_sentences_whole() -> None:
    line = "甲乙丙丁，戊己庚辛。壬癸。"
    sentences = segment_line(line)
    assert [s.pieces for s in sentences] == [(Piece(0, 10),), (Piece(10, 13),)]


LINE = st.text(alphabet=st.sampled_from(list("钨铜矿，。！？；…“”： ab")), max_size=80)


@settings(max_examples=150)
@given(line=LINE, limit=st.integers(min_value=1, max_value=12), protect=st.integers(min_value=0, max_value=79))
def test_every_character_is_in_exactly_one_piece_within_the_limit(line: str, limit: int, protect: int) -> None:
    # A protected span is a glossary match: letters only, no spaces or sentence marks inside.
    span = line[protect : protect + 3]
    protected = [(protect, protect + 3)] if len(span) == 3 and all(c in "钨铜矿ab" for c in span) else []
    covered = [False] * len(line)
    last_end = 0
    for sentence in segment_line(line, limit, protected=protected):
        for piece in sentence.pieces:
            assert piece.start >= last_end, "pieces are ordered and never overlap"
            assert piece.end - piece.start <= limit
            assert line[piece.start : piece.end] == line[piece.start : piece.end].strip()
            if limit >= 3:
                assert not any(s < piece.start < e or s < piece.end < e for s, e in protected), "a term was cut"
            last_end = piece.end
            for i in range(piece.start, piece.end):
                covered[i] = True
    assert all(covered[i] or line[i].isspace() for i in range(len(line)))


MEGABYTE_OF_CHINESE = 350_000  # characters: 1 MB of UTF-8, three bytes each


@pytest.mark.parametrize(
    "phrase",
    ["钨矿位于卡拉干达州，储量很大。美国商务部长表示！", "钨矿位于卡拉干达州储量很大美国商务部长表示"],
    ids=["punctuation", "no-punctuation"],
)
def test_a_megabyte_line_is_cut_whole_into_a_bounded_number_of_pieces(phrase: str) -> None:
    # Issue 13: one 1 MB line with no line break, its glossary matches protected (here: every 卡拉干达州).
    line = (phrase * (MEGABYTE_OF_CHINESE // len(phrase) + 1))[:MEGABYTE_OF_CHINESE]
    protected = [(i, i + 5) for i in range(line.find("卡拉干达州"), len(line) - 5, len(phrase))]
    limit = 256
    sentences = segment_line(line, limit, protected=protected)
    pieces = [piece for sentence in sentences for piece in sentence.pieces]
    assert "".join(texts(line, pieces)) == line  # no text lost, none repeated, in order
    assert all(p.end - p.start <= limit for p in pieces)
    # Packing is greedy: within a sentence, two neighbouring pieces would not have fitted as one.
    assert len(pieces) <= len(sentences) + 2 * len(line) // limit
    inside = {i for start, end in protected for i in range(start + 1, end)}
    assert not any(p.start in inside or p.end in inside for p in pieces), "a protected name was cut"
