"""``glossmt translate`` on issue 26's hostile shapes, with a warm memory: does the time grow with the text, or faster?

Each shape is translated once at its largest size (``--sizes``, lines: 500, 2,000, 8,000, 16,000 by
default) to fill a translation memory (the cold run, untimed; every smaller size's sentences are among its
own), then at each size from that memory (the warm runs, timed): every sentence is remembered (checked:
the lines any sentence of which was decoded are counted), so what is left is reading, splitting, finding
terms, detecting and pinning names, the memory's look-ups and writing. Each run is a fresh ``glossmt
translate`` process, as a user would start it, with default pinning and with ``--no-pin`` beside it (each
with its own memory: pinned names change a sentence's key).

The shapes (issue 26, "Name detection grows faster than the text"):

- ``identical``: N identical lines, a sentence from corpora/unknown-names holding names the glossary lacks
  (the issue's measurement: 500 → 3.9 s, 2,000 → 5.5 s, 8,000 → 24.8 s, 16,000 → 84.6 s with pinning);
- ``lines``: the articles of corpora/unknown-names, line after line, repeated to N lines;
- ``one-line``: the same N lines joined into one line;
- ``names``: N lines, each naming a distinct made-up transliterated name twice (so each is pinned, and
  its English decided: the name oracle, or the model for the names it cannot spell).

Printed per shape: wall and CPU seconds of the warm run, its peak memory, and the growth per doubling of
the text between one size and the next: ``(t2 / t1) ** (1 / log2(n2 / n1))``, so 2.0 is linear, and below
2.0 the start-up (the same at every size) still weighs. Then the same for the time *above* the smallest
size's (the cost of the added lines alone), whose growth per doubling the start-up does not flatter.

    .venv/bin/python benchmarks/bench_translate_shapes.py [--sizes 500,2000,8000,16000]
        [--shapes identical,lines,one-line,names] [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import ARTICLES, distinct_names

GLOSSMT = str(Path(sys.executable).parent / "glossmt")


def _article_lines() -> list[str]:
    return [
        line
        for path in sorted(ARTICLES.glob("*.zh.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def identical(lines: int) -> str:
    """N identical lines holding names the glossary lacks."""
    first = (ARTICLES / "people.zh.txt").read_text(encoding="utf-8").splitlines()[0]
    return f"{first}\n" * lines


def many_lines(lines: int) -> str:
    """The articles of corpora/unknown-names repeated to N lines."""
    articles = _article_lines()
    return "".join(f"{articles[i % len(articles)]}\n" for i in range(lines))


def one_line(lines: int) -> str:
    """The same N lines joined into one line."""
    return many_lines(lines).replace("\n", "") + "\n"


def names(lines: int) -> str:
    """N lines, each a distinct made-up name written twice."""
    made_up = distinct_names()
    return "".join(
        f"{name}表示，{name}将于周二访问阿斯塔纳。\n" for name, _ in zip(made_up, range(lines), strict=False)
    )


SHAPES: dict[str, Callable[[int], str]] = {
    "identical": identical,
    "lines": many_lines,
    "one-line": one_line,
    "names": names,
}


@dataclass(frozen=True, slots=True)
class Run:
    """One ``glossmt translate`` process: wall and CPU seconds, peak resident memory, lines not all remembered."""

    wall: float
    cpu: float
    peak_mb: float
    decoded: int


def translate(model: Path, source: Path, memory: Path, *, pin: bool) -> Run:
    """One ``glossmt translate`` process; its own CPU time and peak memory (``wait4``: this child's alone)."""
    command = [GLOSSMT, "translate", "--model", str(model), "--beams", "1", "--memory", str(memory), "-q"]
    output = source.with_suffix(".jsonl")
    command += ["--format", "jsonl", str(source), "-o", str(output), "--force"]
    if not pin:
        command.append("--no-pin")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    assert child.stderr is not None
    errors = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors[-3000:]}")
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    decoded = sum(r["from_memory"] < r["sentences"] for r in records)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, decoded)


def per_doubling(small: float, large: float, n_small: int, n_large: int) -> float:
    """How much the time grew each time the text doubled, between two sizes (2.0: linear)."""
    if small <= 0 or large <= 0:
        return math.nan
    return (large / small) ** (1 / math.log2(n_large / n_small))


def measure(shape: str, sizes: list[int], model: Path, work: Path) -> dict[bool, list[Run]]:
    runs: dict[bool, list[Run]] = {True: [], False: []}
    for pin in (True, False):
        memory = work / f"{shape}-{'pin' if pin else 'nopin'}.sqlite"
        for size in [sizes[-1], *sizes]:  # the largest first, cold: it fills the memory
            source = work / f"{shape}-{size}.txt"
            source.write_text(SHAPES[shape](size), encoding="utf-8")
            runs[pin].append(translate(model, source, memory, pin=pin))
        runs[pin].pop(0)
    return runs


def report(shape: str, sizes: list[int], runs: dict[bool, list[Run]]) -> None:
    print(f"\n{shape}: {SHAPES[shape].__doc__ or ''}".rstrip())
    print(
        "| lines | pinning: wall s | CPU s | per doubling (CPU) | above smallest (CPU) | peak MB | decoded "
        "| --no-pin: wall s | CPU s | per doubling (CPU) | above smallest (CPU) | peak MB | decoded |"
    )
    print("|---:" * 13 + "|")
    for index, size in enumerate(sizes):
        cells = [f"{size:,}"]
        for pin in (True, False):
            run, first = runs[pin][index], runs[pin][0]
            growth = above = "—"
            if index:
                before = runs[pin][index - 1]
                growth = f"{per_doubling(before.cpu, run.cpu, sizes[index - 1], size):.2f}"
                if index > 1:
                    added = per_doubling(
                        before.cpu - first.cpu, run.cpu - first.cpu, sizes[index - 1] - sizes[0], size - sizes[0]
                    )
                    above = f"{run.cpu - first.cpu:.1f} s ({added:.2f})"
                else:
                    above = f"{run.cpu - first.cpu:.1f} s"
            cells += [f"{run.wall:.1f}", f"{run.cpu:.1f}", growth, above, f"{run.peak_mb:.0f}", f"{run.decoded}"]
        print("| " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="500,2000,8000,16000", help="comma-separated line counts, ascending")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, from {', '.join(SHAPES)}")
    parser.add_argument("--model-dir", type=Path, help="build the tiny model here, or reuse the one already here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if sizes != sorted(set(sizes)) or sizes[0] < 1:
        parser.error("--sizes: distinct positive line counts, ascending")
    shapes = args.shapes.split(",")
    if unknown := [s for s in shapes if s not in SHAPES]:
        parser.error(f"--shapes: unknown {', '.join(unknown)}; choose from {', '.join(SHAPES)}")
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model_dir or Path(tmp) / "tiny-zh-en"
        if not (model / "config.json").exists():
            from glossmt.translate.devtools.tiny import build_tiny_marian

            build_tiny_marian(model)
        print(
            f"warm memory, greedy, the tiny test model, shipped glossary; {os.cpu_count()} CPU cores; "
            f"load average {os.getloadavg()[0]:.1f} at the start",
            flush=True,
        )
        for shape in shapes:
            report(shape, sizes, measure(shape, sizes, model, Path(tmp)))
        print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
