"""glossmt.translate: the translation pass, the checker and the command line, over glossmt.glossary.

Importing this package imports no torch and no part of it; each entry point lives in its module and
is imported from there. The library API, in the order a pipeline uses it:

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

__all__: list[str] = []
