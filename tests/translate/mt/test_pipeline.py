"""The translate pass with a tiny real Marian model: the term guarantee, line integrity, the cascade.

The tiny model has random weights, so its English is gibberish; what glossmt promises must hold
regardless: every approved term occurrence present (exactly as often as in the source), no avoid
rendering, one output line per input line, nothing of the input left untranslated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from glossmt.glossary.model import Glossary, Term
from glossmt.translate.devtools.tiny import DEFAULT_CORPORA, read_pairs
from glossmt.translate.mt.constraints import Request
from glossmt.translate.mt.pipeline import Options, translate_lines
from glossmt.translate.mt.prepare import LineReader, Spellings
from glossmt.translate.mt.results import How, LineResult, Strategy
from glossmt.translate.mt.segment import Piece
from tests.translate.oracle import assert_guarantee as oracle_guarantee

ZH = [zh for zh, _ in read_pairs(DEFAULT_CORPORA)]


def run(lines: Sequence[str], translator, matcher, **options) -> list[LineResult]:
    return list(translate_lines(lines, translator, matcher=matcher, options=Options(**options)))


def assert_guarantee(results: Sequence[LineResult], matcher) -> None:
    oracle_guarantee(results, matcher.glossary)


@pytest.fixture(scope="module")
def approved_terms(shipped_glossary: Glossary) -> list[Term]:
    return [t for t in shipped_glossary.terms if t.approved]


@st.composite
def articles(draw, terms: list[Term]) -> list[str]:
    """Lines of corpus sentences with glossary terms dropped in at random places (some lines empty)."""
    lines = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        sentences = []
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            sentence = draw(st.sampled_from(ZH))
            for term in draw(st.lists(st.sampled_from(terms), max_size=3)):
                at = draw(st.integers(min_value=0, max_value=len(sentence)))
                sentence = sentence[:at] + term.source + sentence[at:]
            sentences.append(sentence)
        lines.append("".join(sentences))
    return lines


@pytest.mark.parametrize(
    ("strategy", "beams", "batch_size"),
    [
        (Strategy.CASCADE, 1, 1),
        (Strategy.CASCADE, 1, 16),
        (Strategy.CASCADE, 4, 1),
        (Strategy.CASCADE, 4, 16),
        (Strategy.DIRECT, 1, 16),
        (Strategy.DIRECT, 4, 16),
    ],
    ids=str,
)
def test_every_approved_term_is_present_and_no_avoid_rendering(  # noqa: PLR0917 (pytest fixtures)
    strategy: Strategy, beams: int, batch_size: int, any_translator, matcher, approved_terms: list[Term]
) -> None:
    # No shrinking: each example is a real decoding run, and a failing example is readable as it is.
    @settings(
        max_examples=6,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    @given(lines=articles(approved_terms))
    def check(lines: list[str]) -> None:
        results = run(lines, any_translator, matcher, beams=beams, batch_size=batch_size, strategy=strategy)
        assert [r.number for r in results] == list(range(1, len(lines) + 1))
        assert [r.source for r in results] == lines
        assert all(bool(r.target) == bool(r.source.strip()) for r in results)
        assert_guarantee(results, matcher)

    check()


def test_whole_sample_article_keeps_every_term(any_translator, matcher) -> None:
    lines = (Path(DEFAULT_CORPORA[0]).parent / "sample-article.zh.txt").read_text(encoding="utf-8").splitlines()
    results = run(lines, any_translator, matcher, beams=1, batch_size=8)
    assert len(results) == len(lines)
    assert "" in lines
    assert [r.target for r in results if not r.source] == [""]
    assert sum(len(r.terms) for r in results) > 20
    assert_guarantee(results, matcher)


def test_traditional_input_is_matched_and_enforced(any_translator, matcher) -> None:
    line = "美國商務部長盧特尼克表示，華府希望與哈薩克在關鍵礦產領域展開長期合作。"
    (result,) = run([line], any_translator, matcher, beams=1)
    concepts = {t.concept: t for t in result.terms}
    assert "lutnick" in concepts
    lutnick = concepts["lutnick"]
    assert line[lutnick.start : lutnick.end] == "盧特尼克" == lutnick.source
    assert lutnick.target in result.target
    assert_guarantee([result], matcher)


def test_a_repeated_term_appears_as_often_as_in_the_source_no_more(any_translator, matcher) -> None:
    line = "卢特尼克说，卢特尼克认为钨很重要。"
    (result,) = run([line], any_translator, matcher, beams=1)
    assert [t.concept for t in result.terms].count("lutnick") == 2
    assert result.target.count("Lutnick") == 2


def test_drafts_are_reported_not_enforced(tiny_translator, matcher, shipped_glossary: Glossary) -> None:
    draft = next(t for t in shipped_glossary.terms if t.draft and t.target)
    (result,) = run([f"{draft.source}项目。"], tiny_translator, matcher, beams=1)
    (report,) = [t for t in result.terms if t.concept == draft.concept]
    assert report.how is How.DRAFT
    assert report.source == draft.source


def test_no_glossary_reports_no_terms(any_translator) -> None:
    (result,) = run(["美国商务部长卢特尼克表示。"], any_translator, None, beams=1)
    assert result.terms == ()
    assert result.target


def test_a_long_line_is_split_and_every_part_is_translated(any_translator, matcher) -> None:
    # One "sentence" far over the tiny model's limit, with a term at the very end: if any part were
    # dropped or truncated, the term would be missing.
    filler = "哈萨克斯坦中部草原上的两处钨矿正在成为关键矿产的新战场" * 6
    line = f"{filler}，{filler}，最后是北卡特帕尔"
    (result,) = run([line], any_translator, matcher, beams=1)
    (sentence,) = result.sentences
    assert len(sentence.terms) >= 1
    assert any_translator.count_tokens(line) > any_translator.max_source_tokens
    assert "North Katpar" in result.target
    assert_guarantee([result], matcher)


def test_progress_moves_within_one_long_line(tiny_translator) -> None:
    # Issue 13: a progress bar over characters advances batch by batch, long before the line is done.
    line = "哈萨克斯坦中部草原上的两处钨矿正在成为关键矿产的新战场" * 30
    told: list[int] = []
    options = Options(beams=1, batch_size=2)
    (result,) = translate_lines([line], tiny_translator, options=options, on_progress=told.append)
    assert len(result.sentences[0].target.split()) > 0
    assert len(told) >= 3, "one call per batch of pieces"
    assert sum(told) == len(line)  # every character of the line, counted once


def test_results_stream_before_the_input_is_used_up(tiny_translator) -> None:
    consumed = 0

    def lines():
        nonlocal consumed
        for i in range(200):
            consumed += 1
            yield ZH[i % len(ZH)]

    stream = translate_lines(lines(), tiny_translator, options=Options(beams=1, batch_size=4))
    first = next(stream)
    assert first.number == 1
    assert consumed <= 8  # the first window is one batch: a pipe shows output at once
    assert sum(1 for _ in stream) == 199


def test_batch_order_is_restored(any_translator) -> None:
    lines = [ZH[i] for i in (5, 0, 17, 3, 40, 2)]
    together = [r.target for r in run(lines, any_translator, None, beams=1, batch_size=3)]
    alone = [run([line], any_translator, None, beams=1)[0].target for line in lines]
    assert together == alone


class CopyHints:
    """A backend that writes out the Latin-script part of its input and nothing else.

    Not a translation model: it stands in for a model that copies hinted names through, so the
    cascade's routing can be checked (terms the first pass already has are not re-decoded).
    """

    def __init__(self, inner) -> None:
        self.inner = inner
        self.constrained_calls = 0

    signature = "copy-hints"
    parallel_batches = 1

    @property
    def max_source_tokens(self) -> int:
        return self.inner.max_source_tokens

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def can_read(self, text: str) -> bool:
        return self.inner.can_read(text)

    def spell(self, text: str) -> tuple[int, ...] | None:
        return self.inner.spell(text)

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]:
        if any(r.constraints.require for r in requests):
            self.constrained_calls += 1
            return self.inner.translate(requests, beams=beams)
        return [" ".join(w for w in r.source.split() if w.isascii()) for r in requests]


def test_cascade_keeps_first_pass_terms_and_redecodes_only_failures(tiny_translator, matcher) -> None:
    backend = CopyHints(tiny_translator)
    (hinted,) = run(["美国商务部长卢特尼克表示。"], backend, matcher, beams=1)
    assert {t.how for t in hinted.terms} == {How.HINTED}
    assert backend.constrained_calls == 0
    (forced,) = run(["美国商务部长卢特尼克表示。"], tiny_translator, matcher, beams=1)
    assert {t.how for t in forced.terms} == {How.CONSTRAINED}


def test_latin_names_in_chinese_text_are_terms_too(any_translator, matcher) -> None:
    (result,) = run(["美国企业Cove Kaz Capital Group签署协议。"], any_translator, matcher, beams=1)
    assert "Cove Kaz Capital Group" in result.target
    assert {t.how for t in result.terms} <= {How.MODEL, How.HINTED, How.CONSTRAINED}


@pytest.fixture(scope="module")
def no_bytes_translator(tmp_path_factory: pytest.TempPathFactory):
    """A tiny model whose target vocabulary has no byte fallback, like opus-mt's: some names cannot be spelled."""
    from glossmt.translate.devtools.tiny import build_tiny_marian
    from glossmt.translate.mt.marian.decode import load_translator

    folder = build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-nobytes", byte_fallback=False, seed=1)
    return load_translator(str(folder), device="cpu")


