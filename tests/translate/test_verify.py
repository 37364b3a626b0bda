"""verify(): the rendering rules, one row per rule (README, "How terms are verified"), written out by hand."""

from __future__ import annotations

import pytest

from glossmt.translate.verify import Expected, find_avoided, legal_variants, verify

# (english, [(concept, target, count, accept)], {concept: occurrences found})
CASES = [
    ("President Tokayev met Lutnick.", [("t", "Tokayev", 1, ())], {"t": 1}, "exact"),
    ("tungsten concentrate rose.", [("w", "Tungsten concentrate", 1, ())], {"w": 1}, "first letter's case is free"),
    ("TOKAYEV spoke.", [("t", "Tokayev", 1, ())], {"t": 0}, "only the first letter's case"),
    ("Howard  Lutnick\tspoke.", [("l", "Howard Lutnick", 1, ())], {"l": 1}, "any whitespace run is a space"),
    ("Samruk-Kazyna's fund.", [("s", "Samruk-Kazyna", 1, ())], {"s": 1}, "a possessive is fine"),
    ("A Samruk-Kazyna-led deal.", [("s", "Samruk-Kazyna", 1, ())], {"s": 1}, "a following hyphenated word"),
    ("Samruk Kazyna said.", [("s", "Samruk-Kazyna", 1, ())], {"s": 0}, "a hyphen is not a space"),
    ("Tokayevs and Tokayev2.", [("t", "Tokayev", 1, ())], {"t": 0}, "whole words only"),
    ("Lutnick said Lutnick.", [("l", "Lutnick", 2, ())], {"l": 2}, "occurrences are counted"),
    (
        "Howard Lutnick met Lutnick.",
        [("h", "Howard Lutnick", 1, ()), ("l", "Lutnick", 1, ())],
        {"h": 1, "l": 1},
        "longest target first: Howard Lutnick is not also Lutnick",
    ),
    ("Cove Kaz Capital said.", [("c", "Cove Kaz Capital LLP", 1, ("Cove Kaz Capital",))], {"c": 1}, "accept"),
    ("Cove Kaz Capital said.", [("c", "Cove Kaz Capital LLP", 1, ())], {"c": 0}, "no accept, no variant"),
    ("", [("t", "Tokayev", 1, ())], {"t": 0}, "empty English"),
]


@pytest.mark.parametrize(("english", "expected", "found", "rule"), CASES, ids=[case[3] for case in CASES])
def test_verify_counts_by_the_rules(english: str, expected: list, found: dict[str, int], rule: str) -> None:
    verdicts = verify(english, [Expected(c, target, count, accept) for c, target, count, accept in expected])
    assert [v.concept for v in verdicts] == [c for c, *_ in expected]
    assert {v.concept: len(v.spans) for v in verdicts} == found, rule
    for verdict, (_, _, count, _) in zip(verdicts, expected, strict=True):
        assert verdict.present == (found[verdict.concept] >= count)
        for start, end in verdict.spans:
            assert english[start:end], rule


# (english, [(concept, avoid rendering, canonical target)], [renderings found])
AVOID_CASES = [
    ("President Tokaev met.", [("t", "Tokaev", "Tokayev")], ["Tokaev"], "found"),
    ("president TOKAEV met.", [("t", "Tokaev", "Tokayev")], ["Tokaev"], "any case"),
    ("Tokaeva met.", [("t", "Tokaev", "Tokayev")], [], "whole words"),
    ("Kazakh Tungsten Ltd.", [("k", "Kazakh Tungsten", "Kazakh Tungsten Ltd.")], [], "inside the canonical form"),
    ("Kazakh Tungsten said.", [("k", "Kazakh Tungsten", "Kazakh Tungsten Ltd.")], ["Kazakh Tungsten"], "alone"),
]


@pytest.mark.parametrize(("english", "avoid", "found", "rule"), AVOID_CASES, ids=[case[3] for case in AVOID_CASES])
def test_avoid_renderings_are_found_by_the_rules(english: str, avoid: list, found: list[str], rule: str) -> None:
    assert [hit.rendering for hit in find_avoided(english, avoid)] == found, rule


@pytest.mark.parametrize(
    ("target", "variants"),
    [
        ("Almonty Industries Inc.", ("Almonty Industries",)),
        ("Kazatomprom JSC", ("Kazatomprom",)),
        (
            "Kazatomprom",
            ("Kazatomprom Inc.", "Kazatomprom Ltd.", "Kazatomprom LLP", "Kazatomprom JSC", "Kazatomprom Corp."),
        ),
    ],
)
def test_legal_suffixes_are_optional(target: str, variants: tuple[str, ...]) -> None:
    assert legal_variants(target) == variants


@pytest.mark.parametrize(
    ("english", "expected", "found", "rule"), [c for c in CASES if not any(e[3] for e in c[1])], ids=str
)
def test_the_oracle_agrees_with_verify_on_every_rule(english: str, expected: list, found: dict, rule: str) -> None:
    """The tests' oracle (tests/translate/oracle.py) shares no code with verify(), and counts the same."""
    from tests.translate.oracle import count_canonical

    counted = count_canonical(english, {c: target for c, target, *_ in expected})
    assert {c: counted[c] for c, *_ in expected} == found, rule
