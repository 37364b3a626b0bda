"""The library's front door: a translation session and a check session, each built once and reused.

``glossmt translate`` and ``glossmt check`` parse their options, call these and print; the tests call
the same; so can a Python program or a server (docs/python-api.md)::

    from glossmt.translate.session import Session

    with Session.load("Helsinki-NLP/opus-mt-zh-en", memory="memory.sqlite") as session:
        document = session.translate_document(["托卡耶夫总统会见了卢特尼克。"])
        print(document.text, document.tally.summary(glossary=True))

:class:`Session` (translating, :mod:`.translating`) and :class:`CheckSession` (checking,
:mod:`.checking`) import no torch: a model is loaded when the first text reaches it. Each is imported
when first named, so translating never loads the checker nor checking the translation pass.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glossmt.translate.session.checking import CheckReport, CheckSession
    from glossmt.translate.session.translating import Pinning, Session, TermTally, TranslatedDocument

_HOMES = {
    "CheckReport": "checking",
    "CheckSession": "checking",
    "Pinning": "translating",
    "Session": "translating",
    "TermTally": "translating",
    "TranslatedDocument": "translating",
}
__all__ = ["CheckReport", "CheckSession", "Pinning", "Session", "TermTally", "TranslatedDocument"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
