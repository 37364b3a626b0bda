"""glossmt.glossary: the terms and everything about them that needs no model (never imports glossmt.translate).

Term files read into a :class:`~glossmt.glossary.model.Glossary` (``loading``, ``formats/``), compiled and
cached (``compiled``), matched in Chinese (``matching``), linted (``lint``); names it lacks found in text
(``extract/``), names ranked (``names/``). Under all of it the plumbing (``io/``: decoding, atomic writes,
safe JSON Lines, the one cache folder), which knows nothing of terms; jieba lives behind ``jieba_words``.
The layout, module by module, is in docs/development.md.
"""
