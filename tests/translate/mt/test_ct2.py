"""The CTranslate2 backend: conversion, loading, and the repair that keeps the term guarantee.

The guarantee itself (every approved term exactly as often as in the source, no avoid rendering,
one output line per input line, greedy and beam 4, batch 1 and 16, cascade and direct) is tested on
both backends in test_pipeline.py (the ``any_translator`` fixture).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossmt.glossary.errors import UsageError
from glossmt.glossary.matching import Matcher
from glossmt.glossary.model import Glossary, Term
from glossmt.translate.mt.constraints import Constraints, ConstraintTracker, Phrase, Request, length_cap
from glossmt.translate.mt.ct2.convert import convert
from glossmt.translate.mt.ct2.decode import length_groups, thread_layout
from glossmt.translate.mt.ct2.repair import Break, Repairer
from glossmt.translate.mt.locate import CONVERTED_MARKER, resolve_model
from glossmt.translate.mt.pipeline import Options, translate_lines
from glossmt.translate.mt.results import How
from glossmt.translate.verify import Expected, verify


def test_a_converted_folder_records_its_source_and_is_found_as_converted(tiny_ct2_dir: Path) -> None:
    record = json.loads((tiny_ct2_dir / CONVERTED_MARKER).read_text(encoding="utf-8"))
    assert record["quantization"] == "int8"
    assert record["revision"].startswith("sha256-")
    for name in ("model.bin", "source.spm", "target.spm", "vocab.json"):
        assert (tiny_ct2_dir / name).is_file()
    location = resolve_model(str(tiny_ct2_dir))
    assert location.converted is not None
    assert location.signature == f"{record['model']}@{record['revision']}"


def test_converting_onto_an_existing_folder_needs_force(tiny_model_dir: Path, tiny_ct2_dir: Path) -> None:
    with pytest.raises(UsageError, match="--force"):
        convert(resolve_model(str(tiny_model_dir)), tiny_ct2_dir)
    with pytest.raises(UsageError, match="already a converted model"):
        convert(resolve_model(str(tiny_ct2_dir)), tiny_ct2_dir.parent / "again")


def test_ct2_reads_and_spells_like_transformers(tiny_translator, tiny_ct2_translator) -> None:
    for text in ("美国商务部长卢特尼克表示。", "Howard Lutnick", "Samruk-Kazyna"):
        assert tiny_ct2_translator.count_tokens(text) == tiny_translator.count_tokens(text)
        assert tiny_ct2_translator.spell(text) == tiny_translator.spell(text)
        assert tiny_ct2_translator.can_read(text) == tiny_translator.can_read(text)


@pytest.mark.parametrize(
    ("lengths", "groups"),
    [
        ([30, 100, 60, 90, 45], [[1, 3], [2, 4], [0]]),
        ([50, 50, 50], [[0, 1, 2]]),
        ([10], [[0]]),
        ([], []),
    ],
    ids=["spread", "alike", "one", "none"],
)
def test_rows_are_decoded_in_groups_of_like_length(lengths: list[int], groups: list[list[int]]) -> None:
    assert length_groups(lengths) == groups


def test_rows_of_unlike_length_decode_as_they_would_alone(tiny_ct2_translator) -> None:
    ct2 = tiny_ct2_translator
    lines = ["哈萨克斯坦总统托卡耶夫访问白宫。", "卢特尼克表示。"]
    sources = [ct2.spelling.source_pieces(line, ct2.max_positions) for line in lines]
    together = ct2.decode(sources, [None, None], [80, 12], 1)
    alone = [ct2.decode([s], [None], [cap], 1)[0] for s, cap in zip(sources, [80, 12], strict=True)]
    assert together == alone
    assert [len(h[0]) <= cap - 1 for h, cap in zip(together, [80, 12], strict=True)] == [True, True]


@pytest.mark.parametrize("beams", [1, 4])
def test_repair_returns_only_outputs_that_obey_every_decision(tiny_ct2_translator, beams: int) -> None:
    ct2 = tiny_ct2_translator
    phrases = tuple(Phrase(c, t, ct2.spell(t), n) for c, t, n in [("a", "Howard Lutnick", 2), ("b", "Tokayev", 1)])
    avoid = (("a", "Lutnik", "Howard Lutnick"),)
    requests = [Request("美国商务部长卢特尼克表示，卢特尼克会见了托卡耶夫。", Constraints(phrases, avoid))] * 3
    sources = [ct2.spelling.source_pieces(r.source, ct2.max_positions) for r in requests]
    caps = [length_cap(len(s), r, ct2.max_positions - 1) for s, r in zip(sources, requests, strict=True)]
    tracker = ConstraintTracker(ct2.vocab, [r.constraints for r in requests], caps)
    free = ct2.decode(sources, [None] * 3, caps, beams, n_best=beams)
    repairer = Repairer(tracker, ct2, sources, beams)
    repaired = repairer.repair(dict(enumerate(free)))
    assert sorted(repaired) == [0, 1, 2]
    for item, tokens in repaired.items():
        assert repairer.first_break(item, tokens) is None
        assert len(tokens) <= caps[item]
        text = ct2.vocab.decode(tokens)
        counts = [len(v.spans) for v in verify(text, [Expected(p.concept, p.text, p.count) for p in phrases])]
        assert counts == [2, 1], text
        assert "lutnik " not in text.lower().replace("lutnick", "")
    assert repairer.stats.repaired + repairer.stats.kept_nbest == 3


@pytest.mark.parametrize("splice", [True, False], ids=["splice", "decode-on"])
@pytest.mark.parametrize("place", [True, False], ids=["placed", "room-forced"])
def test_every_repair_mode_obeys(tiny_ct2_translator, place: bool, splice: bool) -> None:
    ct2 = tiny_ct2_translator
    phrase = Phrase("t", "Tokayev", ct2.spell("Tokayev"))
    request = Request("哈萨克斯坦总统托卡耶夫访问白宫。", Constraints((phrase,)))
    sources = [ct2.spelling.source_pieces(request.source, ct2.max_positions)]
    caps = [length_cap(len(sources[0]), request, ct2.max_positions - 1)]
    tracker = ConstraintTracker(ct2.vocab, [request.constraints], caps)
    free = ct2.decode(sources, [None], caps, 1)
    repairer = Repairer(tracker, ct2, sources, 1, place=place, splice=splice)
    (tokens,) = repairer.repair({0: free[0]}).values()
    assert repairer.first_break(0, tokens) is None
    assert ct2.vocab.decode(tokens).count("Tokayev") == 1


class _NoDecoding:
    """The real model's scores, but decoding on from a prefix fails the test (splicing needs none)."""

    def __init__(self, ct2) -> None:
        self.ct2 = ct2

    def decode(self, *args, **kwargs):
        raise AssertionError("decoded on, but the rest should have been spliced")

    def next_scores(self, sources, prefixes):
        return self.ct2.next_scores(sources, prefixes)

    def score(self, sources, targets):
        return self.ct2.score(sources, targets)


