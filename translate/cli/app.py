"""The ``glossmt`` command: a thin layer over the library.

Each command family lives in its own module; :func:`_register_commands` names them all.
Domain errors become one line on stderr and a documented exit code, at this one edge:
0 ok, 1 findings, 2 usage, 3 bad input data, 4 model unavailable. ``--debug`` shows tracebacks.
Nothing heavy is imported here: ``glossmt glossary lint`` must start without torch.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from glossmt.glossary.errors import GlossmtError
from glossmt.glossary.fileio import write_error
from glossmt.translate.cli.entry import INTERRUPTED_EXIT, interrupted, stop_if_interrupted


class _ErrorsToExitCodes(TyperGroup):
    """Turn :class:`GlossmtError` into ``error: file:line: what — fix`` and its exit code."""

    def invoke(self, ctx: Any) -> Any:  # typer.Context; typer types it with its vendored click
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk shows here, as one line, not as noise at exit
            stop_if_interrupted()  # Ctrl-C that something swallowed still ends the run as interrupted
            return result
        except GlossmtError as exc:
            if _debug(ctx):
                raise
            if interrupted():
                _end_interrupted(ctx)
            typer.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `glossmt … | head`: the reader left; end quietly, as a Unix filter does.
            _silence_stdout()
            ctx.exit(0)
        except KeyboardInterrupt:
            if _debug(ctx):
                raise
            _end_interrupted(ctx)
        except OSError as exc:
            # Files are written through fileio, which names them; what is left is stdout (disk full, I/O error).
            if _debug(ctx):
                raise
            if interrupted():
                _end_interrupted(ctx)
            _silence_stdout()
            error = write_error(exc, "<stdout>") if exc.errno in _WRITE_ERRORS else exc
            typer.echo(f"error: {error}", err=True)
            ctx.exit(3)
        except Exception:
            if interrupted() and not _debug(ctx):  # what an interrupted import or finaliser turned into
                _end_interrupted(ctx)
            raise


_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS})


def _end_interrupted(ctx: Any) -> None:
    ctx.exit(INTERRUPTED_EXIT)  # announced by main(), which also sees the interrupts typer turns into Exit(130)


def _debug(ctx: typer.Context) -> bool:
    root = ctx.find_root()
    return bool(root.params.get("debug")) or os.environ.get("GLOSSMT_DEBUG") == "1"


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    cls=_ErrorsToExitCodes,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Chinese→English translation that keeps a glossary of names.",
)
glossary_app = typer.Typer(
    cls=_ErrorsToExitCodes,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Maintain term files: lint, find terms, list, show, stats, import, export, merge.",
)
app.add_typer(glossary_app, name="glossary")
models_app = typer.Typer(
    cls=_ErrorsToExitCodes,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Prepare translation models: convert a Marian model to the fast CTranslate2 backend.",
)
app.add_typer(models_app, name="models")
memory_app = typer.Typer(
    cls=_ErrorsToExitCodes,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="The translation memory: stats, prune, export (TMX), import reviewed PO files.",
)
app.add_typer(memory_app, name="memory")


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version as dist_version

        typer.echo(f"glossmt {dist_version('glossmt')}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_print_version),
    ] = False,
) -> None:
    """Chinese→English translation that keeps a glossary of names."""


def _register_commands() -> None:
    """Every command, named here and nowhere else: no command module registers itself on import."""
    from glossmt.translate.cli import check, extract, glossary, glossary_io, memory, models, translate

    for name, command in (
        ("translate", translate.translate_command),
        ("check", check.check_command),
        ("extract", extract.extract_command),
    ):
        app.command(name, epilog=check.EPILOG if name == "check" else None)(command)
    for name, command in (
        ("lint", glossary.lint_command),
        ("find", glossary.find_command),
        ("list", glossary.list_command),
        ("show", glossary.show_command),
        ("stats", glossary.stats_command),
        ("import", glossary_io.import_terms),
        ("export", glossary_io.export_terms),
        ("merge", glossary_io.merge_terms),
    ):
        glossary_app.command(name, epilog=glossary.LINT_EPILOG if name == "lint" else None)(command)
    models_app.command("convert")(models.convert_command)
    for name, command in (
        ("stats", memory.stats_command),
        ("prune", memory.prune_command),
        ("export", memory.export_command),
        ("import", memory.import_command),
    ):
        memory_app.command(name)(command)


_register_commands()


def main() -> None:
    """Console-script entry point."""
    if hasattr(signal, "SIGPIPE"):
        # Restore the default so `glossmt … | head` ends quietly instead of raising.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        app()
    except SystemExit as exc:
        # Exit 130 is an interrupt, ours or typer's: typer turns a Ctrl-C that lands outside a command
        # (while parsing options, say) into a silent Exit(130).
        if exc.code == INTERRUPTED_EXIT:
            _silence_stdout()
            typer.echo("interrupted", err=True)
        raise
    finally:
        _flush_at_exit()


def _flush_at_exit() -> None:
    """What is still buffered for stdout, written now: a failure is one line and exit 3, not a traceback at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as exc:
        _silence_stdout()
        sys.stderr.write(f"error: {write_error(exc, '<stdout>')}\n")
        raise SystemExit(3) from None
