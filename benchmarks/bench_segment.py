"""How long does cutting one very long line into model pieces take (segmentation only, no decoding)?

One line of the project's own Chinese (``corpora/``, repeated; never ../shared) with no line break, in
two forms: with its punctuation, and with every punctuation mark and space removed (the worst case: the
only cuts left are "anywhere"). Each is cut the way the translate pass cuts it: the tiny Marian model's
token count as the measure, the shipped glossary's matches protected. Matching is timed apart.

    .venv/bin/python benchmarks/bench_segment.py [--kilobytes 100 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import unicodedata
from pathlib import Path

from glossmt.glossary.loading import load_glossary
from glossmt.glossary.matching import Matcher
from glossmt.translate.devtools.tiny import DEFAULT_CORPORA, build_tiny_marian, read_pairs
from glossmt.translate.mt.backend import Translator
from glossmt.translate.mt.marian.decode import load_translator
from glossmt.translate.mt.prepare import LineReader, Spellings
from glossmt.translate.mt.segment import segment_line

SHIPPED = Path(__file__).resolve().parents[1] / "glossary" / "terms"


def long_line(kilobytes: int, *, punctuation: bool) -> str:
    """About ``kilobytes`` KB of UTF-8 Chinese on one line."""
    chinese = "".join(zh for zh, _ in read_pairs(DEFAULT_CORPORA))
    if not punctuation:
        chinese = "".join(c for c in chinese if not (unicodedata.category(c).startswith(("P", "Z")) or c.isspace()))
    size = kilobytes * 1000
    line = chinese * (size // len(chinese.encode("utf-8")) + 1)
    return line.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        translator = load_translator(str(build_tiny_marian(Path(folder) / "tiny")), device="cpu")
    matcher = Matcher(load_glossary([SHIPPED]))
    print(f"limit: {translator.max_source_tokens} tokens per piece")
    print(
        "| line | characters | matches | matching s | segmentation s (CPU) | measurements | characters measured |"
        " pieces | longest piece (tokens) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for kilobytes in args.kilobytes:
        for punctuation in (True, False):
            kind = "with punctuation" if punctuation else "no punctuation"
            figures = segment_once(long_line(kilobytes, punctuation=punctuation), matcher, translator)
            print(f"| {kilobytes} KB, {kind} | {figures}", flush=True)


class Counted:
    """The pass's measure (the model's token count), counting calls and the characters they read."""

    def __init__(self, reader: LineReader) -> None:
        self.reader = reader
        self.calls = 0
        self.characters = 0

    def __call__(self, line: str, start: int, end: int) -> int:
        self.calls += 1
        self.characters += end - start
        return self.reader.measure(line, start, end)


def segment_once(line: str, matcher: Matcher, translator: Translator) -> str:
    """One table row's figures after the line's name: cut ``line`` as the translate pass does."""
    began = time.perf_counter()
    matches = matcher.find(line)
    matched = time.perf_counter() - began
    measure = Counted(LineReader(line, matches, Spellings(translator)))
    began = time.process_time()  # CPU time: the machine is shared, wall time is noise
    sentences = segment_line(line, translator.max_source_tokens, measure, [(m.start, m.end) for m in matches])
    took = time.process_time() - began
    pieces = [p for s in sentences for p in s.pieces]
    longest = max(measure.reader.measure(line, p.start, p.end) for p in pieces)
    return (
        f"{len(line):,} | {len(matches):,} | {matched:.2f} | {took:.2f} | {measure.calls:,} |"
        f" {measure.characters:,} | {len(pieces):,} | {longest} |"
    )


if __name__ == "__main__":
    main()
