"""``glossmt glossary import`` and ``export``: move terms between PO and CSV, TSV, TBX or JSONL.

``import FILE… -o OUT.po`` merges term files of any format, in order, into one PO term file:
identical pairs become one entry, and one Chinese form with several English forms one concept (the
most frequent English canonical, the rest accepted variants; ``--on-conflict``). ``--skip-invalid``
imports the good rows of CSV, TSV and JSONL files and reports each bad one on stderr (exit 1).
``export -o FILE|-`` writes the loaded glossary (``-g``, ``$GLOSSMT_GLOSSARY`` or the shipped terms)
in the format the extension or ``--format`` names; CSV and TSV also take ``--layout`` for DeepL,
Google Cloud Translation or Amazon Translate. A one-line summary goes to stderr; stdout carries only
data (``-o -``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from glossmt.glossary.consolidate_imports import OnConflict, consolidate
from glossmt.glossary.errors import TermFileError, UsageError
from glossmt.glossary.formats import dumps_terms, format_for, read_terms
from glossmt.glossary.formats.delimited import LAYOUTS, check_layout
from glossmt.glossary.io.fileio import atomic_write_text, check_readable, check_writable
from glossmt.glossary.io.outputs import guard_outputs
from glossmt.glossary.loading import glossary_paths, load_glossary
from glossmt.glossary.model import Glossary, Term
from glossmt.translate.cli.options import STDIN, GlossaryOption, is_stdio, plural

SERVICE_LAYOUTS = ("deepl", "google", "amazon")  # services enforce every entry: drafts stay out by default

_FORMAT_HELP = "Term-file format: po, csv, tsv, tbx or jsonl (default: from the file's extension)."
_LAYOUT_HELP = f"CSV/TSV column layout: {', '.join(LAYOUTS)} (reading detects it; writing defaults to glossmt)."


def import_terms(  # noqa: PLR0917 (typer maps parameters to options)
    files: Annotated[list[Path], typer.Argument(help="Term files to merge, in order (- reads stdin).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The PO term file to write (- for stdout).")],
    fmt: Annotated[str | None, typer.Option("--format", help=_FORMAT_HELP)] = None,
    layout: Annotated[str | None, typer.Option("--layout", help=_LAYOUT_HELP)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    on_conflict: Annotated[
        OnConflict,
        typer.Option(
            "--on-conflict",
            help="One Chinese form, several English: most-frequent or first is canonical (rest accepted), or error.",
        ),
    ] = OnConflict.MOST_FREQUENT,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Import the good rows; report each bad one (file:line) and exit 1."),
    ] = False,
    strip_articles: Annotated[
        bool, typer.Option("--strip-articles", help='Drop a leading "the", "a" or "an" from English terms.')
    ] = False,
) -> None:
    """Merge term files (CSV, TSV, TBX, JSONL, PO) into one PO term file."""
    layout = check_layout(layout)
    if not is_stdio(output):
        if format_for(output) != "po":
            raise UsageError(f"import writes a PO term file, not {output}", hint="name the output .po, or use export")
        if output.exists() and not force:
            raise UsageError(f"{output} exists", hint="pass --force to replace it, or choose another -o")
    for path in files:
        check_readable(path)  # a folder or unreadable file is bad input (exit 3), before any work
    _guard(files, output)
    skipped: list[TermFileError] = []
    rows: list[Term] = []
    for path in files:
        rows.extend(read_terms(path, fmt, layout=layout, on_invalid=skipped.append if skip_invalid else None))
    merged = consolidate(rows, on_conflict=on_conflict, strip_articles=strip_articles)
    terms = list(merged.terms)
    _write(dumps_terms(terms, "po"), output)
    for error in skipped:
        typer.echo(f"skipped: {error}", err=True)
    for choice in merged.choices:
        typer.echo(f"chose: {choice}", err=True)
    notes = [
        f"; merged {plural(merged.duplicates, 'repeated row')}" if merged.duplicates else "",
        f"; {plural(len(merged.choices), 'form')} with several English" if merged.choices else "",
        f"; stripped {plural(merged.stripped, 'leading article')}" if merged.stripped else "",
        f"; skipped {plural(len(skipped), 'invalid row')}" if skipped else "",
    ]
    _summary("imported", terms, len(files), output, "".join(notes))
    if skipped:
        raise typer.Exit(1)


def export_terms(
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write (- for stdout).")],
    glossaries: GlossaryOption = None,
    fmt: Annotated[str | None, typer.Option("--format", help=_FORMAT_HELP)] = None,
    layout: Annotated[str | None, typer.Option("--layout", help=_LAYOUT_HELP)] = None,
    drafts: Annotated[
        bool | None,
        typer.Option(
            "--include-drafts/--no-drafts",
            help="Write draft terms too (default: yes, except for the deepl, google and amazon layouts).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the glossary as PO, CSV, TSV, TBX or JSONL (DeepL, Google, Amazon layouts for CSV/TSV)."""
    layout = check_layout(layout)
    name = format_for(output, fmt)  # a bad extension or format fails before any file is read
    files = glossary_paths(glossaries)
    _guard(files, output)
    glossary = load_glossary(files)
    if drafts is None:
        drafts = layout not in SERVICE_LAYOUTS
    terms = [term for term in glossary if drafts or not term.draft]
    _write(dumps_terms(terms, name, layout=layout), output)
    skipped = len(glossary) - len(terms)
    _summary("exported", terms, len(files), output, f"; left out {plural(skipped, 'draft')}" if skipped else "")


