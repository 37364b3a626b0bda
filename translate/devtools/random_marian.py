"""Randomly initialised Marian models in opus-mt's layout: for tests, benchmarks and the demo only."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

from glossmt.translate.mt.marian.decode import quiet_transformers


@dataclass(frozen=True, slots=True)
class MarianShape:
    """The sizes of a Marian transformer (opus-mt-zh-en: 65001, 512, 6, 6, 8, 2048, 512)."""

    vocab_size: int
    d_model: int = 64
    encoder_layers: int = 2
    decoder_layers: int = 2
    heads: int = 4
    ffn: int = 128
    max_positions: int = 128


def save_random_marian(
    out_dir: str | Path,
    *,
    source_spm: bytes,
    target_spm: bytes,
    vocab: dict[str, int],
    shape: MarianShape,
    seed: int = 0,
) -> Path:
    """Write a randomly initialised Marian model and its tokenizer, in the layout opus-mt uses.

    ``vocab`` maps pieces to ids with opus-mt's conventions: ``</s>`` 0, ``<unk>`` 1, ``<pad>`` last.
    """
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    quiet_transformers()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pad = shape.vocab_size - 1
    if vocab.get("</s>") != 0 or vocab.get("<unk>") != 1 or vocab.get("<pad>") != pad:
        raise ValueError("vocab must have </s>=0, <unk>=1 and <pad> as its last id")
    (out / "source.spm").write_bytes(source_spm)
    (out / "target.spm").write_bytes(target_spm)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = MarianTokenizer(
            source_spm=str(out / "source.spm"),
            target_spm=str(out / "target.spm"),
            vocab=str(out / "vocab.json"),
            source_lang="zh",
            target_lang="en",
            model_max_length=shape.max_positions,
        )
    tokenizer.save_pretrained(str(out))
    config = MarianConfig(
        vocab_size=shape.vocab_size,
        decoder_vocab_size=shape.vocab_size,
        d_model=shape.d_model,
        encoder_layers=shape.encoder_layers,
        decoder_layers=shape.decoder_layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=shape.max_positions,
        activation_function="swish",
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        dropout=0.1,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad,
        max_length=shape.max_positions,
        num_beams=4,
    )
    model.save_pretrained(str(out), safe_serialization=True)
    return out
