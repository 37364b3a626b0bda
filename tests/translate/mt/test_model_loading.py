"""Finding the model: local folders, the Hugging Face cache offline, and a fast, helpful failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.glossary.errors import ModelUnavailableError
from glossmt.translate.cli.app import app
from glossmt.translate.mt.constraints import Request
from glossmt.translate.mt.locate import DEFAULT_MODEL, resolve_model
from glossmt.translate.mt.marian.decode import load_translator

runner = CliRunner()
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fake_hub_cache(model_dir: Path, cache: Path, repo_id: str) -> Path:
    """Lay a saved model out as ``huggingface_hub`` caches a download (blobs, snapshots, refs)."""
    repo = cache / f"models--{repo_id.replace('/', '--')}"
    snapshot = repo / "snapshots" / COMMIT
    (repo / "blobs").mkdir(parents=True)
    snapshot.mkdir(parents=True)
    for file in model_dir.iterdir():
        blob = repo / "blobs" / f"blob-{file.name}"
        shutil.copy(file, blob)
        (snapshot / file.name).symlink_to(Path("../../blobs") / blob.name)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(COMMIT, encoding="utf-8")
    return snapshot


def test_a_model_in_the_hf_cache_loads_offline(tiny_model_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    snapshot = fake_hub_cache(tiny_model_dir, tmp_path / "hub", "glossmt-test/tiny-zh-en")
    location = resolve_model("glossmt-test/tiny-zh-en")
    assert location.path == snapshot
    assert location.revision == COMMIT
    assert location.signature == f"glossmt-test/tiny-zh-en@{COMMIT[:12]}"
    translator = load_translator("glossmt-test/tiny-zh-en", device="cpu")
    assert translator.signature == location.signature
    assert translator.max_source_tokens == load_translator(str(tiny_model_dir), device="cpu").max_source_tokens
    sentences = [Request("钨很重要。"), Request("美国商务部长卢特尼克表示。")]
    english = translator.translate(sentences, beams=1)
    # The same weights as the folder they were cached from: the same English, word for word.
    assert english == load_translator(str(tiny_model_dir), device="cpu").translate(sentences, beams=1)
    assert all(english)
    assert all("\n" not in e for e in english)


def test_env_var_names_the_model(tiny_model_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("GLOSSMT_MODEL", str(tiny_model_dir))
    assert resolve_model().path == tiny_model_dir


def test_missing_hub_model_offline_fails_with_instructions(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    with pytest.raises(ModelUnavailableError) as caught:
        resolve_model(DEFAULT_MODEL)
    message = str(caught.value)
    assert f"hf download {DEFAULT_MODEL} --local-dir models/opus-mt-zh-en" in message
    assert "huggingface-cli download" in message
    assert "--model models/opus-mt-zh-en" in message


def test_unreachable_hub_fails_without_retrying(tmp_path: Path, monkeypatch) -> None:
    # No HF_HUB_OFFLINE: glossmt must find out by itself, with its short reachability check, that
    # the hub is not there (a closed local port stands in for a machine without network).
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    with pytest.raises(ModelUnavailableError, match="cannot be reached"):
        resolve_model("Helsinki-NLP/opus-mt-zh-en")


def test_cli_exits_4_with_one_line_and_no_traceback(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    result = runner.invoke(app, ["translate"], input="钨很重要。\n")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: translation model {DEFAULT_MODEL} is not available")
    assert "hf download" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["./models/nowhere", "/nonexistent/model", "models/a/b"], ids=str)
def test_a_missing_folder_exits_4(name: str) -> None:
    result = runner.invoke(app, ["translate", "--model", name], input="钨很重要。\n")
    assert result.exit_code == 4
    assert f"there is no folder {name}" in result.stderr


def test_a_folder_without_weights_names_what_is_missing(tiny_model_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").unlink()
    result = runner.invoke(app, ["translate", "--model", str(broken)], input="钨很重要。\n")
    assert result.exit_code == 4
    assert "lacks model.safetensors or pytorch_model.bin" in result.stderr


def test_importing_the_cli_does_not_import_torch() -> None:
    import subprocess
    import sys

    code = "import sys, glossmt.translate.cli.app; print('torch' in sys.modules, 'transformers' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
