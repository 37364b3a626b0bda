"""The ``glossmt`` console script: Ctrl-C is handled from the first instant, before anything heavy loads.

Python's own handler raises KeyboardInterrupt wherever the interpreter happens to be: inside an import
of torch it leaves half-initialised modules behind ("cannot load module more than once per process"),
inside a finaliser it is printed and swallowed, and the run goes on. Here the handler also records the
interrupt, so that the command line edge, and the translation loop between lines, end the run with
exit 130 whatever the KeyboardInterrupt became; a second Ctrl-C ends the process at once. Outputs are
written by atomic rename, so every file an interrupted run finished is whole.
"""

from __future__ import annotations

import os
import signal
from types import FrameType

INTERRUPTED_EXIT = 130
_interrupts: list[int] = []


def interrupted() -> bool:
    """Has the user pressed Ctrl-C (SIGINT) during this run?"""
    return bool(_interrupts)


def stop_if_interrupted() -> None:
    """Raise KeyboardInterrupt if an interrupt arrived that something swallowed."""
    if _interrupts:
        raise KeyboardInterrupt


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _interrupts.append(signum)
    if len(_interrupts) > 1:
        _say_and_exit()
    raise KeyboardInterrupt


def _say_and_exit() -> None:
    try:
        os.write(2, b"interrupted\n")
    finally:
        os._exit(INTERRUPTED_EXIT)


def main() -> None:
    """Console-script entry point."""
    signal.signal(signal.SIGINT, _on_sigint)
    from glossmt.glossary.io.stdio import stand_in_for_closed_streams  # before any file takes descriptor 0, 1 or 2

    stand_in_for_closed_streams()
    try:
        from glossmt.translate.cli.app import main as run
    except BaseException:  # an interrupt (or whatever it became) while the command line loads
        if interrupted():
            _say_and_exit()
        raise
    try:
        run()
    except KeyboardInterrupt:  # between the command's end and the exit (flushing stdout, say)
        _say_and_exit()
