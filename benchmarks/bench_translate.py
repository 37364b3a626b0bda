"""``glossmt translate`` against a plain transformers ``generate`` loop, on the same model and sentences.

The model is randomly initialised with opus-mt-zh-en's architecture (vocab 65001, d_model 512, 6+6
layers, 8 heads, FFN 2048; 77.9 M parameters), built here, so the benchmark runs without the hub.
Each configuration runs in its own process (so peak memory is its own): the plain loop, glossmt
without a glossary, glossmt with the shipped glossary (the cascade, and the one-pass ``direct``
strategy for comparison), greedy and beam 4. Printed side by side: sentences/s, ratio to the plain
loop, peak memory, and for glossary runs how each term occurrence was rendered.

Random weights never end a sentence early: every output runs to its length cap (twice its source
plus ten tokens), which stands in for real output lengths that grow with the source; and a random
model never copies a hinted name, so with the glossary *every* piece with a term is decoded twice.
That is the cascade's worst case; with opus-mt most hinted names come through in the first pass.

    .venv/bin/python benchmarks/bench_translate.py [--sentences 500] [--beams 1,4] [--device cpu]
        [--source corpora|ntrex|mixed] [--threads N] [--model-dir DIR] [--runs plain,bare,cascade,direct]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from translate_workloads import bench_sentences, glossmt_run, peak_rss_mb, plain_loop

# name: (label, side, glossary, strategy); the first run chosen is the baseline of the ratios.
# side: the plain transformers loop, glossmt on transformers, glossmt on CTranslate2 (int8 on CPU).
# Runs named "…-termfree" translate NTREX-128 sentences in which the shipped glossary finds no term
# (whatever --source says), so that the glossary's overhead on term-free text is measured in the same run.
CONFIGS = {
    "plain": ("plain loop", "plain", False, "cascade"),
    "bare": ("glossmt, no glossary", "glossmt", False, "cascade"),
    "cascade": ("glossmt + glossary (cascade)", "glossmt", True, "cascade"),
    "direct": ("glossmt + glossary (direct)", "glossmt", True, "direct"),
    "ct2-bare": ("glossmt ct2, no glossary", "ct2", False, "cascade"),
    "ct2-cascade": ("glossmt ct2 + glossary (cascade)", "ct2", True, "cascade"),
    "ct2-direct": ("glossmt ct2 + glossary (direct)", "ct2", True, "direct"),
    "ct2-bare-termfree": ("ct2, no glossary, term-free text", "ct2", False, "cascade"),
    "ct2-cascade-termfree": ("ct2 + glossary, term-free text", "ct2", True, "cascade"),
}
TERMFREE = "-termfree"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--beams", default="1,4", help="comma-separated beam sizes")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--source", default="corpora", choices=["corpora", "ntrex", "mixed", "termfree"])
    parser.add_argument("--threads", type=int, default=0, help="torch / CTranslate2 threads (0: the default)")
    parser.add_argument("--model-dir", type=Path, help="build the model here, or reuse the one already here")
    parser.add_argument("--runs", default=",".join(CONFIGS), help=f"comma-separated, from {', '.join(CONFIGS)}")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model_dir or Path(tmp) / "opus-mt-sized"
        if not (model_dir / "config.json").exists():
            build_model(model_dir)
        if any(CONFIGS[name][1] == "ct2" for name in args.runs.split(",")):
            convert_model(model_dir)
        sentences_file = Path(tmp) / "sentences.txt"
        sentences = bench_sentences(args.sentences, args.source)
        sentences_file.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        termfree_file = Path(tmp) / "termfree.txt"
        if any(name.endswith(TERMFREE) for name in args.runs.split(",")):
            termfree_file.write_text("\n".join(bench_sentences(args.sentences, "termfree")) + "\n", encoding="utf-8")
        print(
            f"{len(sentences)} sentences from {args.source}, batch size {args.batch_size}, device {args.device}, "
            f"torch threads {args.threads or 'default'}, {describe_machine(args.device)}",
            flush=True,
        )
        for beams in [int(b) for b in args.beams.split(",")]:
            rows = []
            for name in args.runs.split(","):
                label, side, glossary, strategy = CONFIGS[name]
                config = {"side": side, "glossary": glossary, "strategy": strategy, "beams": beams}
                chosen = termfree_file if name.endswith(TERMFREE) else sentences_file
                rows.append((label, run_worker(args, model_dir, chosen, config)))
            print_table(beams, rows)
            print_overhead(dict(zip(args.runs.split(","), (row for _, row in rows), strict=True)))


def build_model(folder: Path) -> None:
    from glossmt.translate.devtools.tiny import build_random_opus_mt_sized

    started = time.perf_counter()
    build_random_opus_mt_sized(folder)
    print(f"built a random opus-mt-zh-en-sized model in {time.perf_counter() - started:.0f} s", flush=True)


def ct2_dir(model_dir: Path) -> Path:
    return model_dir.with_name(model_dir.name + "-ct2-int8")


def convert_model(model_dir: Path) -> None:
    """The int8 CTranslate2 copy, as `glossmt models convert` makes it (once; reused with --model-dir)."""
    from glossmt.translate.mt.ct2.convert import convert
    from glossmt.translate.mt.locate import resolve_model

    if (ct2_dir(model_dir) / "model.bin").exists():
        return
    started = time.perf_counter()
    convert(resolve_model(str(model_dir)), ct2_dir(model_dir), quantization="int8")
    print(f"converted it to CTranslate2 int8 in {time.perf_counter() - started:.0f} s", flush=True)


def run_worker(args: argparse.Namespace, model_dir: Path, sentences_file: Path, config: dict) -> dict:
    command = [
        sys.executable,
        __file__,
        "--worker",
        json.dumps({**config, "model_dir": str(model_dir), "sentences": str(sentences_file)}),
        "--batch-size",
        str(args.batch_size),
        "--device",
        args.device,
        "--threads",
        str(args.threads),
    ]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker failed for {config}:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def worker(args: argparse.Namespace) -> None:
    config = json.loads(args.worker)
    if config["side"] == "ct2":
        ct2_worker(args, config)
        return
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    sentences = Path(config["sentences"]).read_text(encoding="utf-8").splitlines()
    model_dir = Path(config["model_dir"])
    device = "cuda" if args.device == "auto" and torch.cuda.is_available() else args.device
    if config["side"] == "plain":
        result = plain_loop(model_dir, sentences, beams=config["beams"], batch_size=args.batch_size, device=device)
    else:
        result = glossmt_run(
            model_dir,
            sentences,
            beams=config["beams"],
            batch_size=args.batch_size,
            device=device,
            glossary=config["glossary"],
            strategy=config["strategy"],
            threads=args.threads,
        )
    gpu_mb = torch.cuda.max_memory_allocated() / 2**20 if device.startswith("cuda") else None
    report = {
        "seconds": result.seconds,
        "per_second": result.per_second,
        "peak_rss_mb": peak_rss_mb(),
        "peak_gpu_mb": gpu_mb,
        "terms": dict(result.terms),
        "missing": result.missing,
        "constrained_pieces": result.constrained_pieces,
    }
    print(json.dumps(report))


def ct2_worker(args: argparse.Namespace, config: dict) -> None:
    """A CTranslate2 run, in a process that never imports torch (so its peak memory is its own)."""
    sentences = Path(config["sentences"]).read_text(encoding="utf-8").splitlines()
    result = glossmt_run(
        ct2_dir(Path(config["model_dir"])),
        sentences,
        beams=config["beams"],
        batch_size=args.batch_size,
        device=args.device,
        glossary=config["glossary"],
        strategy=config["strategy"],
        backend="ct2",
        threads=args.threads,
    )
    report = {
        "seconds": result.seconds,
        "per_second": result.per_second,
        "peak_rss_mb": peak_rss_mb(),
        "peak_gpu_mb": None,
        "terms": dict(result.terms),
        "missing": result.missing,
        "constrained_pieces": result.constrained_pieces,
        "torch_loaded": "torch" in sys.modules,
    }
    print(json.dumps(report))


def print_table(beams: int, rows: list[tuple[str, dict]]) -> None:
    base = rows[0][1]["per_second"]
    name = "greedy" if beams == 1 else f"beam {beams}"
    print(f"\n{name}")
    print(f"| {'run':<30} | sent/s | vs plain | peak RSS | peak GPU | terms (how) | missing |")
    print(f"|{'-' * 32}|--------|----------|----------|----------|-------------|---------|")
    for label, row in rows:
        gpu = f"{row['peak_gpu_mb']:.0f} MB" if row["peak_gpu_mb"] is not None else "—"
        terms = ", ".join(f"{n} {how}" for how, n in sorted(row["terms"].items())) or "—"
        if row["constrained_pieces"]:
            terms += f"; {row['constrained_pieces']} pieces constrained"
        missing = str(row["missing"]) if row["terms"] else "—"
        print(
            f"| {label:<30} | {row['per_second']:6.2f} | {row['per_second'] / base:7.2f}× "
            f"| {row['peak_rss_mb'] / 1024:5.2f} GB | {gpu:>8} | {terms} | {missing} |",
            flush=True,
        )


def print_overhead(rows: dict[str, dict]) -> None:
    """The glossary's cost on term-free text, and ct2's speed-ups, as the issue's aims state them."""
    lines = []
    if "ct2-bare-termfree" in rows and "ct2-cascade-termfree" in rows:
        ratio = rows["ct2-bare-termfree"]["per_second"] / rows["ct2-cascade-termfree"]["per_second"]
        lines.append(f"glossary overhead on term-free text (ct2): {100 * (ratio - 1):+.1f} % (aim ≤ 5 %)")
    if "plain" in rows:
        base = rows["plain"]["per_second"]
        for name, aim in (("ct2-cascade", "≥ 3×"), ("ct2-direct", "≥ 3×"), ("ct2-bare", "≥ 3.5×")):
            if name in rows:
                lines.append(f"{CONFIGS[name][0]} vs plain loop: {rows[name]['per_second'] / base:.2f}× (aim {aim})")
    for line in lines:
        print(line, flush=True)


def describe_machine(device: str) -> str:
    if device.startswith("cuda"):
        import torch

        return torch.cuda.get_device_name(0)
    return f"{os.cpu_count()} CPU cores"


if __name__ == "__main__":
    main()
