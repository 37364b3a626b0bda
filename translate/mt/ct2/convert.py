"""``glossmt models convert``: a Marian model (local folder or hub id) to a CTranslate2 folder.

CTranslate2's own Transformers converter does the work. Beside its ``model.bin`` and ``config.json``
go the tokenizer files (sentencepiece models, ``vocab.json``) and ``glossmt-converted.json``, which
records the source model and its revision (the hub commit, or a digest of a local folder's weights),
so that every output's signature says exactly which model wrote it. The folder is written under a
temporary name and renamed when complete: an interrupted conversion leaves nothing half-made.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import asdict
from pathlib import Path

from glossmt.glossary.errors import UsageError
from glossmt.translate.mt.backends import BACKENDS
from glossmt.translate.mt.locate import CONVERTED_MARKER, OPTIONAL_FILES, ConvertedFrom, ModelLocation, unavailable

QUANTIZATIONS = BACKENDS["ct2"].compute_types
COPIED = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json")


def convert(location: ModelLocation, output: Path, *, quantization: str = "int8", force: bool = False) -> Path:
    """Convert the located Marian model into ``output``; returns ``output``."""
    if quantization not in QUANTIZATIONS:
        raise UsageError(f"unknown quantization {quantization!r}", hint=f"use one of {', '.join(QUANTIZATIONS)}")
    if location.converted is not None:
        raise UsageError(f"{location.name} is already a converted model", hint="name the original Marian model")
    if output.exists() and not (output.is_dir() and (force or not any(output.iterdir()))):
        raise UsageError(f"{output} exists", hint="pass --force to replace it, or name a new folder")
    config = json.loads((location.path / "config.json").read_text(encoding="utf-8"))
    record = ConvertedFrom(
        model=location.name,
        revision=location.revision or _weights_digest(location.path),
        quantization=quantization,
        max_positions=int(config["max_position_embeddings"]),
        vocab_size=int(config.get("decoder_vocab_size") or config["vocab_size"]),
        eos_id=int(config["eos_token_id"]),
        pad_id=int(config["pad_token_id"]),
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        _run_converter(location, staging, quantization)
        for name in (*COPIED, *(f for f in OPTIONAL_FILES if f not in COPIED)):
            if (location.path / name).is_file() and not (staging / name).exists():
                shutil.copyfile(location.path / name, staging / name)
        (staging / CONVERTED_MARKER).write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        os.replace(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return output


def _run_converter(location: ModelLocation, staging: Path, quantization: str) -> None:
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from glossmt.translate.mt.ct2.decode import ctranslate2_module

    ctranslate2 = ctranslate2_module()
    converter = ctranslate2.converters.TransformersConverter(str(location.path), trust_remote_code=False)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Recommended: pip install sacremoses." from the tokenizer
            # The folder exists (mkdtemp): force lets the converter write into it.
            converter.convert(str(staging), quantization=quantization, force=True)
    except (OSError, ValueError, KeyError, RuntimeError, NotImplementedError) as exc:
        raise unavailable(location.name, f"converting {location.path} failed: {exc}") from exc


def _weights_digest(folder: Path) -> str:
    """A local folder has no hub commit: the first 12 hex digits of its weights' SHA-256 name its revision."""
    weights = next((folder / f for f in ("model.safetensors", "pytorch_model.bin") if (folder / f).is_file()), None)
    if weights is None:
        return "unknown"
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"sha256-{digest.hexdigest()[:12]}"