@pytest.mark.parametrize("beams", [1, 4])
def test_splicing_repairs_without_decoding_again_and_keeps_the_models_rest(tiny_ct2_translator, beams: int) -> None:
    ct2 = tiny_ct2_translator
    phrases = tuple(Phrase(c, t, ct2.spell(t)) for c, t in [("a", "Howard Lutnick"), ("b", "Tokayev")])
    lines = ("卢特尼克会见了托卡耶夫。", "托卡耶夫说，卢特尼克将访问阿斯塔纳。")
    requests = [Request(line, Constraints(phrases)) for line in lines]
    sources = [ct2.spelling.source_pieces(r.source, ct2.max_positions) for r in requests]
    caps = [length_cap(len(s), r, ct2.max_positions - 1) for s, r in zip(sources, requests, strict=True)]
    tracker = ConstraintTracker(ct2.vocab, [r.constraints for r in requests], caps)
    free = ct2.decode(sources, [None] * 2, caps, beams, n_best=beams)
    repairer = Repairer(tracker, _NoDecoding(ct2), sources, beams)
    repaired = repairer.repair(dict(enumerate(free)))
    assert repairer.stats.decoded == 0
    for item, tokens in repaired.items():
        assert repairer.first_break(item, tokens) is None
        text = ct2.vocab.decode(tokens)
        assert (text.count("Howard Lutnick"), text.count("Tokayev")) == (1, 1), text
        if repairer.stats.repaired and not repairer.stats.stepped:
            # What is not a phrase is the model's own: its free hypothesis's tokens, in order.
            own = [t for t in tokens if t not in {i for p in phrases for i in p.ids}]
            best = iter(free[item][0])
            assert all(any(t == u for u in best) for t in own), text


