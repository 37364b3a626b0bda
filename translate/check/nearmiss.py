"""Near-miss names: English spans that look like a glossary name but are spelt differently.

No list anticipates every misspelling ("Kairaktinskoe", "Samruk Kazyna", "Lutnikc"), so candidates
are compared with the names by edit distance:

1. *Candidates* are capitalised word n-grams: a word that starts with a capital, extended word by
   word while the next word is capitalised, joined by a hyphen, a connector ("of", "and") or
   continues a glossary name ("Upper kairaktinskoye"); up to one word longer than the longest name. A possessive ends a
   candidate ("Samruk-Kazyna's" is the name).
2. Both sides become a *form*: lower case, hyphens as ``-``, other separators as one space, dots
   dropped (``U.S.`` → ``us``). So case, hyphen and space differences cost one edit or none.
3. *Similarity* is ``100 × (1 − d / longer length)``, ``d`` the optimal-string-alignment distance
   (a transposition is one edit). At the default threshold of 80: one edit in five letters, two
   in ten, three in fifteen, enough for a Russian ending ("-sky" for "-skoye", two edits).
4. Candidates are compared only with the names filed under the first or last three letters of one
   of their words, and of a length the threshold allows; a name is filed under its rarest word and
   its other uncommon ones. One
   vectorised rapidfuzz call per bucket and length: no loop over the glossary per candidate.
5. Word for word, each word of a multi-word candidate must be a variant of the name's word:
   "Department of Justice" is another name, not a misspelling of "Department of State"; and where
   every differing word is valid pinyin on both sides ("Zhang Yun", "Zhang Yuan") it is another
   Chinese name (:mod:`glossmt.translate.check.pinyin`).
6. The threshold depends on the name's kind: a pinyin name, whose one-letter neighbours are other
   names, needs :data:`PINYIN_MARGIN` more (one edit in seven letters at the default), while a long
   Russian or Kazakh transliteration keeps the plain threshold, which already lets it differ by
   more edits ("Upper Kairaktinsky" for "Upper Kairaktinskoye": two).
7. A candidate never starts with a function word ("The U.S. Geological Survey", "As Zhang Wei")
   unless a name does ("The Hague"), and a candidate that holds its name's correct rendering whole
   ("Almonty Industries Inc.") is that name.

Only proper names are indexed (a canonical form that starts with a capital): a commodity such as
"copper" would find "Cooper" in every other article. A word that *extends* a name ("Kazakhstani",
"the Trumps"), or is a whole-word part of one ("State Council" in "U.S. State Council"), is a
different word, not a misspelling.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from glossmt.glossary.model import Glossary, TermType
from glossmt.glossary.spans import merge_spans, non_overlapping
from glossmt.translate.check.likeness import other_words, related, words_align
from glossmt.translate.check.nameforms import (
    CONNECTORS,
    FUNCTION_WORDS,
    WORD,
    capital_start,
    name_form,
    name_parts,
    skeleton,
)
from glossmt.translate.check.pinyin import another_pinyin_name, is_pinyin_name
from glossmt.translate.check.words import GENERICS
from glossmt.translate.verify import rendering_pattern

__all__ = [
    "DEFAULT_THRESHOLD",
    "FIX_THRESHOLD",
    "MIN_NAME_LENGTH",
    "NameEntry",
    "NearMiss",
    "NearMissIndex",
    "entries_from_glossary",
]

DEFAULT_THRESHOLD = 80.0
# A near-miss at least this similar (and with one nearest name) is rewritten by `--fix`.
FIX_THRESHOLD = 85.0
# Names shorter than this have too many English neighbours to be checked by similarity.
MIN_NAME_LENGTH = 5
# A pinyin name needs this much more similarity than the threshold.
PINYIN_MARGIN = 5.0
_PINYIN_KINDS = (TermType.PERSON, TermType.ORGANISATION, None)
# A word whose blocking keys are this common is not filed under (unless it is the rarest).
_COMMON_KEY_SHARE = 0.005
_SHORT_WORD = 6
_PARALLEL_CELLS = 1_000_000  # score matrices this large are worth rapidfuzz's thread pool
_CONTEXT = -1  # marks, after the entries, a form near a name only in context


def _word_keys(form: str) -> list[tuple[str, str]]:
    """Blocking keys of each word of a name: its first and its last three letters (two, for a word
    of six letters or fewer, where one edit in the middle can reach both ends)."""
    keys = []
    for word in re.split(r"[ -]", form):
        if word:
            n = 2 if len(word) <= _SHORT_WORD else 3
            keys.append(("^" + word[:n], word[-n:] + "$"))
    return keys


def _query_keys(form: str) -> set[str]:
    """Every key a name near this candidate may be filed under (both key lengths)."""
    return {
        k
        for word in re.split(r"[ -]", form)
        if word
        for k in ("^" + word[:2], word[-2:] + "$", "^" + word[:3], word[-3:] + "$")
    }


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One indexed name form: a term's English, or an avoid rendering that points to its concept's."""

    form: str
    concept: str
    suggestion: str
    avoid: bool = False
    kind: TermType | None = None


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A span of English that looks like ``suggestion`` but is spelt otherwise."""

    start: int
    end: int
    text: str
    concept: str
    suggestion: str
    score: float
    alternatives: tuple[str, ...] = ()  # other names just as near: the fix is ambiguous
    # "near": near only in context (another valid pinyin name, or a short one below the pinyin
    # margin), weighed by :func:`~glossmt.translate.check.checker.weigh_context` into "typo" (the
    # document writes the name right more often) or "alone" (the batch's one use, no fix), or dropped.
    context: str = ""

    @property
    def kind(self) -> str:
        """What differs: ``case``, ``punctuation``, ``hyphen or space`` or ``spelling``."""
        form, expected = name_form(self.text), name_form(self.suggestion)
        if form == expected:
            return "case" if self.text.lower() == self.suggestion.lower() else "punctuation"
        if form and expected and skeleton(form) == skeleton(expected):
            return "hyphen or space"
        return "spelling"

    @property
    def confident(self) -> bool:
        """Unambiguous and near enough to rewrite; an all-capitals headline keeps its style."""
        if self.alternatives or self.score < FIX_THRESHOLD or self.context in ("near", "alone"):
            return False
        return not (self.kind == "case" and self.text.isupper())


def entries_from_glossary(glossary: Glossary) -> list[NameEntry]:
    """Index approved proper names (first letter a capital, not a commodity) and their avoid renderings."""
    entries: list[NameEntry] = []
    for concept in glossary.concepts:
        if concept.type is TermType.COMMODITY:
            continue
        targets = [t.target for t in concept.terms if t.approved and t.target[:1].isupper()]
        if not targets:
            continue
        for target in dict.fromkeys([*targets, *(a for a in concept.accept if a[:1].isupper())]):
            entries.append(NameEntry(name_form(target) or "", concept.id, target, kind=concept.type))
        for rendering in concept.avoid:
            entries.append(NameEntry(name_form(rendering) or "", concept.id, targets[0], True, concept.type))
    return [e for e in entries if len(e.form) >= MIN_NAME_LENGTH]


class NearMissIndex:
    """Glossary names bucketed by their first and last three letters; build once, search many texts."""

    def __init__(self, entries: Iterable[NameEntry]) -> None:
        self.entries = list(entries)
        self._buckets: dict[str, list[int]] = {}
        words = [_word_keys(e.form) for e in self.entries]
        frequency = Counter(k for keys in words for pair in set(keys) for k in pair)
        common = max(50, int(len(self.entries) * _COMMON_KEY_SHARE))
        for i, keys in enumerate(words):
            # A name is filed under its rarest word ("Kairaktinskoye", not "Upper") and every other
            # uncommon one: a misspelling seldom reaches both ends of a word, or two words.
            rarest = min(keys, key=lambda pair: frequency[pair[0]] + frequency[pair[1]])
            filed = {k for pair in keys for k in pair if frequency[k] <= common} | set(rarest)
            for k in filed:
                self._buckets.setdefault(k, []).append(i)
        follows: set[str] = set()
        for entry in self.entries:
            for end, form in name_parts(entry.form, 0, limit=64, follows=None):
                if end < len(entry.form):
                    follows.add(form)
        for ids in self._buckets.values():
            ids.sort(key=lambda i: len(self.entries[i].form))
        self._bucket_forms = {k: [self.entries[i].form for i in ids] for k, ids in self._buckets.items()}
        self._bucket_lengths = {k: [len(f) for f in forms] for k, forms in self._bucket_forms.items()}
        self._follows = frozenset(follows)
        self._first_words = frozenset(_words(e.form)[0] for e in self.entries)
        # function words one letter from a name's first word: "To Jun" may be "Tao Jun" misspelt
        self._typo_openers = frozenset(w for w in FUNCTION_WORDS if not _one_edit(w).isdisjoint(self._first_words))
        self._limit = max((len(WORD.findall(e.form)) for e in self.entries), default=0) + 1
        self._min_len = MIN_NAME_LENGTH - 1
        self._max_len = max((len(e.form) for e in self.entries), default=0) * 2

    @classmethod
    def from_glossary(cls, glossary: Glossary) -> NearMissIndex:
        return cls(entries_from_glossary(glossary))

    def candidates(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Capitalised word n-grams of ``text``, by form: ``{form: [(start, end), …]}``."""
        found: dict[str, list[tuple[int, int]]] = {}
        if not self.entries:
            return found
        lo, hi = self._min_len, self._max_len
        for match in capital_start().finditer(text):
            start = match.start()
            word = WORD.match(text, start)
            opener = word.group().lower() if word else ""
            if opener in FUNCTION_WORDS and opener not in self._first_words and opener not in self._typo_openers:
                continue  # "The", "As", "If" open the sentence, not the name
            for end, form in name_parts(text, start, limit=self._limit, follows=self._follows):
                last = form[form.rfind(" ") + 1 :]
                # a name does not end in a connector, but "Bin", "Le" capitalised are names' words
                if lo <= len(form) <= hi and (last not in CONNECTORS or text[end - len(last) : end][:1].isupper()):
                    found.setdefault(form, []).append((start, end))
        return found

    def nearest(self, forms: Iterable[str], threshold: float) -> dict[str, tuple[float, list[int]]]:
        """For each form near a name: its score and the nearest entries (several when tied), the last
        :data:`_CONTEXT` where the form is near only in context (:attr:`NearMiss.context`)."""
        cutoff = threshold / 100.0
        by_key: dict[str, dict[int, list[str]]] = {}
        for form in forms:
            for k in _query_keys(form):
                if k in self._buckets:
                    by_key.setdefault(k, {}).setdefault(len(form), []).append(form)
        best: dict[str, tuple[float, list[int]]] = {}
        context: dict[str, tuple[float, list[int]]] = {}  # one edit from a pinyin name: a typo in context only
        derived: set[str] = set()
        for k, by_length in by_key.items():
            ids, choices, lengths = self._buckets[k], self._bucket_forms[k], self._bucket_lengths[k]
            for length, queries in by_length.items():
                # Only names whose length allows the cutoff: d >= |la - lb| and d <= (1 - c) max(la, lb).
                lo = bisect.bisect_left(lengths, math.ceil(length * cutoff - 1e-9))
                hi = bisect.bisect_right(lengths, math.floor(length / cutoff + 1e-9)) if cutoff else len(lengths)
                if lo >= hi:
                    continue
                workers = -1 if len(queries) * (hi - lo) > _PARALLEL_CELLS else 1
                matrix = process.cdist(
                    queries, choices[lo:hi], scorer=OSA.normalized_similarity, score_cutoff=cutoff, workers=workers
                )
                for row, col in zip(*matrix.nonzero(), strict=True):
                    form, entry = queries[row], ids[lo + col]
                    name = self.entries[entry].form
                    if related(form, name):
                        derived.add(form)
                        continue
                    if not words_align(form, name) or other_words(form, name):
                        continue
                    score = round(100.0 * float(matrix[row, col]), 1)
                    pinyin = self._pinyin(entry)
                    if pinyin and (score < threshold + PINYIN_MARGIN or another_pinyin_name(_core(form), _core(name))):
                        if OSA.distance(form, name) == 1:
                            context.setdefault(form, (score, [entry]))
                        continue
                    if score < threshold:
                        continue
                    old = best.get(form)
                    if old is None or score > old[0]:
                        best[form] = (score, [entry])
                    elif score == old[0] and entry not in old[1]:
                        old[1].append(entry)
        for form, hit in context.items():
            best.setdefault(form, (hit[0], [*hit[1], _CONTEXT]))
        return {form: hit for form, hit in best.items() if form not in derived}

    def _opens_sentence(self, text: str, start: int) -> bool:
        """Does the candidate at ``start`` open with a function word no name opens with?"""
        word = WORD.match(text, start)
        opener = word.group().lower() if word else ""
        return opener in FUNCTION_WORDS and opener not in self._first_words

    def _pinyin(self, entry: int) -> bool:
        """Is this a Chinese name in pinyin: a person's, a family's or a sect's, every word pinyin?
        (Companies, places and deposits are left out: "Zijin Mining" reads as pinyin, "Mining" is English.)"""
        name = self.entries[entry]
        return name.kind in _PINYIN_KINDS and is_pinyin_name(_core(name.form))

    def find(
        self,
        text: str,
        threshold: float = DEFAULT_THRESHOLD,
        known: Iterable[tuple[int, int]] = (),
        candidates: dict[str, list[tuple[int, int]]] | None = None,
    ) -> list[NearMiss]:
        """Near-misses in ``text``, best first where they overlap, returned in text order.

        ``known`` spans are already accounted for (correct names, avoid renderings): a candidate
        overlapping one is not a near-miss, unless it holds it whole and is longer ("Donad Trump"
        holds the correct "Trump" but misspells "Donald Trump"). ``candidates``: those of a larger
        index over the same text (they hold this one's), not read again.
        """
        if candidates is None:
            candidates = self.candidates(text)
        best = self.nearest(candidates, threshold)
        blocked = _Blocked(known)
        found: list[NearMiss] = []
        for form, (score, ids) in best.items():
            in_context = ids[-1] == _CONTEXT
            entries = [self.entries[i] for i in ids if i != _CONTEXT]
            if any(e.form == form and e.avoid for e in entries):
                continue  # an avoid rendering itself: reported as such
            suggestions = list(dict.fromkeys(e.suggestion for e in entries))
            correct = [rendering_pattern(s) for s in suggestions]
            name_words_list = _words(entries[0].form)
            name_words = set(name_words_list)
            for start, stop in candidates[form]:
                if blocked.blocks(start, stop) or any(p.search(text[start:stop]) for p in correct):
                    continue
                if any(w in FUNCTION_WORDS and w not in name_words for w in _lower_words(text[start:stop])):
                    continue  # "He then" is not "He Chen"
                if self._opens_sentence(text, start) and len(_words(form)) != len(name_words_list):
                    continue  # "To Kairaktinskoye" is not a misspelling; "To Jun" of "Tao Jun" may be
                # "Corp.": the dot the form dropped belongs to the name
                end = stop + 1 if suggestions[0].endswith(".") and text.startswith(".", stop) else stop
                miss = NearMiss(
                    start,
                    end,
                    text[start:end],
                    entries[0].concept,
                    suggestions[0],
                    score,
                    tuple(suggestions[1:]),
                    "near" if in_context else "",
                )
                found.append(miss)
        return _best_non_overlapping(found)


