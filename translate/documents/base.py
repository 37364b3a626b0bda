"""The interface every document format implements: segments out, translations back in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from glossmt.glossary.errors import BadInputError
from glossmt.translate.markup import Parts

__all__ = ["Document", "DocumentFormat", "Segment", "Translation", "bad"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable piece: text and inline tags; ``line`` in the file (0: unknown) for messages.

    ``translated``: the file holds a translation of it already (an XLIFF target), kept unless forced.
    """

    parts: Parts
    line: int = 0
    translated: bool = False


@dataclass(frozen=True, slots=True)
class Translation:
    """A segment's English (text and the same tags) and the canonical English of its terms (to annotate)."""

    parts: Parts
    terms: tuple[str, ...] = ()


class Document(Protocol):
    """A parsed file: its segments, and the file written back with translations in place."""

    @property
    def segments(self) -> Sequence[Segment]: ...

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        """The file with ``translations[i]`` in place of segment ``i`` (None: left as it is)."""
        ...


@dataclass(frozen=True, slots=True)
class DocumentFormat:
    """A document format: its name (``--input-format``), suffixes, and its reader."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes, str], Document]  # (data, name shown in messages)
    binary: bool = False  # written as bytes no terminal should show (DOCX): stdout refused
    title: str = ""


def bad(message: str, name: str, line: int | None = None, hint: str = "") -> BadInputError:
    """The one error every reader raises: exit 3, ``file:line: what — how to fix``."""
    return BadInputError(message, path=name, line=line, hint=hint or "fix the file, or translate another copy")
