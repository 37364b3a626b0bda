"""Files glossmt keeps in the user cache folder: data only, each checked before it is believed.

What is kept (the compiled glossary, :mod:`glossmt.glossary.compiled`; the word lists read from
jieba's dictionary, :mod:`glossmt.glossary.matching`) depends only on inputs whose digest names the
entry. An entry lives in the user cache folder (platformdirs: ``~/.cache/glossmt`` on Linux;
``$GLOSSMT_CACHE`` names another folder, ``off`` turns caching off), as ``KIND/KEY.SUFFIX``.

An entry is data, never code: one JSON header line (format, key, SHA-256 of the rest), then the
payload. Never pickle or marshal, so a file someone plants in the cache folder can at worst hold
wrong data, and one that is damaged, truncated, hand-edited or made for another key fails the
header check and is read as a miss (its user decides what else to check, and rebuilds). Writing is
best effort and atomic (a temporary file renamed into place, which replaces a planted symlink rather
than writing through it): a cache folder that cannot be written costs only the time. Each kind keeps
its newest :data:`KEEP` entries.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

__all__ = ["CACHE_ENV", "KEEP", "cache_dir", "read_entry", "write_entry"]

CACHE_ENV = "GLOSSMT_CACHE"
KEEP = 8  # entries kept per kind (the newest)


def cache_dir() -> Path | None:
    """glossmt's cache folder: ``$GLOSSMT_CACHE`` (``off``: none), else the user cache folder."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("glossmt", appauthor=False)


def _entry(kind: str, key: str, suffix: str) -> Path | None:
    folder = cache_dir()
    return None if folder is None else folder / kind / f"{key}{suffix}"


def read_entry(kind: str, key: str, *, version: int, suffix: str = ".json") -> bytes | None:
    """The payload kept under ``kind``/``key`` in format ``version``; None if absent, unreadable or not intact."""
    path = _entry(kind, key, suffix)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, _, payload = data.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        return None
    if header != {"format": version, "key": key, "sha256": hashlib.sha256(payload).hexdigest()}:
        return None
    return payload


def write_entry(kind: str, key: str, payload: bytes, *, version: int, suffix: str = ".json") -> None:
    """Keep ``payload`` under ``kind``/``key`` (atomically; silently not at all where that cannot be written)."""
    path = _entry(kind, key, suffix)
    if path is None:
        return
    header = json.dumps({"format": version, "key": key, "sha256": hashlib.sha256(payload).hexdigest()})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header.encode() + b"\n" + payload)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        kept = sorted(path.parent.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
