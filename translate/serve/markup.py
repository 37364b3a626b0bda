"""DeepL's ``tag_handling=xml|html``: a text with inline tags read into the parts the tag mechanism takes.

The guarantee itself (every tag back exactly once, validly nested, none invented, terms still enforced) is
:mod:`glossmt.translate.mt.tags`, shared with the document formats; this module only reads DeepL's texts
into :class:`~glossmt.translate.mt.tags.Tag` parts and writes the English back:

- ``<b>`` … ``</b>`` is an OPEN and a CLOSE sharing an id; ``<x id="3"/>`` (Weblate's placeholders), a
  comment, and in ``html`` mode a void element (``<br>``, ``<img …>``) are one STANDALONE tag. Each tag's
  markup is the client's bytes, returned as they came.
- An element named in ``ignore_tags`` is one STANDALONE tag, its content included: left untranslated.
- Text between tags is unescaped for the model (``&amp;`` is ``&``), and the English escaped again, so
  what the model writes can never become markup.

A text that does not nest (``<b><i></b></i>``, a close without its open) is refused with 400.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from xml.sax.saxutils import escape

from glossmt.translate.mt.tags import Kind, Parts, Tag
from glossmt.translate.serve.protocol import ApiError

__all__ = ["parse", "write"]

_NAME = r"[A-Za-z_][\w:.-]*"
_ATTRS = r"""(?:\s+[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*"""
_TOKEN = re.compile(rf"<!--.*?-->|<(/?)({_NAME})({_ATTRS})\s*(/?)>", re.DOTALL)
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
)


def parse(text: str, mode: str, ignore: Collection[str] = ()) -> Parts:
    """The parts of ``text``: plain text (unescaped) and tags (their markup verbatim).

    Raises:
        ApiError: 400 when the tags do not nest.
    """
    ignored = {name.lower() for name in ignore}
    parts: list[str | Tag] = []
    stack: list[tuple[str, int]] = []
    next_id = 0
    last = 0
    skip_until: tuple[str, int] | None = None  # inside an ignored element: (its name, nesting depth)
    skip_start = 0
    for token in _TOKEN.finditer(text):
        closing, name, _, self_closing = token.groups()
        key = (name or "").lower() if mode == "html" else name or ""
        if skip_until is not None:
            if name and key == skip_until[0] and not self_closing:
                depth = skip_until[1] + (-1 if closing else 1)
                skip_until = (skip_until[0], depth)
                if depth == 0:
                    parts.append(Tag(Kind.STANDALONE, next_id, text[skip_start : token.end()]))
                    next_id += 1
                    last = token.end()
                    skip_until = None
            continue
        if token.start() > last:
            parts.append(html.unescape(text[last : token.start()]))
        last = token.end()
        markup = token.group(0)
        if name is None or self_closing or (mode == "html" and key in _VOID and not closing):
            parts.append(Tag(Kind.STANDALONE, next_id, markup))
            next_id += 1
        elif key.lower() in ignored and not closing:
            skip_until, skip_start = (key, 1), token.start()
        elif not closing:
            stack.append((key, next_id))
            parts.append(Tag(Kind.OPEN, next_id, markup))
            next_id += 1
        else:
            if not stack or stack[-1][0] != key:
                raise ApiError(400, "Tag handling parsing failed.", detail=f"</{name}> closes no open <{name}>")
            parts.append(Tag(Kind.CLOSE, stack.pop()[1], markup))
    if skip_until is not None:
        raise ApiError(400, "Tag handling parsing failed.", detail=f"<{skip_until[0]}> is never closed")
    if stack:
        raise ApiError(400, "Tag handling parsing failed.", detail=f"<{stack[-1][0]}> is never closed")
    if last < len(text):
        parts.append(html.unescape(text[last:]))
    return tuple(parts)


def write(parts: Parts) -> str:
    """The English: text escaped, each tag written as the client sent it."""
    return "".join(escape(p) if isinstance(p, str) else p.markup for p in parts)
