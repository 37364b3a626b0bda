"""Where each character of a segment's text lies in its file: what ``check`` needs to point and to fix.

A reader knows the stretch of the file a segment came from and its parts (text and tags); :func:`locate`
walks both together. A tag's markup is found where it is written (or skipped over as markup); a text
character is the file's own character there, or a whitespace for a line break, or the character a
backslash escape or a character reference (``&amp;``) writes. Anything else means the reader wrote the
text differently from the file: the segment is then not located (None), and its findings point at its
start without a fix rather than at a wrong place.
"""

from __future__ import annotations

import html
import re

from glossmt.translate.markup import Parts, Tag

__all__ = ["Located", "locate"]

Located = tuple[str, tuple[int, ...], tuple[int, ...]]  # (text, starts, ends): offsets into the file's text
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SKIPPABLE = frozenset(" \t\r\n\\*_~")  # what may stand between text and a tag's place in the file
# Markup a reader rebuilds (Markdown's link ends, images, code spans), found as the file writes it.
_REWRITTEN = {
    "]": re.compile(r"\](?:\([^)\n]*\)|\[[^\]\n]*\])?"),
    "!": re.compile(r"!\[[^\]]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?"),
    "`": re.compile(r"(`+).+?(?<!`)\1(?!`)", re.DOTALL),
}


def locate(parts: Parts, text: str, start: int, end: int) -> Located | None:
    """The text of ``parts`` with each character's ``[start, end)`` in ``text[start:end]``, or None."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = start
    for part in parts:
        if isinstance(part, Tag):
            found = _tag(part, text, at, end)
            if found is None:
                return None
            at = found
            continue
        for index, char in enumerate(part):
            place = _char(part, index, text, at, end)
            if place is None:
                return None
            chars.append(char)
            starts.append(place[0])
            ends.append(place[1])
            at = place[1]
    return "".join(chars), tuple(starts), tuple(ends)


def _tag(tag: Tag, text: str, at: int, end: int) -> int | None:
    """Where the text after ``tag`` goes on: past its markup, found after nothing but skippable characters."""
    here = at
    while here <= end:
        if tag.markup and text.startswith(tag.markup, here) and here + len(tag.markup) <= end:
            return here + len(tag.markup)
        rewritten = _REWRITTEN.get(tag.markup[:1])
        if rewritten is not None and (match := rewritten.match(text, here, end)):
            return match.end()  # a reference link, a URL or a code span written in another form
        if here == end or text[here] not in _SKIPPABLE:
            break
        here += 1
    if tag.markup in ("<br>", ""):  # a hard break ("  \n", "\\\n") or an empty tag: nothing of its own
        return at
    return None


def _char(part: str, index: int, text: str, at: int, end: int) -> tuple[int, int] | None:
    """Where ``part[index]`` is written at ``at``, after skippable markup; None when the file writes something else."""
    char = part[index]
    here = at
    while here < end:
        found = text[here]
        if (
            found == "&"
            and (match := _REFERENCE.match(text, here, end))
            and html.unescape(match.group()) == char
            and not part.startswith(match.group(), index)  # the reader kept the reference as written
        ):
            return here, match.end()
        if found == char or (char.isspace() and found.isspace()):
            return here, here + 1
        if found == "\\" and here + 1 < end and text[here + 1] == char:
            return here, here + 2
        if found not in _SKIPPABLE:
            return None
        here += 1
    return None
