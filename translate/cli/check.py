"""``glossmt check``: the QA pass an editor runs before publishing, and CI runs over a folder.

Thin: options in, :mod:`glossmt.translate.check.checker` does the work, findings out. stdout carries the
findings (or the diff); the summary goes to stderr. ``--fix -`` is a filter: the fixed text on stdout, the
report on stderr (``cat a.txt | glossmt check --fix - > fixed.txt``). Exit 0 clean, 1 findings at or above
``--fail-on``, 2 usage, 3 bad input (after checking every other file).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from glossmt.glossary.diagnostics import Severity, severity_counts
from glossmt.glossary.errors import BadInputError, GlossmtError, UsageError
from glossmt.glossary.fileio import (
    DEFAULT_ENCODING,
    atomic_write_bytes,
    atomic_write_text,
    check_encoding,
    check_writable,
    write_stdout,
)
from glossmt.glossary.loading import glossary_paths, load_glossary
from glossmt.glossary.outputs import guard_outputs
from glossmt.translate.check import readers as checkdocs
from glossmt.translate.check.checker import Checker, Finding
from glossmt.translate.check.checks import CHECKS, Batch, title
from glossmt.translate.check.edits import unified_diff
from glossmt.translate.check.fix import Fixed, fix_and_recheck
from glossmt.translate.check.nearmiss import DEFAULT_THRESHOLD
from glossmt.translate.check.readers import READERS, Document, suffixes
from glossmt.translate.cli.options import (
    INPUTS,
    STDIN,
    CheckFormat,
    EncodingOption,
    GlossaryOption,
    ReportFormat,
    is_stdio,
    plural,
)

# `glossmt check --help` lists the checks from their registry.
EPILOG = "Checks: " + ", ".join(f"{c.code} ({c.severity.value})" for c in CHECKS.values()) + ". See docs/check.md."

SUFFIXES = " ".join(f"*{suffix}" for suffix in suffixes())

if TYPE_CHECKING:  # the members are the registered readers (readers.READERS), made at import
    InputFormat = str
else:
    InputFormat = StrEnum("InputFormat", {kind.upper(): kind for kind in READERS})


@dataclass
class _Run:
    """What one ``check`` run has seen and done, for the output and the exit code."""

    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    bad_input: list[GlossmtError] = field(default_factory=list)
    docs: list[Document] = field(default_factory=list)  # kept only for the html report
    diff: list[str] = field(default_factory=list)  # --diff: one unified diff per file
    filtered: bytes | None = None  # --fix -: stdin's fixed bytes, for stdout
    failing: list[Finding] | None = None  # what the exit code counts, when not ``findings``


def check_command(  # noqa: PLR0917 (typer maps parameters to options)
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=INPUTS, help=f"English articles, folders ({SUFFIXES}) or bilingual files; - reads stdin."
        ),
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
            "--threshold",
            min=50,
            max=100,
            help="Near-miss similarity, 50–100: lower finds more, and more false alarms.",
        ),
    ] = DEFAULT_THRESHOLD,
    encoding: EncodingOption = DEFAULT_ENCODING,
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
    filtering = fix and not dry_run and STDIN in names  # stdout carries the fixed text, the report goes aside
    if filtering and len(names) > 1:
        raise UsageError("--fix - writes the fixed stdin to stdout", hint="name - alone, or the files alone")
    out: TextIO = io.StringIO() if to_file is not None else sys.stderr if filtering else sys.stdout
    checker = Checker(load_glossary(glossary), threshold=threshold)
    kind = str(input_format) if input_format else None
    run = _Run()
    batch = Batch(checker)
    fixing = fix or dry_run
    streaming = report_format is ReportFormat.TEXT and not fixing
    keep = report_format is ReportFormat.HTML
    checked: list[tuple[Document, list[Finding]]] = []  # kept only to fix them
    for doc in _documents(names, run, source=source, target=target, kind=kind, encoding=encoding):
        run.files += 1
        batch.add(doc)  # pass one tallies every spelling, so no finding depends on the order of the files
    for doc, findings in batch.results():
        if streaming:
            _print_text(findings, out)
        if fixing:
            checked.append((doc, findings))
        elif keep:
            run.docs.append(doc)
        run.findings.extend(findings)
    if fixing:
        before = run.findings + batch.finish()
        run.findings = _fix(checker, checked, run, write=not dry_run, keep=keep)
        if filtering:
            write_stdout(run.filtered if run.filtered is not None else checked[0][0].raw if checked else b"")
        if dry_run:  # nothing was written: the files still hold every finding, and the exit code says so
            run.failing = before
        if report_format is ReportFormat.TEXT:
            out.write("".join(run.diff))
    else:
        run.findings.extend(last := batch.finish())
        if streaming:
            _print_text(last, out)
    _report(run, report_format, dry_run, checker, streamed=streaming, out=out)
    if to_file is not None:
        atomic_write_text(Path(to_file), out.getvalue())  # type: ignore[attr-defined]
    if run.bad_input:
        raise typer.Exit(run.bad_input[0].exit_code)
    if any(f.diagnostic.severity.at_least(fail_on) for f in (run.findings if run.failing is None else run.failing)):
        raise typer.Exit(1)


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


def _documents(
    names: list[str], run: _Run, *, source: str | None, target: str | None, kind: str | None, encoding: str
) -> Iterator[Document]:
    """Each input as a Document; a file that cannot be read is reported and the batch goes on."""
    if source is not None and target is not None:
        yield checkdocs.load_aligned(source, target, encoding=encoding)
        return
    for name in names:
        try:
            doc = checkdocs.load(name, kind=kind, encoding=encoding)
        except BadInputError as exc:
            typer.echo(f"error: {exc}", err=True)
            run.bad_input.append(exc)
            continue
        yield doc


def _fix(
    checker: Checker, checked: list[tuple[Document, list[Finding]]], run: _Run, *, write: bool, keep: bool = False
) -> list[Finding]:
    """Apply (or, for --diff, show) each document's fixes; return what remains, checked afresh."""

    def commit(change: Fixed) -> bool:
        if not write:
            run.diff.append(unified_diff(change.before.path, change.before.text, change.plan.text))
            return True
        if not change.before.writable:  # stdin: the fixed bytes go to stdout
            run.filtered = change.raw
            return True
        try:
            atomic_write_bytes(change.before.path, change.raw)
        except BadInputError as exc:  # read-only, disk full: say so, keep the file, fix the others
            typer.echo(f"error: {exc}", err=True)
            run.bad_input.append(exc)
            return False
        return True

    result = fix_and_recheck(checker, checked, commit)
    run.fixed.extend(result.fixed)
    if keep:
        run.docs = list(result.documents)
    return list(result.remaining)


