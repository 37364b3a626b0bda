"""``glossmt serve --engine ray --replicas N``: the same Starlette app on N Ray Serve replicas.

Each replica is one process holding what ``glossmt serve`` holds in one: the model, the engine (the
library's :class:`~glossmt.translate.session.Session` per glossary), the batcher that gathers *that
replica's* requests into model batches, and the app of :mod:`glossmt.translate.serve.app`, built in the
replica by :meth:`Replica.__serve_build_asgi_app__`; Ray Serve runs the app's lifespan (the batcher starts
when the replica starts and drains when it stops). Ray Serve's proxy listens on ``--host``/``--port`` and
hands each request to a replica (the less busy of two picked at random), so a replica's batches fill as its
share of the clients arrives.

The state (created glossaries, the usage count) is one SQLite file owned by one Ray actor, the
:class:`Keeper`, placed on the driver's machine: replicas, on whatever machine, call it for every read and
write. Its calls run one at a time (a Ray actor without concurrency), so there is one writer and no lock
to share between processes or machines; a glossary is committed before its ``201`` is sent, so every
request answered afterwards, by any replica, finds it; a replica keeps a glossary's compiled terms once made
(glossaries are immutable) but asks the keeper on each use whether it still exists, so a deletion through
one replica is seen by all. The file persists across restarts as in one process.

On SIGTERM or SIGINT the driver shuts Ray Serve down: the proxy stops, each replica finishes the requests it
holds (up to ``--timeout`` and a margin) and its lifespan drains its batcher, then the keeper closes the file
and the Ray instance the driver started stops; the process exits 0.

Ray Serve comes with the ``scale`` extra (``pip install 'glossmt[scale,server]'``) and is imported only here.
"""

from __future__ import annotations

import logging
import math
import os
import signal
import sys
import threading
import uuid
from pathlib import Path
from typing import Any, cast

from glossmt.glossary.errors import ModelUnavailableError, UsageError
from glossmt.translate.serve.engine import Recipe
from glossmt.translate.serve.glossaries import Entries, GlossaryInfo, GlossaryStore
from glossmt.translate.serve.limits import ServerConfig
from glossmt.translate.serve.protocol import ApiError

__all__ = ["Keeper", "RemoteStore", "Replica", "check_resources", "serve_ray"]

log = logging.getLogger("glossmt.serve")
NAMESPACE = "glossmt"
_DRAIN_MARGIN = 5.0


class Keeper:
    """The one owner of the state file (a Ray actor): every replica's glossary and usage calls, one at a time.

    An :class:`ApiError` (404 and the like) comes back as its fields, raised again by :class:`RemoteStore`.
    """

    def __init__(self, path: Path | None) -> None:
        self.store = GlossaryStore(path)

    def call(self, method: str, *args: Any) -> tuple[bool, Any]:
        try:
            return True, getattr(self.store, method)(*args)
        except ApiError as exc:
            return False, (exc.status, exc.message, exc.detail, exc.retry_after)

    def close(self) -> None:
        self.store.close()


class RemoteStore:
    """A :class:`~glossmt.translate.serve.glossaries.Store` whose calls go to the :class:`Keeper` (by name)."""

    def __init__(self, keeper: str) -> None:
        import ray

        self._ray = ray
        self._keeper = ray.get_actor(keeper, namespace=NAMESPACE)

    def _call(self, method: str, *args: Any) -> Any:
        ok: bool
        value: Any
        ok, value = self._ray.get(self._keeper.call.remote(method, *args))
        if not ok:
            status, message, detail, retry_after = value
            raise ApiError(status, message, detail=detail, retry_after=retry_after)
        return value

    def create(self, name: str, source_lang: str, target_lang: str, entries: Entries) -> GlossaryInfo:
        return cast(GlossaryInfo, self._call("create", name, source_lang, target_lang, entries))

    def list(self) -> list[GlossaryInfo]:
        return cast(list[GlossaryInfo], self._call("list"))

    def get(self, glossary_id: str) -> GlossaryInfo:
        return cast(GlossaryInfo, self._call("get", glossary_id))

    def entries(self, glossary_id: str) -> Entries:
        return cast(Entries, self._call("entries", glossary_id))

    def delete(self, glossary_id: str) -> None:
        self._call("delete", glossary_id)

    def usage(self) -> int:
        return cast(int, self._call("usage"))

    def add_usage(self, characters: int) -> None:
        self._call("add_usage", characters)

    def close(self) -> None:
        """Nothing: the keeper closes the file once every replica has stopped."""


class Replica:
    """One Ray Serve replica: its own engine, batcher and app over the keeper's state (``serve.ingress``)."""

    def __init__(self, config: ServerConfig, recipe: Recipe, keeper: str, debug: bool) -> None:
        self.config, self.recipe, self.keeper, self.debug = config, recipe, keeper, debug

    def __serve_build_asgi_app__(self) -> Any:
        from glossmt.translate.serve.app import build_app
        from glossmt.translate.serve.run import configure_logging
        from glossmt.translate.serve.service import Service

        configure_logging(self.debug)
        engine = self.recipe.engine()
        service = Service.create(self.config, engine, store=RemoteStore(self.keeper))
        engine.warm_up()
        return build_app(service, debug=self.debug)


