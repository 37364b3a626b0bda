"""What the handlers of both APIs share: auth, capped bodies, glossaries, the batcher and the usage count.

One :class:`Service` per server (per replica under Ray Serve). Handlers run on the event loop; the
store (SQLite, or the Ray actor that owns it) is called from Starlette's thread pool, the translation pass
runs in the batcher's worker thread, so the loop only parses, waits and answers. What the store holds is
read from it, never only remembered here: another process may have created or deleted a glossary.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from glossmt.translate.serve.batcher import Batcher, Closed, Overloaded
from glossmt.translate.serve.engine import Engine, GlossaryKey, Key, Translated
from glossmt.translate.serve.glossaries import Entries, GlossaryInfo, GlossaryStore, Store, terms_of
from glossmt.translate.serve.keys import KeyRing
from glossmt.translate.serve.limits import ServerConfig
from glossmt.translate.serve.protocol import ApiError, Params, parse_body

__all__ = ["Service"]

log = logging.getLogger("glossmt.serve")
_KEYS_KEPT = 64
_UNLIMITED = 10**12  # what /v2/usage reports as the limit when there is none (DeepL's clients want a number)


@dataclass
class Service:
    """The server's state: its settings, keys, glossary store, engine and batcher."""

    config: ServerConfig
    store: Store
    engine: Engine
    batcher: Batcher[Key, Translated]
    keys: KeyRing
    _glossaries: OrderedDict[str, GlossaryKey] = field(default_factory=OrderedDict)

    @classmethod
    def create(cls, config: ServerConfig, engine: Engine, store: Store | None = None) -> Service:
        """The service of ``engine``; ``store``: where glossaries are kept (default: ``config.state`` opened here)."""
        limits = config.limits
        batcher: Batcher[Key, Translated] = Batcher(
            engine.run, max_batch=limits.max_batch, max_wait=limits.max_wait, max_queue=limits.max_queue
        )
        store = GlossaryStore(config.state) if store is None else store
        return cls(config, store, engine, batcher, KeyRing(config.keys))

    # --- requests -----------------------------------------------------------------------------------

    async def params(self, request: Request) -> Params:
        """The request's parameters, its body read up to the cap (413 past it)."""
        cap = self.config.limits.max_body
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > cap:
            raise ApiError(413, "Request Entity Too Large", detail=f"bodies are capped at {cap} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > cap:
                raise ApiError(413, "Request Entity Too Large", detail=f"bodies are capped at {cap} bytes")
        return parse_body(
            bytes(body), request.headers.get("content-type", ""), list(request.query_params.multi_items())
        )

    def authorize(self, presented: str | None) -> None:
        if not self.keys.allows(presented):
            raise ApiError(403, "Authorization failure, check the auth key.")

    def note(self, request: Request, texts: Sequence[str]) -> None:
        """What the request log says about a request's texts: how many, how long (the texts only with --log-texts)."""
        request.state.log = f"texts={len(texts)} chars={sum(map(len, texts))}"
        if self.config.log_texts:
            request.state.log += f" texts={list(texts)!r}"

    # --- glossaries ---------------------------------------------------------------------------------

    async def glossary_key(self, glossary_id: str | None) -> GlossaryKey:
        """What a request names: a created glossary (404 if there is none) on top of the server's own.

        A glossary's terms are kept here once made (glossaries are immutable), but whether it still exists
        is asked each time: another replica may have deleted it.
        """
        if not glossary_id:
            return GlossaryKey()
        key = self._glossaries.get(glossary_id)
        if key is not None:
            await run_in_threadpool(self.store.get, glossary_id)  # 404 once deleted, whoever deleted it
        else:
            entries = await run_in_threadpool(self.store.entries, glossary_id)
            key = self._glossaries[glossary_id] = GlossaryKey(glossary_id, terms_of(glossary_id, entries))
            if len(self._glossaries) > _KEYS_KEPT:
                self._glossaries.popitem(last=False)
        return key

    async def create_glossary(self, name: str, source: str, target: str, entries: Entries) -> GlossaryInfo:
        return await run_in_threadpool(self.store.create, name, source, target, entries)

    async def list_glossaries(self) -> list[GlossaryInfo]:
        return await run_in_threadpool(self.store.list)

    async def glossary_info(self, glossary_id: str) -> GlossaryInfo:
        return await run_in_threadpool(self.store.get, glossary_id)

    async def delete_glossary(self, glossary_id: str) -> None:
        await run_in_threadpool(self.store.delete, glossary_id)
        self._glossaries.pop(glossary_id, None)

    # --- translation --------------------------------------------------------------------------------

    async def check_quota(self, characters: int) -> None:
        limit = self.config.limits.character_limit
        if limit and await run_in_threadpool(self.store.usage) + characters > limit:
            raise ApiError(456, "Quota exceeded. The character limit has been reached.")

    async def translate(self, texts: Sequence[str], key: Key) -> list[Translated]:
        """``texts`` through the batcher: 429 when its queue is full, 503 while closing, 504 past the timeout."""
        await self.check_quota(sum(map(len, texts)))
        try:
            future = self.batcher.submit(texts, key)
        except Overloaded as exc:
            raise ApiError(429, "Too many requests.", retry_after=exc.retry_after) from exc
        except Closed as exc:
            raise ApiError(503, "Service unavailable: the server is shutting down.") from exc
        try:
            results = await asyncio.wait_for(asyncio.wrap_future(future), self.config.limits.timeout)
        except TimeoutError as exc:  # the future is cancelled: the worker skips it if not yet taken
            raise ApiError(504, "Translation timed out.", detail="retry later, or send fewer texts") from exc
        await run_in_threadpool(self.store.add_usage, sum(map(len, texts)))
        return results

    async def usage(self) -> dict[str, Any]:
        limit = self.config.limits.character_limit
        count = await run_in_threadpool(self.store.usage)
        return {"character_count": count, "character_limit": limit or _UNLIMITED}
