"""What a remembered translation is keyed by, so that a hit is exactly what the model would write again.

The key of one sentence is its normalised text (Unicode NFC; the text is already trimmed) and a *context*
digest of everything else that decides its English: the model signature (id, revision, backend, compute
type), the decoding settings, and the glossary entries applied to this sentence — each match's offset,
Chinese form, concept, canonical English, approval, and the concept's avoid renderings. Editing one name in
the glossary therefore changes the context of the sentences that hold it and of no others.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from glossmt.glossary.matching import Match
from glossmt.glossary.model import Glossary

__all__ = ["Context", "entries_digest", "normalise_source"]


def normalise_source(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True, slots=True)
class Context:
    """The model and decoding half of a key, fixed for a run; :meth:`of` adds a sentence's glossary entries."""

    model: str  # e.g. "Helsinki-NLP/opus-mt-zh-en@0123abcd|backend:transformers|compute:float32"
    settings: str  # e.g. "beams:4|strategy:cascade|hint:1"

    def of(self, offset: int, matches: Sequence[Match], glossary: Glossary | None) -> str:
        """The context digest of the sentence starting at ``offset`` in its line, holding ``matches``."""
        h = hashlib.sha256(f"{self.model}\x1e{self.settings}\x1e{entries_digest(offset, matches, glossary)}".encode())
        return h.hexdigest()[:32]


def entries_digest(offset: int, matches: Sequence[Match], glossary: Glossary | None) -> str:
    """A digest of the glossary entries applied to one sentence (offsets relative to the sentence)."""
    h = hashlib.sha256()
    for match in matches:
        term = match.term
        avoid = glossary.concept(term.concept).avoid if glossary is not None else term.avoid
        target = glossary.concept(term.concept).target if glossary is not None else term.target
        fields = (
            str(match.start - offset),
            str(match.end - offset),
            match.text,
            term.source,
            term.concept,
            term.target,
            target,
            "approved" if term.approved else "draft",
            "latin" if match.latin else "",
            "\x1f".join(avoid),
        )
        h.update("\x1f".join(fields).encode())
        h.update(b"\x1e")
    return h.hexdigest()[:32]
