"""One gathered batch through the translation pass: the same pass, memory and guarantee as ``glossmt translate``.

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
from glossmt.translate.mt.pipeline import MAX_BATCH_SIZE, Options, translate_lines
from glossmt.translate.mt.results import LineResult, TermReport
from glossmt.translate.serve.batcher import Work
from glossmt.translate.serve.glossaries import combined_matcher
from glossmt.translate.signature import Signature, glossmt_version

if TYPE_CHECKING:
    from glossmt.glossary.matching import Matcher
    from glossmt.translate.memory.store import Memory
    from glossmt.translate.mt.backend import LazyTranslator

__all__ = ["Engine", "GlossaryKey", "Key", "Markup", "Translated"]

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_MATCHERS_KEPT = 16


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


class Engine:
    """The translation pass for the server: a model, the server's glossary, options, maybe a memory.

    ``run`` is called from the batcher's one worker thread only (the matchers and the memory's SQLite
    connection belong to that thread).
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
        self._matchers: OrderedDict[str | None, tuple[Matcher | None, str | None]] = OrderedDict()

    def warm_up(self) -> None:
        """Load the model and jieba's dictionary now, not on the first request, and check the memory opens.

        Called before serving, from the thread that starts the server; the memory is then opened again by
        the batcher's worker on first use (a SQLite connection belongs to the thread that opened it).
        """
        matcher, _ = self._matcher(GlossaryKey())
        if matcher is not None:
            matcher.load_segmenter()
        list(translate_lines(["你好。"], self.translator, matcher=matcher, options=self.options))
        if self.memory_path is not None:
            from glossmt.translate.memory.store import Memory

            Memory(self.memory_path).close()

    def close(self) -> None:
        if self._memory is not None:
            self._memory.close()
            self._memory = None

    def signature(self, digest: str | None) -> str:
        """``glossmt:…|backend:…|compute:…|model:…|glossary:…|beams:…``, as every output says it."""
        return str(
            Signature.of(
                ("glossmt", glossmt_version()),
                self.translator.engine,
                ("model", self.translator.signature),
                ("glossary", digest or "none"),
                ("beams", self.options.beams),
            )
        )

    def run(self, batch: Sequence[Work[Key, Translated]]) -> list[list[Translated]]:
        """Each work's texts translated, in order; works sharing a glossary go through the pass together."""
        out: list[list[Translated]] = [[] for _ in batch]
        groups: dict[tuple[str | None, Markup | None], list[int]] = {}
        for index, work in enumerate(batch):
            groups.setdefault((work.key.glossary.id, work.key.markup), []).append(index)
        for (_, markup), indices in groups.items():
            matcher, digest = self._matcher(batch[indices[0]].key.glossary)
            signature = self.signature(digest)
            texts = [text for i in indices for text in batch[i].texts]
            if markup is None:
                translated = self._texts(texts, matcher, signature)
            else:
                translated = self._tagged(texts, markup, matcher, signature)
            start = 0
            for i in indices:
                out[i] = translated[start : start + len(batch[i].texts)]
                start += len(batch[i].texts)
        return out

    def _texts(self, texts: Sequence[str], matcher: Matcher | None, signature: str) -> list[Translated]:
        split = [_LINE_BREAK.split(text) for text in texts]
        breaks = [_LINE_BREAK.findall(text) for text in texts]
        results = iter(self._translate([line for lines in split for line in lines], matcher))
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

    def _tagged(
        self, texts: Sequence[str], markup: Markup, matcher: Matcher | None, signature: str
    ) -> list[Translated]:
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
        out = []
        for result in translate_tagged(segments, self.translator, matcher=matcher, options=self._options(len(texts))):
            # Offsets into a tagged text would count placeholders: a tagged text's terms have none (-1).
            terms = tuple(replace(t, start=-1, end=-1) for t in result.result.terms)
            out.append(Translated(write(result.parts), terms, len(result.result.sentences), 0, signature))
        return out

    def _options(self, lines: int) -> Options:
        return replace(self.options, batch_size=min(MAX_BATCH_SIZE, max(self.options.batch_size, lines)))

    def _translate(self, lines: list[str], matcher: Matcher | None) -> list[LineResult]:
        options = self._options(len(lines))
        if self.memory_path is None:
            return list(translate_lines(lines, self.translator, matcher=matcher, options=options))
        from glossmt.translate.memory.store import Memory
        from glossmt.translate.mt.remember import translate_remembered

        if self._memory is None:
            self._memory = Memory(self.memory_path)
        model = self.translator.memory_signature
        return list(translate_remembered(lines, self.translator, self._memory, model, matcher=matcher, options=options))

    def _matcher(self, key: GlossaryKey) -> tuple[Matcher | None, str | None]:
        """The matcher and glossary digest of ``key``, built once (the last few kept)."""
        found = self._matchers.get(key.id)
        if found is None:
            if key.id is None:
                matcher = self.glossary.matcher() if self.glossary is not None else None
            else:
                matcher = combined_matcher(key.terms, self.glossary)
            digest = matcher.glossary.digest() if matcher is not None else None
            found = self._matchers[key.id] = (matcher, digest)
            if len(self._matchers) > _MATCHERS_KEPT:
                oldest = next(k for k in self._matchers if k is not None)
                del self._matchers[oldest]
        self._matchers.move_to_end(key.id)
        return found
