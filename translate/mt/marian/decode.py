"""MarianMT through transformers: loading a located model once, translating batches under constraints.

With :mod:`glossmt.translate.devtools`, the only place that imports torch and transformers, and only
inside functions, so that ``glossmt glossary …`` and ``glossmt --help`` start without them.
Safetensors weights are preferred; remote code is never run (Marian is built into transformers).
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from functools import cache
from typing import Any

from glossmt.glossary.errors import UsageError
from glossmt.translate.mt.constraints import ConstraintTracker, Decision, PieceVocab, Request, length_cap
from glossmt.translate.mt.locate import ModelLocation, broken, resolve_model
from glossmt.translate.mt.spelling import SpelledTranslator, Spelling

__all__ = [
    "ConstraintProcessor",
    "MarianTranslator",
    "load_located",
    "load_translator",
    "pick_device",
    "quiet_transformers",
    "set_threads",
]


def pick_device(device: str) -> str:
    """``auto`` becomes ``cuda`` when torch sees a GPU, else ``cpu``."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda, but torch sees no CUDA device", hint="use --device cpu or --device auto")
    if device not in ("cpu", "cuda"):
        raise UsageError(f"unknown device {device!r}", hint="use auto, cpu or cuda")
    return device


def set_threads(threads: int) -> None:
    """Torch's intra-op threads (0: torch's default)."""
    if threads:
        import torch

        torch.set_num_threads(threads)


def load_translator(name: str | None = None, device: str = "auto") -> MarianTranslator:
    """Resolve and load a model; each (folder, device) is loaded once per process.

    Args:
        name: a hub id (in the local Hugging Face cache) or a model folder; None: ``$GLOSSMT_MODEL``,
            else Helsinki-NLP/opus-mt-zh-en.
        device: ``auto``, ``cpu`` or ``cuda``.

    Returns:
        The loaded model, a :class:`~glossmt.translate.mt.backend.Translator`.

    Raises:
        ModelUnavailableError: the model is not on this machine (the message says how to get it).
    """
    location = resolve_model(name)
    return load_located(location, pick_device(device))


@cache
def load_located(location: ModelLocation, device: str) -> MarianTranslator:
    """Load a located model on ``device``; each (folder, device) is loaded once per process."""
    quiet_transformers()
    from transformers import MarianMTModel, MarianTokenizer

    use_safetensors = (location.path / "model.safetensors").is_file()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses." on every load
            tokenizer = MarianTokenizer.from_pretrained(str(location.path), local_files_only=True)
            # A pickle gets here only with --allow-pickle (locate.check_weights), and even then only tensors load.
            model = MarianMTModel.from_pretrained(
                str(location.path), local_files_only=True, use_safetensors=use_safetensors, weights_only=True
            )
        model.eval().to(device)
        return MarianTranslator(location, model, tokenizer, device)
    except Exception as exc:  # a folder that passed the checks and still fails: whatever the library raised
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise broken(location.path, f"{type(exc).__name__}: {first}") from exc


def quiet_transformers() -> None:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class MarianTranslator(SpelledTranslator):
    """One loaded Marian model; implements :class:`glossmt.translate.pipeline.Translator`."""

    def __init__(self, location: ModelLocation, model: Any, tokenizer: Any, device: str) -> None:
        self.location = location
        self.model = model
        self.tokenizer = tokenizer
        self.device = device
        config = model.config
        self.max_positions = int(config.max_position_embeddings)
        self.eos_id = int(config.eos_token_id)
        self.pad_id = int(config.pad_token_id)
        size = int(getattr(config, "decoder_vocab_size", None) or config.vocab_size)
        pieces = [tokenizer.decoder.get(i, "") for i in range(size)]
        self.vocab = PieceVocab(pieces, eos_id=self.eos_id, pad_id=self.pad_id, unk_id=tokenizer.unk_token_id)
        self.spelling = Spelling(tokenizer.spm_source, tokenizer.spm_target, tokenizer.encoder, self.vocab)

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]:
        """Translate one batch; each output obeys its request's constraints."""
        if not requests:
            return []
        import torch

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # The pipeline cuts pieces to fit; truncation only guards against a crash (a single name
            # longer than the whole limit).
            batch = self.tokenizer(
                [r.source for r in requests],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.max_positions,
            )
        batch = {k: v.to(self.device) for k, v in batch.items()}
        lengths = batch["attention_mask"].sum(dim=1).tolist()
        caps = [length_cap(n, r, self.max_positions - 1) for n, r in zip(lengths, requests, strict=True)]
        tracker = ConstraintTracker(self.vocab, [r.constraints for r in requests], caps)
        processor = ConstraintProcessor(tracker, beams=beams, vocab=self.vocab, device=self.device)
        with torch.inference_mode():
            output = self.model.generate(
                **batch,
                num_beams=beams,
                do_sample=False,
                max_new_tokens=max(caps),
                max_length=None,
                num_return_sequences=1,
                logits_processor=[processor],
            )
        return [self.vocab.decode(row).strip() for row in output[:, 1:].tolist()]