def test_a_term_the_vocabulary_cannot_spell_is_substituted(no_bytes_translator) -> None:
    from glossmt.glossary.matching import Matcher

    glossary = Glossary.of([Term("苏黎世", "Zürich", "zurich", avoid=("Zurich",))])
    assert no_bytes_translator.spell("Zürich") is None
    (result,) = run(["他们在苏黎世会面。"], no_bytes_translator, Matcher(glossary), beams=1)
    (report,) = result.terms
    assert (report.how, report.present) == (How.SUBSTITUTED, True)
    assert result.target.count("Zürich") == 1


def test_prepare_hints_only_approved_terms(tiny_translator, matcher) -> None:
    text = "美国商务部长卢特尼克表示。"
    reader = LineReader(text, matcher.find(text), Spellings(tiny_translator))
    prepared = reader.prepare(Piece(0, len(text)), matcher.glossary)
    assert "Lutnick" in prepared.source
    assert "卢特尼克" not in prepared.source
    assert "lutnick" in {p.concept for p in prepared.require}
    assert ("lutnick", "Lutnik", "Lutnick") in prepared.avoid


class CountingTranslator(CopyHints):
    """The tiny model, counting how often the pass asks it to spell, read and measure."""

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self.spelled: Counter[str] = Counter()
        self.measured: Counter[str] = Counter()

    def spell(self, text: str) -> tuple[int, ...] | None:
        self.spelled[text] += 1
        return self.inner.spell(text)

    def count_tokens(self, text: str) -> int:
        self.measured[text] += 1
        return self.inner.count_tokens(text)

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]:
        return self.inner.translate(requests, beams=beams)


