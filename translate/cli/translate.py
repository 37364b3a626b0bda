"""``glossmt translate``: Chinese in, English out, every approved glossary term in place.

stdin to stdout by default (``cat a.txt | glossmt translate > a.en.txt``); stdout carries data only,
flushed window by window; progress and the summary go to stderr. With ``-o`` and several inputs the
outputs go into a folder, each written atomically, and a rerun skips the ones already there, so an
interrupted batch resumes where it stopped.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.glossary.fileio import DEFAULT_ENCODING, atomic_write_text, decode, read_text
from glossmt.translate.mt.backend import LazyTranslator
from glossmt.translate.mt.pipeline import CASCADE, DIRECT, DRAFT, HOWS, LineResult, Options
from glossmt.translate.mt.writers import Format, RunInfo, open_writer

STDIN = "-"


class Strategy(StrEnum):
    CASCADE = CASCADE
    DIRECT = DIRECT


class Device(StrEnum):
    AUTO = "auto"
    CPU = "cpu"
    CUDA = "cuda"


def translate_command(  # noqa: PLR0917 (typer passes options by keyword)
    files: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILE…|-]", help="Chinese text, one paragraph per line; - or none: stdin."),
    ] = None,
    output: Annotated[
        str | None, typer.Option("-o", "--output", help="Output file; a folder when there are several inputs.")
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="text, jsonl (terms report), tsv, po (for review).")
    ] = Format.TEXT,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", "-m", help="Hub id or local folder [env GLOSSMT_MODEL; default Helsinki-NLP/opus-mt-zh-en]."
        ),
    ] = None,
    device: Annotated[Device, typer.Option("--device", help="Where the model runs.")] = Device.AUTO,
    beams: Annotated[int, typer.Option("--beams", min=1, help="Beam size; 1 is greedy.")] = 4,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Sentences per model call.")] = 16,
    glossary: Annotated[
        list[str] | None,
        typer.Option("-g", "--glossary", help="Term file or folder (repeatable) [env GLOSSMT_GLOSSARY]."),
    ] = None,
    no_glossary: Annotated[
        bool, typer.Option("--no-glossary", help="Translate plainly, no terms (the baseline).")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary.")] = False,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Input encoding, e.g. gb18030 or big5.")
    ] = DEFAULT_ENCODING,
    force: Annotated[bool, typer.Option("--force", help="Rewrite outputs that already exist.")] = False,
    strategy: Annotated[
        Strategy,
        typer.Option(
            "--strategy",
            help="cascade: free pass with hints, constrained re-decoding of misses (fluent); "
            "direct: one constrained pass (faster when the model rarely gets the terms alone).",
        ),
    ] = Strategy.CASCADE,
) -> None:
    """Translate Chinese to English with every approved glossary term rendered as its canonical English."""
    if no_glossary and glossary:
        raise UsageError("-g/--glossary and --no-glossary contradict each other", hint="pass one of them")
    inputs = files or [STDIN]
    if inputs.count(STDIN) > 1:
        raise UsageError("stdin (-) named twice", hint="name - at most once")
    for name in inputs:
        _check_readable(name)
    jobs = _plan(inputs, output, fmt, force)
    matcher = None
    digest = None
    if not no_glossary:
        from glossmt.glossary.loading import load_glossary
        from glossmt.glossary.matching import Matcher

        terms = load_glossary(glossary)
        matcher = Matcher(terms)
        digest = terms.digest()
    translator = LazyTranslator(model, device.value)
    info = RunInfo(_version(), translator.signature, digest, beams)
    options = Options(beams=beams, batch_size=batch_size, strategy=strategy.value)
    tally = _Tally()
    for job in jobs:
        if job.skip:
            _note(quiet, f"{job.target}: exists, skipped (--force rewrites it)")
            continue
        lines = _read_lines(job.source, encoding)
        stream: TextIO = io.StringIO() if job.target else sys.stdout
        writer = open_writer(fmt, stream, info, job.source_name)
        progress = _Progress(job.source_name, enabled=not quiet and _is_tty(sys.stderr))
        from glossmt.translate.mt.pipeline import translate_lines

        for result in translate_lines(lines, translator, matcher=matcher, options=options):
            writer.write(result)
            tally.add(result)
            if not job.target:
                stream.flush()  # a window's lines arrive together; each reaches the pipe at once
            progress.update(result.number)
        writer.close()
        progress.done()
        if job.target:
            atomic_write_text(job.target, stream.getvalue())  # type: ignore[attr-defined]
    if not quiet and tally.lines:
        typer.echo(tally.summary(matcher is not None), err=True)


# --- inputs and outputs -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Job:
    source: str
    target: Path | None  # None: stdout
    skip: bool = False

    @property
    def source_name(self) -> str:
        return "<stdin>" if self.source == STDIN else self.source


def _check_readable(name: str) -> None:
    if name == STDIN:
        return
    path = Path(name)
    if not path.exists():
        raise BadInputError("no such file", path=name, hint="check the path")
    if path.is_dir():
        raise BadInputError("is a directory, not a file", path=name, hint="name the files inside it")


def _plan(inputs: Sequence[str], output: str | None, fmt: Format, force: bool) -> list[_Job]:
    """Where each input's translation goes; outputs that exist are skipped unless ``force``."""
    if output is None or output == STDIN:
        return [_Job(name, None) for name in inputs]
    out = Path(output)
    if len(inputs) == 1 and not out.is_dir():
        return [_Job(inputs[0], out)]
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o {output} is a file, but there are {len(inputs)} inputs", hint="name a folder")
    out.mkdir(parents=True, exist_ok=True)
    jobs = []
    for name in inputs:
        stem = "stdin" if name == STDIN else Path(name).stem
        target = out / f"{stem}.en{fmt.extension}"
        jobs.append(_Job(name, target, skip=target.exists() and not force and name != STDIN))
    if len({j.target for j in jobs}) != len(jobs):
        raise UsageError("two inputs would write the same output file", hint="give the inputs different names")
    return jobs


