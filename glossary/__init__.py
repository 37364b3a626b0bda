"""glossmt.glossary: the terms and everything about them that needs no model (never imports glossmt.translate).

Term files read into a :class:`~glossmt.glossary.model.Glossary` (``loading``, ``formats/``), compiled and
cached (``compiled``), matched in Chinese (``matching``), linted (``lint``); names it lacks found in text
(``extract/``). The layout, module by module, is in docs/development.md.
"""
