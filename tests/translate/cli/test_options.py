"""What every command shares is written once: the options, the report format, stdin, plurals, registration."""

from __future__ import annotations

import pytest
import typer.main
from typer.testing import CliRunner

from glossmt.translate.check.readers import READERS, suffixes
from glossmt.translate.cli.app import app
from glossmt.translate.cli.commands import GROUPS
from glossmt.translate.cli.options import GLOSSARY_HELP, ReportFormat, is_stdio, plural


def _commands() -> list[tuple[str, typer.main.TyperCommand]]:
    root = typer.main.get_command(app)
    found = []
    for group in GROUPS:
        parent = root if group.name is None else root.commands[group.name]
        for command in group.commands:
            found.append((f"{group.name or ''} {command.name}".strip(), parent.commands[command.name]))
    return found


COMMANDS = _commands()


def test_every_command_in_the_registration_table_is_reachable() -> None:
    names = {name for name, _ in COMMANDS}
    assert {
        "translate",
        "check",
        "extract",
        "glossary lint",
        "glossary merge",
        "models convert",
        "memory prune",
    } <= names
    assert len(names) == sum(len(g.commands) for g in GROUPS)


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_no_help_text_loses_words_to_markup(name: str, command) -> None:
    """typer renders help as rich markup, where "[env X]" is a style tag and vanishes."""
    for param in command.params:
        help_text = getattr(param, "help", None) or ""
        assert "[" not in help_text.replace("[default", ""), f"{name} {param.name}: {help_text}"


def test_every_term_file_list_option_is_the_shared_one() -> None:
    shared = [name for name, command in COMMANDS for p in command.params if "--glossary" in p.opts and p.multiple]
    assert set(shared) == {name for name, command in COMMANDS if any(p.help == GLOSSARY_HELP for p in command.params)}
    assert {"translate", "check", "extract", "glossary lint", "glossary export"} <= set(shared)


def _help(*command: str) -> str:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


def test_check_lists_the_registered_readers() -> None:
    shown = _help("check")
    assert f"<{'|'.join(READERS)}>" in shown
    assert " ".join(f"*{suffix}" for suffix in suffixes()) in shown


@pytest.mark.parametrize(
    ("command", "formats"),
    [
        (["check"], ["text", "json", "html"]),
        (["glossary", "lint"], ["text", "json"]),
        (["glossary", "stats"], ["text", "json"]),
        (["glossary", "find"], ["text", "jsonl"]),
    ],
)
def test_report_formats_come_from_the_one_enum(command: list[str], formats: list[str]) -> None:
    assert f"<{'|'.join(formats)}>" in _help(*command)
    assert set(formats) <= {f.value for f in ReportFormat}
    refused = next(f.value for f in ReportFormat if f.value not in formats)
    result = CliRunner().invoke(app, [*command, "--format", refused])
    assert result.exit_code == 2


@pytest.mark.parametrize(("name", "expected"), [("-", True), ("a.txt", False), (None, False), ("./-", False)])
def test_a_dash_is_stdin_or_stdout(name: str | None, expected: bool) -> None:
    assert is_stdio(name) is expected


@pytest.mark.parametrize(
    ("count", "noun", "nouns", "expected"),
    [(0, "file", None, "0 files"), (1, "file", None, "1 file"), (2, "entry", "entries", "2 entries")],
)
def test_plural(count: int, noun: str, nouns: str | None, expected: str) -> None:
    assert plural(count, noun, nouns) == expected


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["translate", "--bogus"], "No such option: --bogus — see '"),
        (["check", "--fail-on", "nope", "x.txt"], "Invalid value for '--fail-on'"),
        (["glossary", "lint", "--format", "xml"], "Invalid value for '--format'"),
        (["nocommand"], "No such command 'nocommand'"),
    ],
    ids=["unknown-option", "bad-choice", "subcommand-option", "unknown-command"],
)
def test_a_wrong_option_is_one_error_line_and_exit_2(args: list[str], said: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert said in result.stderr
    assert result.stderr.rstrip().endswith(" --help'")  # the command whose help to read
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_debug_shows_a_wrong_options_traceback_instead() -> None:
    result = CliRunner().invoke(app, ["--debug", "translate", "--bogus"])
    assert result.exit_code == 2
    assert not result.stderr.startswith("error: ")
