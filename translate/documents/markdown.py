"""Markdown (CommonMark with tables, through markdown-it-py): the text of each block in place.

Each paragraph, heading, list item and table cell is a segment; its emphasis, strong, strike-through
and links are paired tags (the link's URL and title stay in its closing markup, untouched), inline
code, images, autolinks, inline HTML and hard breaks stand alone. The translation replaces the
block's text where it stands in the file (a paragraph written over several lines becomes one line;
its prefix — ``#``, ``-``, ``>``, indentation — stays); code blocks, HTML blocks, front matter
(``---`` or ``+++`` at the top) and everything between the blocks are untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from glossmt.translate.documents.base import DocumentFormat, Segment, Translation, bad
from glossmt.translate.documents.inline import line_break
from glossmt.translate.documents.locate import Located, locate
from glossmt.translate.markup import Kind, Parts, Tag, plain

__all__ = ["FORMAT"]

_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n.*?\n(\1|\.\.\.)[ \t]*(\n|\Z)", re.DOTALL)
_HARD_BREAK = "<br>"  # a hard break's tag (its markup)
_ESCAPE = re.compile(r"([\\`*_\[\]|<])")
PAIRED = {"em_open": "em_close", "strong_open": "strong_close", "s_open": "s_close", "link_open": "link_close"}


@dataclass(frozen=True, slots=True)
class _Place:
    start: int  # offsets into the file's text
    end: int


class MarkdownDocument:
    def __init__(self, data: bytes, name: str) -> None:
        from markdown_it import MarkdownIt

        try:
            self.text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise bad("not UTF-8", name, data[: exc.start].count(b"\n") + 1, "save the file as UTF-8") from None
        if "\0" in self.text:
            raise bad(
                "not Markdown: a NUL byte (a binary file?)", name, self.text[: self.text.index("\0")].count("\n") + 1
            )
        front = _FRONT.match(self.text)
        self.body_at = front.end() if front else 0
        body = self.text[self.body_at :]
        tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(body)
        self.places: list[_Place] = []
        self.segments: list[Segment] = []
        cursor = self.body_at
        for token in tokens:
            if token.type != "inline" or not token.content.strip() or token.map is None:
                continue
            line_start = self.body_at + _line_offset(body, token.map[0])
            place = self._find(token.content, max(cursor, line_start))
            if place is None:
                continue  # not found verbatim (a construct this reader does not follow): left as it is
            cursor = place.end
            self.places.append(place)
            self.segments.append(Segment(_parts(token.children or []), self.text.count("\n", 0, place.start) + 1))

    def _find(self, content: str, start: int) -> _Place | None:
        lines = content.split("\n")
        first = self.text.find(lines[0], start)
        if first < 0:
            return None
        end = first + len(lines[0])
        for line in lines[1:]:
            at = self.text.find(line, end)
            if at < 0 or "\n\n" in self.text[end:at]:
                return None
            end = at + len(line)
        return _Place(first, end)

    def located(self) -> Iterator[tuple[str, int, str, Located | None]]:
        """Each segment's text, where it starts, its tags' markup, and the text located in the file (or None)."""
        for place, segment in zip(self.places, self.segments, strict=True):
            parts: list[str | Tag] = []
            for part in segment.parts:  # a hard break reads as a space: "end  \nafter" is two words
                spaced = isinstance(part, str) and parts and _is_break(parts[-1]) and not part[:1].isspace()
                parts.append(" " + part if spaced and isinstance(part, str) else part)
            tags = "".join(p.markup for p in parts if isinstance(p, Tag))
            yield plain(parts), place.start, tags, locate(tuple(parts), self.text, place.start, place.end)

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        out: list[str] = []
        last = 0
        for place, translation in zip(self.places, translations, strict=True):
            if translation is None:
                continue
            out.append(self.text[last : place.start])
            out.append(_render(translation.parts))
            last = place.end
        out.append(self.text[last:])
        return "".join(out).encode("utf-8")


def _is_break(part: str | Tag) -> bool:
    return isinstance(part, Tag) and part.markup == _HARD_BREAK


def _line_offset(text: str, line: int) -> int:
    at = 0
    for _ in range(line):
        at = text.find("\n", at) + 1
        if at == 0:
            return len(text)
    return at


def _render(parts: Parts) -> str:
    """Markdown of the parts: an empty emphasis dropped (``****`` is none), spaces moved outside a pair
    (``** price**`` is none either)."""
    tidy: list[str | Tag] = []
    for part in parts:
        previous = tidy[-1] if tidy else None
        # An empty emphasis is dropped; an empty link keeps its URL.
        if isinstance(part, Tag) and isinstance(previous, Tag) and previous.id == part.id and previous.markup != "[":
            tidy.pop()
            continue
        if (
            isinstance(part, Tag)
            and part.kind is Kind.CLOSE
            and isinstance(previous, str)
            and previous != previous.rstrip()
        ):
            tidy[-1] = previous.rstrip()
            tidy.extend((part, previous[len(previous.rstrip()) :]))
            continue
        if isinstance(part, str) and isinstance(previous, Tag) and previous.kind is Kind.OPEN and part != part.lstrip():
            tidy.insert(len(tidy) - 1, part[: len(part) - len(part.lstrip())])
            tidy.append(part.lstrip())
            continue
        tidy.append(part)
    return "".join(_ESCAPE.sub(r"\\\1", p) if isinstance(p, str) else p.markup for p in tidy)


def _parts(children: Sequence[Any]) -> Parts:
    parts: list[str | Tag] = []
    stack: list[tuple[str, int, Any]] = []  # (closing type, id, opening token)
    skip_until: str | None = None
    next_id = 0
    for index, child in enumerate(children):
        kind = child.type
        if skip_until is not None:
            if kind == skip_until:
                skip_until = None
            continue
        if kind == "text":
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(line_break(plain(parts)[-1:], _next_text(children, index)))
        elif kind == "link_open" and child.markup == "autolink":
            next_id += 1
            parts.append(Tag(Kind.STANDALONE, next_id, f"<{child.attrGet('href')}>"))
            skip_until = "link_close"
        elif kind in PAIRED:
            next_id += 1
            stack.append((PAIRED[kind], next_id, child))
            parts.append(Tag(Kind.OPEN, next_id, "[" if kind == "link_open" else child.markup))
        elif stack and kind == stack[-1][0]:
            _, tag_id, opening = stack.pop()
            parts.append(Tag(Kind.CLOSE, tag_id, _closing(opening)))
        else:
            next_id += 1
            parts.append(Tag(Kind.STANDALONE, next_id, _standalone(child)))
    return tuple(parts)


def _next_text(children: Sequence[Any], index: int) -> str:
    """The first character of text after ``children[index]`` (tags passed over)."""
    return next((c.content[:1] for c in children[index + 1 :] if c.type == "text" and c.content), "")


def _closing(opening: Any) -> str:
    if opening.type != "link_open":
        return str(opening.markup)
    title = opening.attrGet("title")
    return f"]({opening.attrGet('href')}" + (f' "{title}"' if title else "") + ")"


def _standalone(token: Any) -> str:
    if token.type == "code_inline":
        fence = token.markup
        pad = " " if token.content.startswith("`") or token.content.endswith("`") else ""
        return f"{fence}{pad}{token.content}{pad}{fence}"
    if token.type == "image":
        title = token.attrGet("title")
        return f"![{token.content}]({token.attrGet('src')}" + (f' "{title}"' if title else "") + ")"
    if token.type == "hardbreak":
        return _HARD_BREAK
    return str(token.content)  # html_inline and anything else: its own source


FORMAT = DocumentFormat("md", (".md", ".markdown"), MarkdownDocument, title="Markdown")
