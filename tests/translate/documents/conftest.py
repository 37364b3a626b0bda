"""Sample documents of every format (tests/data/documents, and the DOCX of tests/translate/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "documents"


@pytest.fixture(scope="session")
def samples(docx_bytes: bytes) -> dict[str, tuple[str, bytes]]:
    """Format name → (file name, bytes)."""
    files = {
        "xliff": "cat-tool.xlf",
        "xliff2": "cat-tool.xlf2",
        "html": "article.html",
        "md": "article.md",
        "srt": "film.srt",
        "vtt": "film.vtt",
    }
    found = {name: (file, (DATA / file).read_bytes()) for name, file in files.items()}
    found["docx"] = ("report.docx", docx_bytes)
    return found