class _Blocked:
    """Known spans, merged, asked whether they rule a candidate out."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = merge_spans(spans)
        self._starts = [start for start, _ in self._spans]

    def blocks(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1
        while i >= 0 and self._spans[i][1] > start:
            known_start, known_end = self._spans[i]
            inside = start <= known_start and known_end <= end and (known_start, known_end) != (start, end)
            if not inside:
                return True
            i -= 1
        return False


def _words(form: str) -> list[str]:
    return re.split(r"[ -]", form)


def _one_edit(word: str) -> set[str]:
    """Every string one edit from ``word`` (a letter dropped, added, changed, or two swapped)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    )


def _lower_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.islower()]


def _core(form: str) -> list[str]:
    """The words of a name but its generics ("lu" of "lu family"): the ones that may be pinyin."""
    return [w for w in _words(form) if w not in GENERICS]


def _best_non_overlapping(found: list[NearMiss]) -> list[NearMiss]:
    """The best of each overlapping group: higher score, then longer, then earlier."""
    return non_overlapping(
        found, span=lambda m: (m.start, m.end), rank=lambda m: (-m.score, -(m.end - m.start), m.start)
    )


def _is_function_word(word: str, name_words: set[str]) -> bool:
    lowered = word.lower()
    return lowered in FUNCTION_WORDS and lowered not in name_words
