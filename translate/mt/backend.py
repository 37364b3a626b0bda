"""The one interface the translation pass needs from a model, and the lazy wrapper the CLI uses.

A backend (transformers' Marian in ``marian/``, CTranslate2 in ``ct2/``) implements
:class:`Translator`; wrappers compose over it. This module
imports no torch: the backend is imported only when :class:`LazyTranslator` first needs the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Protocol

from glossmt.translate.mt.constraints import Request
from glossmt.translate.signature import Signature

__all__ = ["LazyTranslator", "Translator"]


class Translator(Protocol):
    """What the pipeline needs from a translation backend; backends may wrap one another."""

    @property
    def signature(self) -> str: ...

    @property
    def max_source_tokens(self) -> int: ...

    @property
    def parallel_batches(self) -> int:
        """How many batches the backend decodes at once (the pipeline hands them over from as many threads)."""
        ...

    def count_tokens(self, text: str) -> int: ...

    def can_read(self, text: str) -> bool: ...

    def spell(self, text: str) -> tuple[int, ...] | None: ...

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]: ...


class LazyTranslator:
    """Finds the model at once (a missing model fails fast, exit 4), loads it only when text arrives.

    ``backend``: a name in :data:`glossmt.translate.mt.backends.BACKENDS`, or ``auto``: the one that
    accepts the model (ct2 for a folder made by ``glossmt models convert``, transformers otherwise).
    ``compute_type`` and ``threads`` are the backend's to check and use.
    """

    def __init__(
        self,
        model: str | None,
        device: str,
        *,
        backend: str = "auto",
        compute_type: str = "auto",
        threads: int = 0,
        allow_pickle: bool = False,
    ) -> None:
        from glossmt.translate.mt.backends import backend_for
        from glossmt.translate.mt.locate import resolve_model

        self.location = resolve_model(model, allow_pickle=allow_pickle)
        self._backend = backend_for(self.location, backend)
        self.backend = self._backend.name
        self.threads = threads
        self.device, self.compute_type = self._backend.prepare(device, compute_type)

    @cached_property
    def _inner(self) -> Translator:
        return self._backend.load(self.location, self.device, self.compute_type, self.threads)

    @property
    def engine(self) -> Signature:
        """``backend:ct2|compute:int8``: how the model runs, for the output's signature."""
        return Signature.of(("backend", self.backend), ("compute", self.compute_type))

    @property
    def signature(self) -> str:
        return self.location.signature

    @cached_property
    def memory_signature(self) -> str:
        """The model as a translation memory keys it: what it is, however its path was typed (a hub id and
        revision, or a local folder's content digest: :func:`glossmt.translate.memory.key.model_digest`),
        its backend and compute type."""
        location = self.location
        if location.revision:
            return f"{location.name}@{location.revision[:12]}|{self.engine}"
        from glossmt.translate.memory.key import model_digest

        return f"sha256:{model_digest(location.path)}|{self.engine}"

    @property
    def max_source_tokens(self) -> int:
        return self._inner.max_source_tokens

    @property
    def parallel_batches(self) -> int:
        return self._inner.parallel_batches

    def count_tokens(self, text: str) -> int:
        return self._inner.count_tokens(text)

    def can_read(self, text: str) -> bool:
        return self._inner.can_read(text)

    def spell(self, text: str) -> tuple[int, ...] | None:
        return self._inner.spell(text)

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]:
        return self._inner.translate(requests, beams=beams)