class ConstraintProcessor:
    """Applies :class:`ConstraintTracker` decisions to the scores (a transformers logits processor).

    Rows are hypotheses: ``row // beams`` is the sentence. Sentences without constraints only get
    their length cap, applied to all rows at once.
    """

    def __init__(self, tracker: ConstraintTracker, *, beams: int, vocab: PieceVocab, device: str) -> None:
        import torch

        self.tracker = tracker
        self.beams = beams
        self.vocab = vocab
        items = len(tracker.items)
        self.tracked = [r for r in range(items * beams) if tracker.constrained(r // beams)]
        plain_caps = [math.inf if tracker.constrained(b) else cap for b, cap in enumerate(tracker.caps)]
        self.plain_caps = torch.tensor([plain_caps[r // beams] for r in range(items * beams)], device=device)
        self._continuations: Any = None
        self.device = device

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import torch

        scores[:, self.vocab.pad_id] = -math.inf
        generated = input_ids.shape[1] - 1
        at_cap = self.plain_caps <= generated + 1
        if bool(at_cap.any()):
            eos = scores[:, self.vocab.eos_id].clone()
            scores[at_cap] = -math.inf
            scores[at_cap, self.vocab.eos_id] = torch.where(torch.isfinite(eos[at_cap]), eos[at_cap], 0.0)
        if self.tracked:
            prefixes = input_ids[self.tracked, 1:].tolist()
            decisions = [
                (row, self.tracker.decide(row // self.beams, prefix))
                for row, prefix in zip(self.tracked, prefixes, strict=True)
            ]
            self._apply(scores, decisions)
        return scores

    def _apply(self, scores: Any, decisions: list[tuple[int, Decision]]) -> None:
        """All rows' decisions in a few batched tensor operations (a handful of kernels per step, not per row)."""
        import torch

        device = scores.device
        bias: list[tuple[int, int, float]] = []
        bans: tuple[list[int], list[int]] = ([], [])
        glued: list[int] = []
        forced: list[tuple[int, int]] = []
        for row, decision in decisions:
            if decision.force is not None:
                forced.append((row, decision.force))
                continue
            bias.extend((row, token, bonus) for token, bonus in decision.bias)
            bans[0].extend([row] * (len(decision.ban) + decision.ban_eos))
            bans[1].extend(decision.ban)
            if decision.ban_eos:
                bans[1].append(self.vocab.eos_id)
            if decision.ban_continuations:
                glued.append(row)
        if bias:
            rows, tokens, values = zip(*bias, strict=True)
            index = (torch.tensor(rows, device=device), torch.tensor(tokens, device=device))
            scores.index_put_(index, torch.tensor(values, dtype=scores.dtype, device=device), accumulate=True)
        if bans[0]:
            scores[torch.tensor(bans[0], device=device), torch.tensor(bans[1], device=device)] = -math.inf
        if glued:
            if self._continuations is None:
                self._continuations = torch.tensor(self.vocab.word_continuations, device=device)
            scores[torch.tensor(glued, device=device).unsqueeze(1), self._continuations.unsqueeze(0)] = -math.inf
        if forced:
            rows_t = torch.tensor([r for r, _ in forced], device=device)
            tokens_t = torch.tensor([t for _, t in forced], device=device)
            kept = scores[rows_t, tokens_t]
            kept = torch.where(torch.isfinite(kept), kept, torch.zeros_like(kept))
            scores[rows_t] = -math.inf
            scores[rows_t, tokens_t] = kept


# --- the backend registry's two hooks (glossmt.translate.mt.backends) ------------------------------


def prepare(device: str, compute_type: str) -> tuple[str, str]:
    """The device stays as asked until the model loads (finding a GPU imports torch); float32 only."""
    if compute_type not in ("auto", "float32"):
        raise UsageError(f"--compute-type {compute_type} needs the ct2 backend", hint="transformers runs float32 here")
    return device, "float32"


def load(location: ModelLocation, device: str, compute_type: str, threads: int) -> MarianTranslator:
    set_threads(threads)
    return load_located(location, pick_device(device))
