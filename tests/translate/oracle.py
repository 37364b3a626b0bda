"""The term guarantee judged without glossmt's own rule: an oracle that shares no code with ``verify()``.

``verify()`` decides what the pass re-decodes, so judging the pass's output with it would hide a bug in
it. This counts canonical English by plain string scanning instead: whole words (no letter, digit or
underscore on either side), only the first letter's case free, whitespace runs as one space, longer
targets claiming their text first; and looks for avoid renderings case-insensitively the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from glossmt.glossary.model import Glossary
from glossmt.translate.mt.results import How, LineResult


def _word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _occurrences(text: str, target: str, *, any_case: bool) -> list[tuple[int, int]]:
    """Whole-word occurrences of ``target`` in ``text`` (both whitespace-folded)."""
    haystack = text.lower() if any_case else text
    found, size = [], len(target)
    for i in range(len(text) - size + 1):
        window = haystack[i : i + size]
        if any_case:
            same = window == target.lower()
        else:
            same = window[1:] == target[1:] and window[:1].lower() == target[:1].lower()
        if same and not _word_char(text, i - 1) and not _word_char(text, i + size):
            found.append((i, i + size))
    return found


def count_canonical(english: str, targets: dict[str, str]) -> Counter[str]:
    """Occurrences of each concept's canonical English; a longer target's text is not counted again."""
    text = " ".join(english.split())
    claimed: list[tuple[int, int]] = []
    counts: Counter[str] = Counter()
    for concept, target in sorted(targets.items(), key=lambda item: -len(item[1])):
        form = " ".join(target.split())
        for start, end in _occurrences(text, form, any_case=False):
            if not any(start < e and s < end for s, e in claimed):
                claimed.append((start, end))
                counts[concept] += 1
    return counts


def _canonical(glossary: Glossary, concept: str, reported: str) -> str:
    """The concept's canonical English; a pinned name (no glossary concept) has the English reported."""
    try:
        return glossary.concept(concept).target
    except KeyError:
        return reported


def _avoid(glossary: Glossary, concept: str) -> tuple[str, ...]:
    try:
        return tuple(glossary.concept(concept).avoid)
    except KeyError:
        return ()


def assert_guarantee(results: Sequence[LineResult], glossary: Glossary) -> None:
    """Every approved occurrence present, exactly as often as in the source; no avoid rendering."""
    for result in results:
        assert "\n" not in result.target
        for sentence in result.sentences:
            approved = Counter(t.concept for t in sentence.terms if t.how is not How.DRAFT)
            targets = {t.concept: _canonical(glossary, t.concept, t.target) for t in sentence.terms}
            counted = count_canonical(sentence.target, targets)
            for concept, expected in approved.items():
                assert counted[concept] == expected, (sentence.source, sentence.target, concept, expected)
            text = " ".join(sentence.target.split())
            for concept in approved:
                right = _occurrences(text, " ".join(targets[concept].split()), any_case=False)
                for rendering in _avoid(glossary, concept):
                    for start, end in _occurrences(text, " ".join(rendering.split()), any_case=True):
                        inside = any(s <= start and end <= e for s, e in right)
                        assert inside, (sentence.source, sentence.target, rendering)
        assert all(t.present for t in result.terms if t.how is not How.DRAFT)
