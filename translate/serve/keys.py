"""Auth keys: read from a file or the environment (never the command line, which ``ps`` shows), checked in
constant time, never logged.

A key file holds one key a line; blank lines and lines starting with ``#`` are skipped.
``$GLOSSMT_SERVE_KEYS`` holds keys separated by commas or whitespace. Keys are compared as SHA-256 digests
with :func:`hmac.compare_digest`, against every key (no early exit), so neither a key's length nor which
key nearly matched shows in the time an answer takes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
from pathlib import Path

from glossmt.glossary.errors import BadInputError, UsageError

__all__ = ["ENV_VAR", "KeyRing", "check_exposure", "is_loopback", "read_keys"]

ENV_VAR = "GLOSSMT_SERVE_KEYS"


def read_keys(path: str | Path | None) -> frozenset[str]:
    """The keys of ``path`` if given, else of ``$GLOSSMT_SERVE_KEYS``; empty when neither holds one."""
    if path is None:
        return frozenset(k for k in re.split(r"[\s,]+", os.environ.get(ENV_VAR, "")) if k)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"cannot read the key file: {exc}", path=path, hint="one key a line, UTF-8") from exc
    keys = frozenset(s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#"))
    if not keys:
        raise BadInputError("the key file holds no key", path=path, hint="write one key a line")
    return keys


class KeyRing:
    """The keys a request may present; empty: every request is let in."""

    def __init__(self, keys: frozenset[str]) -> None:
        self._digests = tuple(_digest(k) for k in sorted(keys))

    @property
    def required(self) -> bool:
        return bool(self._digests)

    def allows(self, presented: str | None) -> bool:
        """Is ``presented`` one of the keys? (Always true when no key is required.)"""
        if not self._digests:
            return True
        candidate = _digest(presented or "")
        found = False
        for digest in self._digests:  # every key compared, whatever matched
            found |= hmac.compare_digest(candidate, digest)
        return found and presented is not None


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


def is_loopback(host: str) -> bool:
    """Is ``host`` this machine only (127.0.0.0/8, ::1, localhost)?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, keys: frozenset[str], no_auth: bool) -> None:
    """Refuse to serve other machines without keys unless told so (``--no-auth``)."""
    if not keys and not no_auth and not is_loopback(host):
        raise UsageError(
            f"--host {host} serves other machines, and no key is set",
            hint=f"pass --keys FILE or set ${ENV_VAR} (or --no-auth to serve without keys)",
        )