class _Recording(_NoDecoding):
    """The real model's scores, recording the prefixes the next token is asked for after."""

    def __init__(self, ct2) -> None:
        super().__init__(ct2)
        self.asked: list[list[int]] = []

    def next_scores(self, sources, prefixes):
        self.asked.extend(list(p) for p in prefixes)
        return super().next_scores(sources, prefixes)


def test_a_banned_token_is_replaced_by_the_models_choice_at_the_break_not_after_the_rest(tiny_ct2_translator) -> None:
    ct2 = tiny_ct2_translator
    avoid = (("lutnick", "Lutnik", "Howard Lutnick"),)
    tracker = ConstraintTracker(ct2.vocab, [Constraints((), avoid)], [60])
    hypothesis = [*ct2.spell("He said Lutnik will visit Astana soon")]
    found = Repairer(tracker, ct2, [["▁"]], 1).first_break(0, hypothesis)
    assert found is not None
    source = ct2.spelling.source_pieces("他说卢特尼克将很快访问阿斯塔纳。", ct2.max_positions)
    recording = _Recording(ct2)
    repairer = Repairer(tracker, recording, [source], 1)
    (tokens,) = repairer.repair({0: [hypothesis]}).values()
    assert recording.asked[0] == hypothesis[: found.at]
    assert repairer.first_break(0, tokens) is None
    assert "lutnik" not in ct2.vocab.decode(tokens).lower()


def test_a_phrase_missing_at_the_end_is_placed_beside_or_instead_of_the_words_near_its_term(
    tiny_ct2_translator,
) -> None:
    ct2 = tiny_ct2_translator
    phrase = Phrase("lutnick", "Howard Lutnick", ct2.spell("Howard Lutnick"))
    tracker = ConstraintTracker(ct2.vocab, [Constraints((phrase,))], [60])
    hypothesis = list(ct2.spell("He said Rovnick will visit Astana soon ."))
    source = ct2.spelling.source_pieces("他说 Howard Lutnick 将很快访问阿斯塔纳。", ct2.max_positions)
    repairer = Repairer(tracker, _NoDecoding(ct2), [source], 1)
    found = repairer.first_break(0, hypothesis)
    assert found is not None
    assert (found.at, found.token, found.decision.ban_eos) == (len(hypothesis), ct2.vocab.eos_id, True)
    places = repairer._places(0, hypothesis, found, 0)
    spots = {len(prefix) for prefix, _, _ in places}
    assert len(places) > len(spots)  # beside the words at a spot, and in place of one or two of them
    (tokens,) = repairer.repair({0: [hypothesis]}).values()
    assert (repairer.stats.placed, repairer.stats.decoded) == (1, 0)
    assert repairer.first_break(0, tokens) is None
    text = ct2.vocab.decode(tokens)
    assert text.count("Howard Lutnick") == 1
    words = text.replace("Howard Lutnick", "").split()
    original = ct2.vocab.decode(hypothesis).split()
    assert len(original) - 2 <= len(words) <= len(original)
    kept = iter(original)
    assert all(word in kept for word in words), text  # the model's words, in order, at most two gone


