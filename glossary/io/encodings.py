"""Which encoding a file of Chinese text is in: :func:`detect_encoding` for ``--encoding auto`` and for the
hint of a decoding error (:func:`decode_hint`), which never names the encoding that just failed."""

from __future__ import annotations

import codecs

__all__ = ["decode_hint", "detect_encoding"]

_CHINESE = ("gb18030", "big5")  # what the detector may answer: the encodings of Chinese text that are not UTF
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes) -> str | None:
    """The encoding of ``data`` (a Python codec name), or None when no candidate decodes it.

    Most certain first: a byte-order mark decides alone; text that is valid UTF-8 is UTF-8; anything
    else goes to charset-normalizer, restricted to the encodings Chinese archives use (GB18030, a
    superset of GBK and GB2312, and Big5): unrestricted, it calls short GB18030 text cp949.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes  # imported only when needed: it is slow to load

    best = from_bytes(data, cp_isolation=list(_CHINESE)).best()
    return codecs.lookup(best.encoding).name if best is not None else None


def decode_hint(data: bytes, option: str | None, failed: str) -> str:
    """How to read the file; never the encoding that just failed (UTF-8 with or without a BOM is one)."""
    guess = detect_encoding(data[:65536])
    if guess is not None and _codec_family(guess) == _codec_family(failed):
        guess = None  # the sample decodes, the whole file does not: a stray byte further on
    if guess is None:
        convert = "find its encoding (file -i) and convert it to UTF-8 (iconv -f ENCODING -t UTF-8)"
        return f"{convert}, or pass {option} NAME" if option else convert
    convert = f"it looks like {guess}: convert it to UTF-8 (iconv -f {guess.upper()} -t UTF-8)"
    return f"{convert} or pass {option} {guess}" if option else convert


def _codec_family(name: str) -> str:
    codec = codecs.lookup(name).name
    return {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(codec, codec)
