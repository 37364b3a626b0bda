"""Inline tags through the pass: every tag back exactly once, validly nested, every term present.

The tiny model has random weights (its English is gibberish); the guarantee must hold regardless,
as the term guarantee does (test_pipeline.py). Restoring is also tested alone on any English at all:
placeholders missing, doubled, swapped, glued to words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from glossmt.glossary.model import Glossary, Term
from glossmt.translate.devtools.tiny import DEFAULT_CORPORA, read_pairs
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.mt.results import How, Strategy
from glossmt.translate.mt.tags import Kind, Tag, decode, encode, plain, render, translate_tagged, well_nested
from glossmt.translate.verify import Expected, verify

ZH = [zh for zh, _ in read_pairs(DEFAULT_CORPORA)]


def bold(n: int) -> tuple[Tag, Tag]:
    return Tag(Kind.OPEN, n, f'<b id="{n}">'), Tag(Kind.CLOSE, n, "</b>")


@st.composite
def tagged(draw, texts: st.SearchStrategy[str]) -> list[str | Tag]:
    """Text with random well-nested pairs and standalone tags between its pieces."""
    parts: list[str | Tag] = []
    open_ids: list[int] = []
    next_id = 1
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        action = draw(st.sampled_from(["text", "open", "close", "lone"]))
        if action == "open":
            parts.append(bold(next_id)[0])
            open_ids.append(next_id)
            next_id += 1
        elif action == "close" and open_ids:
            parts.append(bold(open_ids.pop())[1])
        elif action == "lone":
            parts.append(Tag(Kind.STANDALONE, next_id, "<br/>"))
            next_id += 1
        else:
            parts.append(draw(texts))
    parts.extend(bold(n)[1] for n in reversed(open_ids))
    return parts


def tags_of(parts: Sequence[str | Tag]) -> Counter[Tag]:
    return Counter(p for p in parts if isinstance(p, Tag))


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("The QztAA price QztAB rose.", '<i>The <b id="1">price</b> rose.</i>'),
        ("The price QztAB rose QztAA.", '<i>The price<b id="1"> rose</b>.</i>'),  # close first: swapped
        ("The QztAA QztAA price rose.", '<i>The <b id="1">price rose.</b></i>'),  # doubled, close missing
        ("TheQztAAprice qztab rose", '<i>The <b id="1">price</b> rose</i>'),  # glued, lower case
        ("The price rose", '<i>The price rose<b id="1"></b></i>'),  # both missing: empty, at the end
    ],
    ids=["in-place", "swapped", "doubled", "glued", "missing"],
)
def test_restoring_puts_each_tag_back_once(english: str, expected: str) -> None:
    i = (Tag(Kind.OPEN, 9, "<i>"), Tag(Kind.CLOSE, 9, "</i>"))
    encoded = encode([i[0], "价格", bold(1)[0], "上涨", bold(1)[1], "了", i[1]])
    assert [tag for _, tag in encoded.slots] == list(bold(1))  # the enclosing <i> is set aside
    assert render(decode(encoded, english)) == expected


def test_crossing_pairs_are_nested() -> None:
    a, b = bold(1), bold(2)
    encoded = encode(["一", a[0], "二", a[1], "三", b[0], "四", b[1], "五"])
    parts = decode(encoded, "one QztAA two QztAC three QztAB four QztAD five")
    assert well_nested(parts)
    assert tags_of(parts) == Counter([*a, *b])


def test_a_tag_inside_a_term_moves_to_its_edge(matcher) -> None:
    term = next(t for t in matcher.glossary.terms if t.approved and len(t.source) >= 3)
    a = bold(1)
    encoded = encode(["在", term.source[:1], a[0], term.source[1:], a[1], "。"], matcher)
    term_match = next(m for m in encoded.matches if m.concept == term.concept)
    assert term_match.text == term.source
    assert all(not term_match.start < m.start < term_match.end for m in encoded.matches if m is not term_match)


@settings(max_examples=300, deadline=None)
@given(
    parts=tagged(st.sampled_from(["价格", "上涨", "钨", "。", " "])), noise=st.lists(st.integers(0, 40), max_size=12)
)
def test_any_english_gives_every_tag_once_validly_nested(parts: list[str | Tag], noise: list[int]) -> None:
    encoded = encode(parts)
    names = [name for name, _ in encoded.slots]
    words = ["the", "price", ".", " ", "rose", *names, *(n.lower() for n in names)]
    english = " ".join(words[k % len(words)] for k in noise)
    restored = decode(encoded, english)
    assert well_nested(restored)
    assert tags_of(restored) == tags_of(parts)
    assert "qzt" not in plain(restored).lower()


@pytest.mark.parametrize("strategy", [Strategy.CASCADE, Strategy.DIRECT], ids=str)
def test_every_tag_once_nesting_valid_every_term_present(
    strategy: Strategy, any_translator, matcher, shipped_glossary: Glossary
) -> None:
    terms: list[Term] = [t for t in shipped_glossary.terms if t.approved]
    sentences = st.sampled_from(ZH) | st.sampled_from([t.source for t in terms])

    @settings(
        max_examples=6,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    @given(segments=st.lists(tagged(sentences), min_size=1, max_size=3))
    def check(segments: list[list[str | Tag]]) -> None:
        options = Options(beams=2, batch_size=4, strategy=strategy)
        results = list(translate_tagged(segments, any_translator, matcher=matcher, options=options))
        assert len(results) == len(segments)
        for parts, result in zip(segments, results, strict=True):
            assert well_nested(result.parts), result.parts
            assert tags_of(result.parts) == tags_of(parts)
            assert bool(result.text.strip()) == bool(plain(parts).strip())
            assert "qzt" not in result.text.lower()
            approved = Counter(t.concept for t in result.result.terms if t.how is not How.DRAFT)
            assert all(not c.startswith("tag:") for c in approved)
            expected = [Expected(c, shipped_glossary.concept(c).target, n) for c, n in approved.items()]
            for verdict in verify(result.text, expected):
                assert len(verdict.spans) >= verdict.expected, (plain(parts), result.text, verdict)

    check()
