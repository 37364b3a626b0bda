"""Suggestions for many names at once: worker processes that share the loaded model.

A name takes a few milliseconds (a beam search in Python), so a list of ten thousand is CPU-bound
work that splits cleanly: the parent loads the model and CC-CEDICT once, then forks workers that
inherit them with the list itself (copy-on-write: nothing re-read; a task is a range of positions,
an answer the candidates as plain tuples), and answers come back in input order, chunk by chunk.
Where ``fork`` is not available (Windows; macOS's default ``spawn`` would re-read the model per
worker) or the list is short, one process does it all.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from glossmt.glossary.names.candidates import NameCandidate, Source
from glossmt.glossary.names.oracle import NameOracle

CHUNK = 250  # names per task: large enough that a task's overhead is small, small enough to stream
PARALLEL_FROM = 1_000  # below this many names, starting workers costs more than it saves
MAX_JOBS = 8

_INHERITED: list[tuple[NameOracle, Sequence[str], int]] = []  # what forked workers see: oracle, names, top


def default_jobs() -> int:
    """The CPUs this process may use (its affinity: taskset and container limits count), at most 8."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_JOBS))


def suggest_all(
    oracle: NameOracle, names: Sequence[str], *, top: int = 5, jobs: int | None = None
) -> Iterator[tuple[str, list[NameCandidate]]]:
    """Each name with its candidates (:meth:`NameOracle.suggest`), in input order."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1 or len(names) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for name in names:
            yield name, oracle.suggest(name, top=top)
        return
    warm(oracle)
    _INHERITED.append((oracle, names, top))
    starts = range(0, len(names), CHUNK)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            for start, answers in zip(starts, pool.map(_chunk, starts), strict=True):
                for name, found in zip(names[start : start + CHUNK], answers, strict=True):
                    yield name, [NameCandidate(english, score, Source(source)) for english, score, source in found]
    finally:
        _INHERITED.clear()


def warm(oracle: NameOracle) -> None:
    """Load what every lookup needs: before forking (workers inherit it instead of reading it), before timing."""
    oracle.suggest("王文涛")  # the model, CC-CEDICT and the transliteration score behind the pinyin check
    oracle.suggest("托卡耶夫")  # the Russian readings
    oracle.suggest("奇克拉纳德拉夫龙特拉")  # the word breaks (Chiclana de la Frontera)


def _chunk(start: int) -> list[list[tuple[str, float, str]]]:
    oracle, names, top = _INHERITED[-1]  # set by suggest_all before the fork
    return [
        [(c.english, c.score, c.source.value) for c in oracle.suggest(name, top=top)]
        for name in names[start : start + CHUNK]
    ]
