"""`glossmt extract`: precision and recall on planted names, and speed on 10 MB of Chinese news.

Quality: corpora/unknown-names/ holds team-written articles (Simplified and Traditional) with planted
names the shipped glossary lacks (transliterated persons, places, companies, deposits, names jieba
splits), listed in gold.tsv. Precision = candidates that are names of the gold list / all candidates;
recall = planted names found / planted names (a name counts as found when a candidate equals one of
its forms). Also per type, and at each confidence threshold.

Speed: MB/s on Chinese news the detector has not seen (NTREX-128 in ../shared/data: only 0.24 MB
of distinct news, and the same in Traditional script), then NTREX repeated to ``--megabytes`` (default
10; flattered by jieba's window cache), in this process, with the time to build the detector printed
apart (see :func:`speed`).

Shapes (issue 26): detection must stay linear in the text and flat in memory on the inputs a hostile
user (or a log file) hands it: the corpus's articles as many lines, the same as one long line, and one
line of many distinct transliterated names. Each shape at two sizes, so the ratio shows the growth
(2.0 is linear); translate's default pinning runs exactly this detection over each document.

    python benchmarks/bench_extract.py [--megabytes 10] [--no-speed] [--shapes-only] [--shape-chars 200000]
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from glossmt.glossary.extract import Detector, extract
from glossmt.glossary.extract.candidates import MIN_CONFIDENCE
from glossmt.glossary.extract.detect import clear_window_cache
from glossmt.glossary.loading import load_glossary
from glossmt.glossary.normalise import normalise_form

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "corpora" / "unknown-names"
NTREX = ROOT.parent / "shared" / "data" / "ntrex128"


def read_gold() -> list[tuple[str, tuple[str, ...], str, bool]]:
    rows = []
    for line in (ARTICLES / "gold.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        path, names, kind, planted = line.split("\t")
        rows.append((path, tuple(normalise_form(n) for n in names.split("|")), kind, planted == "yes"))
    return rows


def quality(detector: Detector, threshold: float) -> dict[str, float]:
    gold = read_gold()
    found_by_file: dict[str, set[str]] = {}
    false_alarms: list[str] = []
    total = 0
    for path in sorted({g[0] for g in gold}):
        text = (ARTICLES / path).read_text(encoding="utf-8")
        candidates = extract([(path, text)], detector, min_confidence=threshold)
        forms = {normalise_form(c.zh) for c in candidates}
        found_by_file[path] = forms
        names = {n for g in gold if g[0] == path for n in g[1]}
        total += len(forms)
        false_alarms += [f"{path}:{f}" for f in sorted(forms - names)]
    planted = [g for g in gold if g[3]]
    hits = [g for g in planted if set(g[1]) & found_by_file[g[0]]]
    by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g in planted:
        by_type[g[2]][1] += 1
        by_type[g[2]][0] += bool(set(g[1]) & found_by_file[g[0]])
    missed = [f"{g[0]}:{g[1][0]}" for g in planted if g not in hits]
    return {
        "precision": (total - len(false_alarms)) / total if total else 1.0,
        "recall": len(hits) / len(planted),
        "candidates": total,
        "planted": len(planted),
        "by_type": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_type.items())},  # type: ignore[dict-item]
        "false_alarms": false_alarms,  # type: ignore[dict-item]
        "missed": missed,  # type: ignore[dict-item]
    }


def speed(detector: Detector, megabytes: float) -> None:
    """MB/s on Chinese news the detector has not seen, then on ``megabytes`` of it repeated.

    All the distinct Chinese news in ../shared/data is NTREX-128: 0.24 MB in Simplified and the same
    sentences in Traditional (0.24 MB), far short of 10 MB. So the honest rate is the first pass over the
    Simplified documents, with jieba's window cache emptied (the quality pass before has loaded jieba and
    the glossary's tokenizer: one-time costs, printed apart as the detector's build); then the
    Traditional ones, which normalise to nearly the same text (so partly cached); then the repetition.
    Rates are per CPU second of this process (the machine is shared) and per wall second.
    """
    if not NTREX.is_dir():
        print(f"speed: skipped ({NTREX} is absent; it holds NTREX-128)")
        return
    every: list[tuple[str, str]] = []
    for script in ("zho-CN", "zho-TW"):
        lines = (NTREX / f"newstest2019-ref.{script}.txt").read_text(encoding="utf-8").splitlines()
        docs = [(f"{script}-{i}", "\n".join(lines[i : i + 100])) for i in range(0, len(lines), 100)]
        every += docs
        clear_window_cache()
        _timed(f"NTREX {script}, first sight", docs, detector)
    batch: list[tuple[str, str]] = []
    size = 0
    while size < megabytes * 1e6:
        batch += [(f"copy{len(batch)}-{name}", text) for name, text in every]
        size += sum(len(text.encode()) for _, text in every)
    _timed(f"NTREX repeated to {size / 1e6:.1f} MB (cache-flattered)", batch, detector)


def _timed(label: str, docs: list[tuple[str, str]], detector: Detector) -> None:
    megabytes = sum(len(text.encode()) for _, text in docs) / 1e6
    wall, cpu = time.perf_counter(), time.process_time()
    candidates = extract(docs, detector)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label}: {megabytes:.2f} MB, {len(docs)} documents, {len(candidates)} candidates in {wall:.1f} s")
    print(f"  = {megabytes / cpu:.2f} MB per CPU second, {megabytes / wall:.2f} MB/s wall")


def shape_text(shape: str, chars: int) -> str:
    """``chars`` characters of one hostile shape, built from the project's own corpus."""
    articles = "\n".join((ARTICLES / p).read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.zh.txt")))
    if shape == "many lines":
        return (articles * (chars // len(articles) + 1))[:chars]
    if shape == "one long line":
        flat = articles.replace("\n", "")
        return (flat * (chars // len(flat) + 1))[:chars]
    # many distinct names, joined by 、
    names, size = [], 0
    for name in distinct_names():
        if size >= chars:
            break
        names.append(name)
        size += len(name) + 1
    return "、".join(names)


def distinct_names() -> Iterator[str]:
    """Distinct made-up transliterated names, always the same ones in the same order: four or five of the
    syllables foreign names are written with (also the translate benchmark's shape, bench_translate_shapes)."""
    syllables = "卢特尼克萨乌尔扎马伊万诺夫斯基巴甫洛达托卡耶别列佐科塔迪库干阿拉木图孜勒奥普京梅德韦杰"
    rng, seen = random.Random(26), set()
    while True:
        name = "".join(rng.choice(syllables) for _ in range(rng.randint(4, 5)))
        if name not in seen:
            seen.add(name)
            yield name


def shapes(detector: Detector, chars: int) -> None:
    """Seconds and peak memory growth per shape, at ``chars`` and twice that."""
    for shape in ("many lines", "one long line", "many distinct names"):
        timings = []
        for size in (chars, 2 * chars):
            text = shape_text(shape, size)
            clear_window_cache()
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            wall = time.perf_counter()
            found = extract([("shape", text)], detector)
            wall = time.perf_counter() - wall
            grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
            timings.append(wall)
            print(
                f"{shape}, {size:,} characters: {wall:.1f} s, {len(found)} candidates, peak RSS +{grown / 1024:.0f} MB"
            )
        print(f"  {shape}: twice the text took {timings[1] / timings[0]:.2f}x the time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=10.0)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--shapes-only", action="store_true", help="only the hostile shapes (issue 26)")
    parser.add_argument("--shape-chars", type=int, default=200_000, help="characters of each shape's smaller size")
    args = parser.parse_args()
    start = time.perf_counter()
    detector = Detector(load_glossary())
    gc.freeze()  # as `glossmt extract` does once the detector is built
    print(f"detector built in {time.perf_counter() - start:.1f} s (CC-CEDICT, jieba dictionary, glossary)")
    extract([("warm-up", shape_text("many lines", 2000))], detector)  # jieba's tagger loads once, not in a shape
    shapes(detector, args.shape_chars)
    if args.shapes_only:
        return
    print("threshold  precision  recall  candidates")
    for threshold in (0.3, 0.4, MIN_CONFIDENCE, 0.6, 0.7, 0.8):
        q = quality(detector, threshold)
        mark = "  (default)" if threshold == MIN_CONFIDENCE else ""
        print(f"{threshold:9.2f}  {q['precision']:9.3f}  {q['recall']:6.3f}  {q['candidates']:10}{mark}")
    q = quality(detector, MIN_CONFIDENCE)
    print(f"at the default: planted {q['planted']}, found by type {q['by_type']}")
    print(f"missed: {', '.join(q['missed']) or 'none'}")  # type: ignore[arg-type]
    print(f"false alarms: {', '.join(q['false_alarms']) or 'none'}")  # type: ignore[arg-type]
    if not args.no_speed:
        speed(detector, args.megabytes)


if __name__ == "__main__":
    main()
