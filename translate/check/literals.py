"""String literals of JSON and PO lines decoded with the place of every character, so a fix can be written back.

``json_string_value('{"target": "Li \\u00e9"}', "target")`` gives the value and, for each of its
characters, where it starts and ends in the line: an escape is one character spanning several.
"""

from __future__ import annotations

__all__ = ["JSON_ESCAPES", "PO_ESCAPES", "json_string_value", "string_literal"]

JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
PO_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def string_literal(line: str, quote: int, escapes: dict[str, str]) -> tuple[str, list[int], list[int], int]:
    """Decode the string literal opening at ``line[quote]``: its value, where each character
    starts and ends in ``line``, and the offset after the closing quote."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = quote + 1
    while i < len(line) and line[i] != '"':
        begin = i
        if line[i] == "\\" and i + 1 < len(line):
            code = line[i + 1]
            if code == "u" and escapes is JSON_ESCAPES:
                unit = int(line[i + 2 : i + 6], 16)
                i += 6
                if 0xD800 <= unit < 0xDC00 and line.startswith("\\u", i):
                    low = int(line[i + 2 : i + 6], 16)
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                char = chr(unit)
            else:
                char = escapes.get(code, code)
                i += 2
        else:
            char = line[i]
            i += 1
        chars.append(char)
        starts.append(begin)
        ends.append(i)
    return "".join(chars), starts, ends, i + 1


def json_string_value(line: str, wanted: str) -> tuple[str, list[int], list[int]] | None:
    """The top-level string value of key ``wanted`` in a one-line JSON object, with offsets."""
    depth = 0
    i = 0
    last_key: str | None = None
    expecting_value = False
    while i < len(line):
        char = line[i]
        if char == '"':
            value, starts, ends, after = string_literal(line, i, JSON_ESCAPES)
            rest = line[after:].lstrip()
            if depth == 1 and expecting_value and last_key == wanted:
                return value, starts, ends
            if depth == 1 and rest.startswith(":"):
                last_key, expecting_value = value, True
            else:
                expecting_value = False
            i = after
            continue
        if char in "{[":
            depth += 1
            if depth > 1:
                expecting_value = False
        elif char in "}]":
            depth -= 1
        elif char == "," and depth == 1:
            expecting_value = False
        i += 1
    return None
