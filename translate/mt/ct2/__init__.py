"""The CTranslate2 backend: a Marian model converted once (``glossmt models convert``), run fast on CPU.

``convert`` wraps CTranslate2's Transformers converter; ``decode`` loads a converted folder and
implements :class:`glossmt.translate.mt.backend.Translator`; ``repair`` keeps the term guarantee with
the hooks CTranslate2 has (no logits processor): see docs/design.md, "CTranslate2 backend".
"""
