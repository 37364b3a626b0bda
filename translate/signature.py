"""How an output was made, said one way everywhere: ``key:value`` fields joined by ``|``.

sacrebleu's idea: a result carries the settings that made it. ``glossmt translate`` writes
``glossmt:0.4.0|backend:ct2|compute:int8|model:Helsinki-NLP/opus-mt-zh-en@…|glossary:…|beams:4`` into
every JSONL object, the PO header and the review page; ``glossmt check`` writes
``glossary:…|terms:…|threshold:80`` into its JSON, its HTML page and its summary line. A reader splits
on ``|``, then each field on its first ``:``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Signature", "glossmt_version"]


@dataclass(frozen=True, slots=True)
class Signature:
    """Ordered ``(key, value)`` fields; ``str()`` is the text outputs record."""

    fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, *fields: tuple[str, object] | Signature) -> Signature:
        """A signature of ``(key, value)`` pairs (values made text) and of signatures, spliced in order."""
        pairs: list[tuple[str, str]] = []
        for item in fields:
            pairs.extend(item.fields if isinstance(item, Signature) else [(item[0], str(item[1]))])
        return cls(tuple(pairs))

    def __str__(self) -> str:
        return "|".join(f"{key}:{value}" for key, value in self.fields)

    def __bool__(self) -> bool:
        return bool(self.fields)


def glossmt_version() -> str:
    """The installed glossmt's version (``0+unknown`` when run from a tree that is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("glossmt")
    except PackageNotFoundError:
        return "0+unknown"
