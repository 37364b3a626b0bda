"""``glossmt translate --engine ray``: the same pass, its model replicated over a Ray cluster.

The driver plans, the replicas translate. The driver runs the one pass
(:func:`glossmt.translate.mt.pipeline.translate_matched`) with the memory stage
(:mod:`glossmt.translate.mt.remember`), as one process does; only its decoding step differs: the
sentences that are new, each once however often it occurs, become a Ray Dataset. ``map_batches`` sends
them to a pool of actors (a callable class: each replica loads the model once, in its constructor)
that run the plain pass on them (hints,
verification, constrained re-decoding: the same guarantee) and send back the English and per-term flags.
The driver stores them in the memory and writes the lines, so the memory needs no shared file system and
the output is what ``--format jsonl`` would write in one process.

Unknown names are pinned on the driver too (:mod:`glossmt.translate.mt.pinning`): each input file is one
document; its repeated names (or, with ``--consistency batch``, the names repeated anywhere in the run)
get their English decided before anything is sent, and become terms of that document's matcher. The
replicas receive the pinned terms once, with the model settings, so a match can name any term by index.

Ray and pyarrow come with the ``scale`` extra (``pip install 'glossmt[scale]'``) and are imported only here.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from glossmt.glossary.errors import UsageError
from glossmt.glossary.matching import Match, Matcher, TermFinder
from glossmt.glossary.model import Glossary, Term
from glossmt.translate.memory.store import Memory
from glossmt.translate.mt.pinning import Consistency, Pin, Pinner, relabel
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.mt.remember import Flags, SentenceItem, translate_remembered
from glossmt.translate.mt.results import LineResult
from glossmt.translate.scale.tables import Row

__all__ = ["Replicas", "translate_rows"]

CHUNK_LINES = 200_000  # lines planned per Ray job: bounds the driver's memory on huge inputs


@dataclass(frozen=True, slots=True)
class Replicas:
    """How each replica loads the model and the glossary, and how many run.

    ``glossary`` are the term files each replica loads (the same paths on every node); the replica checks
    that it sees the driver's glossary (``digest``) before translating anything. ``pinned``: the run's
    pinned names, as terms after the glossary's.
    """

    model: str | None
    device: str
    backend: str
    compute_type: str
    glossary: tuple[str, ...] | None  # None: --no-glossary
    digest: str | None
    options: Options
    count: int = 1
    gpus: float = 0.0
    pinned: tuple[Term, ...] = ()
    threads: int = 0  # CPU threads per replica (0: one; a Ray actor holds one CPU unless told otherwise)


def translate_rows(
    rows: Iterable[Row],
    replicas: Replicas,
    memory: Memory,
    model_signature: str,
    matcher: Matcher | None,
    *,
    pinner: Pinner | None = None,
    consistency: Consistency = Consistency.DOCUMENT,
) -> Iterator[tuple[Row, LineResult]]:
    """Translate ``rows`` on Ray replicas through ``memory``; yields each row with its result, in order.

    With a ``pinner``, every input is read first and the repeated unknown names of each (or of all, with
    ``Consistency.BATCH``) are pinned, as ``glossmt translate`` pins them in one process.
    """
    ray = _ray()
    if not ray.is_initialized():
        # RAY_ADDRESS (or `ray start --head` on this machine) joins a cluster; otherwise a local one starts.
        ray.init(
            address=os.environ.get("RAY_ADDRESS") or None,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=_LOGGING.get("level", logging.INFO),
        )
    _check_gpus(replicas.gpus, ray.cluster_resources().get("GPU", 0.0))
    matchers: dict[str, TermFinder] = {}
    pins: tuple[Pin, ...] = ()
    if pinner is not None:
        rows = list(rows)
        matchers = {name: pinner.matcher_for(pins) for name, pins in pin_documents(rows, pinner, consistency).items()}
        pins = pinner.pins
        replicas = replace(replicas, pinned=tuple(pin.term() for pin in pins))
    glossary = matcher.glossary if matcher is not None else None
    send = _Sender(replicas, glossary)
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_LINES:
            yield from _chunk(chunk, send, memory, model_signature, (matcher, matchers, pins), replicas.options)
            chunk = []
    if chunk:
        yield from _chunk(chunk, send, memory, model_signature, (matcher, matchers, pins), replicas.options)


def pin_documents(rows: Sequence[Row], pinner: Pinner, consistency: Consistency) -> dict[str, list[Pin]]:
    """Each input's pins, decided on the driver: its own repeated names, or the whole run's (batch)."""
    documents = [(name, "\n".join(row.text for row in group)) for name, group in itertools.groupby(rows, _input)]
    if consistency is Consistency.BATCH:
        pins = pinner.decide(documents)
        return {name: pins for name, _ in documents}
    return {name: pinner.decide([(name, text)]) for name, text in documents}


def _input(row: Row) -> str:
    return row.input


# The run's matcher, each pinned input's own matcher, and the run's pins.
_Terms = tuple[Matcher | None, Mapping[str, TermFinder], Sequence[Pin]]


def _chunk(  # noqa: PLR0917
    rows: Sequence[Row], send: _Sender, memory: Memory, signature: str, terms: _Terms, options: Options
) -> Iterator[tuple[Row, LineResult]]:
    matcher, matchers, pins = terms
    texts = [row.text for row in rows]
    each = [matchers.get(row.input, matcher) for row in rows]
    # One window for the chunk: every new sentence of it goes to the replicas in one Ray job.
    results: Iterable[LineResult] = translate_remembered(
        texts, send, memory, signature, matcher=matcher, options=options, window=sys.maxsize, matchers=each,
        glossary=send.glossary,
    )  # fmt: skip
    if pins:
        results = relabel(results, pins)
    for row, result in zip(rows, results, strict=True):
        yield row, replace(result, number=row.line)


def _check_gpus(wanted: float, offered: float) -> None:
    """Fail now if no replica could ever start: Ray would wait for the GPUs forever."""
    if wanted > offered:
        raise UsageError(
            f"--gpus-per-replica {wanted:g}, but the Ray cluster offers {offered:g} GPUs",
            hint="pass --gpus-per-replica 0 for replicas on CPUs, or join a cluster with GPUs (RAY_ADDRESS)",
        )


class _Sender:
    """A :data:`~glossmt.translate.mt.remember.TranslateSentences` that runs on the Ray replicas."""

    def __init__(self, replicas: Replicas, glossary: Glossary | None) -> None:
        self.replicas = replicas
        terms = (*glossary.terms, *replicas.pinned) if glossary is not None else ()
        # Every term a line's matches may name: the glossary's, then the run's pinned names.
        self.glossary = Glossary.of(terms) if glossary is not None and replicas.pinned else glossary
        # By value: a document's matcher holds its own copies of the pinned terms (equal, not identical).
        self.index: dict[Term, int] = {}
        for i, term in enumerate(terms):
            self.index.setdefault(term, i)

    def __call__(self, items: Sequence[SentenceItem]) -> list[tuple[str, Flags]]:
        if not items:
            return []
        ray = _ray()
        rows = [{"id": i, "text": text, "matches": self._matches(found)} for i, (text, found) in enumerate(items)]
        settings = self.replicas
        dataset = ray.data.from_items(rows).map_batches(
            _Replica,
            fn_constructor_kwargs={"replicas": settings},
            batch_size=settings.options.batch_size * 4,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=settings.count),
            num_gpus=settings.gpus or None,
        )
        out: list[tuple[str, Flags] | None] = [None] * len(items)
        for batch in dataset.iter_batches(batch_format="numpy", batch_size=None):
            for i, target, flags in zip(batch["id"], batch["target"], batch["flags"], strict=True):
                out[int(i)] = (str(target), tuple((how, bool(present)) for how, present in json.loads(str(flags))))
        missing = sum(o is None for o in out)
        if missing:
            raise RuntimeError(f"{missing} sentences came back from no replica")  # Ray lost work: not user error
        return [o for o in out if o is not None]

    def _matches(self, found: Sequence[Match]) -> str:
        encoded = [[m.start, m.end, m.text, self.index[m.term], m.latin] for m in found]
        return json.dumps(encoded, ensure_ascii=False)


class _Replica:
    """One model replica (a Ray actor): loads the model and glossary once, then translates batches."""

    def __init__(self, replicas: Replicas) -> None:
        from glossmt.glossary.loading import load_glossary
        from glossmt.translate.mt.backend import LazyTranslator
        from glossmt.translate.mt.remember import locally

        glossary = None
        if replicas.glossary is not None:
            glossary = load_glossary(list(replicas.glossary) or None)
            if glossary.digest() != replicas.digest:
                raise UsageError(
                    f"a replica loaded glossary {glossary.digest()}, the driver {replicas.digest}",
                    hint="give every node the same term files at the same paths",
                )
            if replicas.pinned:
                glossary = Glossary.of((*glossary.terms, *replicas.pinned))
        self.glossary = glossary
        translator = LazyTranslator(
            replicas.model,
            replicas.device,
            backend=replicas.backend,
            compute_type=replicas.compute_type,
            threads=replicas.threads or 1,
        )
        translator.max_source_tokens  # noqa: B018 (load the model now, once per replica)
        self.translate = locally(translator, glossary, replicas.options)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        pairs = zip(batch["text"], batch["matches"], strict=True)
        items = [(str(text), self._matches(str(found))) for text, found in pairs]
        results = list(self.translate(items))
        return {
            "id": [int(i) for i in batch["id"]],
            "target": [target for target, _ in results],
            "flags": [json.dumps(flags) for _, flags in results],
        }

    def _matches(self, encoded: str) -> list[Match]:
        if self.glossary is None:
            return []
        terms = self.glossary.terms
        return [Match(start, end, text, terms[index], latin) for start, end, text, index, latin in json.loads(encoded)]


def quiet_ray(quiet: bool = True) -> None:
    """Keep Ray's INFO lines (a local cluster's start, Ray Data's execution and progress) off stderr, or
    let them through; warnings and errors always show. Applied when Ray is next used."""
    _LOGGING["level"] = logging.WARNING if quiet else logging.INFO


_LOGGING: dict[str, int] = {}


def _ray() -> Any:
    try:
        import ray
        import ray.data  # configures Ray Data's loggers (on the first import), so their level is set after
    except ImportError as exc:
        raise UsageError(
            "--engine ray needs Ray Data, which is not installed", hint="pip install 'glossmt[scale]'"
        ) from exc
    if "level" in _LOGGING:
        logging.getLogger("ray.data").setLevel(_LOGGING["level"])
    return ray
