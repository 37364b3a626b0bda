"""The constraint decisions, on a small hand-made vocabulary (pure Python, no model).

The last test plays greedy decoding against random scores: whatever the scores, every finished
hypothesis holds each required phrase exactly as often as required and no avoid rendering.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.translate.mt.constraints import (
    NOTHING,
    Constraints,
    ConstraintTracker,
    Decision,
    Phrase,
    PieceVocab,
)
from glossmt.translate.verify import find_avoided, find_spans, rendering_pattern

PIECES = [
    "</s>", "<unk>", "▁How", "ard", "▁Lut", "nick", "▁Lutnik", "s", "▁the", "▁white",
    "▁tungsten", ".", "▁said", "▁Lutn", "ik", "<0x41>", "<0x0A>", "▁Tramp", "▁a", "'s",
    "▁Trump", "▁Donald", "▁Tr", "amp", "<0xC3>", "<0xA9>", "<pad>",
]  # fmt: skip
ID = {p: i for i, p in enumerate(PIECES)}
EOS, PAD = 0, len(PIECES) - 1
VOCAB = PieceVocab(PIECES, eos_id=EOS, pad_id=PAD, unk_id=1)


def ids(*pieces: str) -> tuple[int, ...]:
    return tuple(ID[p] for p in pieces)


HOWARD_LUTNICK = Phrase("lutnick", "Howard Lutnick", ids("▁How", "ard", "▁Lut", "nick"))
LUTNIK = ("lutnick", "Lutnik", "Howard Lutnick")


def tracker(*constraints: Constraints, cap: int = 30) -> ConstraintTracker:
    return ConstraintTracker(VOCAB, constraints, [cap] * len(constraints))


def test_decode_joins_pieces_bytes_and_drops_specials() -> None:
    assert VOCAB.decode(ids("▁How", "ard", "▁Lut", "nick", "'s", "</s>", "<pad>")) == "Howard Lutnick's"
    assert VOCAB.decode(ids("▁a", "<0x41>")) == "aA"


def test_prefix_lookup_is_case_insensitive() -> None:
    assert set(VOCAB.ids_starting_with(" lut")) == set(ids("▁Lut", "▁Lutnik", "▁Lutn"))
    assert ID["▁Lutnik"] in VOCAB.ids_containing("lutnik")


def test_nothing_to_do_without_constraints() -> None:
    assert tracker(Constraints()).decide(0, ids("▁said")) is NOTHING


@pytest.mark.parametrize(
    ("pieces", "holds"),
    [
        (("▁said", "▁How", "ard", "▁Lut", "nick", "."), True),
        (("▁said", "▁Lutn", "ik", "."), False),
        (("▁How", "ard", "▁Lut", "nick", "▁said", "▁How", "ard", "▁Lut", "nick"), True),
    ],
    ids=["present", "missing", "twice"],
)
def test_a_finished_hypothesis_is_seen_to_hold_its_phrases_or_not(pieces: tuple[str, ...], holds: bool) -> None:
    both = tracker(Constraints((HOWARD_LUTNICK,)), Constraints())
    assert both.holds_every_phrase(0, ids(*pieces)) is holds
    assert both.holds_every_phrase(1, ids(*pieces)) is True  # nothing required


def test_a_started_phrase_is_completed() -> None:
    decide = tracker(Constraints(require=(HOWARD_LUTNICK,))).decide
    assert decide(0, ids("▁said", "▁How")).force == ID["ard"]
    assert decide(0, ids("▁said", "▁How", "ard")).force == ID["▁Lut"]


def test_end_is_banned_while_a_phrase_is_missing_and_free_once_present() -> None:
    decide = tracker(Constraints(require=(HOWARD_LUTNICK,))).decide
    assert decide(0, ids("▁said")).ban_eos
    assert not decide(0, ids("▁How", "ard", "▁Lut", "nick", ".")).ban_eos


def test_the_phrase_starts_when_room_runs_out() -> None:
    # cap 8: one slot for </s>, four for the phrase; with slack it starts at 8 - 1 - 4 - 2 = 1 token.
    decide = tracker(Constraints(require=(HOWARD_LUTNICK,)), cap=8).decide
    assert decide(0, ()).force is None
    assert decide(0, ids("▁said")).force == ID["▁How"]


def test_missing_phrases_are_nudged_not_forced_while_there_is_room() -> None:
    decision = tracker(Constraints(require=(HOWARD_LUTNICK,))).decide(0, ids("▁said"))
    assert decision.force is None
    assert (ID["▁How"], pytest.approx(3.0)) in [(t, b) for t, b in decision.bias]


def test_no_second_copy_once_the_count_is_reached() -> None:
    lutnick = Phrase("lutnick", "Lutnick", ids("▁Lut", "nick"))
    decide = tracker(Constraints(require=(lutnick,))).decide
    assert ID["nick"] in decide(0, ids("▁Lut", "nick", "▁said", "▁Lut")).ban
    twice = Phrase("lutnick", "Lutnick", ids("▁Lut", "nick"), count=2)
    assert tracker(Constraints(require=(twice,))).decide(0, ids("▁Lut", "nick", "▁said", "▁Lut")).force == ID["nick"]


def test_the_last_word_of_a_phrase_is_not_doubled() -> None:
    decide = tracker(Constraints(require=(HOWARD_LUTNICK,))).decide
    assert ID["nick"] in decide(0, ids("▁How", "ard", "▁Lut", "nick", "▁Lut")).ban
    assert ID["nick"] not in decide(0, ids("▁How", "ard", "▁Lut", "nick", "▁said", "▁Lut")).ban


def test_a_completed_phrase_cannot_be_glued_to_the_next_piece() -> None:
    decision = tracker(Constraints(require=(HOWARD_LUTNICK,))).decide(0, ids("▁How", "ard", "▁Lut", "nick"))
    assert decision.ban_continuations
    assert ID["s"] in VOCAB.word_continuations
    assert ID["'s"] not in VOCAB.word_continuations
    assert ID["<0xC3>"] in VOCAB.word_continuations  # the first byte of "é": "Lutnické" is not "Lutnick"
    assert ID["<0x0A>"] not in VOCAB.word_continuations


def test_avoid_is_banned_whatever_spelling_leads_there() -> None:
    decide = tracker(Constraints(avoid=(LUTNIK,))).decide
    assert ID["▁Lutnik"] in decide(0, ids("▁said")).ban
    assert ID["ik"] in decide(0, ids("▁said", "▁Lutn")).ban
    assert ID["ik"] not in decide(0, ids("▁said", "▁a")).ban


def test_avoid_is_case_insensitive() -> None:
    tramp = ("trump", "tramp", "Trump")
    decide = tracker(Constraints(avoid=(tramp,))).decide
    assert ID["▁Tramp"] in decide(0, ()).ban
    assert ID["amp"] in decide(0, ids("▁Tr")).ban


def test_a_phrase_is_not_started_where_it_would_complete_an_avoid_rendering() -> None:
    tungsten = Phrase("tungsten", "tungsten", ids("▁tungsten"))
    white = ("scheelite", "white tungsten", "scheelite")
    decide = tracker(Constraints(require=(tungsten,), avoid=(white,)), cap=5).decide
    decision = decide(0, ids("▁white"))  # room 3 <= 1 + slack: time to start, but not here
    assert decision.force is None
    assert ID["▁tungsten"] in decision.ban
    assert decide(0, ids("▁white", ".")).force == ID["▁tungsten"]


def test_nested_targets_count_separately() -> None:
    donald = Phrase("donald-trump", "Donald Trump", ids("▁Donald", "▁Trump"))
    trump = Phrase("trump", "Trump", ids("▁Trump"))
    decide = tracker(Constraints(require=(donald, trump))).decide
    # "Donald Trump" does not also count as the separate "Trump" the source asked for.
    assert decide(0, ids("▁Donald", "▁Trump")).ban_eos
    assert not decide(0, ids("▁Donald", "▁Trump", "▁said", "▁Trump")).ban_eos


def test_a_missing_phrase_is_not_started_where_it_would_make_an_extra_copy() -> None:
    donald = Phrase("donald-trump", "Donald Trump", ids("▁Donald", "▁Trump"))
    trump = Phrase("trump", "Trump", ids("▁Trump"))
    done = ids("▁Donald", "▁Trump", "▁Donald")  # "Donald Trump" is there; a free "Donald" was just written
    # cap 7: room 3 = needed 1 + slack 2. "Trump" would make a second "Donald Trump": banned, not started.
    waiting = tracker(Constraints(require=(donald, trump)), cap=7).decide(0, done)
    assert waiting.force is None
    assert ID["▁Trump"] in waiting.ban
    # cap 6: one spare token left, spent on a full stop so that "Trump" can start next.
    assert tracker(Constraints(require=(donald, trump)), cap=6).decide(0, done).force == ID["."]


def test_end_is_forced_at_the_cap_once_nothing_is_missing() -> None:
    decide = tracker(Constraints(avoid=(LUTNIK,)), cap=3).decide
    assert decide(0, ids("▁said", "▁a")).force == EOS


def test_finished_hypotheses_are_left_alone() -> None:
    assert tracker(Constraints(require=(HOWARD_LUTNICK,))).decide(0, ids("▁said", "</s>", "<pad>")) is NOTHING


def apply(scores: list[float], decision: Decision) -> list[float]:
    """What the torch processor does, in plain Python (held to it by the last test in this file)."""
    scores = list(scores)
    scores[PAD] = -math.inf
    if decision.force is not None:
        return [s if i == decision.force else -math.inf for i, s in enumerate(scores)]
    for token, bonus in decision.bias:
        scores[token] += bonus
    banned = set(decision.ban) | (set(VOCAB.word_continuations) if decision.ban_continuations else set())
    banned |= {EOS} if decision.ban_eos else set()
    return [-math.inf if i in banned else s for i, s in enumerate(scores)]


def greedy(tracker: ConstraintTracker, rng: random.Random, eos_weight: float) -> list[int]:
    generated: list[int] = []
    while True:
        scores = [rng.gauss(0, 1) for _ in PIECES]
        scores[EOS] += eos_weight
        scores = apply(scores, tracker.decide(0, generated))
        best = max(range(len(scores)), key=scores.__getitem__)
        if best == EOS:
            return generated
        generated.append(best)
        assert len(generated) < tracker.caps[0], "the cap always ends the hypothesis"


PHRASES = [
    HOWARD_LUTNICK,
    Phrase("lutnick", "Lutnick", ids("▁Lut", "nick")),
    Phrase("trump", "Trump", ids("▁Trump")),
    Phrase("donald-trump", "Donald Trump", ids("▁Donald", "▁Trump")),
    Phrase("tungsten", "tungsten", ids("▁tungsten")),
]
AVOIDS = [LUTNIK, ("trump", "Tramp", "Trump"), ("scheelite", "white tungsten", "scheelite"), ("x", "the tungsten", "x")]


@settings(max_examples=300)
@given(
    chosen=st.lists(st.sampled_from(range(len(PHRASES))), min_size=1, max_size=3, unique=True),
    counts=st.lists(st.integers(min_value=1, max_value=2), min_size=3, max_size=3),
    avoid=st.lists(st.sampled_from(AVOIDS), max_size=3, unique=True),
    seed=st.integers(min_value=0, max_value=2**32),
    eos_weight=st.floats(min_value=-2, max_value=4),
    slack=st.integers(min_value=0, max_value=12),
)
def test_greedy_against_random_scores_keeps_the_guarantee(  # noqa: PLR0917 (hypothesis arguments)
    chosen: list[int], counts: list[int], avoid: list[tuple[str, str, str]], seed: int, eos_weight: float, slack: int
) -> None:
    # One phrase per concept, as the pipeline builds them.
    phrases: dict[str, Phrase] = {}
    for i, count in zip(chosen, counts, strict=False):
        p = PHRASES[i]
        phrases.setdefault(p.concept, Phrase(p.concept, p.text, p.ids, count))
    constraints = Constraints(require=tuple(phrases.values()), avoid=tuple(avoid))
    cap = constraints.needed_tokens + 1 + slack
    generated = greedy(tracker(constraints, cap=cap), random.Random(seed), eos_weight)
    text = VOCAB.decode(generated)
    hits = find_avoided(text, constraints.avoid)
    assert not hits, text
    from glossmt.translate.verify import Expected, verify

    verdicts = verify(text, [Expected(p.concept, p.text, p.count) for p in constraints.require])
    for verdict in verdicts:
        assert len(verdict.spans) == verdict.expected, (text, verdict)
    for phrase in constraints.require:
        assert len(find_spans(text, rendering_pattern(phrase.text))) >= phrase.count


@settings(max_examples=60)
@given(
    chosen=st.lists(st.sampled_from(range(len(PHRASES))), min_size=1, max_size=2, unique=True),
    avoid=st.lists(st.sampled_from(AVOIDS), max_size=2, unique=True),
    prefixes=st.lists(st.lists(st.sampled_from(range(len(PIECES) - 1)), max_size=6), min_size=1, max_size=4),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_the_mirror_above_is_what_the_torch_processor_does(
    chosen: list[int], avoid: list[tuple[str, str, str]], prefixes: list[list[int]], seed: int
) -> None:
    """``apply`` stands in for the torch processor in the greedy test: on the same decisions and
    scores, both give the same scores."""
    import torch

    from glossmt.translate.mt.marian.decode import ConstraintProcessor

    constraints = Constraints(require=tuple(PHRASES[i] for i in chosen), avoid=tuple(avoid))
    beams = len(prefixes)  # one sentence, one hypothesis per prefix
    width = max(len(p) for p in prefixes)
    rows = [[PAD] * (width - len(p)) + p for p in prefixes]  # left-padded; decide() sees the tail only
    shaped = tracker(constraints, cap=40)
    processor = ConstraintProcessor(shaped, beams=beams, vocab=VOCAB, device="cpu")
    rng = random.Random(seed)
    scores = [[rng.gauss(0, 1) for _ in PIECES] for _ in rows]
    input_ids = torch.tensor([[PAD, *row] for row in rows])
    got = processor(input_ids, torch.tensor(scores)).tolist()
    for row, row_scores, out in zip(rows, scores, got, strict=True):
        assert out == pytest.approx(apply(row_scores, shaped.decide(0, row)))
