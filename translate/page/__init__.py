"""Self-contained review pages (``--format html``), shared by the MT pass and the checker.

Neutral ground: this package imports nothing from ``translate.mt`` or ``translate.check``; both build
their page from :mod:`.render` (the shell: one inline style and one inline script allowed by their
hashes) and :mod:`.marks` (untrusted text cut into escaped, highlighted spans).
"""
