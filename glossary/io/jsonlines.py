"""One JSON Lines value, parsed safely: every failure is a one-line error naming ``file:line``.

``json.loads`` alone lets hostile lines through as tracebacks: nesting deep enough to exhaust the
recursion limit (``RecursionError``), integers past Python's digit limit (``ValueError``), and
``"\\ud800"``, a lone surrogate that decodes fine and then cannot be written as UTF-8 anywhere.
"""

from __future__ import annotations

import json
import re
from typing import Any

from glossmt.glossary.errors import BadInputError

MAX_DEPTH = 64  # a term or a translated segment nests two levels; anything near this is not one
_BRACKETS = re.compile(r'[\[{\]}]|"(?:[^"\\]|\\.)*"')
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def loads_line(line: str, path: str, number: int, *, hint: str, error: type[BadInputError] = BadInputError) -> Any:
    """The JSON value on one line; ``error`` (exit 3) at ``path:number`` when it is not one."""
    _check_depth(line, path, number, error)
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise error(f"not JSON: {exc.msg} (column {exc.colno})", path=path, line=number, hint=hint) from exc
    except RecursionError as exc:
        raise error("JSON nested too deeply", path=path, line=number, hint="flatten the value") from exc
    except ValueError as exc:  # Python refuses integers of more than sys.get_int_max_str_digits() digits
        raise error(
            "JSON number too long to read", path=path, line=number, hint="write it as a string, or shorten it"
        ) from exc
    if "\\u" in line and _has_surrogate(value):
        raise error(
            "JSON string holds a lone surrogate (\\ud800–\\udfff), which is not a character",
            path=path,
            line=number,
            hint="write the character itself, or a surrogate pair",
        )
    return value


def _check_depth(line: str, path: str, number: int, error: type[BadInputError]) -> None:
    depth = 0
    for token in _BRACKETS.finditer(line):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise error(
                    f"JSON nested more than {MAX_DEPTH} levels deep", path=path, line=number, hint="flatten the value"
                )
        elif char in "]}":
            depth -= 1


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _LONE_SURROGATE.search(value) is not None
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    return False
