"""A converted Marian model run by CTranslate2: loading once, translating batches under constraints.

The only module that imports ``ctranslate2`` to translate (``convert`` imports it to convert), and
only inside functions. Tokenisation is sentencepiece over the copied tokenizer files
(:class:`glossmt.translate.mt.spelling.Spelling`), so neither torch nor transformers is loaded.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

from glossmt.glossary.errors import ModelUnavailableError, UsageError
from glossmt.translate.mt.backends import BACKENDS
from glossmt.translate.mt.constraints import ConstraintTracker, PieceVocab, Request, length_cap
from glossmt.translate.mt.ct2.repair import Repairer, Stats
from glossmt.translate.mt.locate import ModelLocation, unavailable
from glossmt.translate.mt.spelling import SpelledTranslator, Spelling

# Free decodes kept for the cascade's second pass (a few windows of pieces: the pass reads a window at a time).
REMEMBERED = 4096
# Rows decoded in one CTranslate2 call may differ in length by this factor at most (see length_groups).
LENGTH_SPREAD = 1.5
COMPUTE_TYPES = ("auto", *BACKENDS["ct2"].compute_types)


def ctranslate2_module() -> Any:
    """The ``ctranslate2`` module, or exit 4 saying how to install it (it is the ``fast`` extra)."""
    try:
        import ctranslate2
    except ImportError as exc:
        raise ModelUnavailableError(
            "the ct2 backend needs CTranslate2, which is not installed",
            hint="pip install 'glossmt[fast]' (or pip install ctranslate2)",
        ) from exc
    return ctranslate2


def pick_device(device: str) -> str:
    """``auto`` becomes ``cuda`` when CTranslate2 sees a GPU, else ``cpu``."""
    gpus = ctranslate2_module().get_cuda_device_count()
    if device == "auto":
        return "cuda" if gpus else "cpu"
    if device == "cuda" and not gpus:
        raise UsageError("--device cuda, but CTranslate2 sees no CUDA device", hint="use --device cpu or auto")
    if device not in ("cpu", "cuda"):
        raise UsageError(f"unknown device {device!r}", hint="use auto, cpu or cuda")
    return device


def pick_compute_type(compute_type: str, device: str) -> str:
    """``auto``: int8 on CPU (fastest at beam 4 here, a third of the memory), int8_float16 on a GPU."""
    if compute_type not in COMPUTE_TYPES:
        raise UsageError(f"unknown compute type {compute_type!r}", hint=f"use one of {', '.join(COMPUTE_TYPES)}")
    if compute_type == "auto":
        return "int8" if device == "cpu" else "int8_float16"
    return compute_type


def length_groups(lengths: Sequence[int], spread: float = LENGTH_SPREAD) -> list[list[int]]:
    """Indices of ``lengths``, longest first, cut into groups whose longest is at most ``spread`` × its shortest.

    A row that has not ended keeps being decoded until the longest row of its call is done (a random
    model never ends one: every row runs to its cap), and every row's beams stay in memory that long.
    Splitting a batch where lengths spread widely cost fewer decoded tokens than the extra calls cost:
    48 corpus sentences at beam 4, batches of 16: 17.0-17.9 s in one call each, 12.7 s in groups
    within 1.5×, 15.4 s within 1.25× (the opus-mt-sized random model, int8, 2 cores).
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and lengths[groups[-1][0]] <= spread * lengths[i]:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def thread_layout(device: str, threads: int) -> tuple[int, int]:
    """(workers, threads per worker): on CPU as many one-thread workers as ``threads`` (0: the cores, at most 8).

    Small batches of a small model use a second intra-op thread poorly: 48 corpus sentences on 2
    cores, the random opus-mt-sized model, int8, took 7.7 s greedy and 13.2 s at beam 4 with one
    worker of two threads, 6.0 s and 16.3 s with one thread, and 3.3 s and 7.9 s with two one-thread
    workers given batches at once (they share the model's weights). A GPU keeps one worker.
    """
    if device != "cpu":
        return 1, threads or 4
    return threads or min(8, usable_cores()), 1