# --- output ---------------------------------------------------------------------------------


def _print_text(findings: list[Finding], out: TextIO) -> None:
    for finding in findings:
        out.write(finding.diagnostic.format_gcc() + "\n")
    out.flush()


def _finding_json(finding: Finding) -> dict[str, Any]:
    data = finding.diagnostic.to_json()
    data.update(title=title(finding.diagnostic.code), found=finding.found, fixable=finding.edit is not None)
    return data


def _report(
    run: _Run,
    report_format: ReportFormat,
    dry_run: bool,
    checker: Checker,
    *,
    streamed: bool,
    out: TextIO,
) -> None:
    fixed_word = "would fix" if dry_run else "fixed"
    signature = str(checker.signature)
    if report_format is ReportFormat.JSON:
        document = {
            "signature": signature,
            "findings": [_finding_json(f) for f in run.findings],
            "fixed": [{**_finding_json(f), "replacement": f.edit.replacement if f.edit else None} for f in run.fixed],
            "dry_run": dry_run,
            **({"diff": "".join(run.diff)} if dry_run else {}),
            "summary": _counts(run),
        }
        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    elif report_format is ReportFormat.HTML:
        from glossmt.translate.check.html_report import report_page

        out.write(report_page(run.docs, run.findings, signature=signature, fixed=len(run.fixed), preview=dry_run))
    elif not dry_run:
        for finding in run.fixed:
            d = finding.diagnostic
            replacement = finding.edit.replacement if finding.edit else ""
            out.write(f"{d.path}:{d.line}:{d.col}: fixed: {finding.found!r} → {replacement!r} [{d.code}]\n")
        if not streamed:
            _print_text(run.findings, out)
    counts = _counts(run)
    tail = f"; {fixed_word} {len(run.fixed)}" if run.fixed or dry_run else f"; {counts['fixable']} fixable with --fix"
    left = " left" if run.fixed or dry_run else ""
    typer.echo(
        f"check: {plural(run.files, 'file')}, {plural(len(run.findings), 'finding')}{left} "
        f"({counts['error']} errors, {counts['warning']} warnings, {counts['info']} info){tail} | {signature}",
        err=True,
    )


def _counts(run: _Run) -> dict[str, int]:
    counts = severity_counts(f.diagnostic for f in run.findings)
    tally = {severity.value: n for severity, n in counts.items()}
    tally["fixable"] = sum(1 for f in run.findings if f.edit is not None)
    tally["fixed"] = len(run.fixed)
    tally["files"] = run.files
    return tally
