"""``glossmt extract`` and ``glossmt glossary merge`` through the real command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from glossmt.glossary.formats.po import read_po
from glossmt.glossary.loading import shipped_terms_dir
from glossmt.translate.cli.app import app

runner = CliRunner()
ARTICLES = Path(__file__).resolve().parents[3] / "corpora" / "unknown-names"


def test_extract_a_folder_as_jsonl() -> None:
    result = runner.invoke(app, ["extract", str(ARTICLES), "--format", "jsonl", "--min-count", "2"])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    assert all(r["count"] >= 2 for r in records)
    forms = {r["zh"] for r in records}
    assert {"努尔特列乌", "别列佐夫斯科耶", "卡梅科"} <= forms
    assert "卢特尼克" not in forms  # the shipped glossary has it
    assert "candidate names in 5 document(s)" in result.stderr


def test_extract_reads_stdin_and_writes_po_atomically(tmp_path: Path) -> None:
    out = tmp_path / "candidates.po"
    result = runner.invoke(
        app, ["extract", "-", "-f", "po", "-o", str(out), "--top", "1"], input="外长努尔特列乌表示欢迎。\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    (term,) = read_po(out)
    assert term.source == "努尔特列乌"
    assert term.draft
    assert not list(tmp_path.glob(".candidates.po.*"))


def test_extract_bad_input_is_one_line_exit_3_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("外长努尔特列乌".encode("gb18030"))
    out = tmp_path / "out.po"
    out.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(bad), "-f", "po", "-o", str(out)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {bad}:1: cannot decode")
    assert result.stderr.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    missing = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 3
    assert "no such file" in missing.stderr


def test_merge_dry_run_then_merge(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    shutil.copytree(shipped_terms_dir(), terms)
    candidates = tmp_path / "c.po"
    candidates.write_text(
        '#. type: person\nmsgctxt "nurtleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n\n'
        '#. type: person\n#, fuzzy\nmsgctxt "helberg"\nmsgid "赫尔伯格"\nmsgstr ""\n',
        encoding="utf-8",
    )
    before = (terms / "people.po").read_text(encoding="utf-8")
    dry = runner.invoke(app, ["glossary", "merge", str(candidates), "-g", str(terms), "--dry-run"])
    assert dry.exit_code == 0, dry.stderr
    assert '+msgid "努尔特列乌"' in dry.stdout
    assert "left out 1 draft" in dry.stderr
    assert (terms / "people.po").read_text(encoding="utf-8") == before
    done = runner.invoke(app, ["glossary", "merge", str(candidates), "-g", str(terms)])
    assert done.exit_code == 0, done.stderr
    found = runner.invoke(app, ["glossary", "find", "-g", str(terms)], input="努尔特列乌说。\n")
    assert found.stdout == "1:1\t努尔特列乌\tnurtleu\tNurtleu\n"
    assert runner.invoke(app, ["glossary", "lint", "-g", str(terms)]).exit_code == 0


def test_merge_conflict_exits_3_and_changes_nothing(tmp_path: Path) -> None:
    terms = tmp_path / "terms"
    shutil.copytree(shipped_terms_dir(), terms)
    candidates = tmp_path / "c.po"
    candidates.write_text(
        '#. type: person\nmsgctxt "nurtleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n\n'
        '#. type: person\nmsgctxt "lutnik"\nmsgid "卢特尼克"\nmsgstr "Lutnik"\n',
        encoding="utf-8",
    )
    before = (terms / "people.po").read_text(encoding="utf-8")
    result = runner.invoke(app, ["glossary", "merge", str(candidates), "-g", str(terms)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {candidates}:6: ")
    assert "people.po:" in result.stderr
    assert (terms / "people.po").read_text(encoding="utf-8") == before


def test_origin_russian_suggests_the_reading_from_russian() -> None:
    text = "波塔宁表示，公司将扩大产量。\n"  # Potanin, whom the origin model alone reads as Potanen
    plain = runner.invoke(app, ["extract", "-", "-f", "jsonl"], input=text)
    hinted = runner.invoke(app, ["extract", "-", "-f", "jsonl", "--origin", "russian"], input=text)
    assert plain.exit_code == hinted.exit_code == 0, plain.stderr + hinted.stderr
    suggestions = [
        {r["zh"]: r["suggestion"] for r in map(json.loads, out.stdout.splitlines())} for out in (plain, hinted)
    ]
    assert suggestions[0]["波塔宁"] != "Potanin"
    assert suggestions[1]["波塔宁"] == "Potanin"
