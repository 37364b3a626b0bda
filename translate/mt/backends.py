"""The backends, as data: what each accepts, its compute types, and where its loader lives (imported on use).

One row per backend, modelled on sacrebleu's lazily imported tokenizer table: the registry itself imports
no model library, and :func:`backend_for` imports a backend's module only when a model is about to run on
it. The module (``marian.decode``, ``ct2.decode``) provides two functions:

- ``prepare(device, compute_type) -> (device, compute_type)``: the choices checked and resolved without
  loading the model (a wrong ``--compute-type`` is a usage error before any work);
- ``load(location, device, compute_type, threads) -> Translator``: the model loaded.

The CLI's ``--backend`` and ``--compute-type`` choices are built from :data:`BACKENDS`. Adding a backend is
a package under ``translate/mt`` with those two functions, one row here, and one import-linter line
(docs/development.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glossmt.translate.mt.backend import Translator
    from glossmt.translate.mt.locate import ModelLocation

__all__ = ["AUTO", "BACKENDS", "Backend", "backend_for", "compute_type_names"]

AUTO = "auto"


@dataclass(frozen=True, slots=True)
class Backend:
    """One backend: its name, the models it accepts (converted by ``glossmt models convert`` or not),
    the compute types it runs (besides ``auto``), and the module holding ``prepare`` and ``load``."""

    name: str
    converted: bool
    compute_types: tuple[str, ...]
    module: str

    def accepts(self, location: ModelLocation) -> bool:
        return (location.converted is not None) == self.converted

    def _module(self) -> Any:
        return import_module(self.module)

    def prepare(self, device: str, compute_type: str) -> tuple[str, str]:
        prepared: tuple[str, str] = self._module().prepare(device, compute_type)
        return prepared

    def load(self, location: ModelLocation, device: str, compute_type: str, threads: int) -> Translator:
        translator: Translator = self._module().load(location, device, compute_type, threads)
        return translator


BACKENDS: dict[str, Backend] = {
    backend.name: backend
    for backend in (
        Backend("transformers", False, ("float32",), "glossmt.translate.mt.marian.decode"),
        Backend(
            "ct2",
            True,
            ("int8", "int8_float32", "int8_float16", "float16", "float32"),
            "glossmt.translate.mt.ct2.decode",
        ),
    )
}


def compute_type_names() -> tuple[str, ...]:
    """``auto`` and every backend's compute types, each once (the backend with the most first)."""
    ordered = sorted(BACKENDS.values(), key=lambda b: -len(b.compute_types))
    return tuple(dict.fromkeys((AUTO, *(t for b in ordered for t in b.compute_types))))


def backend_for(location: ModelLocation, requested: str = AUTO) -> Backend:
    """The backend that runs ``location``: the one requested, checked, or for ``auto`` the one that accepts it."""
    from glossmt.glossary.errors import UsageError

    if requested == AUTO:
        return next(b for b in BACKENDS.values() if b.accepts(location))
    if requested not in BACKENDS:
        raise UsageError(f"unknown backend {requested!r}", hint=f"use one of {', '.join((AUTO, *BACKENDS))}")
    backend = BACKENDS[requested]
    if backend.accepts(location):
        return backend
    if backend.converted:
        raise UsageError(
            f"--backend {backend.name} needs a converted model, and {location.name} is a transformers model",
            hint=f"convert it once: glossmt models convert {location.name} -o models/NAME-ct2, "
            "then pass --model models/NAME-ct2",
        )
    raise UsageError(
        f"{location.name} is a converted (CTranslate2) model",
        hint=f"use --backend ct2 (or auto), or pass the original model to --backend {backend.name}",
    )
