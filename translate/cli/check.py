"""``glossmt check``: the QA pass an editor runs before publishing, and CI runs over a folder.

Thin: options in, :class:`glossmt.translate.session.CheckSession` does the work, findings out. stdout carries the
findings (or the diff); the summary goes to stderr. Exit 0 clean, 1 findings at or above
``--fail-on``, 2 usage, 3 bad input (after checking every other file).
"""

from __future__ import annotations

import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from glossmt.glossary.errors import GlossmtError, UsageError
from glossmt.glossary.findings import Severity
from glossmt.glossary.io.fileio import (
    DEFAULT_ENCODING,
    atomic_write_text,
    check_encoding,
    check_writable,
)
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.glossary.loading import glossary_paths, load_glossary
from glossmt.translate.check import readers as checkdocs
from glossmt.translate.check.checker import Finding
from glossmt.translate.check.checks import CHECKS
from glossmt.translate.check.nearmiss import DEFAULT_THRESHOLD
from glossmt.translate.check.readers import READERS, suffixes
from glossmt.translate.cli.options import STDIN, CheckFormat, GlossaryOption, ReportFormat, is_stdio, plural
from glossmt.translate.session.checking import CheckReport, CheckSession

# `glossmt check --help` lists the checks from their registry.
EPILOG = "Checks: " + ", ".join(f"{c.code} ({c.severity.value})" for c in CHECKS.values()) + ". See docs/check.md."

INPUTS = " ".join(f"*{suffix}" for suffix in suffixes())

if TYPE_CHECKING:  # the members are the registered readers (readers.READERS), made at import
    InputFormat = str
else:
    InputFormat = StrEnum("InputFormat", {kind.upper(): kind for kind in READERS})


def check_command(  # noqa: PLR0917 (typer maps parameters to options)
    paths: Annotated[
        list[str] | None,
        typer.Argument(help=f"English articles, folders ({INPUTS}) or bilingual files; - reads stdin."),
    ] = None,
    source: Annotated[str | None, typer.Option("--source", help="Chinese text, line-aligned with --target.")] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Its English translation, one line per source line.")
    ] = None,
    glossary: GlossaryOption = None,
    report_format: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="text (file:line:col: severity: …), json, or html (a review page)."),
    ] = ReportFormat.TEXT,
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Write the report to this file (atomically), not stdout.")
    ] = None,
    fail_on: Annotated[
        Severity, typer.Option("--fail-on", help="Exit 1 when a finding is this severe or more.")
    ] = Severity.ERROR,
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite files with the canonical names where the fix is unambiguous.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "--diff", help="Show the fixes as a unified diff; change nothing.")
    ] = False,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", min=50, max=100, help="Near-miss similarity, 0–100: lower finds more, and more false alarms."
        ),
    ] = DEFAULT_THRESHOLD,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Encoding of the inputs (gb18030, big5, …).")
    ] = DEFAULT_ENCODING,
    input_format: Annotated[
        InputFormat | None,
        typer.Option("--input-format", help="Read every input as this (default: by extension; stdin is text)."),
    ] = None,
) -> None:
    """Check English for wrong, misspelt and inconsistent names; --fix rewrites the unambiguous ones."""
    names = _inputs(paths, source, target)
    check_encoding(encoding)
    to_file = output if output is not None and not is_stdio(output) else None
    if to_file is not None:  # the report must not overwrite an article, a source or a term file
        read = [*names, *([source] if source else []), *glossary_paths(glossary)]
        guard_outputs([(names[0], to_file)], also_inputs=read)
        check_writable(to_file)
    out: TextIO = io.StringIO() if to_file is not None else sys.stdout
    if fix and not dry_run and STDIN in names:
        raise UsageError("--fix cannot rewrite stdin", hint="use --diff to see the fixes, or name the file")
    session = CheckSession(load_glossary(glossary), threshold=threshold)
    streaming = report_format is ReportFormat.TEXT and not (fix or dry_run)
    modes: dict[str, Any] = {
        "fix": fix,
        "dry_run": dry_run,
        "keep_documents": report_format is ReportFormat.HTML,
        "on_findings": (lambda found: _print_text(found, out)) if streaming else None,
        "on_error": _print_error,
    }
    if source is not None and target is not None:
        report = session.check_aligned(source, target, encoding=encoding, **modes)
    else:
        kind = str(input_format) if input_format else None
        report = session.check_paths(names, kind=kind, encoding=encoding, **modes)
    _report(report, report_format, streamed=streaming, out=out)
    if to_file is not None:
        atomic_write_text(Path(to_file), out.getvalue())  # type: ignore[attr-defined]
    code = report.exit_code(fail_on)
    if code:
        raise typer.Exit(code)


def _inputs(paths: list[str] | None, source: str | None, target: str | None) -> list[str]:
    if (source is None) != (target is None):
        raise UsageError("--source and --target go together", hint="pass both: --source zh.txt --target en.txt")
    if source is not None:
        if paths:
            raise UsageError("name files either as PATHS or with --source/--target, not both")
        return [str(target)]
    if not paths:
        if sys.stdin.isatty():
            raise UsageError("nothing to check", hint="name files or folders, or pipe English into `glossmt check -`")
        return [STDIN]
    return checkdocs.expand(paths)


def _print_error(error: GlossmtError) -> None:
    typer.echo(f"error: {error}", err=True)


# --- output ---------------------------------------------------------------------------------


def _print_text(findings: list[Finding], out: TextIO) -> None:
    for finding in findings:
        out.write(finding.diagnostic.format_gcc() + "\n")
    out.flush()


def _report(report: CheckReport, report_format: ReportFormat, *, streamed: bool, out: TextIO) -> None:
    dry_run = report.dry_run
    fixed_word = "would fix" if dry_run else "fixed"
    if report_format is ReportFormat.JSON:
        out.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    elif report_format is ReportFormat.HTML:
        from glossmt.translate.check.html_report import report_page

        findings, fixed = list(report.findings), len(report.fixed)
        out.write(
            report_page(list(report.documents), findings, signature=report.signature, fixed=fixed, preview=dry_run)
        )
    elif dry_run:
        out.write(report.diff)
    else:
        for finding in report.fixed:
            d = finding.diagnostic
            replacement = finding.edit.replacement if finding.edit else ""
            out.write(f"{d.path}:{d.line}:{d.col}: fixed: {finding.found!r} → {replacement!r} [{d.code}]\n")
        if not streamed:
            _print_text(list(report.findings), out)
    counts = report.counts()
    fixing = report.fixed or dry_run
    tail = f"; {fixed_word} {len(report.fixed)}" if fixing else f"; {counts['fixable']} fixable with --fix"
    left = " left" if fixing else ""
    typer.echo(
        f"check: {plural(report.files, 'file')}, {plural(len(report.findings), 'finding')}{left} "
        f"({counts['error']} errors, {counts['warning']} warnings, {counts['info']} info){tail} | {report.signature}",
        err=True,
    )
