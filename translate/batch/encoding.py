"""Reading an input document in its own encoding, or in the one ``--encoding auto`` detects per file.

Detection, most certain first: a byte-order mark (UTF-8, UTF-16 LE/BE) decides alone; text that is valid
UTF-8 is UTF-8 (the detector is never asked to second-guess it); anything else goes to charset-normalizer,
restricted to the encodings Chinese archives use (GB18030, a superset of GBK and GB2312, and Big5), which
tells GBK from Big5 by which reading gives coherent Chinese. A file none of them decodes is reported with
its line and byte offset as UTF-8, the reading that was most likely, and the batch goes on without it.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossmt.glossary.io.fileio import DEFAULT_ENCODING, decode, detect_encoding

__all__ = ["AUTO", "Document", "decode_document", "detect"]

AUTO = "auto"


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input: its text and the encoding it was read with."""

    text: str
    encoding: str


def decode_document(data: bytes, source: str, encoding: str = DEFAULT_ENCODING) -> Document:
    """Decode ``data`` (the bytes of ``source``) as ``encoding``, or detect it when ``encoding`` is ``auto``.

    Raises:
        BadInputError: naming ``source``, the line and the byte offset of the first undecodable byte.
    """
    chosen = encoding if encoding != AUTO else (detect(data) or "utf-8")
    return Document(decode(data, source, chosen, option="--encoding"), chosen)


def detect(data: bytes) -> str | None:
    """The encoding of ``data`` (a Python codec name), or None when no candidate decodes it."""
    return detect_encoding(data)
