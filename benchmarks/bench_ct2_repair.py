"""How the CTranslate2 backend keeps the term guarantee: splicing the rest vs decoding it on.

CTranslate2 has no logits processor, so a hypothesis that breaks a rule is repaired after decoding
(``translate/mt/ct2/repair.py``). After each repair the rest of the sentence can be *decoded on*
from the repaired prefix (``target_prefix``; CTranslate2 steps through the prefix with every beam,
so each round costs nearly a whole decode), or the hypothesis's own rest can be *spliced* behind it
and replayed against the same rules (the default). Both are run here on the same sentences, model
and glossary, in one process, side by side: time, the decoding work, whether every approved term is
present, and the model's own score of what each writes (mean log-probability per token, ``</s>``
included, from ``score_batch``) — the one fluency measure that can be judged without references.

The model is the randomly initialised opus-mt-zh-en-shaped one of ``bench_translate.py``, converted
to int8: it never writes a name by itself, so every term is forced (the worst case), and its scores
say how well an output fits *this* model, not how fluent the English is. The real opus-mt-zh-en
would answer the fluency question; it cannot be downloaded here.

    .venv/bin/python benchmarks/bench_ct2_repair.py [--sentences 48] [--beams 1,4] [--model-dir DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_translate import build_model, convert_model, ct2_dir
from translate_workloads import bench_sentences, glossmt_run

MODES = {"decode on": False, "splice (default)": True}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sentences", type=int, default=48)
    parser.add_argument("--beams", default="1,4", help="comma-separated beam sizes")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--model-dir", type=Path, help="build the model here, or reuse the one already here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model_dir or Path(tmp) / "opus-mt-sized"
        if not (model_dir / "config.json").exists():
            build_model(model_dir)
        convert_model(model_dir)
        sentences = bench_sentences(args.sentences, "corpora")
        print(f"{len(sentences)} term-dense corpus sentences, batch size {args.batch_size}, int8, CPU", flush=True)
        for beams in (int(b) for b in args.beams.split(",")):
            print(f"\n{'greedy' if beams == 1 else f'beam {beams}'}")
            print(
                "| repair | seconds | sent/s | rows decoded on | rounds | spliced | placed | stepped "
                "| terms present | mean log-prob / token |"
            )
            print("|---|---|---|---|---|---|---|---|---|---|")
            for label, splice in MODES.items():
                holder: dict[str, Any] = {}

                def setup(translator: Any, splice: bool = splice, holder: dict[str, Any] = holder) -> None:
                    translator.splice = splice
                    translator._remembered.clear()  # each mode decodes its own free pass
                    holder["translator"] = translator

                result = glossmt_run(
                    ct2_dir(model_dir),
                    sentences,
                    beams=beams,
                    batch_size=args.batch_size,
                    device="cpu",
                    glossary=True,
                    strategy="cascade",
                    backend="ct2",
                    threads=args.threads,
                    setup=setup,
                )
                translator = holder["translator"]
                stats = translator.repair_stats
                present = sum(result.terms.values()) - result.missing
                print(
                    f"| {label} | {result.seconds:.1f} | {result.per_second:.2f} | {stats.decoded} | {stats.rounds} "
                    f"| {stats.spliced} | {stats.placed} | {stats.stepped} | {present}/{sum(result.terms.values())} "
                    f"| {mean_logprob(translator, sentences, result.outputs):.3f} |",
                    flush=True,
                )
                translator.repair_stats = type(stats)()


def mean_logprob(translator: Any, sentences: list[str], outputs: list[str]) -> float:
    """The model's mean log-probability per token of each output given its source, over all outputs."""
    pairs = [(s, translator.spell(o)) for s, o in zip(sentences, outputs, strict=True) if o]
    pairs = [(s, ids) for s, ids in pairs if ids]
    sources = [translator.spelling.source_pieces(s, translator.max_positions) for s, _ in pairs]
    limit = translator.max_positions - 2  # a line's English may outgrow the positions; its start is scored
    scores = translator.score(sources, [list(ids)[:limit] for _, ids in pairs])
    tokens = sum(len(s) for s in scores)
    return sum(sum(s) for s in scores) / max(1, tokens)


if __name__ == "__main__":
    main()
