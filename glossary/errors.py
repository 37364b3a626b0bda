"""One exception family for the whole library.

Library code raises; only the CLI turns these into a one-line message and an exit code.
Every error says where (``path:line`` when there is a file) and how to fix it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_CONTROL = re.compile("[\x00-\x1f\x7f]")


def printable_path(path: str | Path) -> str:
    """A file name as every message and output prints it, on one line and encodable as UTF-8.

    Bytes that are not UTF-8 (``$'\\xff.txt'``, which Python decodes to surrogates that no writer can
    encode) become ``\\xff``; a control character (a newline in a name would cut a PO reference or an
    error line in two) becomes ``\\x0a``.
    """
    try:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name decodes to
        text = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


class GlossmtError(Exception):
    """Base class: a user-facing problem with a location and a hint."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = printable_path(path) if path is not None else None
        self.line = line
        self.hint = hint

    @property
    def location(self) -> str | None:
        if self.path is None:
            return None
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def __str__(self) -> str:
        text = self.message
        if self.location:
            text = f"{self.location}: {text}"
        if self.hint:
            text = f"{text} — {self.hint}"
        return text


class UsageError(GlossmtError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = 2


class BadInputError(GlossmtError):
    """A file is missing, unreadable, undecodable or malformed (exit 3)."""

    exit_code = 3


class TermFileError(BadInputError):
    """A term file (PO, CSV, TSV, TBX, JSONL) breaks its format or the glossary convention."""


class ModelUnavailableError(GlossmtError):
    """The translation model cannot be loaded here (exit 4)."""

    exit_code = 4
