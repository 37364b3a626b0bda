"""glossmt's cache folder, the one rule for where anything rebuildable is kept, and its checked entries.

Everything glossmt keeps to save time lives in one folder, chosen by :func:`cache_folder` alone:
``$GLOSSMT_CACHE`` names it, ``GLOSSMT_CACHE=off`` turns off every kind of cache, else it is platformdirs'
user cache folder (``$XDG_CACHE_HOME/glossmt``, else ``~/.cache/glossmt`` on Linux). glossmt creates it
``0700``; one that exists is used only if it is a real folder (not a symlink) owned by this user that no one
else can write. Its users:

- checked entries (:func:`read_entry`, :func:`write_entry`): the compiled glossary
  (:mod:`glossmt.glossary.compiled`), the word lists and character counts read from jieba's dictionary
  (:mod:`glossmt.glossary.jieba_words`) and CC-CEDICT's parsed proper nouns
  (:mod:`glossmt.glossary.extract.lexicon`), each under a key of what it was made from;
- jieba's own dictionary cache (``jieba.cache``, which jieba reads with :mod:`marshal`: never from a folder
  others can write, issue 13); where there is no cache folder it goes to :func:`private_folder`, a fresh
  private temporary folder removed at exit;
- the translation memory's default file (``memory.sqlite``, :mod:`glossmt.translate.memory.store`).

An entry is data, never code: one JSON header line (format, key, SHA-256 of the rest), then the
payload. Never pickle or marshal, so a file someone plants in the cache folder can at worst hold
wrong data, and one that is damaged, truncated, hand-edited or made for another key fails the
header check and is read as a miss (its user decides what else to check, and rebuilds). Writing is
best effort and atomic (a temporary file renamed into place, which replaces a planted symlink rather
than writing through it): a cache folder that cannot be written costs only the time. Each kind keeps
its newest :data:`KEEP` entries.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import stat
import tempfile
from functools import cache
from pathlib import Path

__all__ = ["CACHE_ENV", "KEEP", "cache_folder", "private_folder", "read_entry", "write_entry"]

CACHE_ENV = "GLOSSMT_CACHE"
KEEP = 8  # entries kept per kind (the newest)


def cache_folder() -> Path | None:
    """glossmt's cache folder, created ``0700`` if missing; None where nothing may be kept.

    ``$GLOSSMT_CACHE`` (``off``: None), else the user cache folder. None too when the folder exists but is not
    a real folder owned by this user that only this user can write. A folder that cannot be created (a file in
    the way, a read-only parent) is still returned: what its users write there fails as each of them says
    (a cache entry costs only the time; the memory names the file, exit 3).
    """
    chosen = os.environ.get(CACHE_ENV)
    if chosen == "off":
        return None
    if chosen:
        folder = Path(chosen).expanduser()
    else:
        from platformdirs import user_cache_path

        folder = user_cache_path("glossmt", appauthor=False)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return folder
    return folder if _only_ours(folder) else None


def _only_ours(folder: Path) -> bool:
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def private_folder() -> Path:
    """:func:`cache_folder` when there is one that exists, else a private temporary folder for this process."""
    folder = cache_folder()
    return folder if folder is not None and folder.is_dir() else _temporary_folder()


@cache
def _temporary_folder() -> Path:
    fallback = Path(tempfile.mkdtemp(prefix="glossmt-cache-"))  # 0700, ours alone
    atexit.register(shutil.rmtree, fallback, ignore_errors=True)
    return fallback


def _entry(kind: str, key: str, suffix: str) -> Path | None:
    folder = cache_folder()
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
