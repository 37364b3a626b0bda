"""A real ``glossmt serve`` on loopback (the tiny model, greedy), started once per test module.

The server runs the console script's code in a child process, as a user starts it, on ``--port 0``; the
fixture waits for its ``listening on`` line. Its stderr (the request log) is kept for tests to read.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

KEY = "test-key-5f0c2e"
READY = "glossmt serve: listening on "


@dataclass
class Server:
    """A running server: its URL, its key, its process and what it has logged so far."""

    url: str
    key: str
    process: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM, then the exit code once it has drained."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)


def start_server(model: Path, state: Path, *args: str, key: str = KEY, env: dict[str, str] | None = None) -> Server:
    env = {**os.environ, "GLOSSMT_SERVE_KEYS": key, "OMP_NUM_THREADS": "1", **(env or {})}
    code = "from glossmt.translate.cli.entry import main; main()"
    command = [sys.executable, "-c", code, "serve", "--model", str(model), "--port", "0", "--state", str(state)]
    memory = [] if any(a.startswith("--memory") for a in args) else ["--no-memory"]
    command += ["--beams", "1", *memory, "--max-body", "20000", *args]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    log: list[str] = []
    ready = threading.Event()
    url: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line)
            if line.startswith(READY):
                url.append(line[len(READY) :].strip())
                ready.set()
        ready.set()  # the process ended: do not wait for a line that will not come

    threading.Thread(target=read, daemon=True).start()
    ready.wait(120)
    if not url:
        process.kill()
        raise AssertionError("the server did not start:\n" + "".join(log))
    return Server(url[0], key, process, log)


@pytest.fixture(scope="module")
def server(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(tiny_model_dir, tmp_path_factory.mktemp("serve") / "state.sqlite")
    yield running
    assert running.stop() == 0, "".join(running.log)
