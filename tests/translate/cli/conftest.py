"""CLI test fixtures: what a hostile run may not change, what its stderr must look like, a device of our own."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


def _snapshot(*paths: Path) -> dict[str, tuple[object, ...]]:
    """Everything about each path a careless write could change: kind, inode, owner, mode, links, bytes."""
    seen: dict[str, tuple[object, ...]] = {}
    for path in paths:
        info = os.lstat(path)
        kind = stat.S_IFMT(info.st_mode)
        body: object = None
        if stat.S_ISLNK(info.st_mode):
            body = os.readlink(path)
        elif stat.S_ISREG(info.st_mode):
            body = path.read_bytes()
        seen[str(path)] = (kind, info.st_ino, info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode), info.st_nlink, body)
    return seen


def _assert_one_error_line(stderr: str, *, only: bool = True) -> str:
    """One ``error: …`` line and no traceback; with ``only``, nothing else on stderr either."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, stderr
    if only:
        assert stderr.strip("\n") == errors[0], stderr
    return errors[0]


@pytest.fixture
def char_device(tmp_path: Path) -> Path:
    """A character device of our own (major 1, minor 3: what /dev/null is), never the system's /dev/null."""
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root (CI runs the suite as root)")
    path = tmp_path / "null-device.po"  # .po: `glossary import` only writes PO names
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


@pytest.fixture
def snapshot():
    """``snapshot(*paths)``: compare before and after a run to prove nothing else changed."""
    return _snapshot


@pytest.fixture
def one_error_line():
    """``one_error_line(stderr, only=True)``: the single ``error:`` line, no traceback."""
    return _assert_one_error_line


@pytest.fixture
def broken_model_dir(tiny_model_dir: Path, tmp_path: Path) -> Path:
    """The tiny model with its weights cut to nothing: any attempt to load it fails."""
    import shutil

    folder = tmp_path / "broken-model"
    shutil.copytree(tiny_model_dir, folder)
    (folder / "model.safetensors").write_bytes(b"")
    return folder


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A character device of our own that fails every write with ENOSPC (major 1, minor 7: what /dev/full is)."""
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root (CI runs the suite as root)")
    path = tmp_path / "full-device"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    return path


@pytest.fixture
def glossmt_process():
    """``glossmt_process(*args, stdout=…)``: the console script's code in a child process (real stdout, signals)."""
    import subprocess
    import sys

    def start(*args: str, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=None):
        code = "from glossmt.translate.cli.entry import main; main()"
        return subprocess.Popen(
            [sys.executable, "-c", code, *args], stdout=stdout, stderr=subprocess.PIPE, stdin=stdin, env=env
        )

    return start
