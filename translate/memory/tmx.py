"""The memory as TMX 1.4, the exchange format CAT tools (Trados, memoQ, OmegaT) load.

One ``<tu>`` per entry: reviewed translations first, then the model's, each under a source (``zh``) and
target (``en``) variant; ``<prop>`` elements say where an entry came from (``x-glossmt-origin``) and, for
model entries, which model and settings made it. Written as a stream, so a large memory needs no large
buffer; characters XML 1.0 cannot hold are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from glossmt.translate.memory.store import Memory

__all__ = ["write_tmx"]

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_tmx(memory: Memory, stream: TextIO, version: str) -> int:
    """Write every entry of ``memory`` to ``stream`` as TMX 1.4; returns the number of ``<tu>`` written."""
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
    stream.write(
        f'  <header creationtool="glossmt" creationtoolversion={quoteattr(version)} segtype="sentence"'
        ' o-tmf="glossmt-memory" adminlang="en" srclang="zh" datatype="plaintext"/>\n  <body>\n'
    )
    count = 0
    for entry in memory.approved_entries():
        props = [("x-glossmt-origin", "reviewed"), ("x-glossmt-file", entry.origin)]
        stream.write(_unit(entry.source, entry.target, props))
        count += 1
    for remembered in memory.entries():
        props = [("x-glossmt-origin", "model"), ("x-glossmt-model", remembered.model)]
        props.append(("x-glossmt-settings", remembered.settings))
        stream.write(_unit(remembered.source, remembered.target, props))
        count += 1
    stream.write("  </body>\n</tmx>\n")
    return count


def _unit(source: str, target: str, props: Iterable[tuple[str, str]]) -> str:
    lines = ["    <tu>"]
    lines.extend(f"      <prop type={quoteattr(kind)}>{_text(value)}</prop>" for kind, value in props)
    lines.append(f'      <tuv xml:lang="zh"><seg>{_text(source)}</seg></tuv>')
    lines.append(f'      <tuv xml:lang="en"><seg>{_text(target)}</seg></tuv>')
    lines.append("    </tu>\n")
    return "\n".join(lines)


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))
