"""docs/python-api.md's examples run, in order, in one namespace, on the tiny model: the docs stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HUB_MODEL = '"Helsinki-NLP/opus-mt-zh-en"'


def _examples() -> list[str]:
    """The python blocks, each padded with empty lines so that a traceback names its line in the doc."""
    text = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    found = re.finditer(r"```python\n(.*?)```", text, flags=re.DOTALL)
    return ["\n" * text.count("\n", 0, block.start(1)) + block.group(1) for block in found]


def test_the_docs_have_examples_for_every_entry_point() -> None:
    code = "\n".join(_examples())
    for name in ("Session.load", "translate_document", "stream", "translate_files", "CheckSession", "check_paths"):
        assert name in code, name


def test_the_python_api_examples_run(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    for block in _examples():
        # The docs name the hub model users have; the test has only the tiny one.
        exec(compile(block.replace(HUB_MODEL, repr(str(tiny_model_dir))), "docs/python-api.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "lines, " in out  # the tally's summary
    assert "[avoid-rendering]" in out
    assert (tmp_path / "memory.sqlite").is_file()
