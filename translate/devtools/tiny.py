"""Tiny real Marian models, built in about a second, for tests and benchmarks.

They are real in every way that matters to glossmt's code: sentencepiece vocabularies trained on
``corpora/`` (both sides for the source, like opus-mt's Latin-aware Chinese vocabulary; the English
side for the target), opus-mt's id conventions
(``</s>`` 0, ``<unk>`` 1, ``<pad>`` last and the decoder start), ``save_pretrained`` files loaded back
through :func:`glossmt.translate.mt.marian.decode.load_translator`. Only the weights are random, so the English
is gibberish; everything glossmt promises (term presence, no avoid renderings, one line out per line
in) must hold regardless.

The target vocabulary has byte fallback by default, so any English term can be spelled; pass
``byte_fallback=False`` to get a model that cannot spell some terms (the substitution route).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from glossmt.translate.devtools.random_marian import MarianShape, save_random_marian

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
DEFAULT_CORPORA = (CORPORA / "news.zh-en.tsv", CORPORA / "traditional.zh-en.tsv")
# opus-mt-zh-en's shape (see ENGINEERING-NOTES.md).
OPUS_MT_ZH_EN = MarianShape(
    vocab_size=65001, d_model=512, encoder_layers=6, decoder_layers=6, heads=8, ffn=2048, max_positions=512
)


def read_pairs(paths: Iterable[str | Path]) -> list[tuple[str, str]]:
    """``zh<TAB>en`` lines of the corpora (lines without a tab are Chinese only)."""
    pairs = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            zh, _, en = line.partition("\t")
            if zh.strip() or en.strip():
                pairs.append((zh.strip(), en.strip()))
    return pairs


def train_spm(lines: Sequence[str], vocab_size: int, *, byte_fallback: bool, coverage: float = 1.0) -> bytes:
    """A unigram sentencepiece model trained on ``lines``, as bytes."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([line for line in lines if line]),
        model_writer=model,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the corpora are small: fewer pieces than asked is fine
        model_type="unigram",
        character_coverage=coverage,
        byte_fallback=byte_fallback,
        bos_id=-1,
        minloglevel=3,
    )
    return model.getvalue()


def joint_vocab(source_spm: bytes, target_spm: bytes, size: int | None = None) -> dict[str, int]:
    """opus-mt's joint vocab.json: ``</s>`` 0, ``<unk>`` 1, source then target pieces, ``<pad>`` last.

    With ``size``, filler pieces pad the vocabulary to that many ids (for an opus-mt-sized model).
    """
    import sentencepiece as spm

    vocab = {"</s>": 0, "<unk>": 1}
    for blob in (source_spm, target_spm):
        sp = spm.SentencePieceProcessor(model_proto=blob)
        for i in range(sp.get_piece_size()):
            if sp.is_control(i) or sp.is_unknown(i):
                continue
            vocab.setdefault(sp.id_to_piece(i), len(vocab))
    if size is not None:
        if size < len(vocab) + 1:
            raise ValueError(f"size {size} is smaller than the {len(vocab) + 1} pieces needed")
        # Word starts and word continuations, in about the proportion of a real English vocabulary.
        filler = 0
        while len(vocab) < size - 1:
            vocab[f"▁zq{filler}" if filler % 3 else f"zq{filler}"] = len(vocab)
            filler += 1
    vocab["<pad>"] = len(vocab)
    return vocab


def build_tiny_marian(
    out_dir: str | Path,
    corpus_paths: Sequence[str | Path] = DEFAULT_CORPORA,
    *,
    shape: MarianShape | None = None,
    source_vocab: int = 2000,
    target_vocab: int = 700,
    byte_fallback: bool = True,
    seed: int = 0,
) -> Path:
    """Build a tiny random Marian model with vocabularies trained on ``corpus_paths``; returns its folder."""
    pairs = read_pairs(corpus_paths)
    # opus-mt's source side saw plenty of Latin-script text, so English names written into the Chinese
    # (hints) read as a few pieces; the English side joins the source training text for the same
    # reason, and byte fallback covers the rest.
    source = train_spm(
        [zh for zh, _ in pairs] + [en for _, en in pairs], source_vocab, byte_fallback=True, coverage=0.9995
    )
    target = train_spm([en for _, en in pairs], target_vocab, byte_fallback=byte_fallback)
    vocab = joint_vocab(source, target)
    chosen = shape or MarianShape(vocab_size=len(vocab))
    if chosen.vocab_size != len(vocab):
        vocab = joint_vocab(source, target, chosen.vocab_size)
    return save_random_marian(out_dir, source_spm=source, target_spm=target, vocab=vocab, shape=chosen, seed=seed)


def build_random_opus_mt_sized(
    out_dir: str | Path, corpus_paths: Sequence[str | Path] = DEFAULT_CORPORA, *, seed: int = 0
) -> Path:
    """A randomly initialised model with opus-mt-zh-en's architecture (77.9 M parameters), for benchmarks."""
    return build_tiny_marian(out_dir, corpus_paths, shape=OPUS_MT_ZH_EN, seed=seed)


STAMP_NAME = "glossmt-tiny-inputs.txt"  # in the model folder: what it was built from


def inputs_digest(corpus_paths: Sequence[str | Path] = DEFAULT_CORPORA, **settings: object) -> str:
    """A digest of what a tiny model is built from: the corpora's bytes, the builder's code, the settings."""
    import hashlib

    h = hashlib.sha256()
    for path in (*corpus_paths, Path(__file__), Path(__file__).with_name("random_marian.py")):
        h.update(Path(path).read_bytes())
        h.update(b"\x1e")
    h.update(repr(sorted(settings.items())).encode())
    return h.hexdigest()[:16]


def ensure_tiny_marian(out_dir: str | Path, corpus_paths: Sequence[str | Path] = DEFAULT_CORPORA) -> tuple[Path, bool]:
    """The tiny model in ``out_dir``, built only when missing or made from other inputs; True if built now.

    Kept between runs so that a rerun of the demo finds its sentences in the translation memory, which
    keys a model by its bytes.
    """
    folder = Path(out_dir)
    stamp = folder / STAMP_NAME
    wanted = inputs_digest(corpus_paths)
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == wanted and (folder / "config.json").is_file():
        return folder, False
    stamp.unlink(missing_ok=True)
    built = build_tiny_marian(folder, corpus_paths)
    (built / STAMP_NAME).write_text(wanted + "\n", encoding="utf-8")
    return built, True


if __name__ == "__main__":
    # python -m glossmt.translate.devtools.tiny OUT_DIR: the tiny model (used by `make demo`), kept while its
    # inputs (corpora/, this builder) are unchanged.
    import sys

    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m glossmt.translate.devtools.tiny OUT_DIR")
    where, fresh = ensure_tiny_marian(sys.argv[1])
    print(f"{'built' if fresh else 'kept (its inputs are unchanged)'}: tiny model in {where}", file=sys.stderr)
