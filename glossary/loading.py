"""Finding and loading glossaries: files, folders, the environment and the shipped terms.

Loading goes through the compiled-glossary cache (:mod:`glossmt.glossary.io.cache`): term files whose
names and bytes were read before are not parsed again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from glossmt.glossary.compiled import Compiled, cache_key, read_cached, write_cached
from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.formats import formats, read_terms
from glossmt.glossary.io.fileio import check_readable
from glossmt.glossary.model import Glossary, Term

__all__ = ["ENV_VAR", "glossary_paths", "load_compiled", "load_glossary", "shipped_terms_dir"]

ENV_VAR = "GLOSSMT_GLOSSARY"


def shipped_terms_dir() -> Path:
    """The folder of term files shipped inside the package."""
    return Path(str(resources.files("glossmt.glossary") / "terms"))


def glossary_paths(paths: Sequence[str | Path] | None = None) -> list[Path]:
    """Resolve ``-g`` options, then ``$GLOSSMT_GLOSSARY`` (``os.pathsep``-separated), then the shipped terms."""
    if paths:
        chosen = [Path(p) for p in paths]
    elif os.environ.get(ENV_VAR):
        chosen = [Path(p) for p in os.environ[ENV_VAR].split(os.pathsep) if p]
        if not chosen:
            raise UsageError(
                f"${ENV_VAR}={os.environ[ENV_VAR]!r} names no term file or folder",
                hint=f"set it to paths separated by {os.pathsep!r}, or unset it for the shipped terms",
            )
    else:
        chosen = [shipped_terms_dir()]
    files: list[Path] = []
    for path in chosen:
        if path.is_dir():
            found = sorted(path.rglob("*.po"))
            if not found:
                raise BadInputError(
                    "folder holds no .po term files", path=path, hint="add term files or name a .po file"
                )
            files.extend(found)
        elif path.exists():
            check_readable(path)  # unreadable is bad input (exit 3), found before any other work
            extensions = {ext for f in formats().values() for ext in f.extensions}
            if path.suffix.lower() not in extensions:
                raise BadInputError(
                    "not a term file (unknown extension)",
                    path=path,
                    hint=f"term files end in {' '.join(sorted(extensions))}",
                )
            files.append(path)
        else:
            if path.is_symlink():
                check_readable(path)  # a symlink loop says so
            raise BadInputError("no such glossary file or folder", path=path, hint=f"check the -g path or ${ENV_VAR}")
    return files


def load_glossary(paths: Sequence[str | Path] | None = None) -> Glossary:
    """Load every term file named (any supported format), keeping each term's ``file:line``.

    Args:
        paths: term files or folders of them; None: ``$GLOSSMT_GLOSSARY``, else the shipped terms.

    Returns:
        The glossary, its terms in file order.

    Raises:
        TermFileError: a file is malformed (the error names ``file:line`` and the fix).
    """
    return load_compiled(paths).glossary


def load_compiled(paths: Sequence[str | Path] | None = None) -> Compiled:
    """:func:`load_glossary`, with the forms its matcher looks for (``load_compiled(p).matcher()``).

    From the cache when these files were read before as they are now; else read, then cached.
    """
    files = glossary_paths(paths)
    key = cache_key(files)
    compiled = read_cached(key) if key else None
    if compiled is None:
        terms: list[Term] = []
        for path in files:
            terms.extend(read_terms(path))
        compiled = Compiled.of(Glossary.of(terms))
        if key:
            write_cached(key, compiled)
    return compiled