def serve_ray(config: ServerConfig, recipe: Recipe, *, replicas: int, debug: bool = False) -> None:
    """Serve on ``replicas`` Ray Serve replicas until SIGTERM or SIGINT, then shut Ray Serve down.

    ``RAY_ADDRESS`` (or ``ray start --head`` on this machine) joins a cluster; otherwise a local Ray starts
    with the CPUs the replicas need. The port, the state file and the model are checked here first, so
    their errors come before Ray starts (seconds); ``--port 0`` is a free port picked here.
    """
    from glossmt.translate.serve.run import READY, bind, configure_logging

    ray, serve = _ray()
    sock = bind(config.host, config.port)
    port = sock.getsockname()[1]
    sock.close()  # Ray Serve's proxy binds it again
    configure_logging(debug)
    GlossaryStore(config.state).close()  # made (WAL, tables) or refused before any replica starts
    recipe.engine()  # the model found, not loaded: a missing one fails here (exit 4)
    cpus, gpus = max(recipe.threads, 1), 1 if recipe.device == "cuda" else 0
    address = os.environ.get("RAY_ADDRESS") or None
    started = not ray.is_initialized()
    if started:
        local = {} if address else {"num_cpus": replicas * cpus}
        ray.init(address=address, namespace=NAMESPACE, include_dashboard=False, **local)
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        check_resources(ray.cluster_resources(), replicas, cpus, gpus)
        name, keeper = _keeper(ray, config.state)
        serve.start(http_options={"host": config.host, "port": port})
        try:
            deployment = serve.deployment(serve.ingress()(Replica), name="glossmt").options(
                num_replicas=replicas,
                max_ongoing_requests=config.limits.max_queue,  # the replica's own queue bounds it (429)
                graceful_shutdown_timeout_s=config.limits.timeout + _DRAIN_MARGIN,
                ray_actor_options={"num_cpus": cpus, "num_gpus": gpus},
            )
            try:
                serve.run(deployment.bind(config, recipe, name, debug), name="glossmt", route_prefix="/")
            except RuntimeError as exc:  # Ray Serve gave up on the replicas (its message holds their traceback)
                why = [line for line in str(exc).splitlines() if line.strip()][-1:] or ["no reason given"]
                raise ModelUnavailableError(
                    f"the Ray Serve replicas did not start: {why[0].strip()}",
                    hint="the replicas' log lines above say why (--debug: Ray's whole message)",
                ) from exc
            shown = f"[{config.host}]" if ":" in config.host else config.host
            print(f"{READY} http://{shown}:{port}", file=sys.stderr, flush=True)
            while not stop.wait(0.5):
                pass
            log.info("stopping: %d replicas finish what they accepted", replicas)
            # The app first: its replicas stop taking requests and answer those they hold, through the proxy,
            # which serve.shutdown alone would kill at once (the requests it carries lost).
            serve.delete("glossmt")
        finally:
            serve.shutdown()  # also on a cluster this process did not start
            ray.get(keeper.close.remote())
    finally:
        if started:
            ray.shutdown()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _keeper(ray: Any, state: Path | None) -> tuple[str, Any]:
    """The keeper actor, on this machine (where ``--state`` is), under a name unique to this server."""
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    name = f"glossmt-state-{uuid.uuid4().hex[:12]}"
    here = NodeAffinitySchedulingStrategy(ray.get_runtime_context().get_node_id(), soft=False)
    keeper = ray.remote(Keeper).options(name=name, num_cpus=0, scheduling_strategy=here).remote(state)
    ray.get(keeper.call.remote("usage"))  # started, and the file open
    return name, keeper


def check_resources(offered: dict[str, float], replicas: int, cpus: int, gpus: int) -> None:
    """Fail now if the replicas can never all start: Ray Serve would wait for them forever."""
    for kind, each in (("CPU", cpus), ("GPU", gpus)):
        have = offered.get(kind, 0.0)
        if each and replicas * each > have:
            fit = math.floor(have / each)
            raise UsageError(
                f"--replicas {replicas} need {replicas * each} {kind}s, the Ray cluster offers {have:g}",
                hint=f"pass --replicas {fit} or fewer, or join a larger cluster (RAY_ADDRESS)"
                if fit
                else "join a cluster with them (RAY_ADDRESS), or serve on the CPU (--device cpu)",
            )


def _ray() -> tuple[Any, Any]:
    try:
        import ray
        from ray import serve
    except ImportError as exc:
        raise UsageError(
            "--engine ray needs Ray Serve, which is not installed", hint="pip install 'glossmt[scale,server]'"
        ) from exc
    return ray, serve
