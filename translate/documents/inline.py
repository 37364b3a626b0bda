"""Inline markup written as HTML-like tags inside text (subtitles, Markdown's inline HTML): text ⇄ parts.

``价格<i>上涨</i>`` becomes ``("价格", Tag(OPEN, 1, "<i>"), "上涨", Tag(CLOSE, 1, "</i>"))``: a start
tag closed by an end tag of its name later in the same text is a pair; anything else (``<br>``, a
stray ``</b>``, a WebVTT timestamp ``<00:00:01.000>``) is a standalone tag, kept where it is.
"""

from __future__ import annotations

import html
import re

from glossmt.translate.markup import Kind, Parts, Tag

__all__ = ["join_lines", "line_break", "split_tags", "to_text"]

_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)(?:[.\s][^<>]*)?>|<\d[\d:.]*>")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def split_tags(text: str, *, unescape: bool = False) -> Parts:
    """``text`` as parts; ``unescape``: decode character references in the text between tags."""
    tokens: list[str | tuple[str, str, str]] = []  # text, or (slash, name, markup)
    last = 0
    for match in _TAG.finditer(text):
        if match.start() > last:
            tokens.append(text[last : match.start()])
        tokens.append((match.group(1) or "", (match.group(2) or "").lower(), match.group()))
        last = match.end()
    if last < len(text):
        tokens.append(text[last:])
    # Pair start and end tags by name with a stack; whatever is left unpaired stands alone.
    partner: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for index, token in enumerate(tokens):
        if isinstance(token, tuple) and token[1]:
            slash, name, _ = token
            if not slash:
                stack.append((name, index))
            elif any(n == name for n, _ in stack):
                while stack:
                    opened_name, opened = stack.pop()
                    if opened_name == name:
                        partner[opened], partner[index] = index, opened
                        break
    parts: list[str | Tag] = []
    ids: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if isinstance(token, str):
            parts.append(html.unescape(token) if unescape else token)
            continue
        tag_id = ids.setdefault(min(index, partner.get(index, index)), len(ids) + 1)
        if index not in partner:
            parts.append(Tag(Kind.STANDALONE, tag_id, token[2]))
        else:
            parts.append(Tag(Kind.OPEN if index < partner[index] else Kind.CLOSE, tag_id, token[2]))
    return tuple(parts)


def to_text(parts: Parts, *, escape: bool = False) -> str:
    """Parts back to text, each tag as its markup; ``escape``: ``<``, ``>`` and ``&`` in the text escaped."""
    return "".join((html.escape(p, quote=False) if escape else p) if isinstance(p, str) else p.markup for p in parts)


def line_break(before: str, after: str) -> str:
    """What a line break inside a paragraph reads as, between text ending ``before`` and starting ``after``:
    nothing between Chinese characters or at either end, else a space."""
    return "" if not before or not after or (_CJK.match(before[-1]) and _CJK.match(after[0])) else " "


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph or cue as one: Chinese lines joined directly, others with a space."""
    out = ""
    for line in (line.strip() for line in lines):
        out += line_break(out, line) + line
    return out
