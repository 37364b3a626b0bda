"""What both APIs share: the error a handler raises, and request bodies read into one shape.

A handler raises :class:`ApiError` (a status, a message, maybe a ``Retry-After``); each API turns it into
its own body (DeepL: ``{"message": …}``, LibreTranslate: ``{"error": …}``). Bodies come form-encoded
(DeepL's older clients, LibreTranslate's, Weblate) or as JSON (the current ``deepl`` client); either way a
:class:`Params` answers ``one(name)`` and ``many(name)`` (a repeated form field, or a JSON list).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

__all__ = ["ApiError", "Params", "parse_body"]


class ApiError(Exception):
    """An answer other than success: HTTP ``status``, a message for the client, maybe ``retry_after`` seconds."""

    def __init__(self, status: int, message: str, *, detail: str = "", retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Params:
    """A request's parameters: the body's, then the query string's for names the body lacks."""

    values: dict[str, list[object]] = field(default_factory=dict)
    lists: frozenset[str] = frozenset()  # names sent as a JSON list (a list of one is still a list)

    def one(self, name: str, default: str | None = None) -> str | None:
        found = self.values.get(name)
        if not found:
            return default
        value = found[0]
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, (str, int, float)):
            return str(value)
        raise ApiError(400, f"Value for '{name}' not supported.")

    def many(self, name: str) -> list[str]:
        found = self.values.get(name, [])
        if not all(isinstance(v, str) for v in found):
            raise ApiError(400, f"Value for '{name}' not supported.", detail="expected text")
        return [str(v) for v in found]

    def tags(self, name: str) -> list[str]:
        """A list of tag names: repeated, a JSON list, or comma-separated (DeepL accepts each)."""
        return [tag.strip() for value in self.many(name) for tag in value.split(",") if tag.strip()]


def parse_body(body: bytes, content_type: str, query: list[tuple[str, str]]) -> Params:
    """The parameters of a request: its JSON or form body, then its query string.

    Raises:
        ApiError: 400 for a body that is not UTF-8, not JSON when it says it is, or JSON that is not an object.
    """
    values: dict[str, list[object]] = {}
    lists: set[str] = set()
    kind = content_type.split(";", 1)[0].strip().lower()
    if body:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ApiError(400, "Request body is not valid UTF-8.") from exc
        if kind == "application/json":
            try:
                document = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ApiError(400, "Request body is not valid JSON.", detail=str(exc)) from exc
            if not isinstance(document, dict):
                raise ApiError(400, "Request body must be a JSON object.")
            for key, value in document.items():
                values[key] = list(value) if isinstance(value, list) else [value]
                if isinstance(value, list):
                    lists.add(key)
        elif kind in ("application/x-www-form-urlencoded", "text/plain", ""):
            for key, value in parse_qsl(text, keep_blank_values=True):
                values.setdefault(key, []).append(value)
        else:
            raise ApiError(415, f"Unsupported content type {kind!r}.", detail="send JSON or form-encoded parameters")
    from_body = set(values)
    for key, value in query:
        if key not in from_body:
            values.setdefault(key, []).append(value)
    return Params(values, frozenset(lists))
