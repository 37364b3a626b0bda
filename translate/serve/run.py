"""Serving: the socket bound, the model warmed, uvicorn run until SIGTERM or Ctrl-C, then a drain.

The socket is bound here, before uvicorn starts, so ``--port 0`` (any free port) can be reported:
once the model is loaded and the server answers, one line goes to stderr,
``glossmt serve: listening on http://HOST:PORT``, which scripts and the tests wait for.

On SIGTERM (or SIGINT) uvicorn stops accepting connections and waits for every request it has accepted to
be answered (up to the request timeout and a margin); the lifespan's end then lets the batcher finish
whatever is still queued before the worker stops, and the process exits 0. A request accepted before the
signal is answered; one sent after it is refused by the closed socket, never half-answered.
"""

from __future__ import annotations

import logging
import signal
import socket
import sys

from glossmt.translate.serve.app import build_app
from glossmt.translate.serve.engine import Engine
from glossmt.translate.serve.limits import ServerConfig
from glossmt.translate.serve.service import Service

__all__ = ["READY", "bind", "configure_logging", "serve"]

READY = "glossmt serve: listening on"
_DRAIN_MARGIN = 5.0


def serve(config: ServerConfig, engine: Engine, *, debug: bool = False) -> None:
    """Serve until stopped (SIGTERM, SIGINT); returns once every accepted request is answered."""
    import uvicorn

    sock = bind(config.host, config.port)
    configure_logging(debug)
    service = Service.create(config, engine)  # the state file opened (or refused) before the model loads
    engine.warm_up()  # a model that cannot load fails here, as one error line, before anything listens
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host

    def ready() -> None:  # the model is loaded and the socket listens: the lifespan has started
        print(f"{READY} http://{shown}:{port}", file=sys.stderr, flush=True)

    app = build_app(service, debug=debug, on_ready=ready)
    settings = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,  # its lines carry query strings; ours (app.RequestLog) carry no text and no key
        lifespan="on",
        timeout_graceful_shutdown=int(config.limits.timeout + _DRAIN_MARGIN),
        server_header=False,
    )
    server = uvicorn.Server(settings)
    # uvicorn raises the signal that stopped it again once it has drained; with these handlers in place
    # that is a no-op, so a drained server exits 0 rather than dying of the signal.
    previous = {sig: signal.signal(sig, _drained) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _drained(signum: int, frame: object) -> None:
    """Stands in for the default handlers while uvicorn serves (it handles the signals itself)."""


def bind(host: str, port: int) -> socket.socket:
    from glossmt.glossary.errors import UsageError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}", hint="pick another --port") from exc
    sock.listen(2048)  # connections made while the model warms up wait in the backlog
    return sock


def configure_logging(debug: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for name in ("glossmt.serve", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.DEBUG if debug else logging.INFO)
        logger.propagate = False
