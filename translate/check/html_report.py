"""``glossmt check --format html``: the English with every finding marked where it is.

The page lists the findings by file, each linking to its mark; each mark carries ``data-check`` (the
check id) and ``data-severity``, is coloured by severity, says its message and suggestion on hover
or focus, and is flagged when ``--fix`` can rewrite it. Only files with findings are shown, as the
checker read them (a PO or JSONL file as its text); for ``--source/--target`` the Chinese line
stands beside its English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from glossmt.glossary.findings import severity_counts
from glossmt.translate.check.checker import Finding
from glossmt.translate.check.checks import title
from glossmt.translate.check.readers import Document
from glossmt.translate.page.marks import Mark, marked
from glossmt.translate.page.render import render_page


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    english: Markup
    source: str | None  # the aligned Chinese line, if any


@dataclass(frozen=True, slots=True)
class Listed:
    """One finding in the list: where it links to and what it says."""

    anchor: str
    finding: Finding
    title: str

    @property
    def fixable(self) -> bool:
        return self.finding.edit is not None


@dataclass(frozen=True, slots=True)
class FileReport:
    index: int
    path: str
    bilingual: bool
    rows: tuple[Row, ...]
    listed: tuple[Listed, ...]


def report_page(
    docs: Iterable[Document], findings: Sequence[Finding], *, signature: str, fixed: int = 0, preview: bool = False
) -> str:
    """The report for ``findings`` over ``docs`` (the documents as checked).

    After ``--fix`` the documents are the fixed ones and ``fixed`` counts the fixes; with ``preview``
    (``--diff``) nothing was written and the page shows the files as ``--fix`` would leave them.
    """
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.diagnostic.path, []).append(finding)
    files: list[FileReport] = []
    checked = 0
    anchor = 0
    for doc in docs:
        checked += 1
        mine = sorted(by_path.pop(doc.path, []), key=lambda f: (f.start, f.end, f.diagnostic.code))
        if not mine:
            continue
        listed = []
        for finding in mine:
            anchor += 1
            listed.append(Listed(f"f{anchor}", finding, title(finding.diagnostic.code)))
        files.append(FileReport(len(files) + 1, doc.path, doc.kind == "aligned", _rows(doc, listed), tuple(listed)))
    unplaced = [Listed("", f, title(f.diagnostic.code)) for fs in by_path.values() for f in fs]
    severities = severity_counts(f.diagnostic for f in findings)
    checks = Counter(f.diagnostic.code for f in findings)
    context = {
        "title": "glossmt check report",
        "signature": signature,
        "files": files,
        "unplaced": unplaced,
        "checked": checked,
        "total": len(findings),
        "severities": [(severity.value, n) for severity, n in severities.items()],
        "checks": sorted(checks.items()),
        "fixable": sum(1 for f in findings if f.edit is not None),
        "fixed": fixed,
        "preview": preview,
    }
    return render_page(__package__ or "glossmt.translate.check", "report.html", context)


def _rows(doc: Document, listed: Sequence[Listed]) -> tuple[Row, ...]:
    """One row per line of the file, each finding marked on the line where it starts."""
    lines = doc.text.split("\n")
    if lines and lines[-1] == "" and len(lines) > 1:
        lines.pop()
    marks: dict[int, list[Mark]] = {}
    for item in listed:
        number, col = doc.position(item.finding.start)
        line = lines[number - 1] if number <= len(lines) else ""
        start = min(col - 1, len(line))
        end = max(start, min(start + item.finding.end - item.finding.start, len(line.rstrip("\r"))))
        marks.setdefault(number, []).append(_mark(item, start, end))
    sources: dict[int, str] = {}
    if doc.kind == "aligned":
        for segment in doc.segments:
            sources[doc.position(segment.origin)[0]] = segment.source or ""
    return tuple(
        Row(n, marked(line.rstrip("\r"), marks.get(n, ())), sources.get(n) if doc.kind == "aligned" else None)
        for n, line in enumerate(lines, 1)
    )


def _mark(item: Listed, start: int, end: int) -> Mark:
    d = item.finding.diagnostic
    tip = f"{d.severity.value} [{d.code}] {item.title}\n{d.message}"
    if d.suggestion is not None:
        tip += f"\nsuggestion: {d.suggestion}"
    if item.fixable:
        tip += "\nfixable: glossmt check --fix rewrites it"
    classes = f"f sev-{d.severity.value}" + (" fixable" if item.fixable else "")
    attrs = (
        ("class", classes),
        ("id", item.anchor),
        ("data-check", d.code),
        ("data-severity", d.severity.value),
        ("data-tip", tip),
        ("tabindex", "0"),
        ("data-nav", ""),
    )
    return Mark(start, end, attrs)
