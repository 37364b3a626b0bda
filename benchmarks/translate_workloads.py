"""The two sides of the translate benchmark, and the sentences they translate.

- :func:`plain_loop`: what a user writes without glossmt: the tokenizer and ``generate`` over batches
  in input order, ``max_new_tokens`` set per batch by the same rule glossmt uses per sentence
  (twice the longest source plus ten), so neither side is favoured by a looser cap.
- :func:`glossmt_run`: glossmt's own pass (``translate_lines``, what ``glossmt translate`` runs),
  with or without the shipped glossary.

Both load the same saved model with ``from_pretrained``; each call is timed after a small warm-up and
after everything a process loads once (the model; for glossmt also jieba's dictionary, about a second,
which the warm-up sentences may not need).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glossmt.translate.devtools.tiny import DEFAULT_CORPORA, read_pairs

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
NTREX_CHINESE = SHARED / "ntrex128" / "newstest2019-ref.zho-CN.txt"
WARM_UP = 4


def peak_rss_mb() -> float:
    """This process's own peak resident memory, in MB.

    Not ``getrusage``'s ``ru_maxrss``: Linux keeps it across ``execve``, so a worker started by a
    parent that had loaded torch reports the parent's peak (every CTranslate2 run read 0.91 GB, its
    own peak being 0.2-0.5 GB). ``VmHWM`` belongs to the process's own address space.
    """
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: the best there is


def bench_sentences(count: int, source: str = "corpora", seed: int = 0) -> list[str]:
    """``count`` Chinese sentences: the project corpora (term-dense), NTREX-128 news, half of each, or
    NTREX-128 sentences in which the shipped glossary finds no term (``termfree``)."""
    corpora = [zh for zh, _ in read_pairs(DEFAULT_CORPORA) if zh]
    pools = {"corpora": [corpora]}
    if NTREX_CHINESE.exists():
        ntrex = [line for line in NTREX_CHINESE.read_text(encoding="utf-8").splitlines() if line.strip()]
        pools["ntrex"] = [ntrex]
        pools["mixed"] = [corpora, ntrex]
        if source == "termfree":
            from glossmt.glossary.loading import load_glossary
            from glossmt.glossary.matching import Matcher

            matcher = Matcher(load_glossary())
            pools["termfree"] = [[line for line in ntrex if not matcher.find(line)]]
    if source not in pools:
        raise SystemExit(f"sentence source {source!r} needs {NTREX_CHINESE} (shared data), which is absent here")
    rng = random.Random(seed)
    chosen: list[str] = []
    for i in range(count):
        pool = pools[source][i % len(pools[source])]
        chosen.append(pool[rng.randrange(len(pool))])
    return chosen


@dataclass
class Result:
    seconds: float
    sentences: int
    terms: Counter[str] = field(default_factory=Counter)
    missing: int = 0
    constrained_pieces: int = 0  # pieces decoded under constraints (the cascade's second pass)
    outputs: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds


def plain_loop(model_dir: Path, sentences: list[str], *, beams: int, batch_size: int, device: str) -> Result:
    """The loop a user writes with transformers alone."""
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(model_dir))
    model = MarianMTModel.from_pretrained(str(model_dir)).eval().to(device)
    limit = model.config.max_position_embeddings - 1

    def run(batch_sentences: list[str]) -> list[str]:
        out: list[str] = []
        for start in range(0, len(batch_sentences), batch_size):
            batch = tokenizer(
                batch_sentences[start : start + batch_size], return_tensors="pt", padding=True, truncation=True
            ).to(device)
            longest = int(batch["attention_mask"].sum(dim=1).max())
            with torch.inference_mode():
                generated = model.generate(
                    **batch, num_beams=beams, max_new_tokens=min(limit, 2 * longest + 10), max_length=None
                )
            out.extend(tokenizer.batch_decode(generated, skip_special_tokens=True))
        return out

    run(sentences[:WARM_UP])
    _sync(device)
    started = time.perf_counter()
    run(sentences)
    _sync(device)
    return Result(time.perf_counter() - started, len(sentences))


def glossmt_run(
    model_dir: Path,
    sentences: list[str],
    *,
    beams: int,
    batch_size: int,
    device: str,
    glossary: bool,
    strategy: str,
    backend: str = "transformers",
    threads: int = 0,
    setup: Callable[[Any], None] | None = None,
) -> Result:
    """glossmt's pass over the same sentences (one sentence per line), on either backend.

    ``setup`` is called with the loaded backend before the warm-up (to choose a variant of it).
    """
    from glossmt.glossary.loading import load_glossary
    from glossmt.glossary.matching import Matcher
    from glossmt.translate.mt.backend import LazyTranslator
    from glossmt.translate.mt.pipeline import Options, translate_lines
    from glossmt.translate.mt.results import Strategy

    lazy = LazyTranslator(str(model_dir), device, backend=backend, threads=threads)
    translator: Any = lazy._inner  # the loaded backend itself, so its translate can be counted
    if setup is not None:
        setup(translator)
    matcher = Matcher(load_glossary()) if glossary else None
    if matcher is not None:
        matcher.load_segmenter()  # loaded once per process, like the model: not part of the timed pass
    options = Options(beams=beams, batch_size=batch_size, strategy=Strategy(strategy))
    calls: list[int] = []
    translate = translator.translate

    def counting(requests: Any, *, beams: int = 4) -> list[str]:
        calls.append(sum(1 for r in requests if r.constraints.require))
        return translate(requests, beams=beams)

    list(translate_lines(sentences[:WARM_UP], translator, matcher=matcher, options=options))
    translator.translate = counting  # type: ignore[method-assign]
    _sync(device)
    started = time.perf_counter()
    results = list(translate_lines(sentences, translator, matcher=matcher, options=options))
    _sync(device)
    seconds = time.perf_counter() - started
    translator.translate = translate  # type: ignore[method-assign]
    terms = Counter(t.how for r in results for t in r.terms)
    missing = sum(1 for r in results for t in r.terms if t.how != "draft" and not t.present)
    return Result(seconds, len(sentences), terms, missing, sum(calls), [r.target for r in results])


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        import torch

        torch.cuda.synchronize()
