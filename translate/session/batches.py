"""A batch of documents through one pass: each document's pins, one stream of windows, the memory.

:meth:`Session.stream_batch <glossmt.translate.session.translating.Session.stream_batch>` translates
several documents' lines as one stream (what ``--engine ray`` sends to its replicas per chunk of lines):
each document matched with its own pinned names (or the batch's), its sentences looked up in the memory,
the new ones decoded by the session's model or sent elsewhere (``remote``: the replicas), every result
relabelled for its pins and added to the session's tally. It is the session's one document path
(:meth:`~glossmt.translate.session.translating.Session.stream`) for many documents at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING

from glossmt.glossary.model import Glossary
from glossmt.translate.memory.store import Memory
from glossmt.translate.mt.pinning import Consistency, Pin, relabel
from glossmt.translate.mt.remember import TranslateSentences, translate_remembered
from glossmt.translate.mt.results import LineResult

if TYPE_CHECKING:
    from glossmt.glossary.matching import TermFinder
    from glossmt.translate.session.translating import Session

__all__ = ["decide_each", "stream_batch"]


def decide_each(session: Session, documents: Iterable[tuple[str, str]]) -> dict[str, list[Pin]]:
    """Each document's pins under the session's policy: its own repeated names, or the whole batch's."""
    documents = list(documents)
    if session.pinner is None or session.pinning is None:
        return {}
    if session.pinning.consistency is Consistency.BATCH:
        pins = session.decide_pins(documents)
        return {name: pins for name, _ in documents}
    return {name: session.decide_pins([(name, text)]) for name, text in documents}


def stream_batch(
    session: Session,
    documents: Iterable[tuple[str, Sequence[str]]],
    *,
    pins: Mapping[str, Sequence[Pin]] | None = None,
    remote: TranslateSentences | None = None,
    window: int | None = None,
) -> Iterator[tuple[str, LineResult]]:
    """``(name, lines)`` in, ``(name, LineResult)`` per line out, in order (see the module docstring).

    ``pins``: each document's, decided before (:func:`decide_each`; a document split over several
    batches keeps one set); a document missing from it is pinned on its own lines. Without a memory, one
    in RAM serves the call, so a sentence repeated in the batch is decoded (or sent) once.
    """
    names: list[str] = []
    lines: list[str] = []
    finders: list[TermFinder | None] = []
    used: dict[str, Pin] = {}
    for name, text in documents:
        finder: TermFinder | None = session.matcher
        if session.pinner is not None:
            given = (pins or {}).get(name)
            mine = list(given) if given is not None else session.decide_pins([(name, "\n".join(text))])
            finder = session.pinner.matcher_for(mine)
            used.update((pin.concept, pin) for pin in mine)
        names.extend([name] * len(text))
        lines.extend(text)
        finders.extend([finder] * len(text))
    glossary = _every_term(session, finders, used.values())
    with nullcontext(session.memory) if session.memory is not None else Memory(":memory:") as memory:
        results = translate_remembered(
            lines,
            remote or session.translator,
            memory,
            session.memory_signature,
            options=session.options,
            window=window,
            matchers=finders,
            glossary=glossary,
        )
        for name, result in zip(names, relabel(results, list(used.values())), strict=True):
            session.tally.add(result)
            yield name, result


def _every_term(session: Session, finders: Sequence[TermFinder | None], pins: Iterable[Pin]) -> Glossary | None:
    """Every term the batch's matches may name: the glossary's, then the pinned names of its documents."""
    distinct = {id(finder): finder for finder in finders if finder is not None}
    if len(distinct) == 1:
        return next(iter(distinct.values())).glossary  # one document, or one set of pins for all
    if session.matcher is None:
        return None
    terms = tuple(pin.term() for pin in pins)
    return Glossary.of((*session.matcher.glossary.terms, *terms)) if terms else session.matcher.glossary
