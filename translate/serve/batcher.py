"""Requests gathered into model batches: a bounded queue, a wait of a few milliseconds, one worker.

A model decodes 32 sentences in little more time than one, so a server that translated each request alone
would be many times slower than ``glossmt translate`` on the same sentences. Each request's texts are put
in one queue; a worker thread takes the first, waits up to ``max_wait`` for more to arrive (or until
``max_batch`` texts are waiting), and hands every request taken to the translation pass at once. While the
model decodes, new requests queue up, so under load each batch is as full as the clients make it.

Bounds: the queue holds at most ``max_queue`` texts; :meth:`Batcher.submit` refuses more at once with
:class:`Overloaded` (the server answers 429 and ``Retry-After``: the seconds the queue needs at the recent
rate). A request whose waiter gave up (its timeout, a client gone) is skipped if the worker has not yet
taken it. :meth:`Batcher.close` with ``drain`` translates everything accepted before the worker stops.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Batcher", "Closed", "Overloaded", "Work"]

K = TypeVar("K")  # what a request's texts are translated with (its glossary)
R = TypeVar("R")  # one text's result

log = logging.getLogger("glossmt.serve")
_REJOIN = 1.0  # seconds a finished batch's clients are waited for, at most


class Overloaded(Exception):
    """The queue is full: try again in ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"the queue is full; retry in {retry_after} s")
        self.retry_after = retry_after


class Closed(Exception):
    """The server is shutting down and accepts no new work."""


@dataclass(eq=False, slots=True)
class Work(Generic[K, R]):
    """One request's texts, what they are translated with, and where the results go."""

    texts: tuple[str, ...]
    key: K
    future: Future[list[R]] = field(default_factory=Future)


class Batcher(Generic[K, R]):
    """Gathers :class:`Work` into calls of ``run`` (one list of work in, one list of results per work out)."""

    def __init__(
        self,
        run: Callable[[Sequence[Work[K, R]]], Sequence[list[R]]],
        *,
        max_batch: int,
        max_wait: float,
        max_queue: int,
    ) -> None:
        self._run = run
        self.max_batch, self.max_wait, self.max_queue = max_batch, max_wait, max_queue
        self._queue: deque[tuple[float, Work[K, R]]] = deque()
        self._queued = 0  # texts in the queue
        self._cond = threading.Condition()
        self._closing = False
        self._rate = 0.0  # texts per second, smoothed over recent batches
        self._thread = threading.Thread(target=self._loop, name="glossmt-batcher", daemon=True)
        self.batches = 0  # batches run so far (the server's status, the tests)
        self.texts = 0
        self._last_count = 0  # texts in the last batch, and its seconds: how many clients to wait for, how long
        self._last_seconds = 0.0
        self._setup: Callable[[], None] | None = None
        self._teardown: Callable[[], None] | None = None
        self._ready = threading.Event()
        self._failure: list[BaseException] = []

    def start(self, setup: Callable[[], None] | None = None, teardown: Callable[[], None] | None = None) -> None:
        """Start the worker; ``setup`` runs in it first (this call waits for it and raises what it raises),
        ``teardown`` runs in it last (things that belong to the worker's thread, like a SQLite connection)."""
        ready = threading.Event()
        failure: list[BaseException] = []
        self._setup, self._teardown, self._ready, self._failure = setup, teardown, ready, failure
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            raise failure[0]

    @property
    def queued(self) -> int:
        return self._queued

    def submit(self, texts: Sequence[str], key: K) -> Future[list[R]]:
        """Queue one request's texts; its future holds their results in order.

        Raises:
            Overloaded: the queue holds ``max_queue`` texts already.
            Closed: the batcher is closing.
        """
        work: Work[K, R] = Work(tuple(texts), key)
        with self._cond:
            if self._closing:
                raise Closed
            if self._queued and self._queued + len(work.texts) > self.max_queue:
                raise Overloaded(self._retry_after())
            self._queue.append((time.monotonic(), work))
            self._queued += len(work.texts)
            self._cond.notify()
        return work.future

    def close(self, *, drain: bool = True, timeout: float | None = None) -> None:
        """Accept nothing more; with ``drain``, translate what was accepted first; then stop the worker."""
        with self._cond:
            self._closing = True
            if not drain:
                while self._queue:
                    _, work = self._queue.popleft()
                    work.future.cancel()
                self._queued = 0
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _retry_after(self) -> int:
        rate = self._rate or 1.0
        return max(1, min(60, math.ceil(self._queued / rate)))

    def _take(self) -> list[Work[K, R]] | None:
        """The next batch (None: stop).

        The oldest work, and more that arrives within ``max_wait`` of it. After a batch, the worker also
        waits for its clients to come back (up to a tenth of that batch's time, at most ``_REJOIN`` s; it stops
        waiting as soon as as many texts as that batch held have arrived):
        clients that send their next request as soon as they are answered would otherwise split into two
        groups that take turns with half-full batches, each group arriving while the other is decoded.
        """
        free_at = time.monotonic()
        with self._cond:
            expected = min(self.max_batch, self._queued + self._last_count) if self._last_count else self.max_batch
            while not self._queue:
                if self._closing:
                    return None
                self._cond.wait()
            rejoin = min(max(self.max_wait, 0.1 * self._last_seconds), _REJOIN) if self._last_count else 0.0
            deadline = max(self._queue[0][0] + self.max_wait, free_at + rejoin)
            while self._queued < expected and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            taken: list[Work[K, R]] = []
            count = 0
            while self._queue and (not taken or count + len(self._queue[0][1].texts) <= self.max_batch):
                _, work = self._queue.popleft()
                self._queued -= len(work.texts)
                if work.future.set_running_or_notify_cancel():  # False: its waiter gave up
                    taken.append(work)
                    count += len(work.texts)
            return taken

    def _loop(self) -> None:
        try:
            if self._setup is not None:
                self._setup()
        except BaseException as exc:
            self._failure.append(exc)
            return
        finally:
            self._ready.set()
        try:
            while (taken := self._take()) is not None:
                if taken:
                    self._translate(taken)
        finally:
            if self._teardown is not None:
                self._teardown()

    def _translate(self, taken: list[Work[K, R]]) -> None:
        started = time.perf_counter()
        try:
            results = self._run(taken)
        except Exception as exc:
            if len(taken) > 1:  # one request's texts may be the cause: each alone, so only its own waiter fails
                log.warning("batch of %d requests failed (%s); translating them one by one", len(taken), exc)
                for work in taken:
                    self._translate([work])
                return
            log.error("request failed: %s: %s", type(exc).__name__, exc)
            log.debug("request failure", exc_info=True)
            taken[0].future.set_exception(exc)
            return
        for work, result in zip(taken, results, strict=True):
            work.future.set_result(result)
        count = sum(len(w.texts) for w in taken)
        seconds = max(time.perf_counter() - started, 1e-6)
        self._rate = count / seconds if not self._rate else 0.8 * self._rate + 0.2 * count / seconds
        self._last_count, self._last_seconds = count, seconds
        self.batches += 1
        self.texts += count