def test_each_target_is_spelled_once_and_each_piece_measured_once(tiny_translator, matcher) -> None:
    counting = CountingTranslator(tiny_translator)
    lines = ["美国商务部长卢特尼克表示。卢特尼克说，钨很重要。", "卢特尼克认为北卡特帕尔很重要。"]
    results = run(lines, counting, matcher, beams=1)
    assert_guarantee(results, matcher)
    assert counting.spelled["Lutnick"] == 1
    assert set(counting.spelled.values()) == {1}
    assert set(counting.measured.values()) == {1}


def test_a_prepared_piece_carries_its_model_input_and_its_length(tiny_translator, matcher) -> None:
    text = "美國商務部長盧特尼克表示。"
    reader = LineReader(text, matcher.find(text), Spellings(tiny_translator))
    prepared = reader.prepare(Piece(0, len(text)), matcher.glossary)
    assert prepared.source.endswith(" Lutnick 表示。")  # Simplified, the hinted English written in
    assert prepared.tokens == tiny_translator.count_tokens(prepared.source) == reader.measure(text, 0, len(text))
    assert prepared.request(forced=False).constraints.require == ()
    assert prepared.request(forced=True).constraints.require == prepared.require


def test_pieces_are_batched_by_the_room_their_english_takes_not_by_hinted_length(tiny_ct2_translator) -> None:
    """A Latin name written into the Chinese makes a source long; its English stays short."""
    from glossmt.translate.mt.constraints import Phrase
    from glossmt.translate.mt.pipeline import translate_sorted
    from glossmt.translate.mt.prepare import Prepared

    phrase = Phrase("ebrd", "EBRD", tiny_ct2_translator.spell("EBRD"))
    pieces = [
        Prepared("甲", tokens=40, require=(phrase,), original_tokens=5),  # hinted: long source, short English
        Prepared("乙", tokens=30, original_tokens=30),
        Prepared("丙", tokens=6, original_tokens=6),
        Prepared("丁", tokens=29, original_tokens=29),
    ]
    assert [p.english_room for p in pieces] == [10 + len(phrase.ids), 60, 12, 58]
    batches: list[list[int]] = []
    translate_sorted(
        tiny_ct2_translator, pieces, forced=False, beams=1, batch_size=2, on_batch=lambda b: batches.append(list(b))
    )
    assert [sorted(b) for b in batches] == [[1, 3], [0, 2]]


class EchoInThreads(CopyHints):
    """Not a model: answers each request with its source, from the pipeline's threads, two calls meeting."""

    parallel_batches = 2

    def __init__(self, inner) -> None:
        super().__init__(inner)
        import threading

        self.meeting = threading.Barrier(2, timeout=30)  # the first two batches must be in flight together
        self.threads: set[str] = set()
        self.calls = 0

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]:
        import threading

        self.calls += 1
        if self.calls <= 2:
            self.meeting.wait()
        self.threads.add(threading.current_thread().name)
        return [r.source for r in requests]


def test_a_backend_with_parallel_workers_gets_batches_at_once_and_the_order_is_kept(tiny_translator) -> None:
    from glossmt.translate.mt.pipeline import translate_sorted
    from glossmt.translate.mt.prepare import Prepared

    backend = EchoInThreads(tiny_translator)
    pieces = [Prepared(f"{i}号", tokens=i % 7 + 1, original_tokens=i % 7 + 1) for i in range(23)]
    batches: list[list[int]] = []
    out = translate_sorted(
        backend, pieces, forced=False, beams=1, batch_size=4, on_batch=lambda b: batches.append(list(b))
    )
    assert out == [p.source for p in pieces]
    assert len(backend.threads) == 2
    order = sorted(range(23), key=lambda i: (-pieces[i].english_room, -pieces[i].tokens))
    assert batches == [order[s : s + 4] for s in range(0, 23, 4)]  # reported in the order of the batches
