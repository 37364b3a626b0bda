"""MarianMT through transformers: finding the model, loading it once, translating batches.

This is the only module that imports torch and transformers, and only inside functions, so that
``glossmt glossary …`` and ``glossmt --help`` start without them.

Finding a model (:func:`resolve_model`), network last:

1. ``--model`` / ``$GLOSSMT_MODEL`` / ``Helsinki-NLP/opus-mt-zh-en``;
2. a local folder is used as it is;
3. a hub id already in the local Hugging Face cache is loaded from there, offline;
4. otherwise, unless ``HF_HUB_OFFLINE=1``, the hub is tried only after a 3-second reachability
   check, so a machine without network fails in seconds, not after the hub client's retries;
5. failing all that, :class:`ModelUnavailableError` (exit 4) says how to fetch the model.

Safetensors weights are preferred; remote code is never run (Marian is built into transformers).
"""

from __future__ import annotations

import math
import os
import socket
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from glossmt.glossary.errors import ModelUnavailableError, UsageError
from glossmt.translate.constraints import START_SLACK, ConstraintTracker, Decision, PieceVocab, Request
from glossmt.translate.verify import find_spans, rendering_pattern

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
ENV_VAR = "GLOSSMT_MODEL"
TOKENIZER_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
OPTIONAL_FILES = ("generation_config.json", "tokenizer_config.json", "special_tokens_map.json")
REACH_TIMEOUT_S = 3.0
# The source of one model call is at most this share of the position limit: English output runs
# longer than its Chinese source, and both must fit the decoder's positions.
SOURCE_SHARE = 0.5
MAX_SOURCE_TOKENS = 256


@dataclass(frozen=True, slots=True)
class ModelLocation:
    """Where a model was found: the name asked for, its folder, and the hub revision if any."""

    name: str
    path: Path
    revision: str | None = None

    @property
    def signature(self) -> str:
        return f"{self.name}@{self.revision[:12]}" if self.revision else self.name


def unavailable(name: str, why: str) -> ModelUnavailableError:
    """The one message for a model that cannot be had here, with the way to get it."""
    local = f"models/{name.rstrip('/').split('/')[-1]}"
    return ModelUnavailableError(
        f"translation model {name} is not available: {why}",
        hint=(
            f"on a connected machine run `hf download {name} --local-dir {local}` "
            f"(older clients: `huggingface-cli download {name} --local-dir {local}`), copy the folder here, "
            f"then pass --model {local} or set {ENV_VAR}={local}"
        ),
    )


def resolve_model(name: str | None = None) -> ModelLocation:
    """Find the model's folder without loading it; see the module docstring for the order."""
    chosen = name or os.environ.get(ENV_VAR) or DEFAULT_MODEL
    folder = Path(chosen).expanduser()
    if folder.is_dir():
        _check_folder(folder, chosen)
        return ModelLocation(chosen, folder)
    if chosen.startswith((".", "/", "~")) or chosen.count("/") > 1 or os.sep in chosen.replace("/", ""):
        raise unavailable(chosen, f"there is no folder {chosen}")
    cached = _from_cache(chosen)
    if cached is not None:
        return cached
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise unavailable(chosen, "it is not in the local Hugging Face cache and HF_HUB_OFFLINE is set")
    if not _hub_reachable():
        raise unavailable(
            chosen, "it is not in the local Hugging Face cache and the Hugging Face Hub cannot be reached"
        )
    return _download(chosen)


def _check_folder(folder: Path, name: str) -> None:
    missing = [f for f in TOKENIZER_FILES if not (folder / f).is_file()]
    if not any((folder / f).is_file() for f in WEIGHT_FILES):
        missing.append(" or ".join(WEIGHT_FILES))
    if missing:
        raise unavailable(name, f"{folder} lacks {', '.join(missing)}")


