"""The translation memory, end to end through ``glossmt translate``: cold run, warm rerun, rerun after an edit.

One run prints, side by side: the time of a cold run (empty memory), of a warm rerun of the same input
(every sentence from memory: the model is never loaded), and of a rerun after one glossary name was
edited (only the sentences holding it go back to the model), with how many lines each run re-translated
and a check that every line without the edited name came back byte-identical. Each run is a fresh
``glossmt`` process, start-up included, as a user would see it.

The model is the random opus-mt-zh-en-sized one (devtools.tiny.build_random_opus_mt_sized); the sentences
are NTREX-128 news mixed with the project's term-dense corpora when ../shared/data is present, else the
corpora alone; duplicates are dropped so that the cold run really translates every line.

    .venv/bin/python benchmarks/bench_memory.py [--sentences 200] [--beams 1] [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from translate_workloads import bench_sentences

from glossmt.glossary.loading import load_glossary, shipped_terms_dir
from glossmt.glossary.matching import Matcher

GLOSSMT = str(Path(sys.executable).parent / "glossmt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--beams", type=int, default=1)
    parser.add_argument("--source", default="mixed", choices=["corpora", "ntrex", "mixed"])
    parser.add_argument("--model-dir", type=Path, help="build the model here, or reuse the one already here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        model = _model(args.model_dir or work / "model")
        try:
            lines = list(dict.fromkeys(bench_sentences(args.sentences * 2, args.source)))[: args.sentences]
        except SystemExit:
            lines = list(dict.fromkeys(bench_sentences(args.sentences * 2, "corpora")))[: args.sentences]
        source = work / "in.txt"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        terms = work / "terms"
        shutil.copytree(shipped_terms_dir(), terms)
        concept, old, new = _edit_target(lines, terms)
        memory = work / "memory.sqlite"

        def run(label: str) -> tuple[float, list[dict]]:
            out = work / f"{label}.jsonl"
            cmd = [GLOSSMT, "translate", "--model", str(model), "--beams", str(args.beams), "-g", str(terms)]
            cmd += ["--memory", str(memory), "--format", "jsonl", "-q", str(source), "-o", str(out), "--force"]
            start = time.perf_counter()
            subprocess.run(cmd, check=True)
            seconds = time.perf_counter() - start
            return seconds, [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]

        cold, first = run("cold")
        warm, second = run("warm")
        _replace_in_terms(terms, old, new)
        edit, third = run("edit")
    holding = {r["line"] for r in third if any(t["concept"] == concept for t in r["terms"])}
    identical = all(a["target"] == b["target"] for a, b in zip(first, third, strict=True) if a["line"] not in holding)

    def retranslated(records: list[dict]) -> int:
        return sum(r["from_memory"] < r["sentences"] for r in records)

    print(f"{len(lines)} lines ({args.source}), beams {args.beams}, random opus-mt-sized model, one process per run")
    print(f"{'run':<34}{'seconds':>9}{'vs cold':>9}{'lines re-translated':>21}")
    for label, seconds, records in (
        ("cold (empty memory)", cold, first),
        ("warm rerun (all from memory)", warm, second),
        (f"after editing {concept!r}", edit, third),
    ):
        print(f"{label:<34}{seconds:>9.2f}{cold / seconds:>8.1f}x{retranslated(records):>21}")
    print(f"lines holding {concept!r}: {len(holding)}; every other line byte-identical to the cold run: {identical}")
    hours = 1e6 / (len(lines) / cold) / 3600
    print(f"cold: {len(lines) / cold:.2f} lines/s incl. start-up, {hours:.0f} process-hours per million lines here")


def _model(folder: Path) -> Path:
    if (folder / "config.json").exists():
        return folder
    from glossmt.translate.devtools.tiny import build_random_opus_mt_sized

    return build_random_opus_mt_sized(folder)


def _edit_target(lines: list[str], terms: Path) -> tuple[str, str, str]:
    """The approved concept found in the fewest lines (but at least one), and a new English for it."""
    glossary = load_glossary([str(terms)])
    matcher = Matcher(glossary)
    counts: dict[str, int] = {}
    for line in lines:
        for concept in {m.concept for m in matcher.find(line) if m.term.approved}:
            counts[concept] = counts.get(concept, 0) + 1
    if not counts:
        raise SystemExit("no glossary term in the chosen sentences: nothing to edit")
    concept = min(counts, key=lambda c: (counts[c], c))
    old = glossary.concept(concept).target
    return concept, old, old + " Jr"


def _replace_in_terms(terms: Path, old: str, new: str) -> None:
    for path in terms.rglob("*.po"):
        text = path.read_text(encoding="utf-8")
        if f'msgstr "{old}"' in text:
            path.write_text(text.replace(f'msgstr "{old}"', f'msgstr "{new}"'), encoding="utf-8")


if __name__ == "__main__":
    main()
