"""Ctrl-C wherever it lands ends the run with exit 130 and the one line ``interrupted``.

The signal itself is tested in a child process (test_reliability_errors.py); these tests put the
KeyboardInterrupt it raises at the places a timed signal reaches only by luck.
"""

from __future__ import annotations

import sys

import pytest

from glossmt.translate.cli import app as cli_app
from glossmt.translate.cli import entry


def _raise_interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "where",
    [
        "make_context",  # typer turns it into a silent Exit(130): while the options are parsed
        "invoke",  # inside the command
    ],
)
def test_an_interrupt_anywhere_in_the_command_line_is_exit_130_and_one_line(where, monkeypatch, capsys):
    monkeypatch.setattr(cli_app._ErrorsToExitCodes, where, _raise_interrupt)
    monkeypatch.setattr(sys, "argv", ["glossmt", "glossary", "list"])
    with pytest.raises(SystemExit) as ended:
        cli_app.main()
    assert ended.value.code == 130
    assert capsys.readouterr().err.strip().splitlines() == ["interrupted"]


def test_an_interrupt_after_the_command_is_exit_130_and_one_line(monkeypatch, capfd):
    monkeypatch.setattr(cli_app, "main", _raise_interrupt)
    monkeypatch.setattr(entry.os, "_exit", _record_exit)
    monkeypatch.setattr(entry.signal, "signal", lambda *args: None)  # leave pytest's own handler in place
    with pytest.raises(_Exited) as ended:
        entry.main()
    assert ended.value.code == 130
    assert capfd.readouterr().err == "interrupted\n"


class _Exited(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _record_exit(code: int) -> None:
    raise _Exited(code)
