"""``glossmt models convert``: a Marian model (local folder or hub id) to a CTranslate2 folder.

CTranslate2's own Transformers converter does the work. Beside its ``model.bin`` and ``config.json``
go the tokenizer files (sentencepiece models, ``vocab.json``) and ``glossmt-converted.json``, which
records the source model and its revision (the hub commit, or a digest of a local folder's weights),
so that every output's signature says exactly which model wrote it. The folder is written under a
temporary name and renamed when complete: an interrupted conversion leaves nothing half-made.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import asdict
from pathlib import Path

from glossmt.glossary.errors import UsageError
from glossmt.glossary.io.fileio import write_error
from glossmt.translate.mt.backends import BACKENDS
from glossmt.translate.mt.locate import CONVERTED_MARKER, OPTIONAL_FILES, ConvertedFrom, ModelLocation, unavailable

QUANTIZATIONS = BACKENDS["ct2"].compute_types
_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EACCES})
COPIED = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json")


def convert(location: ModelLocation, output: Path, *, quantization: str = "int8", force: bool = False) -> Path:
    """Convert the located Marian model into ``output``; returns ``output``."""
    if quantization not in QUANTIZATIONS:
        raise UsageError(f"unknown quantization {quantization!r}", hint=f"use one of {', '.join(QUANTIZATIONS)}")
    if location.converted is not None:
        raise UsageError(f"{location.name} is already a converted model", hint="name the original Marian model")
    _check_replaceable(output, location.path, force=force)
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
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    except OSError as exc:
        raise write_error(exc, output) from exc
    try:
        _run_converter(location, staging, quantization)
        for name in (*COPIED, *(f for f in OPTIONAL_FILES if f not in COPIED)):
            if (location.path / name).is_file() and not (staging / name).exists():
                shutil.copyfile(location.path / name, staging / name)
        (staging / CONVERTED_MARKER).write_text(json.dumps(asdict(record), indent=2) + "\n", encoding="utf-8")
        if output.exists():
            shutil.rmtree(output)
        os.replace(staging, output)
    except OSError as exc:  # a full disk, a file-size limit: a write error (exit 3), not a missing model
        raise write_error(exc, output) from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return output


# What a conversion writes: CTranslate2's files, the tokenizer files copied beside them, the marker.
_WRITTEN = frozenset({"model.bin", "config.json", CONVERTED_MARKER, *COPIED, *OPTIONAL_FILES})


def _check_replaceable(output: Path, source: Path, *, force: bool) -> None:
    """Refuse (exit 2) an output that exists and is not a folder ``--force`` may replace.

    ``--force`` replaces only a folder an earlier conversion wrote (the marker file and nothing but the
    files a conversion writes), never a symlink, the source model, a folder holding it or the current
    folder: a wrong ``-o`` must never empty a folder of other files.
    """
    if not output.exists() and not output.is_symlink():
        return
    hint = "name a new folder; --force replaces only a folder glossmt models convert wrote"
    if output.is_symlink():
        raise UsageError(f"-o {output} is a symlink", hint="name the folder itself, or a new one")
    if not output.is_dir():
        raise UsageError(f"-o {output} is a file", hint=hint)
    real, model = output.resolve(), source.resolve()
    if real == model or real in model.parents:
        raise UsageError(f"-o {output} holds the model being converted", hint=hint)
    if real == Path.cwd().resolve() or real in Path.cwd().resolve().parents:
        raise UsageError(f"-o {output} is the current folder or holds it", hint=hint)
    entries = list(output.iterdir())
    if not entries:
        return
    if not force:
        raise UsageError(f"{output} exists", hint="pass --force to replace an earlier conversion, or name a new folder")
    foreign = [e.name for e in entries if e.is_symlink() or not e.is_file() or not _written_here(e.name)]
    if not (output / CONVERTED_MARKER).is_file() or foreign:
        what = f"holds {foreign[0]!r}, which" if foreign else "has no " + CONVERTED_MARKER + ", so it"
        raise UsageError(f"-o {output} {what} glossmt did not write", hint=hint)


def _written_here(name: str) -> bool:
    return name in _WRITTEN or name.endswith(("vocabulary.json", "vocabulary.txt"))


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
    except OSError as exc:
        if exc.errno in _WRITE_ERRNOS:
            raise  # convert() says it as a write error
        raise unavailable(location.name, f"converting {location.path} failed: {exc}") from exc
    except (ValueError, KeyError, RuntimeError, NotImplementedError) as exc:
        if any(words in str(exc) for words in ("No space left", "File too large", "Disk quota")):
            raise OSError(errno.ENOSPC, str(exc)) from exc
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
