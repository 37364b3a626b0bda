"""``glossmt serve``'s refusals, through the command line: each one error line and its exit code, nothing served."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLOSSMT_SERVE_KEYS", raising=False)


def one_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0]


def test_a_public_address_without_keys(tiny_model_dir: Path) -> None:
    result = runner.invoke(app, ["serve", "--model", str(tiny_model_dir), "--host", "0.0.0.0"])

    one_error(result, 2, "no key is set", "--keys FILE", "GLOSSMT_SERVE_KEYS", "--no-auth")


def test_an_empty_key_file(tiny_model_dir: Path, tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text("# nothing yet\n", encoding="utf-8")

    result = runner.invoke(app, ["serve", "--model", str(tiny_model_dir), "--keys", str(keys)])

    one_error(result, 3, str(keys), "holds no key")


def test_a_missing_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--model", str(tmp_path / "nowhere")])

    assert result.exit_code == 4, result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use(tiny_model_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = runner.invoke(
            app, ["serve", "--model", str(tiny_model_dir), "--port", str(port), "--state", str(tmp_path / "s")]
        )

    one_error(result, 2, f"127.0.0.1:{port}", "--port")


def test_replicas_need_ray(tiny_model_dir: Path) -> None:
    result = runner.invoke(app, ["serve", "--model", str(tiny_model_dir), "--replicas", "2"])

    one_error(result, 2, "--replicas needs --engine ray")


def test_ray_checks_the_port_and_the_model_before_ray_starts(tiny_model_dir: Path, tmp_path: Path) -> None:
    import ray

    ray_args = ["--engine", "ray", "--replicas", "2", "--state", str(tmp_path / "s")]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        in_use = runner.invoke(app, ["serve", "--model", str(tiny_model_dir), "--port", str(port), *ray_args])

    one_error(in_use, 2, f"127.0.0.1:{port}", "--port")
    missing = runner.invoke(app, ["serve", "--model", str(tmp_path / "nowhere"), "--port", "0", *ray_args])
    assert missing.exit_code == 4, missing.stderr
    assert "Traceback" not in missing.stderr
    assert not ray.is_initialized()  # both refused before a Ray instance started


def test_a_state_file_that_is_not_sqlite(tiny_model_dir: Path, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    state.write_bytes(b"not a database, " * 100)

    result = runner.invoke(app, ["serve", "--model", str(tiny_model_dir), "--port", "0", "--state", str(state)])

    one_error(result, 3, str(state), "--state")