def _read_lines(name: str, encoding: str) -> Iterator[str]:
    """Lines without their ends; a final line end adds no empty line. stdin is read as it arrives."""
    if name != STDIN:
        text = read_text(name, encoding)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        yield from (line.rstrip("\r") for line in lines)
        return
    stdin = sys.stdin.buffer
    for number, raw in enumerate(stdin, 1):
        try:
            text = decode(raw, "<stdin>", encoding)
        except BadInputError as exc:
            raise BadInputError(exc.message, path="<stdin>", line=number, hint=exc.hint) from exc
        yield text.rstrip("\n").rstrip("\r")


# --- stderr: progress and summary -------------------------------------------------------------------


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _note(quiet: bool, message: str) -> None:
    if not quiet:
        typer.echo(message, err=True)


class _Progress:
    """``name: N lines`` redrawn in place on a terminal; nothing otherwise."""

    def __init__(self, name: str, *, enabled: bool) -> None:
        self.name = name
        self.enabled = enabled
        self.shown = False

    def update(self, lines: int) -> None:
        if self.enabled:
            sys.stderr.write(f"\r{self.name}: {lines} lines translated")
            sys.stderr.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


class _Tally:
    def __init__(self) -> None:
        self.lines = 0
        self.counts = dict.fromkeys(HOWS, 0)
        self.missing = 0

    def add(self, result: LineResult) -> None:
        self.lines += 1
        for term in result.terms:
            self.counts[term.how] += 1
            if term.how != DRAFT and not term.present:
                self.missing += 1

    def summary(self, glossary: bool) -> str:
        if not glossary:
            return f"{self.lines} lines translated without a glossary"
        approved = sum(n for how, n in self.counts.items() if how != DRAFT)
        parts = [f"{n} {how}" for how, n in self.counts.items() if n and how != DRAFT]
        text = f"{self.lines} lines, {approved} term occurrences ({', '.join(parts) or 'none'})"
        if self.counts[DRAFT]:
            text += f", {self.counts[DRAFT]} draft terms reported, not enforced"
        if self.missing:
            text += f"; warning: {self.missing} term occurrences missing (see --format jsonl)"
        return text


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("glossmt")
    except PackageNotFoundError:
        return "0+unknown"
