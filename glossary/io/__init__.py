"""glossmt.glossary.io: the plumbing under every command, with no notion of terms.

Reading text with errors that name ``file:line`` and decoding it (``fileio``), atomic writes that never
replace what is not a regular file (``fileio``), no output over an input (``outputs``), closed standard
streams (``stdio``), one JSON Lines value parsed safely (``jsonlines``), offsets as ``line:column``
(``line_index``), and glossmt's one cache folder with its checked entries (``cache``).

The rule (an import-linter contract in pyproject.toml): this package imports nothing else from glossmt but
:mod:`glossmt.glossary.errors`, the exit codes its one-line errors carry; the domain builds on it, never the
reverse.
"""
