"""Plain text as a document: one segment per line (for folders that mix text files with documents).

``glossmt translate`` reads plain text through its own streaming path (memory, resume, the writers);
this format serves a run that holds documents too, so that one folder of mixed files is one run.
"""

from __future__ import annotations

from collections.abc import Sequence

from glossmt.translate.documents.base import DocumentFormat, Segment, Translation, bad
from glossmt.translate.markup import plain

__all__ = ["FORMAT"]


class TextDocument:
    def __init__(self, data: bytes, name: str) -> None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise bad("not UTF-8", name, line, "convert it, or translate it alone with --encoding") from None
        self.lines = text.splitlines()
        self.segments = [Segment((line,), n) for n, line in enumerate(self.lines, 1)]

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        out = [line if t is None else plain(t.parts) for line, t in zip(self.lines, translations, strict=True)]
        return "".join(f"{line}\n" for line in out).encode("utf-8")


FORMAT = DocumentFormat("text", (".txt",), TextDocument, title="plain text, one paragraph per line")
