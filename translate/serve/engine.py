"""One gathered batch through the library's front door (``glossmt.translate.session``), as ``glossmt translate``.

The batcher hands over several requests at once, each with its texts and its glossary (:class:`GlossaryKey`:
the server's own, or a created DeepL glossary on top of it). Requests with the same glossary are translated
in one call of the pass; a text's lines (it may hold several) are lines of that call, so the pass sorts and
batches every line of every request together. Each text comes back as a :class:`Translated`: its English
(lines joined by the text's own line breaks) and its term report, offsets into the text.

Batches are sized by what arrived, not by ``--batch-size``: a call of the pass translates its first window
of ``batch_size`` pieces before reading on, so the batch size of a call is raised to the lines it holds
(capped at the pass's own limit), and the backend shares the rows among its workers (CTranslate2 decodes
them in parallel). The batch size never changes a sentence's English, so the memory's keys stay the same.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from glossmt.glossary.compiled import Compiled
from glossmt.glossary.model import Term
from glossmt.translate.mt.pipeline import MAX_BATCH_SIZE, Options
from glossmt.translate.mt.results import TermReport
from glossmt.translate.serve.batcher import Work
from glossmt.translate.serve.glossaries import combined
from glossmt.translate.signature import glossmt_version

if TYPE_CHECKING:
    from glossmt.translate.memory.store import Memory
    from glossmt.translate.mt.backend import LazyTranslator
    from glossmt.translate.session import Session

__all__ = ["Engine", "GlossaryKey", "Key", "Markup", "Recipe", "Translated"]

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_SESSIONS_KEPT = 16


@dataclass(frozen=True, slots=True)
class GlossaryKey:
    """What a request is translated with: a created glossary's id and terms (none: the server's own only)."""

    id: str | None = None
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True, slots=True)
class Markup:
    """DeepL's ``tag_handling``: ``xml`` or ``html``, and the elements left untranslated (``ignore_tags``)."""

    mode: str
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Key:
    """What a request's texts are translated with: its glossary, and its tag handling (None: plain text)."""

    glossary: GlossaryKey = GlossaryKey()
    markup: Markup | None = None


@dataclass(frozen=True, slots=True)
class Translated:
    """One text's English, its term occurrences (offsets into the text), and how it was made."""

    text: str
    terms: tuple[TermReport, ...]
    sentences: int
    from_memory: int
    signature: str


@dataclass(frozen=True, slots=True)
class Recipe:
    """How the server's :class:`Engine` is made: a small value, so each Ray Serve replica makes its own.

    The model is found where the engine is made (each replica finds it on its own machine); the glossary
    travels compiled, so every replica enforces the driver's.
    """

    model: str | None
    device: str
    backend: str
    compute_type: str
    threads: int
    glossary: Compiled | None
    options: Options
    memory: Path | None

    def engine(self) -> Engine:
        """The engine, its model found (a missing one fails here, exit 4) and loaded on first use."""
        from glossmt.translate.mt.backend import LazyTranslator

        translator = LazyTranslator(
            self.model, self.device, backend=self.backend, compute_type=self.compute_type, threads=self.threads
        )
        # The engine's own Compiled: it caches its matchers there (not picklable), and Ray Serve pickles the
        # recipe again once the replica has started.
        own = None if self.glossary is None else Compiled(self.glossary.glossary, self.glossary.forms)
        return Engine(translator, own, self.options, self.memory)


