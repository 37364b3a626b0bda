"""A Marian model's two sentencepiece vocabularies as the pass needs them, whichever backend runs the model.

opus-mt keeps ``source.spm``, ``target.spm`` and one joint ``vocab.json`` (piece → id). Both backends
(transformers, CTranslate2) tokenise the same way: the source through ``source.spm``, pieces missing
from ``vocab.json`` read as ``<unk>``, ``</s>`` appended. The sentencepiece processors are handed in
already loaded, so this module imports no model library.
"""

from __future__ import annotations

from typing import Any

from glossmt.translate.mt.constraints import PieceVocab
from glossmt.translate.mt.locate import ModelLocation
from glossmt.translate.verify import find_spans, rendering_pattern

EOS = "</s>"
UNK = "<unk>"


class Spelling:
    """Source tokenisation and target spelling of one model (``source``/``target``: SentencePieceProcessor)."""

    def __init__(self, source: Any, target: Any, encoder: dict[str, int], vocab: PieceVocab) -> None:
        self.source = source
        self.target = target
        self.encoder = encoder
        self.vocab = vocab

    def count_tokens(self, text: str) -> int:
        return len(self.source.encode(text)) + 1  # + </s>

    def source_pieces(self, text: str, limit: int) -> list[str]:
        """The model's source tokens for ``text``, ``</s>`` last, at most ``limit`` of them."""
        pieces = [p if p in self.encoder else UNK for p in self.source.encode(text, out_type=str)]
        return [*pieces[: max(0, limit - 1)], EOS]

    def can_read(self, text: str) -> bool:
        """Can the source vocabulary spell ``text`` without ``<unk>``?"""
        unk = self.source.unk_id()
        return all(i != unk for i in self.source.encode(text)) and all(
            p in self.encoder for p in self.source.encode(text, out_type=str)
        )

    def spell(self, text: str) -> tuple[int, ...] | None:
        """The target token ids that write ``text`` as a word of its own, or None if they cannot."""
        if self.target.unk_id() in self.target.encode(text):
            return None
        ids = tuple(self.encoder.get(p, -1) for p in self.target.encode(text, out_type=str))
        if not ids or -1 in ids or self.vocab.unk_id in ids:
            return None
        # The spelling must read back as the text (normalisation could change it).
        if not find_spans(self.vocab.decode(ids), rendering_pattern(text)):
            return None
        return ids


# The source of one model call is at most this share of the position limit: English output runs
# longer than its Chinese source, and both must fit the decoder's positions.
SOURCE_SHARE = 0.5
MAX_SOURCE_TOKENS = 256


class SpelledTranslator:
    """The Translator members every backend answers from its :class:`Spelling` (and its position limit).

    A backend sets ``location``, ``max_positions`` and ``spelling``, and adds ``translate``.
    """

    location: ModelLocation
    max_positions: int
    spelling: Spelling
    parallel_batches: int = 1

    @property
    def signature(self) -> str:
        return self.location.signature

    @property
    def max_source_tokens(self) -> int:
        return max(8, min(MAX_SOURCE_TOKENS, int(self.max_positions * SOURCE_SHARE)))

    def count_tokens(self, text: str) -> int:
        return self.spelling.count_tokens(text)

    def can_read(self, text: str) -> bool:
        return self.spelling.can_read(text)

    def spell(self, text: str) -> tuple[int, ...] | None:
        return self.spelling.spell(text)
