"""The compiled glossary: term files read once, then loaded from the cache in a fraction of the time.

Reading a large PO file with polib, and normalising its forms for the matcher, take seconds
(docs/benchmarks.md, "Design timings"); both depend on nothing but the files' names and bytes and the
code that reads them. So the result (every term, and the forms :class:`~glossmt.glossary.matching.Matcher`
looks for) is kept as a cache entry (:mod:`glossmt.glossary.io.cache`: ``glossaries/KEY.json`` in
the user cache folder), its key the SHA-256 of this format's version, the reading code (every module
of ``glossmt.glossary`` and the OpenCC version) and each term file's path and bytes. An edited file,
a new glossmt or a new OpenCC is a new key.

The payload is JSON columns (one list per field, list fields flattened with their counts). Beyond
the entry's own digest check, every column is checked for its type and length before a term is
built: a file that is not what :func:`write_cached` writes is a miss, and the files are read again.
"""

from __future__ import annotations

import hashlib
import json
import stat
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from glossmt.glossary.io.cache import read_entry, write_entry
from glossmt.glossary.matching import Matcher, MatchForms
from glossmt.glossary.model import Glossary, Origin, Term, TermType

__all__ = ["Compiled", "cache_key", "read_cached", "write_cached"]

FORMAT = 2  # 2: the safe_fix column
KIND = "glossaries"
_TEXT_COLUMNS = ("source", "target", "concept", "type", "note", "comment")
_LIST_COLUMNS = ("avoid", "sources", "accept", "safe_fix")
_TYPES: dict[str, TermType | None] = {"": None, **{t.value: t for t in TermType}}
KNOWN = 8  # compiled glossaries remembered by identity (a server holds one per DeepL glossary in use)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A glossary and its forms as the matcher looks for them, computed once (here or on disk)."""

    glossary: Glossary
    forms: MatchForms
    _matchers: dict[bool, Matcher] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _remember(self)

    @classmethod
    def of(cls, glossary: Glossary) -> Compiled:
        return cls(glossary, MatchForms.of(glossary))

    @classmethod
    def for_glossary(cls, glossary: Glossary) -> Compiled:
        """The compiled form ``glossary`` (this very object) was loaded or compiled in; else compiled now."""
        with _LOCK:
            known = _KNOWN.get(id(glossary))
            if known is not None and known.glossary is glossary:
                _KNOWN.move_to_end(id(glossary))
                return known
        return cls.of(glossary)

    def matcher(self, *, use_jieba: bool = True) -> Matcher:
        """The matcher over this glossary (reusing the normalised forms), built on the first call only."""
        with _LOCK:
            found = self._matchers.get(use_jieba)
            if found is None:
                found = self._matchers[use_jieba] = Matcher(self.glossary, use_jieba=use_jieba, forms=self.forms)
            return found


# The last few compiled glossaries by the identity of their Glossary (each entry holds its glossary, so
# an id is never reused while it is here).
_KNOWN: OrderedDict[int, Compiled] = OrderedDict()
_LOCK = threading.RLock()


def _remember(compiled: Compiled) -> None:
    with _LOCK:
        _KNOWN[id(compiled.glossary)] = compiled
        _KNOWN.move_to_end(id(compiled.glossary))
        while len(_KNOWN) > KNOWN:
            _KNOWN.popitem(last=False)


def cache_key(files: list[Path]) -> str | None:
    """The key of these term files as they are now; None when they cannot be cached (not all regular files)."""
    digest = hashlib.sha256(f"glossmt-glossary-cache {FORMAT}\n{_code_digest()}\n".encode())
    for path in files:
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                return None  # a FIFO or device is read once, by the reader itself
            data = path.read_bytes()
        except OSError:
            return None  # the reader reports it, with its own message
        digest.update(f"{path}\x00{len(data)}\x00".encode())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


@cache
def _code_digest() -> str:
    """The code that reads and normalises term files: every glossmt.glossary module, and OpenCC's version."""
    from importlib.metadata import version

    package = Path(__file__).parent
    digest = hashlib.sha256(version("opencc").encode())
    for source in sorted([*package.glob("*.py"), *package.glob("formats/*.py")]):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def read_cached(key: str) -> Compiled | None:
    """The compiled glossary kept under ``key``, or None: absent, damaged or not what it claims."""
    payload = read_entry(KIND, key, version=FORMAT)
    if payload is None:
        return None
    try:
        return _from_columns(json.loads(payload))
    except (ValueError, TypeError, KeyError):
        return None