def hub_cache_dir() -> Path:
    """The Hugging Face hub cache, read from the environment now (not at import, as the hub client does)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "huggingface" / "hub"


def _from_cache(repo_id: str) -> ModelLocation | None:
    from huggingface_hub import snapshot_download

    try:
        path = Path(snapshot_download(repo_id, cache_dir=hub_cache_dir(), local_files_only=True))
    except Exception:  # not cached, or not a valid repo id: either way not loadable offline
        return None
    try:
        _check_folder(path, repo_id)
    except ModelUnavailableError:
        return None
    return ModelLocation(repo_id, path, path.name)


def _hub_reachable(timeout: float = REACH_TIMEOUT_S) -> bool:
    """Can a TCP connection to the hub be opened within ``timeout`` (DNS included)?"""
    url = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    host = url.hostname or "huggingface.co"
    port = url.port or (443 if url.scheme == "https" else 80)
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    # getaddrinfo has no timeout of its own: probe in a thread and stop waiting after `timeout`.
    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def _download(repo_id: str) -> ModelLocation:
    from huggingface_hub import HfApi, snapshot_download

    try:
        files = set(HfApi().list_repo_files(repo_id))
        weights = "model.safetensors" if "model.safetensors" in files else "pytorch_model.bin"
        wanted = [f for f in (*TOKENIZER_FILES, *OPTIONAL_FILES, weights) if f in files]
        path = Path(snapshot_download(repo_id, cache_dir=hub_cache_dir(), allow_patterns=wanted, etag_timeout=10))
    except Exception as exc:
        raise unavailable(repo_id, f"download failed ({type(exc).__name__})") from exc
    _check_folder(path, repo_id)
    return ModelLocation(repo_id, path, path.name)


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


def load_translator(name: str | None = None, device: str = "auto") -> MarianTranslator:
    """Resolve and load a model; each (folder, device) is loaded once per process."""
    location = resolve_model(name)
    return _load(location, pick_device(device))


@cache
def _load(location: ModelLocation, device: str) -> MarianTranslator:
    _quiet_transformers()
    from transformers import MarianMTModel, MarianTokenizer

    use_safetensors = (location.path / "model.safetensors").is_file()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses." on every load
            tokenizer = MarianTokenizer.from_pretrained(str(location.path), local_files_only=True)
            model = MarianMTModel.from_pretrained(
                str(location.path), local_files_only=True, use_safetensors=use_safetensors or None
            )
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise unavailable(location.name, f"loading {location.path} failed: {exc}") from exc
    model.eval().to(device)
    return MarianTranslator(location, model, tokenizer, device)


def _quiet_transformers() -> None:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


class MarianTranslator:
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
        self._encoder: dict[str, int] = tokenizer.encoder
        self._target_spm = tokenizer.spm_target
        self._source_spm = tokenizer.spm_source

    @property
    def signature(self) -> str:
        return self.location.signature

    @property
    def max_source_tokens(self) -> int:
        return max(8, min(MAX_SOURCE_TOKENS, int(self.max_positions * SOURCE_SHARE)))

    def count_tokens(self, text: str) -> int:
        return len(self._source_spm.encode(text)) + 1  # + </s>

    def can_read(self, text: str) -> bool:
        """Can the source vocabulary spell ``text`` without ``<unk>``?"""
        unk = self._source_spm.unk_id()
        return all(i != unk for i in self._source_spm.encode(text)) and all(
            p in self._encoder for p in self._source_spm.encode(text, out_type=str)
        )

    def spell(self, text: str) -> tuple[int, ...] | None:
        """The target token ids that write ``text`` as a word of its own, or None if they cannot."""
        pieces = self._target_spm.encode(text, out_type=str)
        if self._target_spm.unk_id() in self._target_spm.encode(text):
            return None
        ids = tuple(self._encoder.get(p, -1) for p in pieces)
        if not ids or -1 in ids or self.vocab.unk_id in ids:
            return None
        # The spelling must read back as the text (normalisation could change it).
        if not find_spans(self.vocab.decode(ids), rendering_pattern(text)):
            return None
        return ids

    def caps(self, sources: Sequence[int], requests: Sequence[Request]) -> list[int]:
        """Most tokens each output may have (``</s>`` included): about twice its source, room for phrases."""
        limit = self.max_positions - 1
        caps = []
        for length, request in zip(sources, requests, strict=True):
            cap = 2 * length + 10
            needed = request.constraints.needed_tokens
            if needed:
                cap = max(cap, needed + START_SLACK + 8)
            caps.append(min(limit, cap))
        return caps

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
        caps = self.caps(lengths, requests)
        tracker = ConstraintTracker(self.vocab, [r.constraints for r in requests], caps)
        processor = _ConstraintProcessor(tracker, beams=beams, vocab=self.vocab, device=self.device)
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


class _ConstraintProcessor:
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


@dataclass(frozen=True, slots=True)
class MarianShape:
    """The sizes of a Marian transformer (opus-mt-zh-en: 65001, 512, 6, 6, 8, 2048, 512)."""

    vocab_size: int
    d_model: int = 64
    encoder_layers: int = 2
    decoder_layers: int = 2
    heads: int = 4
    ffn: int = 128
    max_positions: int = 128


def save_random_marian(
    out_dir: str | Path,
    *,
    source_spm: bytes,
    target_spm: bytes,
    vocab: dict[str, int],
    shape: MarianShape,
    seed: int = 0,
) -> Path:
    """Write a randomly initialised Marian model and its tokenizer, in the layout opus-mt uses.

    ``vocab`` maps pieces to ids with opus-mt's conventions: ``</s>`` 0, ``<unk>`` 1, ``<pad>`` last.
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    _quiet_transformers()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pad = shape.vocab_size - 1
    if vocab.get("</s>") != 0 or vocab.get("<unk>") != 1 or vocab.get("<pad>") != pad:
        raise ValueError("vocab must have </s>=0, <unk>=1 and <pad> as its last id")
    (out / "source.spm").write_bytes(source_spm)
    (out / "target.spm").write_bytes(target_spm)
    import json

    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = MarianTokenizer(
            source_spm=str(out / "source.spm"),
            target_spm=str(out / "target.spm"),
            vocab=str(out / "vocab.json"),
            source_lang="zh",
            target_lang="en",
            model_max_length=shape.max_positions,
        )
    tokenizer.save_pretrained(str(out))
    config = MarianConfig(
        vocab_size=shape.vocab_size,
        decoder_vocab_size=shape.vocab_size,
        d_model=shape.d_model,
        encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=shape.max_positions,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        dropout=0.1,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad,
        max_length=shape.max_positions,
        num_beams=4,
    )
    model.save_pretrained(str(out), safe_serialization=True)
    return out
