"""Word breaks: where the letters of a spelled name split into words (奇克拉纳德拉夫龙特拉 →
Chiclanadelafrontera → Chiclana de la Frontera; 圣万桑代朗代 → Saint-Vincent-des-Landes).

The name model spells letters only: Chinese writes a place's words without a break, and the model's
alignment folds spaces and hyphens away. A letter n-gram model of real names *with* their spaces and
hyphens (European place names mostly: Spanish and Italian break with spaces, French with hyphens) puts
them back: a beam over the letters, each gap left alone, a space or a hyphen, the model's best kept.
The words are then capitalised, except the particles real names write in lower case (de, la, des,
di …), learned from the same names. A short spelling is left as it is: a name of one word is the
common case and splitting it is the risk.

The model ships as data (``data/word-breaks.json.gz``, written by ``make names-model``; sources in
``data/SOURCES.md``) and is read on the first spelling long enough to need it.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from glossmt.glossary.names.ngram import LetterNgram

FORMAT = "glossmt-word-breaks"
VERSION = 2  # 2: the letter model packed (ngram.pack: read in a tenth of the time), the same model
ARTEFACT = "word-breaks.json.gz"
BREAKS = (" ", "-")
SPLIT_FROM = 9  # letters: a shorter spelling stays one word
WIDTH = 6  # hypotheses kept per letter
UNLIKELY_BREAK = -7.0  # log-probability of a break below which the beam does not try it
MEMO_SIZE = 100_000  # spellings split and remembered (a batch proposes the same ones again and again)


@dataclass(frozen=True, slots=True)
class WordBreaks:
    """A letter model of real names with their breaks, and the particles written in lower case."""

    letters: LetterNgram
    particles: frozenset[str]
    _memo: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def split(self, spelling: str) -> str:
        """``spelling`` (one word of ASCII letters) with its likely breaks, each word capitalised but the
        particles; any other spelling (short, accented, already broken) unchanged."""
        if len(spelling) < SPLIT_FROM or not (spelling.isascii() and spelling.isalpha()):
            return spelling
        found = self._memo.get(spelling)
        if found is None:
            if len(self._memo) > MEMO_SIZE:
                self._memo.clear()
            found = self._memo[spelling] = self._split(spelling)
        return found

    def _split(self, spelling: str) -> str:
        text, logprob = spelling.lower(), self.letters.logprob
        start = "^" * (self.letters.order - 1)
        beam = [(logprob(start, text[0]), start + text[0])]
        for letter in text[1:]:
            grown: dict[str, tuple[float, str]] = {}  # by what the model sees next: the best way there
            for score, so_far in beam:
                options = [(score + logprob(so_far, letter), so_far + letter)]
                if so_far[-2:-1] not in BREAKS and so_far[-2:-1] != "^":  # no word of one letter
                    for gap in BREAKS:
                        # Most gaps are no break by far: the letter after a break is asked for only where a
                        # break is at all likely (dev split: 351 of 12,569 names' candidates break otherwise,
                        # rare breaks all, and their top-1 is right with its breaks as often).
                        if (before := logprob(so_far, gap)) > UNLIKELY_BREAK:
                            options.append((score + before + logprob(so_far + gap, letter), so_far + gap + letter))
                for value, extended in options:
                    tail = extended[len(extended) - len(start) :]
                    if tail not in grown or value > grown[tail][0]:
                        grown[tail] = (value, extended)
            beam = sorted(grown.values(), key=lambda h: -h[0])[:WIDTH]
        best = max(beam, key=lambda h: h[0] + logprob(h[1], "$"))[1][len(start) :]
        if best[-2:-1] in BREAKS:
            return spelling  # a last word of one letter: a split the model half-believes
        return self._capitalised(best) if best != text else spelling

    def _capitalised(self, text: str) -> str:
        """Each word capitalised, but a particle after the first (San Esteban de la Sierra)."""
        pieces = re.split(f"([{re.escape(''.join(BREAKS))}])", text)
        return "".join(
            piece if i % 2 or (i and piece in self.particles) else piece.capitalize() for i, piece in enumerate(pieces)
        )


def from_json(data: object) -> WordBreaks:
    """The word breaks from their JSON form; ValueError when it is not one."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} version {VERSION} file")
    letters, particles = data.get("letters"), data.get("particles")
    if not isinstance(letters, dict) or not isinstance(particles, list):
        raise ValueError("letters must be an object and particles a list")
    return WordBreaks(LetterNgram.from_packed(letters), frozenset(str(p) for p in particles))


@cache
def load_word_breaks() -> WordBreaks:
    """The shipped model, read once per process."""
    raw = resources.files("glossmt.glossary.names").joinpath("data", ARTEFACT).read_bytes()
    return from_json(json.loads(gzip.decompress(raw)))
