"""Where glossmt keeps what it can rebuild: the user's own cache folder, never a folder others can write.

jieba caches its parsed dictionary with :mod:`marshal` and, left alone, reads and writes it as
``jieba.cache`` in the shared temporary folder (``/tmp``): any local user could plant a file there that
every glossmt run then ``marshal.load``\\ s (issue 13). Every jieba tokenizer glossmt makes comes from
:func:`jieba_tokenizer`, which points its cache at :func:`private_cache_folder`.

The folder is platformdirs' user cache folder for ``glossmt`` (``$XDG_CACHE_HOME/glossmt``, else
``~/.cache/glossmt`` on Linux), the translation memory's home too. glossmt creates it ``0700``; one that
exists is used only if it is a real folder owned by this user that no one else can write; otherwise (or
if it cannot be created) jieba's cache goes to a fresh private temporary folder, removed at exit.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["cache_folder", "jieba_tokenizer", "private_cache_folder"]


def cache_folder() -> Path:
    """The user cache folder for glossmt (not created)."""
    from platformdirs import user_cache_path

    return user_cache_path("glossmt", appauthor=False)


@cache
def private_cache_folder() -> Path:
    """:func:`cache_folder`, created ``0700`` if missing, when only this user can write it; else a private
    temporary folder for this process."""
    folder = cache_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _only_ours(folder):
            return folder
    except OSError:
        pass
    fallback = Path(tempfile.mkdtemp(prefix="glossmt-cache-"))  # 0700, ours alone
    atexit.register(shutil.rmtree, fallback, ignore_errors=True)
    return fallback


def _only_ours(folder: Path) -> bool:
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def jieba_tokenizer() -> Any:
    """A new, uninitialised ``jieba.Tokenizer`` whose dictionary cache lives in :func:`private_cache_folder`."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    if not any(isinstance(f, _OneLine) for f in jieba.default_logger.filters):
        jieba.default_logger.addFilter(_OneLine())
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(private_cache_folder())  # jieba joins it with "jieba.cache"
    return tokenizer


class _OneLine(logging.Filter):
    """jieba's own failures (a cache it cannot write in a full folder) as one warning line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            error = record.exc_info[1]
            record.msg, record.args = f"warning: jieba: {record.getMessage()} ({error}); it goes on without", ()
            record.exc_info, record.exc_text = None, None
        return True
