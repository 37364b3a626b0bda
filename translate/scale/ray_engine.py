"""``glossmt translate --engine ray``: the same session, its model replicated over a Ray cluster.

The driver plans, the replicas translate. The driver holds the library's translation session
(:class:`glossmt.translate.session.Session`) and hands it the rows a chunk at a time
(:meth:`~glossmt.translate.session.Session.stream_batch`): pinning, the memory stage, result
assembly and the tally are the session's, exactly as in one process; only decoding differs. The
sentences of a chunk that are new, each once however often it occurs, become a Ray Dataset.
``map_batches`` sends them to a pool of actors (a callable class: each replica loads the model once,
in its constructor) that run the pass on them (hints, verification, constrained re-decoding: the same
guarantee) and send back the English and the state of each term. The driver's session stores them in
the memory and assembles the lines, so the memory needs no shared file system and the output is what
``--format jsonl`` would write in one process.

Unknown names are pinned on the driver (the session's pinning): each input file is one document; its
repeated names (or, with ``--consistency batch``, the names repeated anywhere in the run) get their
English decided before anything is sent. Each Ray job carries the pinned terms its sentences name, with
the model settings, so a match can name any term by index.

Ray and pyarrow come with the ``scale`` extra (``pip install 'glossmt[scale]'``) and are imported only here.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from glossmt.glossary.errors import UsageError
from glossmt.glossary.matching import Match
from glossmt.glossary.model import Glossary, Term
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.mt.remember import Flags, SentenceItem
from glossmt.translate.mt.results import LineResult
from glossmt.translate.scale.tables import Row

if TYPE_CHECKING:
    from glossmt.translate.session import Session

__all__ = ["Replicas", "translate_rows"]

CHUNK_LINES = 200_000  # lines planned per Ray job: bounds the driver's memory on huge inputs


@dataclass(frozen=True, slots=True)
class Replicas:
    """How each replica loads the model and the glossary, and how many run.

    ``glossary`` are the term files each replica loads (the same paths on every node); the replica checks
    that it sees the driver's glossary (``digest``) before translating anything. ``pinned``: the pinned
    names a job's sentences may name, as terms after the glossary's (set per job by the driver).
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


def translate_rows(rows: Iterable[Row], replicas: Replicas, session: Session) -> Iterator[tuple[Row, LineResult]]:
    """Translate ``rows`` through ``session`` with its new sentences decoded on Ray replicas; yields each
    row with its result, in order, each line added to the session's tally.

    With the session's pinning on, every input is read first and its pins decided (per input file, or
    across the run with ``Consistency.BATCH``), as ``glossmt translate`` pins them in one process.
    """
    ray = _ray()
    if not ray.is_initialized():
        # RAY_ADDRESS (or `ray start --head` on this machine) joins a cluster; otherwise a local one starts.
        ray.init(address=os.environ.get("RAY_ADDRESS") or None, include_dashboard=False, log_to_driver=False)
    _check_gpus(replicas.gpus, ray.cluster_resources().get("GPU", 0.0))
    pins = None
    if session.pinner is not None:
        from glossmt.translate.session.batches import decide_each

        rows = list(rows)  # every input read whole, to decide its pins before anything is sent
        pins = decide_each(session, [(name, "\n".join(r.text for r in group)) for name, group in _inputs(rows)])
    send = _Sender(replicas, session.matcher.glossary if session.matcher is not None else None)
    for chunk in _chunks(rows):
        documents = [(name, [row.text for row in group]) for name, group in _inputs(chunk)]
        # One window for the chunk: every new sentence of it goes to the replicas in one Ray job.
        results = session.stream_batch(documents, pins=pins, remote=send, window=sys.maxsize)
        for row, (_, result) in zip(chunk, results, strict=True):
            yield row, replace(result, number=row.line)


def _inputs(rows: Iterable[Row]) -> Iterator[tuple[str, Iterator[Row]]]:
    return itertools.groupby(rows, lambda row: row.input)


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
        self.size = len(glossary) if glossary is not None else 0
        # By value: a document's matcher holds its own copies of the pinned terms (equal, not identical).
        self.index: dict[Term, int] = {}
        for i, term in enumerate(glossary.terms if glossary is not None else ()):
            self.index.setdefault(term, i)

    def __call__(self, items: Sequence[SentenceItem]) -> list[tuple[str, Flags]]:
        if not items:
            return []
        ray = _ray()
        # The pinned names this job's sentences name go with it, as terms after the glossary's.
        pinned: dict[Term, int] = {}
        for _, found in items:
            for match in found:
                if match.term not in self.index:
                    pinned.setdefault(match.term, self.size + len(pinned))
        index = {**self.index, **pinned}
        rows = [{"id": i, "text": text, "matches": _encode(found, index)} for i, (text, found) in enumerate(items)]
        settings = replace(self.replicas, pinned=tuple(pinned))
        dataset = ray.data.from_items(rows).map_batches(
            _Replica,
            fn_constructor_kwargs={"replicas": settings},
            batch_size=settings.options.batch_size * 4,
            batch_format="numpy",
            concurrency=settings.count,
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


def _encode(found: Sequence[Match], index: dict[Term, int]) -> str:
    encoded = [[m.start, m.end, m.text, index[m.term], m.latin] for m in found]
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


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise UsageError(
            "--engine ray needs Ray Data, which is not installed", hint="pip install 'glossmt[scale]'"
        ) from exc
    return ray
