"""The Starlette application: both APIs' routes, their errors, request logs without texts, no tracebacks.

Every error reaches the client as its API's body (DeepL's ``{"message": …}`` under ``/v2``,
LibreTranslate's ``{"error": …}`` elsewhere) with its status; an unexpected exception is a 500 saying
only "Internal server error" (its type and message go to the server's log, the traceback only with
``--debug``). One log line per request: method, path (never the query string, which may hold a key),
status, milliseconds, and how many texts and characters; the texts themselves only with ``--log-texts``.
Keys are never logged.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glossmt.translate.serve import deepl_api, libre_api
from glossmt.translate.serve.protocol import ApiError
from glossmt.translate.serve.service import Service

__all__ = ["build_app"]

log = logging.getLogger("glossmt.serve")


def build_app(service: Service, *, debug: bool = False, on_ready: Callable[[], None] | None = None) -> Starlette:
    """The ASGI app over ``service``; its lifespan starts the batcher (warming the model) and drains it."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.batcher.start(teardown=service.engine.close)
        log.info("ready: %s", service.engine.signature())
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            # uvicorn has let every accepted request finish (it waits for them on SIGTERM); what is queued
            # now belongs to those, so the worker finishes it before it stops.
            service.batcher.close(drain=True)
            service.store.close()
            log.info("stopped after %d batches, %d texts", service.batcher.batches, service.batcher.texts)

    routes = [
        Route(r.path, _guarded(r.endpoint), methods=sorted(r.methods or ()))
        for r in [*deepl_api.routes(), *libre_api.routes()]
    ]
    app = Starlette(
        routes=routes, lifespan=lifespan, exception_handlers={ApiError: _api_error, HTTPException: _http_error}
    )
    app.state.service = service
    app.state.debug = debug
    app.add_middleware(RequestLog)
    return app


def _respond(request: Request, error: ApiError) -> Response:
    if request.url.path.startswith("/v2/"):
        return deepl_api.error_response(error)
    return libre_api.error_response(error)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return _respond(request, exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _respond(request, ApiError(exc.status_code, exc.detail or "Error"))


def _guarded(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """The endpoint, with any unexpected exception answered 500 without a traceback (logged here instead)."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except (ApiError, HTTPException):
            raise
        except Exception as exc:
            log.error("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
            if request.app.state.debug:
                log.error("traceback", exc_info=exc)
            return _respond(request, ApiError(500, "Internal server error"))

    return guarded


class RequestLog:
    """One line per request on the ``glossmt.serve`` logger (a pure ASGI middleware: no extra task per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            state: dict[str, Any] = scope.get("state", {})
            extra = state.get("log", "")
            millis = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.0f ms %s", scope["method"], scope["path"], status[0], millis, extra)
