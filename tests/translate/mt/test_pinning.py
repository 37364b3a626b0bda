"""Pinning names the glossary lacks, on the tiny real Marian model: one rendering, at every occurrence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.matching import Matcher
from glossmt.translate.memory.store import Memory
from glossmt.translate.mt.pinning import PIN_PREFIX, PinnedMatcher, Pinner
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.mt.results import How, Origin
from glossmt.translate.session import Pinning, Session
from tests.translate.oracle import assert_guarantee

OPTIONS = Options(beams=1, batch_size=8)
NAMES = ("努尔特列乌", "卡梅科", "别列佐夫斯科耶", "沙伊梅尔加诺夫", "赫尔伯格", "埃基巴斯图兹")
TEMPLATES = (
    "外长{n}表示欢迎。",
    "{n}说，项目很重要。",
    "据{n}介绍，钨矿开发顺利。",
    "美国商务部长卢特尼克会见了{n}。",
    "{n}与哈萨克斯坦签署协议。",
    "托卡耶夫总统接见了{n}。",
)


@pytest.fixture(scope="module")
def pinner(matcher: Matcher, tiny_translator) -> Pinner:
    return Pinner(matcher, tiny_translator)


@pytest.fixture(scope="module")
def compiled(matcher: Matcher) -> Compiled:
    return Compiled.of(matcher.glossary)


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    lines = []
    for _ in range(draw(st.integers(2, 3))):
        parts = [draw(st.sampled_from(TEMPLATES)).format(n=draw(st.sampled_from(names))) for _ in range(2)]
        lines.append("".join(parts))
    return lines


@pytest.mark.parametrize("memory", ["cold", "warm"])
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=documents())
def test_every_repeated_unknown_name_has_one_rendering_at_every_occurrence(  # noqa: PLR0917 (fixtures)
    memory: str, lines: list[str], pinner: Pinner, tiny_translator, compiled: Compiled, matcher: Matcher
) -> None:
    """Through the default path: the session, with a translation memory (first run, and a second one)."""
    with Memory(":memory:") as store:
        session = Session(tiny_translator, compiled, options=OPTIONS, memory=store, pinning=Pinning())
        document = session.translate_document(lines)
        if memory == "warm":
            again = session.translate_document(lines)
            assert again.lines == tuple(
                replace(r, sentences=tuple(replace(s, origin=Origin.MEMORY) for s in r.sentences))
                for r in document.lines
            )
            document = again
    results = list(document.lines)
    assert len(results) == len(lines)
    assert_guarantee(results, matcher.glossary)
    # Every name the detector sees more than once in the document ...
    occurrences: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for number, line in enumerate(lines, 1):
        for found in pinner.detector.find(line):
            occurrences[found.form].append((number, found.start, found.end))
    repeated = {form: where for form, where in occurrences.items() if len(where) > 1}
    renderings: dict[str, set[str]] = defaultdict(set)
    reported: dict[str, set[tuple[int, int, int]]] = defaultdict(set)
    for result in results:
        for term in result.terms:
            if term.how is How.PINNED:
                assert term.present, (term, result.target)
                assert term.target in result.target
                renderings[term.source].add(term.target)
                reported[term.source].add((result.number, term.start, term.end))
            elif term.how is not How.DRAFT:
                assert term.present, (term, result.target)  # approved glossary terms: still 100 %
    for form, where in repeated.items():
        assert len(renderings[form]) == 1, (form, renderings[form])  # ... has exactly one rendering
        assert set(where) <= reported[form], form  # ... reported, present, at every occurrence


def test_a_name_seen_once_is_not_pinned(pinner: Pinner) -> None:
    assert pinner.decide([("a.txt", "外长努尔特列乌表示欢迎。卡梅科说。卡梅科表示。")])[0].candidate.zh == "卡梅科"
    assert [p.candidate.zh for p in pinner.decide([("b.txt", "外长赫尔伯格表示欢迎。")])] == []


def test_a_rendering_is_decided_once_for_the_run(pinner: Pinner) -> None:
    (first,) = pinner.decide([("a.txt", "赫尔伯格说。赫尔伯格表示。")])
    (again,) = pinner.decide([("b.txt", "外长赫尔伯格到访。赫尔伯格说。")])
    assert again is first


def test_the_lexicon_decides_before_the_model(pinner: Pinner) -> None:
    (pin,) = pinner.decide([("a.txt", "记者抵达阿特劳市。俄罗斯总统普京说。普京表示。")])
    assert (pin.candidate.zh, pin.decided_by) == ("普京", "cc-cedict")
    assert pinner.detector.lexicon.english("普京") == "Vladimir Putin"
    assert pin.target == "Putin"  # CC-CEDICT's whole name, by the surname the Chinese spells (docs/names.md)
    assert pin.concept.startswith(PIN_PREFIX)


def test_the_original_the_text_gives_in_brackets_decides_first(pinner: Pinner) -> None:
    (pin,) = pinner.decide([("a.txt", "卡沙甘（Kashagan）油田位于里海北部。卡沙甘油田的产量上升。")])
    assert (pin.candidate.zh, pin.decided_by, pin.target) == ("卡沙甘", "paired", "Kashagan")


def test_approved_terms_win_over_pinned_names(matcher: Matcher) -> None:
    from glossmt.glossary.model import Term

    # A pinned form that overlaps a glossary term is never matched there.
    pinned = PinnedMatcher(matcher, [Term("部长卢特", "Minister Lute", PIN_PREFIX + "x")])
    found = pinned.find("美国商务部长卢特尼克说。")
    assert [m.concept for m in found] == [m.concept for m in matcher.find("美国商务部长卢特尼克说。")]
    assert not any(m.concept.startswith(PIN_PREFIX) for m in found)
