"""glossmt.translate: the translation pass, the checker and the command line, over glossmt.glossary.

Importing this package imports no torch and no part of it. The front door is
:mod:`glossmt.translate.session` (re-exported here, imported on first use): a :class:`Session` built once
from a model, a compiled glossary, options, a memory and a pinning policy translates documents and
batches of files; a :class:`CheckSession` checks documents or paths (docs/python-api.md). Beneath it,
in the order a pipeline uses them:

Translating (:mod:`glossmt.translate.mt`)
    ``mt.marian.decode.load_translator(name, device)`` loads a model (a hub id in the local cache or
    a folder; a missing model raises ``ModelUnavailableError`` with the way to get it);
    ``mt.pipeline.translate_lines(lines, translator, matcher=…, options=…)`` yields one
    ``mt.results.LineResult`` per line, each term reported with ``How`` it got there;
    ``mt.writers.open_writer(fmt, stream, info)`` writes text, tsv, jsonl, po or html.

Checking (:mod:`glossmt.translate.check`; never touches a model)
    ``check.readers.load(path)`` reads an English or bilingual file into a ``Document``;
    ``check.checker.Checker(glossary)`` makes the glossary ready; ``check.checks.check_documents``
    returns the findings of every check in ``check.checks.CHECKS``; ``check.fix.fix_and_recheck``
    applies the unambiguous fixes byte-exactly and checks again.

Verifying (:mod:`glossmt.translate.verify`)
    ``verify(english, expected)``: the rendering rules the pass, the decoder and the checker share.

The glossary side (loading term files, matching terms in Chinese, lint) is :mod:`glossmt.glossary`.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from glossmt.translate.session import (
        CheckReport,
        CheckSession,
        Pinning,
        Session,
        TermTally,
        TranslatedDocument,
    )

__all__ = ["CheckReport", "CheckSession", "Pinning", "Session", "TermTally", "TranslatedDocument"]


def __getattr__(name: str) -> Any:
    """The front door's names, imported from :mod:`glossmt.translate.session` when first asked for."""
    if name in __all__:
        from glossmt.translate import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
