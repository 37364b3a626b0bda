"""``glossmt check --format html``: the English with every finding marked where it is.

The page lists the findings by file, each linking to its mark; each mark carries ``data-check`` (the
check id) and ``data-severity``, is coloured by severity, says its message and suggestion on hover
or focus, and is flagged when ``--fix`` can rewrite it. Only files with findings are shown, as the
checker read them (a PO or JSONL file as its text); for ``--source/--target`` the Chinese line
stands beside its English. A document (HTML, XLIFF, Markdown, subtitles, Word) is shown as the text
the checker read, a segment a row numbered by its line in the file (a Word file's: its paragraph),
an XLIFF unit's source beside its target.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from glossmt.glossary.findings import severity_counts
from glossmt.translate.check.checker import Finding
from glossmt.translate.check.checks import title
from glossmt.translate.check.readers import READERS, Document, Segment
from glossmt.translate.page.marks import Mark, marked
from glossmt.translate.page.render import render_page

SEGMENTS_NOTE = (
    "The text read from the document, a segment a row (markup, code and timings left out), "
    "numbered by the line where it starts"
)


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # the line shown (of a document's segment: the line where it starts)
    english: Markup
    source: str | None  # the aligned Chinese line, or an XLIFF unit's source
    key: str = ""  # the row's anchor when its number is not unique (a segment: S1, S2 …)


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
    note: str = ""


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
        reader = READERS.get(doc.kind)
        if reader is not None and reader.document:
            rows, note = _segment_rows(doc, listed), f"{SEGMENTS_NOTE} ({doc.kind})"
            files.append(FileReport(len(files) + 1, doc.path, doc.bilingual, rows, tuple(listed), note))
        else:
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


def _segment_rows(doc: Document, listed: Sequence[Listed]) -> tuple[Row, ...]:
    """A document as the checker read it: one row per segment (its text, no markup), each finding marked in it."""
    marks: dict[int, list[Mark]] = {}
    for item in listed:
        for index, segment in enumerate(doc.segments):
            at = _index(segment, item.finding.start, item.finding.found)
            if at is not None:
                marks.setdefault(index, []).append(_mark(item, at, at + len(item.finding.found)))
                break
    return tuple(
        Row(doc.position(s.origin)[0], marked(s.english, marks.get(n, ())), s.source, f"S{n + 1}")
        for n, s in enumerate(doc.segments)
    )


def _index(segment: Segment, offset: int, found: str) -> int | None:
    """Where the finding at file ``offset`` (its text ``found``) starts in ``segment``'s text, if it is there."""
    if segment.starts is None:
        at = offset - segment.origin
        return at if at >= 0 and segment.english.startswith(found, at) else None
    if not segment.mapped:  # findings stand at the segment's start: found by their text
        at = segment.english.find(found)
        return at if offset == segment.origin and at >= 0 else None
    at = bisect.bisect_left(segment.starts, offset)
    return at if at < len(segment.starts) and segment.starts[at] == offset else None


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
