"""The front door (glossmt.translate.session): what the CLI calls, called directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.findings import Severity
from glossmt.translate.memory.store import Memory
from glossmt.translate.mt.pipeline import Options, translate_lines
from glossmt.translate.mt.results import How, Origin
from glossmt.translate.session import CheckSession, Pinning, Session

OPTIONS = Options(beams=1, batch_size=4)
LINES = ["哈萨克斯坦总统托卡耶夫表示欢迎。卢特尼克说。", "", "托卡耶夫会见了卢特尼克。"]


@pytest.fixture(scope="module")
def compiled(shipped_glossary) -> Compiled:
    return Compiled.of(shipped_glossary)


def test_a_session_without_memory_or_pins_is_the_plain_pass(tiny_translator, compiled: Compiled) -> None:
    session = Session(tiny_translator, compiled, options=OPTIONS)
    document = session.translate_document(LINES, name="a.txt")
    plain = list(translate_lines(LINES, tiny_translator, matcher=compiled.matcher(), options=OPTIONS))
    assert document.lines == tuple(plain)
    assert document.text == "".join(r.target + "\n" for r in plain)
    assert document.tally.lines == 3
    assert sum(document.tally.counts.values()) == sum(len(r.terms) for r in plain) == 5
    assert document.tally.missing == 0
    assert session.tally.lines == 3


def test_a_warm_memory_gives_the_same_english_without_the_model(tiny_translator, compiled: Compiled) -> None:
    with Memory(":memory:") as memory:
        session = Session(tiny_translator, compiled, options=OPTIONS, memory=memory)
        cold = session.translate_document(LINES)
        warm = session.translate_document(LINES)
    assert [r.target for r in warm.lines] == [r.target for r in cold.lines]
    assert [r.terms for r in warm.lines] == [r.terms for r in cold.lines]
    assert warm.memory_hits == warm.tally.sentences == 3
    assert all(s.origin is Origin.MEMORY for r in warm.lines for s in r.sentences)
    assert session.tally.lines == 6


def test_pins_are_reported_per_document_and_for_the_session(tiny_translator, compiled: Compiled) -> None:
    session = Session(tiny_translator, compiled, options=OPTIONS, pinning=Pinning())
    document = session.translate_document(["努尔特列乌说。", "努尔特列乌来了。"])
    assert [pin.candidate.zh for pin in document.pins] == ["努尔特列乌"]
    assert session.pins == document.pins
    pinned = [t for r in document.lines for t in r.terms if t.how is How.PINNED]
    assert len(pinned) == 2
    assert all(t.present and t.target == document.pins[0].target for t in pinned)


def test_without_a_glossary_nothing_is_pinned(tiny_translator) -> None:
    session = Session(tiny_translator, None, options=OPTIONS, pinning=Pinning())
    assert session.pinner is None
    assert session.translate_document(["努尔特列乌说。", "努尔特列乌来了。"]).pins == ()


def test_the_check_session_decides_the_exit_code(shipped_glossary, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("President Tokayev met Lutnick.\n", encoding="utf-8")
    bad.write_bytes(b"\xff\xfe\x00broken")
    session = CheckSession(shipped_glossary)
    assert session.check_paths([str(good)]).exit_code() == 0
    errors: list[str] = []
    report = session.check_paths([str(bad), str(good)], on_error=lambda e: errors.append(str(e)))
    assert report.files == 1
    assert len(errors) == len(report.bad_input) == 1
    assert report.exit_code() == 3
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("President Tokaev met Lutnick.\n", encoding="utf-8")
    found = session.check_paths([str(wrong)])
    assert found.exit_code() == 1
    assert found.exit_code(Severity.ERROR) == 1
    fixed = session.check_paths([str(wrong)], fix=True)
    assert fixed.exit_code() == 0
    assert [f.found for f in fixed.fixed] == ["Tokaev"]
    assert wrong.read_text(encoding="utf-8") == "President Tokayev met Lutnick.\n"
    assert fixed.to_json()["summary"]["fixed"] == 1


@pytest.mark.parametrize("memory", ["cold", "warm"])
def test_the_guarantee_holds_on_the_default_path(memory: str, any_translator, compiled: Compiled) -> None:
    """Memory on and pinning on, as ``glossmt translate`` runs by default; judged by the independent oracle."""
    from hypothesis import HealthCheck, Phase, given, settings

    from tests.translate.mt.test_pipeline import articles
    from tests.translate.oracle import assert_guarantee

    approved = [t for t in compiled.glossary.terms if t.approved]

    @settings(max_examples=4, suppress_health_check=[HealthCheck.too_slow], database=None,
              phases=[Phase.explicit, Phase.generate])  # fmt: skip
    @given(lines=articles(approved))
    def check(lines: list[str]) -> None:
        with Memory(":memory:") as store:
            session = Session(any_translator, compiled, options=OPTIONS, memory=store, pinning=Pinning())
            document = session.translate_document(lines)
            if memory == "warm":
                document = session.translate_document(lines)
                assert document.memory_hits == document.tally.sentences
        assert [r.source for r in document.lines] == lines
        assert all(bool(r.target) == bool(r.source.strip()) for r in document.lines)
        assert_guarantee(document.lines, compiled.glossary)

    check()


def test_segments_with_tags_go_through_the_memory(tiny_translator, compiled: Compiled) -> None:
    """A tagged sentence is keyed with its placeholders: a warm run decodes nothing and restores its own tags."""
    from glossmt.translate.markup import Kind, Tag, render

    def bold(n: int, markup: str) -> tuple[Tag, Tag]:
        return Tag(Kind.OPEN, n, markup), Tag(Kind.CLOSE, n, "</b>")

    b, i = bold(1, "<b>"), bold(2, '<b class="x">')
    cold_segments = [("托卡耶夫", b[0], "会见了", b[1], "卢特尼克。"), ("钨很重要。",)]
    warm_segments = [("托卡耶夫", i[0], "会见了", i[1], "卢特尼克。"), ("钨很重要。",), ("托卡耶夫会见了卢特尼克。",)]
    with Memory(":memory:") as memory:
        session = Session(tiny_translator, compiled, options=OPTIONS, memory=memory)
        cold = session.translate_segments(cold_segments)
        assert session.tally.remembered == 0
        decoded: list[int] = []
        translate = tiny_translator.translate

        def counting(requests, *, beams: int = 4):
            decoded.append(len(requests))
            return translate(requests, beams=beams)

        tiny_translator.translate = counting
        try:
            warm = session.translate_segments(warm_segments)
        finally:
            del tiny_translator.translate
    # The first two from the memory; the third (no tags: another key) decoded.
    assert [r.result.from_memory for r in warm] == [1, 1, 0]
    assert sum(decoded) > 0
    assert render(warm[0].parts) == render(cold[0].parts).replace("<b>", '<b class="x">')
    assert warm[1].parts == cold[1].parts
    assert [r.result.terms for r in warm[:2]] == [r.result.terms for r in cold]
