"""The ``glossmt`` command: a thin layer over the library.

Each command family lives in its own module; :data:`GROUPS` names every command, as data.
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
from glossmt.glossary.io.fileio import write_error
from glossmt.translate.cli.commands import GROUPS, Group
from glossmt.translate.cli.entry import INTERRUPTED_EXIT, interrupted, stop_if_interrupted
from glossmt.translate.signature import glossmt_version

# click's UsageError (a wrong option or value): typer vendors click and exports only its subclass.
_USAGE_ERROR: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class _ErrorsToExitCodes(TyperGroup):
    """Turn :class:`GlossmtError` into ``error: file:line: what — fix`` and its exit code.

    A wrong option or value given to a command is one line too (exit 2), not typer's usage box.
    """

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, its on/off flags shown without a type: ``--fix``, not ``--fix <bool>``."""
        return _untyped_flags(super().get_command(ctx, cmd_name), ctx)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _untyped_flags(self, ctx)
        super().format_help(ctx, formatter)

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
        except _USAGE_ERROR as exc:
            if _debug(ctx):
                raise
            where = getattr(getattr(exc, "ctx", None), "command_path", None) or ctx.command_path
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            typer.echo(f"error: {message} — see '{where} --help'", err=True)
            ctx.exit(2)
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


def _untyped_flags(command: Any, ctx: Any) -> Any:
    """``command`` (a click command or group; None passes through), its on/off flags given an empty metavar."""
    for param in [*command.params, command.get_help_option(ctx)] if command is not None else []:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return command


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


def _typer(group: Group, **settings: Any) -> typer.Typer:
    app = typer.Typer(
        cls=_ErrorsToExitCodes, no_args_is_help=True, pretty_exceptions_enable=False, help=group.help, **settings
    )
    for command in group.commands:
        app.command(command.name, epilog=command.epilog)(command.run)
    return app


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"glossmt {glossmt_version()}")
        raise typer.Exit()


def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_print_version),
    ] = False,
) -> None:
    """Chinese→English translation that keeps a glossary of names."""


def build_app(groups: tuple[Group, ...] = GROUPS) -> typer.Typer:
    """The ``glossmt`` app: the top-level group's commands, then each other group under its name."""
    top, *subgroups = groups
    root = _typer(top, add_completion=False)
    root.callback()(_root)
    for group in subgroups:
        root.add_typer(_typer(group), name=group.name)
    return root


app = build_app()


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
