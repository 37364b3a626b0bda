"""``glossmt models convert`` and ``glossmt translate --backend``, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()


def test_convert_writes_a_folder_that_translate_picks_up(tiny_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny-ct2"
    result = runner.invoke(app, ["models", "convert", str(tiny_model_dir), "-o", str(out), "--quantization", "float32"])
    assert result.exit_code == 0, result.stderr
    assert (out / "model.bin").is_file()
    assert f"--model {out}" in result.stderr
    again = runner.invoke(app, ["models", "convert", str(tiny_model_dir), "-o", str(out)])
    assert again.exit_code == 2
    assert "--force" in again.stderr
    line = "美国商务部长卢特尼克表示。\n"
    translated = runner.invoke(app, ["translate", "--model", str(out), "--beams", "1", "-f", "jsonl"], input=line)
    assert translated.exit_code == 0, translated.stderr
    record = json.loads(translated.stdout)
    assert f"|backend:ct2|compute:int8|model:{tiny_model_dir}@sha256-" in record["signature"]
    assert "Lutnick" in record["target"]


def test_translate_signature_names_the_transformers_backend(tiny_model_dir: Path, tiny_translator) -> None:
    result = runner.invoke(
        app, ["translate", "--model", str(tiny_model_dir), "--beams", "1", "-f", "jsonl"], input="钨很重要。\n"
    )
    assert result.exit_code == 0, result.stderr
    assert "|backend:transformers|compute:float32|model:" in json.loads(result.stdout)["signature"]


def test_ct2_backend_on_a_transformers_folder_says_how_to_convert(tiny_model_dir: Path) -> None:
    result = runner.invoke(app, ["translate", "--model", str(tiny_model_dir), "--backend", "ct2"], input="钨。\n")
    assert result.exit_code == 2
    assert "glossmt models convert" in result.stderr


def test_converted_folder_with_transformers_backend_is_a_usage_error(tiny_ct2_dir: Path) -> None:
    result = runner.invoke(app, ["translate", "--model", str(tiny_ct2_dir), "--backend", "transformers"], input="钨\n")
    assert result.exit_code == 2
    assert "--backend ct2" in result.stderr


def test_missing_model_is_exit_4_for_both_commands(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hub"))
    convert = runner.invoke(app, ["models", "convert", "nobody/no-such-model", "-o", str(tmp_path / "x")])
    assert convert.exit_code == 4
    assert "hf download nobody/no-such-model" in convert.stderr
    translate = runner.invoke(app, ["translate", "--model", "nobody/no-such-model", "--backend", "ct2"], input="钨\n")
    assert translate.exit_code == 4
    assert not (tmp_path / "x").exists()
