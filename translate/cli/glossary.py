"""``glossmt glossary lint|find|list|show|stats``: what a glossary maintainer runs.

Thin: options in, library calls, lines out. No torch is imported on this path.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Annotated

import typer

from glossmt.glossary.errors import UsageError
from glossmt.glossary.findings import Severity, severity_counts
from glossmt.glossary.io.fileio import read_text
from glossmt.glossary.io.line_index import LineIndex
from glossmt.glossary.lint import RULES, lint
from glossmt.glossary.loading import load_compiled, load_glossary
from glossmt.glossary.matching import Match, Matcher
from glossmt.glossary.model import Concept, Glossary
from glossmt.glossary.normalise import normalise_form
from glossmt.translate.cli.options import FindFormat, GlossaryOption, ListingFormat, ReportFormat, inputs_or_stdin
from glossmt.translate.documents import segment_texts

EncodingOption = Annotated[str, typer.Option("--encoding", help="Encoding of the input text.")]


# `glossmt glossary lint --help` lists the rules from their registry.
LINT_EPILOG = f"Rules: {', '.join(f'{r.code} ({r.severity.value})' for r in RULES.values())}. See docs/term-files.md."


def lint_command(
    glossary: GlossaryOption = None,
    output_format: Annotated[
        ListingFormat, typer.Option("--format", help="text (file:line: severity: …) or json.")
    ] = ReportFormat.TEXT,
) -> None:
    """Check term files: duplicates, conflicts, bad avoid lists, Traditional forms, shadowed terms. Exit 1 on errors."""
    loaded = load_glossary(glossary)
    found = lint(loaded)
    if output_format is ReportFormat.JSON:
        records = [{**d.to_json(), "title": RULES[d.code].title} for d in found]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        for diagnostic in found:
            typer.echo(diagnostic.format_gcc())
    tally = severity_counts(found)
    summary = ", ".join(f"{n} {severity.value}s" for severity, n in tally.items())
    typer.echo(f"{len(loaded)} terms, {len(loaded.concepts)} concepts: {summary}", err=True)
    if tally[Severity.ERROR]:
        raise typer.Exit(1)


def find_command(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Chinese text files or documents (.html .docx .xlf …); - or nothing reads stdin."),
    ] = None,
    glossary: GlossaryOption = None,
    output_format: Annotated[
        FindFormat, typer.Option("--format", help="text (line:col TAB span TAB concept TAB English) or jsonl.")
    ] = ReportFormat.TEXT,
    encoding: EncodingOption = "utf-8-sig",
) -> None:
    """List the glossary terms in a Chinese text, one per line, with line:col in the original text."""
    matcher = load_compiled(glossary).matcher()
    paths = inputs_or_stdin(files)
    for path in paths:
        for line, col, match in _matches(matcher, path, encoding):
            prefix = f"{path}:" if len(paths) > 1 else ""
            if output_format is ReportFormat.JSONL:
                record = {
                    "file": path,
                    "line": line,
                    "col": col,
                    "start": match.start,
                    "end": match.end,
                    "text": match.text,
                    "concept": match.concept,
                    "target": match.target,
                    "draft": match.term.draft,
                }
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                typer.echo(f"{prefix}{line}:{col}\t{match.text}\t{match.concept}\t{match.target}")


def _matches(matcher: Matcher, path: str, encoding: str) -> Iterator[tuple[int, int, Match]]:
    """``(line, col, match)`` in a text file; in a document, each segment's line and the column in its text."""
    segments = segment_texts(path)
    if segments is None:
        text = read_text(path, encoding, option="--encoding")
        lines = LineIndex(text)
        for match in matcher.find(text):
            yield (*lines.position(match.start), match)
        return
    for line, text in segments:
        for match in matcher.find(text):
            yield line, match.start + 1, match


def list_command(glossary: GlossaryOption = None) -> None:
    """Every concept: id, canonical English, type, Chinese forms."""
    for concept in load_glossary(glossary).concepts:
        kind = concept.type.value if concept.type else "-"
        draft = "\tdraft" if concept.draft else ""
        typer.echo(f"{concept.id}\t{concept.target}\t{kind}\t{'、'.join(concept.forms)}{draft}")


def show_command(
    term: Annotated[str, typer.Argument(help="A Chinese form (any script), an English name or a concept id.")],
    glossary: GlossaryOption = None,
) -> None:
    """Everything about the concepts matching TERM (Chinese, English or concept id)."""
    found = _search(load_glossary(glossary), term)
    if not found:
        raise UsageError(f"no concept matches {term!r}", hint="try `glossmt glossary list` or part of the English name")
    for i, concept in enumerate(found):
        if i:
            typer.echo("")
        typer.echo(_describe(concept))


def _search(glossary: Glossary, query: str) -> list[Concept]:
    key = normalise_form(query)
    folded = query.casefold()
    hits = []
    for concept in glossary.concepts:
        forms = {normalise_form(f) for f in concept.forms}
        if (
            key in forms
            or concept.id == query
            or folded in concept.target.casefold()
            or any(key and key in f for f in forms)
        ):
            hits.append(concept)
    return hits


def _describe(concept: Concept) -> str:
    lines = [
        f"concept: {concept.id}",
        f"english: {concept.target}",
        f"type:    {concept.type.value if concept.type else '-'}",
    ]
    for term in concept.terms:
        status = " (draft)" if term.draft else ""
        lines.append(f"form:    {term.source}{status}  [{term.origin}]")
    if concept.avoid:
        lines.append(f"avoid:   {'; '.join(concept.avoid)}")
    notes = [t.note for t in concept.terms if t.note]
    if notes:
        lines.append(f"note:    {notes[0]}")
    return "\n".join(lines)


def stats_command(
    glossary: GlossaryOption = None,
    output_format: Annotated[ListingFormat, typer.Option("--format", help="text or json.")] = ReportFormat.TEXT,
) -> None:
    """Counts: concepts, Chinese forms, drafts, avoid renderings, concepts per type."""
    loaded = load_glossary(glossary)
    by_type = Counter(c.type.value if c.type else "untyped" for c in loaded.concepts)
    stats = {
        "concepts": len(loaded.concepts),
        "forms": len(loaded),
        "drafts": sum(1 for t in loaded if t.draft),
        "avoid": sum(len(c.avoid) for c in loaded.concepts),
        "by_type": dict(sorted(by_type.items())),
        "digest": loaded.digest(),
    }
    if output_format is ReportFormat.JSON:
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    for key in ("concepts", "forms", "drafts", "avoid", "digest"):
        typer.echo(f"{key}\t{stats[key]}")
    for kind, count in sorted(by_type.items()):
        typer.echo(f"type:{kind}\t{count}")
