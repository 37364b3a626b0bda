"""Tiny real Marian models, built once per test session and loaded through glossmt's own loader."""

from __future__ import annotations

import os
from pathlib import Path

# One torch thread: the tiny models gain nothing from two, and on a busy two-core machine two
# threads spin against each other (measured: the same batch 0.14 s with one, 1.5-14 s with two).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Marian model (vocabularies trained on corpora/), saved like an opus-mt download."""
    from glossmt.translate.devtools.tiny import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-zh-en")


@pytest.fixture(scope="session")
def tiny_translator(tiny_model_dir: Path):
    from glossmt.translate.mt.marian.decode import load_translator

    return load_translator(str(tiny_model_dir), device="cpu")


@pytest.fixture(scope="session")
def matcher(shipped_glossary):
    from glossmt.glossary.matching import Matcher

    return Matcher(shipped_glossary)
