"""What ``glossmt serve`` is told: where it listens, its bounds, what it logs (one frozen value).

The bounds keep one client from taking the server: a body is capped before it is read whole, a request
holds at most 50 texts (DeepL's own limit), the queue of texts waiting for the model is bounded (past it a
request is answered 429 with ``Retry-After`` at once, never queued without end), and a request that waits
longer than its timeout is answered 504 and its texts dropped from the queue if the model has not taken them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["Limits", "ServerConfig"]


@dataclass(frozen=True, slots=True)
class Limits:
    """The bounds of one server (docs/serve.md)."""

    max_body: int = 128 * 1024  # bytes of one request body (DeepL's own limit is 128 KiB)
    max_texts: int = 50  # texts in one request (DeepL's limit)
    max_queue: int = 1024  # texts accepted and not yet translated; past it: 429
    max_batch: int = 64  # texts gathered into one call of the translation pass
    max_wait: float = 0.005  # seconds the first text of a batch waits for others
    timeout: float = 60.0  # seconds a request may wait for its translation; past it: 504
    character_limit: int = 0  # characters translated before 456 (quota exceeded); 0: no limit


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Where the server listens and what it keeps; the translation settings live in the engine."""

    host: str = "127.0.0.1"
    port: int = 8080
    state: Path | None = None  # the SQLite file of created glossaries and usage; None: in memory only
    keys: frozenset[str] = frozenset()  # empty: no key needed (only allowed on a loopback address)
    limits: Limits = Limits()
    log_texts: bool = False  # request logs carry the texts (never by default)
