"""HTML: text and translatable attributes out, the rest of the file byte for byte as it was.

The file is read as a stream of tokens with their exact source text (the standard library's
``html.parser``, no entities resolved beyond HTML's own, no network, no DOM rebuilt and re-serialised),
so whatever is not translated comes back byte-identical. A *segment* is the text of one block (a
paragraph, heading, list item, cell, title…) with its inline elements (``<b>``, ``<a href>``,
``<span>``…) as tags; ``<br>``, ``<img>``, comments and inline ``<code>`` are standalone tags kept as
written. ``script``, ``style``, ``code``, ``pre``, ``textarea`` and the like are never translated, nor is an
element marked ``translate="no"`` or ``class="notranslate"`` (inline: kept whole, as a standalone tag).
``alt``, ``title`` and ``placeholder`` attributes and ``<meta name="description">`` are segments of
their own; ``<html lang>`` becomes ``en``.

Malformed (exit 3): not UTF-8, a NUL byte, a tag or comment left open (a ``<`` read as text), an end
tag of an inline element that closes nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

from glossmt.translate.documents.base import DocumentFormat, Segment, Translation, bad
from glossmt.translate.markup import Kind, Tag, plain

__all__ = ["FORMAT"]

INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "data",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "del",
        "label",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
    ]
)
STANDALONE = frozenset(["br", "img", "wbr", "input"])  # void inline elements
OPAQUE = frozenset(["code", "kbd", "samp", "var", "math", "svg"])  # inline, kept whole, never translated
SKIP = frozenset(
    ["script", "style", "pre", "textarea", "template", "noscript", "code", "kbd", "samp", "var", "math", "svg"]
)
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"])
ATTRIBUTES = ("alt", "title", "placeholder")


@dataclass(slots=True)
class _Token:
    kind: str  # start, end, startend, data, ref, comment, other
    start: int
    line: int
    raw: str = ""
    tag: str = ""
    attrs: list[tuple[str, str | None]] = field(default_factory=list)


class _Lexer(HTMLParser):
    """Tokens with their offsets; the source text of each is the span up to the next one."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.tokens: list[_Token] = []

    def _add(self, kind: str, tag: str = "", attrs: list[tuple[str, str | None]] | None = None) -> None:
        line, col = self.getpos()
        self.tokens.append(_Token(kind, self.lines[line - 1] + col, line, tag=tag, attrs=attrs or []))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("start", tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add("startend", tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._add("end", tag)

    def handle_data(self, data: str) -> None:
        self._add("data")

    def handle_entityref(self, name: str) -> None:
        self._add("ref")

    def handle_charref(self, name: str) -> None:
        self._add("ref")

    def handle_comment(self, data: str) -> None:
        self._add("comment")

    def handle_decl(self, decl: str) -> None:
        self._add("other")

    def handle_pi(self, data: str) -> None:
        self._add("other")

    def unknown_decl(self, data: str) -> None:
        self._add("other")

    def finish(self) -> list[_Token]:
        self.feed(self.text)
        self.close()
        for token, after in zip(self.tokens, [*self.tokens[1:], None], strict=False):
            token.raw = self.text[token.start : after.start if after else len(self.text)]
        return self.tokens


@dataclass(slots=True)
class _Span:
    """A segment's tokens ``[first, last]`` and its tags: (kind, id) → the token range it stands for."""

    first: int
    last: int
    tags: dict[tuple[Kind, int], tuple[int, int]]
    attribute: tuple[int, str] | None = None  # (token, attribute name) for an attribute segment


class HtmlDocument:
    def __init__(self, data: bytes, name: str) -> None:
        if b"\0" in data:
            raise bad("not HTML: a NUL byte (a binary file?)", name, data[: data.index(b"\0")].count(b"\n") + 1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise bad("not UTF-8", name, data[: exc.start].count(b"\n") + 1, "save the page as UTF-8") from None
        self.name = name
        self.tokens = _Lexer(text).finish()
        self._check()
        self.spans: list[_Span] = []
        self.segments: list[Segment] = []
        self.offsets: list[tuple[tuple[int, ...], tuple[int, ...]] | None] = []  # per segment: where its text is
        self._read()

    def _line(self, token: int) -> int:
        return self.tokens[token].line

    def _check(self) -> None:
        for index, token in enumerate(self.tokens):  # a "<" the parser had to read as text: a tag left open
            if (
                token.kind == "data"
                and token.raw.startswith("<")
                and (token.raw[1:2].isalpha() or token.raw[1:2] in ("", "/", "!"))
            ):
                raise bad("malformed HTML: a tag or comment left open", self.name, self._line(index), "close it")
        open_count: dict[str, int] = {}
        for index, token in enumerate(self.tokens):
            if token.kind == "start" and token.tag in INLINE:
                open_count[token.tag] = open_count.get(token.tag, 0) + 1
            elif token.kind == "end" and token.tag in INLINE:
                if not open_count.get(token.tag):
                    raise bad(f"malformed HTML: </{token.tag}> closes nothing", self.name, self._line(index))
                open_count[token.tag] -= 1

    def _read(self) -> None:
        skip: list[str] = []
        current: list[int] = []
        for index, token in enumerate(self.tokens):
            if token.kind in ("start", "startend") and not skip and not _untranslatable(token):
                self._attributes(index, token)
            if skip:
                if token.kind == "end" and token.tag == skip[-1]:
                    skip.pop()
                elif token.kind == "start" and token.tag not in VOID and (token.tag in SKIP or token.tag == skip[-1]):
                    skip.append(token.tag)
                if current and not skip:
                    current.append(index)  # the end of an inline opaque element (code) joins the text
                continue
            inline = token.kind in ("data", "ref", "comment") or token.tag in INLINE | STANDALONE | OPAQUE
            if token.kind == "start" and (token.tag in SKIP or _untranslatable(token)) and token.tag not in VOID:
                if token.tag in OPAQUE or (token.tag in INLINE and current):
                    current.append(index)
                else:
                    self._flush(current)
                    current = []
                skip.append(token.tag)
                continue
            if inline:
                current.append(index)
            else:
                self._flush(current)
                current = []
        self._flush(current)

    def _attributes(self, index: int, token: _Token) -> None:
        attrs = dict(token.attrs)
        names = [a for a in ATTRIBUTES if (attrs.get(a) or "").strip()]
        if (
            token.tag == "meta"
            and (attrs.get("name") or "").lower() == "description"
            and (attrs.get("content") or "").strip()
        ):
            names.append("content")
        for attr in names:
            self.spans.append(_Span(index, index, {}, (index, attr)))
            self.segments.append(Segment((attrs[attr] or "",), self._line(index)))
            self.offsets.append(None)

    def _flush(self, indices: list[int]) -> None:
        if not indices or not any(
            self.tokens[i].kind in ("data", "ref") and self.tokens[i].raw.strip() for i in indices
        ):
            return
        parts: list[str | Tag] = []
        tags: dict[tuple[Kind, int], tuple[int, int]] = {}
        stack: list[tuple[str, int]] = []
        pending: list[tuple[str, int]] = []  # opens without their close yet
        opaque_from: int | None = None
        places: list[tuple[int, int]] = []  # where each character of the text lies in the page
        for i in indices:
            token = self.tokens[i]
            if opaque_from is not None:
                if token.kind == "end" and token.tag == self.tokens[opaque_from].tag:
                    tags[(Kind.STANDALONE, opaque_from)] = (opaque_from, i)
                    parts.append(Tag(Kind.STANDALONE, opaque_from, ""))
                    opaque_from = None
                continue
            if token.kind in ("data", "ref"):
                text, where = _characters(token)
                parts.append(text)
                places.extend(where)
            elif token.kind == "start" and (token.tag in OPAQUE or _untranslatable(token)):
                opaque_from = i
            elif token.kind == "start" and token.tag in INLINE:
                stack.append((token.tag, i))
                pending.append((token.tag, i))
                parts.append(Tag(Kind.OPEN, i, ""))
                tags[(Kind.OPEN, i)] = (i, i)
            elif token.kind == "end" and any(n == token.tag for n, _ in stack):
                while stack:
                    name, opened = stack.pop()
                    if name == token.tag:
                        break
                parts.append(Tag(Kind.CLOSE, opened, ""))
                tags[(Kind.CLOSE, opened)] = (i, i)
                pending.remove((name, opened))
            else:  # <br>, <img>, a comment, an end tag of an element opened before the block
                parts.append(Tag(Kind.STANDALONE, i, ""))
                tags[(Kind.STANDALONE, i)] = (i, i)
        parts = self._settled(parts, tags, {i for _, i in pending})
        # Whitespace at the block's edges stays in the file (written around the translation).
        first, last = parts[0], parts[-1]
        lead = len(first) - len(first.lstrip()) if isinstance(first, str) else 0
        trail = len(last) - len(last.rstrip()) if isinstance(last, str) else 0
        if isinstance(first, str):
            parts[0] = first[lead:]
        if isinstance(parts[-1], str):
            parts[-1] = str(parts[-1])[: len(str(parts[-1])) - trail]
        places = places[lead : len(places) - trail]
        parts = _merged(parts)
        self.spans.append(_Span(indices[0], indices[-1], tags))
        self.segments.append(Segment(tuple(parts), self._line(indices[0])))
        self.offsets.append((tuple(s for s, _ in places), tuple(e for _, e in places)))

    def _settled(
        self, parts: list[str | Tag], tags: dict[tuple[Kind, int], tuple[int, int]], unclosed: set[int]
    ) -> list[str | Tag]:
        """Each tag with its markup; an inline element left open at the block's end stands alone."""
        for i in unclosed:
            tags[(Kind.STANDALONE, i)] = tags.pop((Kind.OPEN, i))
        settled: list[str | Tag] = []
        for part in parts:
            if isinstance(part, str):
                settled.append(part)
                continue
            kind = Kind.STANDALONE if part.id in unclosed else part.kind
            settled.append(Tag(kind, part.id, self._markup(tags[(kind, part.id)])))
        return settled

    def located(self) -> Iterator[tuple[str, int, tuple[int, ...], tuple[int, ...]]]:
        """``(text, where it starts, starts, ends)`` of each segment: every character's place in the text read
        (an attribute's value: its tag's place, characters unmapped), for ``check``."""
        for span, segment, offsets in zip(self.spans, self.segments, self.offsets, strict=True):
            text = plain(segment.parts)
            if offsets is None:
                yield text, self.tokens[span.first].start, (), ()
            else:
                yield text, offsets[0][0] if offsets[0] else self.tokens[span.first].start, *offsets

    def _markup(self, tokens: tuple[int, int]) -> str:
        return "".join(t.raw for t in self.tokens[tokens[0] : tokens[1] + 1])

    def write(self, translations: Sequence[Translation | None], signature: str) -> bytes:
        raw = [t.raw for t in self.tokens]
        for span, translation in zip(self.spans, translations, strict=True):
            if span.attribute is not None and translation is not None:
                index, attr = span.attribute
                raw[index] = _set_attribute(
                    raw[index], attr, "".join(p for p in translation.parts if isinstance(p, str))
                )
        for index, token in enumerate(self.tokens):
            if token.kind == "start" and token.tag == "html":
                raw[index] = _set_attribute(raw[index], "lang", "en", add=True)
        replaced: dict[int, tuple[int, str]] = {}  # first token → (last token, new text)
        for span, translation in zip(self.spans, translations, strict=True):
            if span.attribute is None and translation is not None:
                replaced[span.first] = (span.last, self._render(span, translation, raw))
        out: list[str] = []
        index = 0
        while index < len(raw):
            if index in replaced:
                last, text = replaced[index]
                out.append(text)
                index = last + 1
            else:
                out.append(raw[index])
                index += 1
        return "".join(out).encode("utf-8")

    def _render(self, span: _Span, translation: Translation, raw: list[str]) -> str:
        first, last = raw[span.first], raw[span.last]
        lead = first[: len(first) - len(first.lstrip())] if self.tokens[span.first].kind == "data" else ""
        trail = last[len(last.rstrip()) :] if self.tokens[span.last].kind == "data" else ""
        out = [lead]
        for part in translation.parts:
            if isinstance(part, str):
                out.append(html.escape(part, quote=False))
            else:
                start, end = span.tags[(part.kind, part.id)]
                out.append("".join(raw[start : end + 1]))
        out.append(trail)
        return "".join(out)


def _characters(token: _Token) -> tuple[str, list[tuple[int, int]]]:
    """The text of a data or reference token and where each of its characters lies in the page."""
    text = html.unescape(token.raw)
    if token.kind == "data":
        return text, [(token.start + i, token.start + i + 1) for i in range(len(text))]
    return text, [(token.start, token.start + len(token.raw))] * len(text)  # a reference: all of it


def _untranslatable(token: _Token) -> bool:
    """An element the page marks as not to be translated: ``translate="no"`` or ``class="notranslate"``."""
    attrs = dict(token.attrs)
    return (attrs.get("translate") or "").lower() == "no" or "notranslate" in (attrs.get("class") or "").split()


def _merged(parts: list[str | Tag]) -> list[str | Tag]:
    """Adjacent text parts as one, empty ones dropped."""
    out: list[str | Tag] = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            out[-1] += part
        elif part != "":
            out.append(part)
    return out


def _set_attribute(tag: str, attr: str, value: str, *, add: bool = False) -> str:
    """``tag`` (a start tag's source) with ``attr`` set to ``value``; added if absent and ``add``."""
    escaped = html.escape(value, quote=True)
    pattern = re.compile(rf"(\s{re.escape(attr)}\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
    found = pattern.search(tag)
    if found:
        quote = found.group(2)[0] if found.group(2)[0] in "\"'" else '"'
        return tag[: found.start(2)] + quote + escaped + quote + tag[found.end(2) :]
    if not add:
        return tag
    name = re.match(r"<\s*[\w:-]+", tag)
    at = name.end() if name else len(tag) - 1
    return f'{tag[:at]} {attr}="{escaped}"{tag[at:]}'


FORMAT = DocumentFormat("html", (".html", ".htm", ".xhtml"), HtmlDocument, title="HTML pages")