def write_cached(key: str, compiled: Compiled) -> None:
    """Keep ``compiled`` under ``key`` (best effort: see :func:`glossmt.glossary.io.cache.write_entry`)."""
    payload = json.dumps(_to_columns(compiled), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_entry(KIND, key, payload, version=FORMAT)


def _to_columns(compiled: Compiled) -> dict[str, Any]:
    terms = compiled.glossary.terms
    files = list(dict.fromkeys(t.origin.path if t.origin else "" for t in terms))
    index = {path: i for i, path in enumerate(files)}
    return {
        "count": len(terms),
        "files": files,
        "source": [t.source for t in terms],
        "target": [t.target for t in terms],
        "concept": [t.concept for t in terms],
        "type": [t.type.value if t.type else "" for t in terms],
        "note": [t.note for t in terms],
        "draft": [t.draft for t in terms],
        "comment": [t.comment for t in terms],
        **{name: [v for t in terms for v in getattr(t, name)] for name in _LIST_COLUMNS},
        **{f"{name}-count": [len(getattr(t, name)) for t in terms] for name in _LIST_COLUMNS},
        "file": [index[t.origin.path if t.origin else ""] for t in terms],
        "line": [t.origin.line if t.origin else -1 for t in terms],
        "forms": list(compiled.forms.sources),
        "targets": list(compiled.forms.targets),
    }


def _from_columns(columns: dict[str, Any]) -> Compiled | None:
    """The compiled glossary the columns hold, or None if any column is not what :func:`_to_columns` writes."""
    count = columns["count"]
    files = columns["files"]
    if not (type(count) is int and _only(files, str)):
        return None
    counted = (*_TEXT_COLUMNS, *(f"{name}-count" for name in _LIST_COLUMNS), "draft", "file", "line", "forms")
    if not all(isinstance(columns[name], list) and len(columns[name]) == count for name in counted):
        return None
    numbers = (*(f"{name}-count" for name in _LIST_COLUMNS), "file", "line")
    if not (
        all(_only(columns[name], str) for name in (*_TEXT_COLUMNS, *_LIST_COLUMNS, "forms", "targets"))
        and all(_only(columns[name], int) for name in numbers)
        and _only(columns["draft"], bool)
        and set(columns["type"]) <= _TYPES.keys()
        and all(0 <= i < len(files) for i in columns["file"])
    ):
        return None
    avoid, sources, accept, safe_fix = (_split(columns[name], columns[f"{name}-count"]) for name in _LIST_COLUMNS)
    if avoid is None or sources is None or accept is None or safe_fix is None:
        return None
    origins = [None if n < 0 else Origin(files[f], n) for f, n in zip(columns["file"], columns["line"], strict=True)]
    terms = map(
        Term,
        columns["source"],
        columns["target"],
        columns["concept"],
        [_TYPES[t] for t in columns["type"]],
        avoid,
        columns["note"],
        sources,
        columns["draft"],
        columns["comment"],
        origins,
        accept,
        safe_fix,
    )
    glossary = Glossary.of(terms)
    if len(columns["targets"]) != len(glossary.concepts):
        return None
    return Compiled(glossary, MatchForms(tuple(columns["forms"]), tuple(columns["targets"])))


def _split(values: list[str], counts: list[int]) -> list[tuple[str, ...]] | None:
    """One flat column cut back into each term's tuple (None if the counts do not add up)."""
    if sum(counts) != len(values) or min(counts, default=0) < 0:
        return None
    out: list[tuple[str, ...]] = []
    at = 0
    for n in counts:
        out.append(tuple(values[at : at + n]) if n else ())
        at += n
    return out


def _only(values: object, kind: type) -> bool:
    """Is ``values`` a list of exactly ``kind`` (``bool`` is not an ``int`` here)?"""
    return isinstance(values, list) and set(map(type, values)) <= {kind}
