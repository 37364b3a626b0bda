"""The one interface the translation pass needs from a model, and the lazy wrapper the CLI uses.

A backend (transformers' Marian today) implements :class:`Translator`; wrappers compose over it. This module
imports no torch: the backend is imported only when :class:`LazyTranslator` first needs the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Protocol

from glossmt.translate.mt.constraints import Request

__all__ = ["LazyTranslator", "Translator"]


class Translator(Protocol):
    """What the pipeline needs from a translation backend; backends may wrap one another."""

    @property
    def signature(self) -> str: ...

    @property
    def max_source_tokens(self) -> int: ...

    def count_tokens(self, text: str) -> int: ...

    def can_read(self, text: str) -> bool: ...

    def spell(self, text: str) -> tuple[int, ...] | None: ...

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]: ...


class LazyTranslator:
    """Finds the model at once (a missing model fails fast, exit 4), loads it only when text arrives."""

    def __init__(self, model: str | None, device: str) -> None:
        from glossmt.translate.mt.locate import resolve_model

        self.location = resolve_model(model)
        self.device = device

    @cached_property
    def _inner(self) -> Translator:
        from glossmt.translate.mt.marian.decode import load_located, pick_device

        return load_located(self.location, pick_device(self.device))

    @property
    def signature(self) -> str:
        return self.location.signature

    @property
    def max_source_tokens(self) -> int:
        return self._inner.max_source_tokens

    def count_tokens(self, text: str) -> int:
        return self._inner.count_tokens(text)

    def can_read(self, text: str) -> bool:
        return self._inner.can_read(text)

    def spell(self, text: str) -> tuple[int, ...] | None:
        return self._inner.spell(text)

    def translate(self, requests: Sequence[Request], *, beams: int = 4) -> list[str]:
        return self._inner.translate(requests, beams=beams)