def usable_cores() -> int:
    """The cores this process may run on (``taskset``, a container's cpuset), not all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@cache
def load_converted(location: ModelLocation, device: str, compute_type: str, threads: int = 0) -> Ct2Translator:
    """Load a converted folder; each (folder, device, compute type, threads) once per process."""
    import sentencepiece

    ctranslate2 = ctranslate2_module()

    converted = location.converted
    if converted is None:
        raise unavailable(location.name, f"{location.path} is not a converted model (glossmt models convert)")
    folder = location.path
    workers, per_worker = thread_layout(device, threads)
    try:
        model = ctranslate2.Translator(
            str(folder), device=device, compute_type=compute_type, inter_threads=workers, intra_threads=per_worker
        )
        source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        target = sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        encoder: dict[str, int] = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RuntimeError) as exc:
        raise unavailable(location.name, f"loading {folder} failed: {exc}") from exc
    return Ct2Translator(location, model, source, target, encoder, compute_type, workers=workers)


class Ct2Translator(SpelledTranslator):
    """One loaded CTranslate2 model; implements :class:`glossmt.translate.mt.backend.Translator`."""

    def __init__(  # noqa: PLR0917 (built by load_converted only)
        self,
        location: ModelLocation,
        model: Any,
        source: Any,
        target: Any,
        encoder: dict[str, int],
        compute: str,
        *,
        workers: int = 1,
    ) -> None:
        assert location.converted is not None
        converted = location.converted
        self.location = location
        self.model = model
        self.compute_type = compute
        self.max_positions = converted.max_positions
        decoder = {i: p for p, i in encoder.items()}
        pieces = [decoder.get(i, "") for i in range(converted.vocab_size)]
        self.vocab = PieceVocab(pieces, eos_id=converted.eos_id, pad_id=converted.pad_id, unk_id=encoder.get("<unk>"))
        self.pieces = pieces
        self.ids = {p: i for i, p in enumerate(pieces) if p}
        self.spelling = Spelling(source, target, encoder, self.vocab)
        self._remembered: dict[tuple[tuple[str, ...], int, int, int], list[list[int]]] = {}
        # How constrained rows are repaired (ct2/repair.py): splicing the rest, or decoding it on
        # (False: for comparison in benchmarks/bench_ct2_repair.py). What the repairs did, added up.
        self.splice = True
        self.repair_stats = Stats()
        # Batches the pipeline may hand over at once, from as many threads (one per CTranslate2 worker).
        self.parallel_batches = workers
        self._lock = threading.Lock()  # guards _remembered and repair_stats across those threads

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]:
        """Translate one batch: a free decode, then the constrained rows repaired (see :mod:`.repair`)."""
        if not requests:
            return []
        sources = [self.spelling.source_pieces(r.source, self.max_positions) for r in requests]
        limit = self.max_positions - 1
        caps = [length_cap(len(s), r, limit) for s, r in zip(sources, requests, strict=True)]
        constrained = [i for i, r in enumerate(requests) if r.constraints]
        hypotheses = self._free(requests, sources, caps, beams)
        outputs = [h[0] for h in hypotheses]
        if constrained:
            tracker = ConstraintTracker(self.vocab, [r.constraints for r in requests], caps)
            stats = Stats()
            repairer = Repairer(tracker, self, sources, beams, splice=self.splice, stats=stats)
            for i, tokens in repairer.repair({i: hypotheses[i] for i in constrained}).items():
                outputs[i] = tokens
            with self._lock:
                self.repair_stats.add(stats)
        return [self.vocab.decode(tokens).strip() for tokens in outputs]

    def _free(
        self, requests: Sequence[Request], sources: list[list[str]], caps: list[int], beams: int
    ) -> list[list[list[int]]]:
        """The free decode of each row (its n best where a repair may need them), each piece decoded once.

        CTranslate2 decodes without constraints, so a piece the cascade sends back for forcing
        decodes exactly as it did in the free pass (the cap is the same for both): its n best are
        kept from that pass (:data:`REMEMBERED` rows) instead of decoded again.

        A row is not decoded into the room its cap keeps for phrases: the tracker starts a missing
        phrase there, so whatever the model wrote in it would be cut for the phrase anyway (an
        output that needs that room for its own words ends that much earlier).
        """
        keys = [(tuple(s), cap, r.phrase_tokens, beams) for s, cap, r in zip(sources, caps, requests, strict=True)]
        with self._lock:
            found = {i: self._remembered[key] for i, key in enumerate(keys) if key in self._remembered}
        todo = [i for i in range(len(keys)) if i not in found]
        if todo:
            wanted = any(requests[i].constraints or requests[i].phrase_tokens for i in todo)
            decoded = self.decode(
                [sources[i] for i in todo],
                [None] * len(todo),
                [max(2, caps[i] - requests[i].phrase_tokens) for i in todo],
                beams,
                n_best=beams if wanted else 1,
            )
            found.update(zip(todo, decoded, strict=True))
            with self._lock:
                if len(self._remembered) + len(todo) > REMEMBERED:
                    self._remembered.clear()
                self._remembered.update((keys[i], found[i]) for i in todo)
        return [found[i] for i in range(len(keys))]

    # --- the three CTranslate2 calls the repair is built on (token ids in, token ids out) ----------

    def decode(
        self,
        sources: Sequence[list[str]],
        prefixes: Sequence[Sequence[int] | None],
        caps: Sequence[int],
        beams: int,
        n_best: int = 1,
    ) -> list[list[list[int]]]:
        """Each source's ``n_best`` hypotheses (ids, no ``</s>``), continuing its forced prefix if any.

        CTranslate2 takes one length limit per call and decodes every row of the call until it ends
        or reaches that limit, so rows are decoded in groups of like length (:func:`length_groups`),
        all submitted at once and cut into batches that spread over the workers.
        """
        # A cap counts </s>; CTranslate2's length does not.
        lengths = [max(cap - 1, len(prefix or ()) + 1) for cap, prefix in zip(caps, prefixes, strict=True)]
        out: list[list[list[int]]] = [[] for _ in sources]
        pending = [
            (
                group,
                self.model.translate_batch(
                    [sources[i] for i in group],
                    [self._tokens(prefixes[i] or ()) or None for i in group],
                    beam_size=beams,
                    num_hypotheses=min(n_best, beams),
                    max_decoding_length=max(lengths[i] for i in group),
                    max_batch_size=self._share(len(sources)),
                    asynchronous=True,
                ),
            )
            for group in length_groups(lengths)
        ]
        for group, results in pending:
            for i, result in zip(group, results, strict=True):
                # Each row keeps its own length (the tracker forces the end at the cap).
                out[i] = [[self.ids[t] for t in h][: lengths[i]] for h in result.result().hypotheses]
        return out

    def next_scores(self, sources: Sequence[list[str]], prefixes: Sequence[Sequence[int]]) -> list[Any]:
        """The model's scores (logits, a numpy array over the vocabulary) for the token after each prefix."""
        import numpy

        results = self.model.translate_batch(
            list(sources),
            [self._tokens(p) or None for p in prefixes],
            beam_size=1,
            max_decoding_length=max(len(p) for p in prefixes) + 1,
            return_logits_vocab=True,
            return_end_token=True,
            max_batch_size=self._share(len(prefixes)),
        )
        out = []
        for result, prefix in zip(results, prefixes, strict=True):
            steps = result.logits[0]  # one row per position, the forced prefix included
            out.append(numpy.asarray(steps[min(len(prefix), len(steps) - 1)], dtype=numpy.float32))
        return out

    def score(self, sources: Sequence[list[str]], targets: Sequence[Sequence[int]]) -> list[list[float]]:
        """Per-token log-probabilities of each target, then one for ``</s>`` after it (CTranslate2 adds it)."""
        results = self.model.score_batch(
            list(sources), [self._tokens(t) for t in targets], max_batch_size=self._share(len(targets))
        )
        return [list(r.log_probs) for r in results]

    def _share(self, rows: int) -> int:
        """Rows per CTranslate2 batch, so that a call's rows are spread over every worker (0: no split)."""
        return 0 if self.parallel_batches == 1 else -(-rows // self.parallel_batches)

    def _tokens(self, ids: Sequence[int]) -> list[str]:
        return [self.pieces[i] for i in ids]


# --- the backend registry's two hooks (glossmt.translate.mt.backends) ------------------------------


def prepare(device: str, compute_type: str) -> tuple[str, str]:
    """The device found now (CTranslate2 counts GPUs without loading a model), then the compute type."""
    chosen = pick_device(device)
    return chosen, pick_compute_type(compute_type, chosen)


def load(location: ModelLocation, device: str, compute_type: str, threads: int) -> Ct2Translator:
    return load_converted(location, device, compute_type, threads)
