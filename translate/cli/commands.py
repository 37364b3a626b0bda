"""Every command of ``glossmt``, as data: the groups and the function typer maps each command's options onto.

Named here and nowhere else: no command module registers itself on import; :mod:`.app` builds the
typer app from :data:`GROUPS`, and docs/development.md's registry table points here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from glossmt.translate.cli import check, extract, glossary, glossary_io, memory, models, names, serve, translate


@dataclass(frozen=True, slots=True)
class Command:
    """One command as the app registers it: its name, the function typer maps options onto, its epilog."""

    name: str
    run: Callable[..., None]
    epilog: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """A command group (``glossmt glossary …``); ``name`` None is the top level."""

    name: str | None
    help: str
    commands: tuple[Command, ...]


# Every command, named here and nowhere else: no command module registers itself on import.
GROUPS = (
    Group(
        None,
        "Chinese→English translation that keeps a glossary of names.",
        (
            Command("translate", translate.translate_command),
            Command("check", check.check_command, check.EPILOG),
            Command("extract", extract.extract_command),
            Command("serve", serve.serve_command, serve.EPILOG),
        ),
    ),
    Group(
        "glossary",
        "Maintain term files: lint, find terms, list, show, stats, suggest English for names, import, export, merge.",
        (
            Command("lint", glossary.lint_command, glossary.LINT_EPILOG),
            Command("find", glossary.find_command),
            Command("list", glossary.list_command),
            Command("show", glossary.show_command),
            Command("stats", glossary.stats_command),
            Command("suggest", names.suggest_command),
            Command("import", glossary_io.import_terms),
            Command("export", glossary_io.export_terms),
            Command("merge", glossary_io.merge_terms),
        ),
    ),
    Group(
        "models",
        "Prepare translation models: convert a Marian model to the fast CTranslate2 backend.",
        (Command("convert", models.convert_command),),
    ),
    Group(
        "memory",
        "The translation memory: stats, prune, export (TMX), import reviewed PO files.",
        (
            Command("stats", memory.stats_command),
            Command("prune", memory.prune_command),
            Command("export", memory.export_command),
            Command("import", memory.import_command),
        ),
    ),
)
