"""One pass: a default run (memory on, pinning on) matches, splits and verifies each piece once."""

from __future__ import annotations

from collections import Counter

import pytest

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.matching import Matcher
from glossmt.translate.memory.store import Memory
from glossmt.translate.mt import pipeline, segment
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.session import Pinning, Session
from tests.translate.oracle import assert_guarantee

LINES = [
    "哈萨克斯坦总统托卡耶夫表示欢迎。努尔特列乌说，卢特尼克认为钨很重要。",
    "",
    "努尔特列乌会见了卢特尼克。哈萨克斯坦总统托卡耶夫表示欢迎。",
]


class _Counting:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, matcher: Matcher, translator) -> None:
        self.matched: Counter[str] = Counter()
        self.split: Counter[str] = Counter()
        self.verified: Counter[tuple[str, tuple[object, ...]]] = Counter()
        self.decoded = 0
        find, split, verify = Matcher.find, segment.split_sentences, pipeline.verify

        def counting_find(this: Matcher, text: str):
            if this is matcher:
                self.matched[text] += 1
            return find(this, text)

        def counting_split(line: str):
            self.split[line] += 1
            return split(line)

        def counting_verify(english: str, expected):
            self.verified[(english, tuple(expected))] += 1
            return verify(english, expected)

        translate = translator.translate

        def counting_translate(requests, *, beams: int = 4):
            self.decoded += len(requests)
            return translate(requests, beams=beams)

        monkeypatch.setattr(Matcher, "find", counting_find)
        monkeypatch.setattr(segment, "split_sentences", counting_split)
        monkeypatch.setattr(pipeline, "split_sentences", counting_split)
        monkeypatch.setattr(pipeline, "verify", counting_verify)
        monkeypatch.setattr(translator, "translate", counting_translate)


def test_a_default_run_matches_splits_and_verifies_each_piece_once(
    monkeypatch: pytest.MonkeyPatch, tiny_translator, shipped_glossary
) -> None:
    compiled = Compiled.of(shipped_glossary)
    with Memory(":memory:") as memory:
        session = Session(tiny_translator, compiled, options=Options(beams=1), memory=memory, pinning=Pinning())
        assert session.matcher is not None
        counts = _Counting(monkeypatch, session.matcher, tiny_translator)
        cold = session.translate_document(LINES)
        assert_guarantee(cold.lines, shipped_glossary)
        written = [line for line in LINES if line.strip()]
        assert {line: counts.matched[line] for line in written} == dict.fromkeys(written, 1)
        assert {line: counts.split[line] for line in LINES} == dict.fromkeys(LINES, 1)
        assert counts.verified
        assert max(counts.verified.values()) == 1, counts.verified.most_common(1)
        assert counts.decoded > 0
        # The second run: every sentence from the memory, nothing decoded, each line still matched once.
        counts.decoded = 0
        warm = session.translate_document(LINES)
    assert counts.decoded == 0
    assert [r.target for r in warm.lines] == [r.target for r in cold.lines]
    assert warm.memory_hits == warm.tally.sentences == 4
    assert {line: counts.matched[line] for line in written} == dict.fromkeys(written, 2)
