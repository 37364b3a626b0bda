"""The batcher alone: gathering, the bounded queue, given-up requests, draining, failures.

``run`` here is a recorder (it returns each text upper-cased), not a model: what is tested is which texts
travel together and that each waiter gets its own results. The worker is held on an event where a test
needs requests to pile up, so nothing depends on timing.
"""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError

import pytest

from glossmt.translate.serve.batcher import Batcher, Closed, Overloaded


class Recorder:
    """Stands in for the engine: records each batch, optionally holding the worker until released."""

    def __init__(self, hold: bool = False) -> None:
        self.batches: list[list[tuple[str, ...]]] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def __call__(self, works):
        self.entered.set()
        self.release.wait(30)
        self.batches.append([w.texts for w in works])
        return [[t.upper() for t in w.texts] for w in works]


def make(run, **limits) -> Batcher:
    settings = {"max_batch": 8, "max_wait": 0.001, "max_queue": 100, **limits}
    batcher = Batcher(run, **settings)
    batcher.start()
    return batcher


def test_requests_waiting_together_go_in_one_batch_and_each_gets_its_own_results() -> None:
    recorder = Recorder(hold=True)
    batcher = make(recorder)
    first = batcher.submit(["a"], None)
    recorder.entered.wait(30)  # the worker is busy with "a": the next three pile up
    others = [batcher.submit([f"b{i}", f"c{i}"], None) for i in range(3)]
    recorder.release.set()

    assert first.result(30) == ["A"]
    assert [f.result(30) for f in others] == [[f"B{i}", f"C{i}"] for i in range(3)]
    assert recorder.batches == [[("a",)], [("b0", "c0"), ("b1", "c1"), ("b2", "c2")]]
    batcher.close()


def test_a_batch_never_takes_more_than_max_batch_texts_but_always_one_request() -> None:
    recorder = Recorder(hold=True)
    batcher = make(recorder, max_batch=4)
    batcher.submit(["x"], None)
    recorder.entered.wait(30)
    futures = [
        batcher.submit(["a", "b", "c"], None),
        batcher.submit(["d", "e"], None),
        batcher.submit(list("fghijk"), None),
    ]
    recorder.release.set()
    for future in futures:
        future.result(30)

    assert recorder.batches[1:] == [[("a", "b", "c")], [("d", "e")], [tuple("fghijk")]]
    batcher.close()


def test_a_full_queue_refuses_at_once_with_a_retry_after() -> None:
    recorder = Recorder(hold=True)
    batcher = make(recorder, max_queue=4)
    batcher.submit(["busy"], None)
    recorder.entered.wait(30)
    batcher.submit(["a", "b", "c"], None)

    with pytest.raises(Overloaded) as caught:
        batcher.submit(["d", "e"], None)
    assert caught.value.retry_after >= 1
    recorder.release.set()
    batcher.close()


def test_a_request_given_up_before_the_worker_takes_it_is_skipped() -> None:
    recorder = Recorder(hold=True)
    batcher = make(recorder)
    batcher.submit(["busy"], None)
    recorder.entered.wait(30)
    dropped = batcher.submit(["dropped"], None)
    kept = batcher.submit(["kept"], None)
    assert dropped.cancel()
    recorder.release.set()

    assert kept.result(30) == ["KEPT"]
    with pytest.raises(CancelledError):
        dropped.result(0)
    assert ("dropped",) not in [texts for batch in recorder.batches for texts in batch]
    batcher.close()


def test_close_drains_what_was_accepted_and_refuses_the_rest() -> None:
    recorder = Recorder(hold=True)
    batcher = make(recorder)
    accepted = [batcher.submit([f"t{i}"], None) for i in range(5)]
    recorder.entered.wait(30)
    closing = threading.Thread(target=batcher.close)
    closing.start()
    recorder.release.set()
    closing.join(30)

    assert [f.result(0) for f in accepted] == [[f"T{i}"] for i in range(5)]
    with pytest.raises(Closed):
        batcher.submit(["late"], None)


def test_a_failing_request_fails_alone_and_the_worker_goes_on() -> None:
    recorder = Recorder(hold=True)

    def run(works):
        if any("bad" in w.texts for w in works):
            raise RuntimeError("model failed")
        return recorder(works)

    batcher = make(run)
    first = batcher.submit(["a"], None)
    recorder.entered.wait(30)
    bad, good = batcher.submit(["bad"], None), batcher.submit(["good"], None)  # one batch, retried one by one
    recorder.release.set()

    assert first.result(30) == ["A"]
    with pytest.raises(RuntimeError, match="model failed"):
        bad.result(30)
    assert good.result(30) == ["GOOD"]
    assert batcher.submit(["b"], None).result(30) == ["B"]
    batcher.close()


def test_a_failing_setup_is_raised_by_start() -> None:
    def setup() -> None:
        raise OSError("no model")

    batcher = Batcher(Recorder(), max_batch=8, max_wait=0.001, max_queue=10)
    with pytest.raises(OSError, match="no model"):
        batcher.start(setup)


def test_the_service_answers_a_full_queue_429_a_timeout_504_and_a_closing_server_503() -> None:
    import asyncio

    from glossmt.translate.serve.engine import Key
    from glossmt.translate.serve.glossaries import GlossaryStore
    from glossmt.translate.serve.keys import KeyRing
    from glossmt.translate.serve.limits import Limits, ServerConfig
    from glossmt.translate.serve.protocol import ApiError
    from glossmt.translate.serve.service import Service

    recorder = Recorder(hold=True)
    batcher = make(recorder, max_queue=2)
    config = ServerConfig(limits=Limits(timeout=0.05))
    service = Service(config, GlossaryStore(None), None, batcher, KeyRing(frozenset()))  # type: ignore[arg-type]

    async def scenario() -> list[tuple[int, int | None]]:
        held = asyncio.create_task(service.translate(["held"], Key()))
        await asyncio.to_thread(recorder.entered.wait, 30)  # the worker holds it: the next waits in the queue
        queued = asyncio.create_task(service.translate(["b", "c"], Key()))
        await asyncio.sleep(0)
        statuses = []
        for attempt in (service.translate(["d"], Key()), queued, held):
            try:
                await attempt
            except ApiError as error:
                statuses.append((error.status, error.retry_after))
        return statuses

    statuses = asyncio.run(scenario())
    recorder.release.set()
    batcher.close()

    assert statuses[0][0] == 429
    assert statuses[0][1] >= 1
    assert statuses[1:] == [(504, None), (504, None)]
    with pytest.raises(ApiError) as caught:
        asyncio.run(service.translate(["late"], Key()))
    assert caught.value.status == 503
