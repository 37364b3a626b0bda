"""What a remembered translation is keyed by, so that a hit is exactly what the model would write again.

The key of one sentence is its normalised text (Unicode NFC; the text is already trimmed) and a *context*
digest of everything else that decides its English: the model signature (id, revision, backend, compute
type), the decoding settings, and the glossary entries applied to this sentence — each match's offset,
Chinese form, concept, canonical English, approval, and the concept's avoid renderings. Editing one name in
the glossary therefore changes the context of the sentences that hold it and of no others.

A model in a local folder is keyed by what it *is* (:func:`model_digest`: its config, tokenizer and weights'
bytes), not by the path as typed: ``models/x``, ``./models/x``, its absolute path and a copy of the folder
all hit the same memory, and a model rebuilt in place misses. Hashing the weights takes a second for
opus-mt's 300 MB, so the digest is cached per folder in glossmt's cache folder, keyed by the files' size,
time and inode; a changed file is hashed again.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from glossmt.glossary.io.cache import read_entry, write_entry
from glossmt.glossary.matching import Match
from glossmt.glossary.model import Glossary

__all__ = ["MODEL_FILES", "Context", "entries_digest", "model_digest", "normalise_source"]

# What decides a model's output, in a transformers (Marian) or a converted (CTranslate2) folder.
MODEL_FILES = (
    "config.json",
    "generation_config.json",
    "source.spm",
    "target.spm",
    "vocab.json",
    "model.safetensors",
    "pytorch_model.bin",
    "model.bin",
)
_CACHE_KIND = "model-digest"


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


def model_digest(folder: Path) -> str:
    """What the model in ``folder`` is: a digest of its :data:`MODEL_FILES`' names and bytes.

    Cached (glossmt's cache folder, :mod:`glossmt.glossary.io.cache`) under the folder's real path and its
    files' size, time and inode, so the weights are hashed again only when a file changes.
    """
    present = [(name, (folder / name).stat()) for name in MODEL_FILES if (folder / name).is_file()]
    stamp = ";".join(f"{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}" for name, st in present)
    key = hashlib.sha256(f"{folder.resolve()}\x1e{stamp}".encode()).hexdigest()[:32]
    known = read_entry(_CACHE_KIND, key, version=1, suffix=".txt")
    if known is not None:
        return known.decode("ascii", errors="replace")
    h = hashlib.sha256()
    for name, _ in present:
        h.update(f"{name}\x1e".encode())
        with (folder / name).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
        h.update(b"\x1e")
    digest = h.hexdigest()[:16]
    write_entry(_CACHE_KIND, key, digest.encode("ascii"), version=1, suffix=".txt")
    return digest