def _guard(inputs: list[Path], output: Path) -> None:
    """The output must not be one of the term files read, and its folder must be writable."""
    if is_stdio(output):
        return
    guard_outputs([(inputs[0] if inputs else STDIN, output)], also_inputs=inputs)
    check_writable(output)


def _write(text: str, output: Path) -> None:
    """Write to stdout for ``-``, else atomically: a reader never sees half a term file."""
    if is_stdio(output):
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(output, text)


def _summary(verb: str, terms: list[Term], files: int, output: Path, extra: str = "") -> None:
    concepts = len(Glossary.of(terms).concepts)
    where = "stdout" if is_stdio(output) else str(output)
    typer.echo(
        f"{verb} {plural(len(terms), 'term')} ({plural(concepts, 'concept')}) "
        f"from {plural(files, 'file')} → {where}{extra}",
        err=True,
    )


def merge_terms(
    candidates: Annotated[Path, typer.Argument(help="Reviewed candidate term file (from `glossmt extract -f po`).")],
    glossary: Annotated[Path, typer.Option("-g", "--glossary", help="The folder (or .po file) of term files.")],
    include_drafts: Annotated[
        bool, typer.Option("--include-drafts", help="Merge entries still marked fuzzy too, as drafts.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the diff; change nothing.")] = False,
) -> None:
    """Fold reviewed candidates into the term files: variants join their concept, new concepts their type's file."""
    from glossmt.glossary.merge_candidates import plan_merge

    plan = plan_merge(candidates, glossary, include_drafts=include_drafts)
    if dry_run:
        sys.stdout.write(plan.diff())
    else:
        plan.apply()
    variants = sum(1 for p in plan.placed if p.variant)
    verb = "would merge" if dry_run else "merged"
    parts = [f"{verb} {plural(len(plan.placed), 'entry', 'entries')}"]
    parts.append(f"{variants} as variants of existing concepts, {len(plan.placed) - variants} new")
    if plan.drafts_left_out:
        parts.append(f"left out {plural(plan.drafts_left_out, 'draft')} (still fuzzy; --include-drafts merges them)")
    if plan.already_present:
        parts.append(f"{plan.already_present} already present")
    typer.echo("; ".join(parts) + f" → {', '.join(sorted(str(p) for p in plan.after)) or 'no file changed'}", err=True)