class Engine:
    """The translation pass for the server: one library :class:`~glossmt.translate.session.Session` per glossary.

    The server's own glossary is one session; each created glossary in use is another (its terms on top of
    the server's), all sharing the model and the memory. Pinning (names the glossary lacks) is off: a
    request's texts are not one document, and a name's rendering must not depend on which requests
    happened to share a batch. ``run`` is called from the batcher's one worker thread only (the sessions'
    matchers and the memory's SQLite connection belong to that thread).
    """

    def __init__(
        self,
        translator: LazyTranslator,
        glossary: Compiled | None,
        options: Options,
        memory: Path | None = None,
    ) -> None:
        self.translator, self.glossary, self.options, self.memory_path = translator, glossary, options, memory
        self._memory: Memory | None = None
        self._sessions: OrderedDict[str | None, Session] = OrderedDict()

    def warm_up(self) -> None:
        """Load the model and jieba's dictionary now, not on the first request, and check the memory opens.

        Called before serving, from the thread that starts the server; the server glossary's session made
        here is the worker's too, and gets the memory from the worker (a SQLite connection belongs to the
        thread that opened it).
        """
        session = self._session(GlossaryKey(), memory=False)
        if session.matcher is not None:
            session.matcher.load_segmenter()
        list(session.stream(["你好。"]))
        if self.memory_path is not None:
            from glossmt.translate.memory.store import Memory

            Memory(self.memory_path).close()

    def close(self) -> None:
        if self._memory is not None:
            self._memory.close()
            self._memory = None

    def signature(self) -> str:
        """The server glossary's ``glossmt:…|backend:…|model:…|glossary:…|beams:…`` (each answer has its own)."""
        from glossmt.translate.mt.writers import RunInfo

        digest = self.glossary.glossary.digest() if self.glossary is not None else None
        info = RunInfo(glossmt_version(), self.translator.signature, digest, self.options.beams, self.translator.engine)
        return info.signature

    def run(self, batch: Sequence[Work[Key, Translated]]) -> list[list[Translated]]:
        """Each work's texts translated, in order; works sharing a glossary go through the pass together."""
        out: list[list[Translated]] = [[] for _ in batch]
        groups: dict[tuple[str | None, Markup | None], list[int]] = {}
        for index, work in enumerate(batch):
            groups.setdefault((work.key.glossary.id, work.key.markup), []).append(index)
        for (_, markup), indices in groups.items():
            session = self._session(batch[indices[0]].key.glossary)
            texts = [text for i in indices for text in batch[i].texts]
            session.options = self._options(len(texts))  # the whole group in the pass's first window
            translated = self._texts(texts, session) if markup is None else self._tagged(texts, markup, session)
            start = 0
            for i in indices:
                out[i] = translated[start : start + len(batch[i].texts)]
                start += len(batch[i].texts)
        return out

    def _texts(self, texts: Sequence[str], session: Session) -> list[Translated]:
        split = [_LINE_BREAK.split(text) for text in texts]
        breaks = [_LINE_BREAK.findall(text) for text in texts]
        results = iter(list(session.stream([line for lines in split for line in lines])))
        signature = session.info.signature
        out = []
        for lines, seps in zip(split, breaks, strict=True):
            english: list[str] = []
            terms: list[TermReport] = []
            offset = sentences = remembered = 0
            for n, line in enumerate(lines):
                result = next(results)
                english.append(result.target + (seps[n] if n < len(seps) else ""))
                terms.extend(replace(t, start=t.start + offset, end=t.end + offset) for t in result.terms)
                sentences += len(result.sentences)
                remembered += result.from_memory
                offset += len(line) + (len(seps[n]) if n < len(seps) else 0)
            out.append(Translated("".join(english), tuple(terms), sentences, remembered, signature))
        return out

    def _tagged(self, texts: Sequence[str], markup: Markup, session: Session) -> list[Translated]:
        """Texts with inline tags, through the tag mechanism shared with documents (no memory: tags are not kept)."""
        from glossmt.translate.mt.tags import translate_tagged
        from glossmt.translate.serve.markup import parse, write

        segments = [
            tuple(
                " ".join(_LINE_BREAK.split(p)) if isinstance(p, str) else p
                for p in parse(t, markup.mode, markup.ignore)
            )
            for t in texts
        ]
        signature = session.info.signature
        out = []
        tagged = translate_tagged(segments, self.translator, matcher=session.matcher, options=session.options)
        for result in tagged:
            # Offsets into a tagged text would count placeholders: a tagged text's terms have none (-1).
            terms = tuple(replace(t, start=-1, end=-1) for t in result.result.terms)
            out.append(Translated(write(result.parts), terms, len(result.result.sentences), 0, signature))
        return out

    def _options(self, lines: int) -> Options:
        return replace(self.options, batch_size=min(MAX_BATCH_SIZE, max(self.options.batch_size, lines)))

    def _session(self, key: GlossaryKey, *, memory: bool = True) -> Session:
        """The session of ``key``, made once (the last few kept), over the shared model and memory.

        ``memory``: give it the memory (opened now, in this thread, if not yet); warm-up's session gets it later.
        """
        from glossmt.translate.session import Session

        found = self._sessions.get(key.id)
        if found is None:
            glossary = self.glossary if key.id is None else combined(key.terms, self.glossary)
            found = Session(self.translator, glossary, options=self.options, pinning=None)
            self._sessions[key.id] = found
            if len(self._sessions) > _SESSIONS_KEPT:
                del self._sessions[next(k for k in self._sessions if k is not None)]
        if memory and self.memory_path is not None and found.memory is None:
            if self._memory is None:
                from glossmt.translate.memory.store import Memory

                self._memory = Memory(self.memory_path)
            found.memory = self._memory
        self._sessions.move_to_end(key.id)
        return found
