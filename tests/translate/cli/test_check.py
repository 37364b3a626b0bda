"""``glossmt check`` through the real CLI: exit codes, stdout and stderr, --fix and --diff, inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "check"
GLOSSARY = str(DATA / "glossary.po")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A writable copy of the team's test articles."""
    shutil.copytree(DATA / "articles", tmp_path / "articles")
    return tmp_path / "articles"


def check(runner: CliRunner, *args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, ["check", "-g", GLOSSARY, *args], input=stdin)


def test_clean_english_exits_0_with_a_summary_on_stderr(runner):
    result = check(runner, str(DATA / "clean"))
    assert (result.exit_code, result.stdout) == (0, "")
    assert "check: 2 files, 0 findings" in result.stderr
    assert "glossary:" in result.stderr  # the signature says how the result was made


def test_findings_are_clickable_lines_and_errors_exit_1(runner):
    result = check(runner, str(DATA / "articles/deposits.en.txt"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{DATA / 'articles/deposits.en.txt'}:5:16: error: 'North Katpal' is a known wrong rendering" in lines[1]
    assert lines[1].endswith("(suggest: 'North Katpar') [avoid-rendering]")
    assert "error" not in result.stderr.split("check:")[0]


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_sets_the_exit_threshold(runner, fail_on, code):
    # Only near-misses (warnings) here.
    result = check(runner, "--fail-on", fail_on, "-", stdin="Samruk Kazyna bought a stake.\n")
    assert result.exit_code == code


def test_json_output_for_tools(runner):
    result = check(runner, "--format", "json", str(DATA / "articles/people.en.md"))
    document = json.loads(result.stdout)
    first = document["findings"][0]
    assert first["code"] == "avoid-rendering"
    assert first["title"] == "Known wrong rendering of a name (on the glossary's avoid list)."
    assert (first["found"], first["suggestion"], first["fixable"]) == ("Howard Rovnick", "Howard Lutnick", True)
    assert document["summary"]["error"] == 3
    assert result.exit_code == 1


def test_stdin_is_read_with_a_dash(runner):
    result = check(runner, "-", stdin="President Tokaev spoke.\n")
    assert result.stdout.startswith("<stdin>:1:11: error: 'Tokaev'")


def test_folders_are_read_recursively_by_extension(runner, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("Tokaev spoke.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Tokaev spoke.\n", encoding="utf-8")
    (tmp_path / "c.rtf").write_text("Tokaev spoke.\n", encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "LICENSE.txt").write_text("Tokaev spoke.\n", encoding="utf-8")
    result = check(runner, str(tmp_path))
    paths = {line.split(":", 1)[0] for line in result.stdout.splitlines() if "[avoid-rendering]" in line}
    assert paths == {str(tmp_path / "b.txt"), str(tmp_path / "sub" / "a.md")}


def test_fix_rewrites_files_and_reports_what_changed(runner, articles):
    people = articles / "people.en.md"
    result = check(runner, "--fix", str(people))
    assert f"{people}:3:25: fixed: 'Howard Rovnick' → 'Howard Lutnick' [avoid-rendering]" in result.stdout
    text = people.read_text(encoding="utf-8")
    assert "Howard Lutnick met President Tokayev" in text
    assert "China Minmetals declined" in text
    assert result.exit_code == 0
    assert "0 findings left (0 errors, 0 warnings, 0 info); fixed 5" in result.stderr
    again = check(runner, str(people))
    assert (again.exit_code, again.stdout) == (0, "")


def test_fix_keeps_every_other_byte(runner, tmp_path):
    path = tmp_path / "crlf.txt"
    original = "\ufeffFirst line\r\nNorth Katpal\u00a0output rose\r\n\tSamruk-Kazina’s stake\r\n".encode()
    path.write_bytes(original)
    check(runner, "--fix", str(path))
    expected = "\ufeffFirst line\r\nNorth Katpar\u00a0output rose\r\n\tSamruk-Kazyna’s stake\r\n".encode()
    assert path.read_bytes() == expected


def test_diff_shows_the_fix_and_changes_nothing(runner, articles):
    people = articles / "people.en.md"
    before = people.read_bytes()
    result = check(runner, "--diff", str(people))
    assert people.read_bytes() == before
    assert f"--- a/{people}" in result.stdout
    assert "-U.S. Commerce Secretary Howard Rovnick met President Tokaev in New York in September." in result.stdout
    assert "+U.S. Commerce Secretary Howard Lutnick met President Tokayev in New York in September." in result.stdout
    assert "would fix 5" in result.stderr


def test_dry_run_is_diff(runner, articles):
    result = check(runner, "--fix", "--dry-run", str(articles / "people.en.md"))
    assert result.stdout.startswith("--- a/")


def test_fix_leaves_ambiguous_and_uncertain_findings_alone(runner, articles):
    companies = articles / "companies.en.txt"
    result = check(runner, "--fix", str(companies))
    assert "SAMRUK-KAZYNA later" in companies.read_text(encoding="utf-8")  # an all-capitals headline style
    assert "'SAMRUK-KAZYNA' looks like 'Samruk-Kazyna'" in result.stdout


def test_fix_of_stdin_is_a_filter_fixed_text_to_stdout_report_to_stderr(runner):
    result = check(runner, "--fix", "-", stdin=b"President Tokaev spoke.\r\nNo names here.\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == b"President Tokayev spoke.\r\nNo names here.\n"  # byte-exact elsewhere
    fixed = "<stdin>:1:11: fixed: 'Tokaev' → 'Tokayev' [avoid-rendering]\n"
    assert result.stderr.startswith(fixed + "check: 1 file, 0 findings")


def test_fix_of_clean_stdin_passes_it_through(runner):
    result = check(runner, "--fix", "-", stdin="Nothing to fix.\n")
    assert (result.exit_code, result.stdout) == (0, "Nothing to fix.\n")


def test_fix_of_stdin_with_files_is_a_usage_error(runner, articles):
    result = check(runner, "--fix", "-", str(articles), stdin="Tokaev\n")
    assert result.exit_code == 2
    assert "--fix - writes the fixed stdin to stdout" in result.stderr


def test_source_and_target_check_a_translation(runner):
    result = check(
        runner,
        "--source",
        str(DATA / "bilingual/aligned.zh.txt"),
        "--target",
        str(DATA / "bilingual/aligned.en.txt"),
    )
    assert result.exit_code == 1
    assert "aligned.en.txt:7:10: error: 北卡特帕尔 rendered as 'North Qatpar'; expected 'North Katpar'" in result.stdout


def test_source_without_target_is_a_usage_error(runner):
    result = check(runner, "--source", str(DATA / "bilingual/aligned.zh.txt"))
    assert result.exit_code == 2
    assert "--source and --target go together" in result.stderr


@pytest.mark.parametrize("name", ["pairs.tsv", "pairs.jsonl", "review.po"])
def test_bilingual_files_are_recognised_by_extension(runner, name):
    result = check(runner, str(DATA / "bilingual" / name))
    assert "北卡特帕尔 rendered as 'North Katapar', a known wrong rendering" in result.stdout


def test_input_format_reads_stdin_as_tsv(runner):
    result = check(runner, "--input-format", "tsv", "-", stdin="北卡特帕尔\tNorth Qatpar\n")
    assert "<stdin>:1:7: error: 北卡特帕尔 rendered as 'North Qatpar'" in result.stdout


def test_missing_file_is_bad_input_but_the_batch_goes_on(runner, tmp_path):
    result = check(runner, str(tmp_path / "nope.txt"), str(DATA / "articles/people.en.md"))
    assert result.exit_code == 3
    assert f"error: {tmp_path / 'nope.txt'}: no such file" in result.stderr
    assert "[avoid-rendering]" in result.stdout


def test_undecodable_file_says_how_to_fix_it(runner, tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("北卡特帕尔 North Katpal".encode("gb18030"))
    result = check(runner, str(path))
    assert result.exit_code == 3
    assert "--encoding gb18030" in result.stderr
    again = check(runner, "--encoding", "gb18030", str(path))
    assert "'North Katpal' is a known wrong rendering" in again.stdout


def test_malformed_jsonl_names_the_line(runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"source": "一", "target": "one"}\n{oops\n', encoding="utf-8")
    result = check(runner, str(path))
    assert result.exit_code == 3
    assert f"{path}:2: not JSON" in result.stderr


def test_threshold_out_of_range_is_a_usage_error(runner):
    assert check(runner, "--threshold", "20", "-", stdin="x\n").exit_code == 2


def test_lower_threshold_finds_more(runner):
    text = "Officials said Upper Kairaktin would grow.\n"  # five edits from Upper Kairaktinskoye: 75
    assert check(runner, "--fail-on", "warning", "-", stdin=text).exit_code == 0
    assert check(runner, "--fail-on", "warning", "--threshold", "75", "-", stdin=text).exit_code == 1


def test_fix_with_json_lists_the_fixes(runner, articles):
    result = check(runner, "--fix", "--format", "json", str(articles / "people.en.md"))
    document = json.loads(result.stdout)
    assert document["findings"] == []
    assert {(f["found"], f["replacement"]) for f in document["fixed"]} >= {
        ("Lutnikc", "Lutnick"),
        ("Tokaev", "Tokayev"),
    }
    assert document["summary"]["fixed"] == 5


@pytest.mark.parametrize("fmt", ["html", "json", "text"])
def test_the_report_goes_to_the_output_file_and_stdout_stays_empty(runner, tmp_path: Path, fmt: str):
    out = tmp_path / f"report.{fmt}"
    result = check(runner, str(DATA / "articles"), "--format", fmt, "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "check: 3 files" in result.stderr
    direct = check(runner, str(DATA / "articles"), "--format", fmt)
    assert out.read_text(encoding="utf-8") == direct.stdout


def test_html_report_marks_each_finding_and_after_fix_shows_what_is_left(runner, articles: Path, tmp_path: Path):
    out = tmp_path / "report.html"
    result = check(runner, str(articles), "-f", "html", "-o", str(out))
    page = out.read_text(encoding="utf-8")
    assert result.exit_code == 1
    findings = json.loads(check(runner, str(articles), "--format", "json").stdout)["findings"]
    assert page.count("data-check=") == len(findings)
    check(runner, str(articles), "--fix", "-f", "html", "-o", str(out))
    left = json.loads(check(runner, str(articles), "--format", "json").stdout)["findings"]
    assert out.read_text(encoding="utf-8").count("data-check=") == len(left) < len(findings)


def test_html_report_for_a_bilingual_pair(runner, tmp_path: Path):
    out = tmp_path / "pair.html"
    bilingual = DATA / "bilingual"
    result = check(
        runner,
        "--source",
        str(bilingual / "aligned.zh.txt"),
        "--target",
        str(bilingual / "aligned.en.txt"),
        "-f",
        "html",
        "-o",
        str(out),
    )
    page = out.read_text(encoding="utf-8")
    assert result.exit_code == 1
    assert 'data-check="missing-term"' in page
    assert (bilingual / "aligned.zh.txt").read_text(encoding="utf-8").splitlines()[0] in page


def test_html_report_with_diff_previews_the_fixed_files_and_writes_nothing(runner, articles: Path):
    before = {p: p.read_bytes() for p in articles.iterdir()}
    result = check(runner, str(articles), "--diff", "-f", "html")
    assert result.exit_code == 1
    assert "--fix</code> would leave them" in result.stdout
    assert "would be fixed" in result.stdout
    assert {p: p.read_bytes() for p in articles.iterdir()} == before


def test_html_report_of_stdin(runner):
    result = check(runner, "-", "-f", "html", stdin="We met Howard Rovnick <b>today</b>.\n")
    assert result.exit_code == 1
    assert 'data-check="avoid-rendering"' in result.stdout
    assert "&lt;b&gt;today&lt;/b&gt;" in result.stdout


def test_the_order_of_the_files_changes_neither_findings_nor_exit_code(runner, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Samruk Kazena bought a stake.\n", encoding="utf-8")
    b.write_text("Samruk Kazena and Samruk Kazena sold it.\n", encoding="utf-8")
    forward = check(runner, "--fail-on", "warning", str(a), str(b))
    backward = check(runner, "--fail-on", "warning", str(b), str(a))
    assert forward.exit_code == backward.exit_code == 0  # written so 3× in the batch: info, whichever comes first
    assert sorted(forward.stdout.splitlines()) == sorted(backward.stdout.splitlines())
    assert "written so 3× in this batch: perhaps another name" in forward.stdout
    assert forward.stderr == backward.stderr
