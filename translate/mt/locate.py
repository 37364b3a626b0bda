"""Finding a translation model's folder without loading it: shared by every backend, imports no torch.

Order, network last (:func:`resolve_model`):

1. ``--model`` / ``$GLOSSMT_MODEL`` / ``Helsinki-NLP/opus-mt-zh-en``;
2. a local folder is used as it is;
3. a hub id already in the local Hugging Face cache is loaded from there, offline;
4. otherwise, unless ``HF_HUB_OFFLINE=1``, the hub is tried only after a 3-second reachability
   check, so a machine without network fails in seconds, not after the hub client's retries;
5. failing all that, :class:`ModelUnavailableError` (exit 4) says how to fetch the model.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse

from glossmt.glossary.errors import ModelUnavailableError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
ENV_VAR = "GLOSSMT_MODEL"
TOKENIZER_FILES = ("config.json", "source.spm", "target.spm", "vocab.json")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
OPTIONAL_FILES = ("generation_config.json", "tokenizer_config.json", "special_tokens_map.json")
REACH_TIMEOUT_S = 3.0
# A folder written by `glossmt models convert`: CTranslate2's model.bin and config.json, the tokenizer
# files, and this record of where it came from (ConvertedFrom).
CONVERTED_MARKER = "glossmt-converted.json"
CONVERTED_FILES = ("model.bin", "source.spm", "target.spm", "vocab.json", CONVERTED_MARKER)


@dataclass(frozen=True, slots=True)
class ConvertedFrom:
    """What a converted (CTranslate2) folder was made from, as ``glossmt models convert`` recorded it."""

    model: str
    revision: str | None
    quantization: str
    max_positions: int
    vocab_size: int
    eos_id: int
    pad_id: int

    @classmethod
    def read(cls, folder: Path) -> ConvertedFrom:
        import json

        data = json.loads((folder / CONVERTED_MARKER).read_text(encoding="utf-8"))
        return cls(**{f.name: data[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class ModelLocation:
    """Where a model was found: the name asked for, its folder, the hub revision if any, and for a
    converted folder what it was converted from."""

    name: str
    path: Path
    revision: str | None = None
    converted: ConvertedFrom | None = None

    @property
    def signature(self) -> str:
        if self.converted is not None:
            source = self.converted
            if not source.revision:
                return source.model
            # A hub commit is shortened as git does; a local folder's weight digest is short already.
            return f"{source.model}@{source.revision[:12] if len(source.revision) == 40 else source.revision}"
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


def resolve_model(name: str | None = None, *, allow_pickle: bool = False) -> ModelLocation:
    """Find the model's folder without loading it; see the module docstring for the order.

    The folder is checked before anything loads it: config.json must describe a Marian model, the
    weights must be whole, and weights that exist only as a pickle (``pytorch_model.bin``, which can
    run code when loaded) are refused unless ``allow_pickle``.
    """
    location = _locate(name)
    if location.converted is None:
        check_weights(location.path, location.name, allow_pickle=allow_pickle)
    return location


def _locate(name: str | None) -> ModelLocation:
    chosen = name or os.environ.get(ENV_VAR) or DEFAULT_MODEL
    folder = Path(chosen).expanduser()
    if folder.is_dir():
        if (folder / CONVERTED_MARKER).is_file():
            return _converted(folder, chosen)
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


# What MarianTranslator reads from config.json (decode.py); a config without them cannot be a Marian model.
CONFIG_KEYS = ("max_position_embeddings", "eos_token_id", "pad_token_id", "vocab_size", "d_model")


def broken(folder: Path, why: str) -> ModelUnavailableError:
    """The one message for a model folder that is there but cannot be loaded (exit 4)."""
    return ModelUnavailableError(
        f"model folder {folder} cannot be loaded: {why}",
        hint="download or convert the model again into a fresh folder, or pass another --model",
    )


def check_weights(folder: Path, name: str, *, allow_pickle: bool = False) -> None:
    """Refuse, before loading, a folder whose config or weights are wrong, or whose only weights are a pickle."""
    try:
        config = json.loads((folder / "config.json").read_bytes())
    except (OSError, ValueError) as exc:
        raise broken(folder, f"config.json is not readable JSON ({exc})") from exc
    if not isinstance(config, dict) or config.get("model_type") != "marian":
        kind = config.get("model_type") if isinstance(config, dict) else None
        raise broken(folder, f"config.json describes model_type {kind!r}, not a Marian model ('marian')")
    missing = [key for key in CONFIG_KEYS if not isinstance(config.get(key), int)]
    if missing:
        raise broken(folder, f"config.json lacks {', '.join(missing)} (or they are not integers)")
    safetensors = folder / "model.safetensors"
    if safetensors.is_file():
        _check_safetensors(safetensors)
        return
    pickle = folder / "pytorch_model.bin"
    if not allow_pickle:
        raise ModelUnavailableError(
            f"model folder {folder} holds its weights only as {pickle.name}, a pickle, which can run code when loaded",
            hint='convert it to safetensors where you trust the file (python -c "from transformers import '
            f"MarianMTModel as M; M.from_pretrained('{folder}').save_pretrained('{folder}')\"), "
            "or pass --allow-pickle to load it with torch's weights_only=True",
        )
    if pickle.stat().st_size == 0:
        raise broken(folder, f"{pickle.name} is empty")


def _check_safetensors(path: Path) -> None:
    """A safetensors file is an 8-byte header length, a JSON header, then the tensors it lists: all must be there."""
    size = path.stat().st_size
    try:
        with path.open("rb") as handle:
            length = int.from_bytes(handle.read(8), "little")
            if size < 8 or length > size - 8 or length > 100_000_000:
                raise ValueError("header runs past the end")
            header = json.loads(handle.read(length))
        ends = [entry["data_offsets"][1] for key, entry in header.items() if key != "__metadata__"]
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise broken(path.parent, f"{path.name} is empty, truncated or not a safetensors file ({exc})") from exc
    if 8 + length + max(ends, default=0) > size:
        raise broken(path.parent, f"{path.name} is truncated: its header lists more data than the file holds")


def _converted(folder: Path, name: str) -> ModelLocation:
    missing = [f for f in CONVERTED_FILES if not (folder / f).is_file()]
    if missing:
        raise ModelUnavailableError(
            f"converted model {name} is incomplete: {folder} lacks {', '.join(missing)}",
            hint="convert it again: glossmt models convert MODEL -o FOLDER --force",
        )
    try:
        converted = ConvertedFrom.read(folder)
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelUnavailableError(
            f"converted model {name}: {CONVERTED_MARKER} is unreadable ({exc})",
            hint="convert it again: glossmt models convert MODEL -o FOLDER --force",
        ) from exc
    return ModelLocation(name, folder, converted=converted)


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