def test_a_replay_skips_only_what_no_rule_can_act_on(tiny_ct2_translator) -> None:
    ct2 = tiny_ct2_translator
    phrase = Phrase("t", "Tokayev", ct2.spell("Tokayev"))
    tracker = ConstraintTracker(ct2.vocab, [Constraints((phrase,), (("t", "Tokaev", "Tokayev"),))], [60])
    repairer = Repairer(tracker, ct2, [["▁"]], 1)
    plain = list(ct2.spell("He said the minister will visit Astana soon and meet the president there"))
    quiet = 60 - 2 - len(phrase.ids) - 2
    assert repairer._quiet_until(0, plain) == quiet
    assert repairer._quiet_until(0, [*plain[:3], phrase.ids[0], *plain[3:]]) == 0  # a phrase may be starting
    assert repairer._quiet_until(0, [*plain, *ct2.spell(" TOKAEV")]) == 0  # an avoid rendering is there
    long = (plain * 6)[:58]
    found = repairer.first_break(0, long)
    assert found is not None
    assert found.at >= quiet
    assert found == next(
        Break(at, long[at], d)
        for at in range(len(long))
        if not repairer.allowed(d := tracker.decide(0, long[:at]), long[at])
    )


def test_the_rest_after_a_phrase_loses_only_the_tokens_that_would_glue_onto_it(tiny_ct2_translator) -> None:
    ct2 = tiny_ct2_translator
    phrase = Phrase("t", "Tokayev", ct2.spell("Tokayev"))
    tracker = ConstraintTracker(ct2.vocab, [Constraints((phrase,))], [60])
    repairer = Repairer(tracker, ct2, [["▁"]], 1)
    glued = [i for i in ct2.vocab.word_continuations if ct2.vocab.texts[i].isalpha()][:2]
    word = ct2.spell(" said")
    assert repairer._rest(0, list(phrase.ids), [*glued, *word]) == list(word)
    assert repairer._rest(0, [*phrase.ids, *word], [*glued, *word]) == [*glued, *word]


@pytest.fixture(scope="module")
def no_bytes_ct2(tmp_path_factory: pytest.TempPathFactory):
    from glossmt.translate.devtools.tiny import build_tiny_marian
    from glossmt.translate.mt.ct2.decode import load_converted

    folder = build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-nobytes", byte_fallback=False, seed=1)
    converted = convert(resolve_model(str(folder)), tmp_path_factory.mktemp("models") / "tiny-nobytes-ct2")
    return load_converted(resolve_model(str(converted)), "cpu", "int8", 1)


def test_a_term_the_vocabulary_cannot_spell_is_substituted_on_ct2(no_bytes_ct2) -> None:
    glossary = Glossary.of([Term("苏黎世", "Zürich", "zurich", avoid=("Zurich",))])
    assert no_bytes_ct2.spell("Zürich") is None
    lines = ["他们在苏黎世会面。"]
    (result,) = translate_lines(lines, no_bytes_ct2, matcher=Matcher(glossary), options=Options(beams=4))
    (report,) = result.terms
    assert (report.how, report.present) == (How.SUBSTITUTED, True)
    assert result.target.count("Zürich") == 1


def test_cpu_runs_one_thread_workers_as_many_as_the_cores_this_process_may_use() -> None:
    assert thread_layout("cpu", 3) == (3, 1)
    assert thread_layout("cuda", 0) == (1, 4)  # a GPU keeps one worker
    # Pinned to one core (taskset, a container's cpuset), a machine's other cores are not counted.
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
        "from glossmt.translate.mt.ct2.decode import thread_layout; print(thread_layout('cpu', 0))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "(1, 1)"
