"""Shared test set-up: no network, no progress bars, and the shipped glossary."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.pop("GLOSSMT_GLOSSARY", None)
os.environ.pop("GLOSSMT_MODEL", None)


@pytest.fixture(scope="session")
def shipped_glossary():
    from glossmt.glossary.loading import load_glossary

    return load_glossary()
