"""``glossmt glossary lint|find|list|show|stats`` through the real command line (typer's CliRunner)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.glossary.errors import TermFileError
from glossmt.glossary.loading import ENV_VAR
from glossmt.translate.cli.app import app

runner = CliRunner()

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
GOOD = (
    HEADER
    + """
#. type: person
#. avoid: Howard Lutnik; Howard Rovnick
#. note: U.S. commerce secretary
msgctxt "howard-lutnick"
msgid "霍华德·卢特尼克"
msgstr "Howard Lutnick"

#. type: person
#. avoid: Lutnik
msgctxt "lutnick"
msgid "卢特尼克"
msgstr "Lutnick"

#. type: person
msgctxt "lutnick"
msgid "勒特尼克"
msgstr "Lutnick"

#. type: place
msgctxt "kazakhstan"
msgid "哈萨克斯坦"
msgstr "Kazakhstan"

#, fuzzy
msgctxt "cove-capital"
msgid "科夫资本"
msgstr "Cove Capital"
"""
)
# Line 5: an entry with no English; line 9: the same Chinese form with another English.
BAD = (
    HEADER
    + """
msgctxt "lutnick"
msgid "卢特尼克"
msgstr ""

msgctxt "lutnik"
msgid "卢特尼克"
msgstr "Lutnik"
"""
)
MALFORMED = HEADER + '\nmsgid "卢特尼克"\nmsgstr "Lutnick"\nnot po at all\n'  # line 7


def _glossmt(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a fresh interpreter (there is no ``__main__``)."""
    code = "from glossmt.translate.cli.app import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True)


def _po(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def terms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _po(tmp_path_factory.mktemp("cli"), "terms.po", GOOD)


# --- lint ----------------------------------------------------------------------------------------


def test_lint_shipped_glossary_passes() -> None:
    result = runner.invoke(app, ["glossary", "lint"])
    assert result.exit_code == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr
    for line in result.stdout.splitlines():
        assert re.fullmatch(r".+\.po:\d+: info: .+ \[[a-z-]+\]", line)


def test_lint_reports_errors_gcc_style_and_exits_1(tmp_path: Path) -> None:
    path = _po(tmp_path, "bad.po", BAD)
    result = runner.invoke(app, ["glossary", "lint", "-g", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}:5: error: 卢特尼克 has no English (empty msgstr) [untranslated]",
        f"{path}:9: error: 卢特尼克 → 'Lutnik', but {path}:5 maps 卢特尼克 → '' [conflicting-target]",
    ]
    assert result.stderr.strip() == "2 terms, 2 concepts: 2 errors, 0 warnings, 0 infos"


def test_lint_json_is_one_document(tmp_path: Path) -> None:
    path = _po(tmp_path, "bad.po", BAD)
    result = runner.invoke(app, ["glossary", "lint", "-g", str(path), "--format", "json"])
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [(d["path"], d["line"], d["severity"], d["code"]) for d in found] == [
        (str(path), 5, "error", "untranslated"),
        (str(path), 9, "error", "conflicting-target"),
    ]
    assert set(found[0]) == {"path", "line", "col", "severity", "code", "message", "suggestion", "title"}
    assert found[0]["title"] == "Untranslated: empty msgstr, or msgstr still the Chinese."


def test_lint_clean_file_with_notes_exits_0(terms: Path) -> None:
    result = runner.invoke(app, ["glossary", "lint", "-g", str(terms)])
    assert result.exit_code == 0
    assert result.stdout == f"{terms}:28: info: 科夫资本 → 'Cove Capital' is a draft (#, fuzzy): not enforced [draft]\n"


def test_malformed_po_is_one_line_and_exit_3(tmp_path: Path) -> None:
    path = _po(tmp_path, "broken.po", MALFORMED)
    result = runner.invoke(app, ["glossary", "lint", "-g", str(path)])
    assert result.exit_code == 3
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {path}:7: PO syntax error")
    assert "Traceback" not in result.stderr


def test_debug_lets_the_exception_through(tmp_path: Path) -> None:
    path = _po(tmp_path, "broken.po", MALFORMED)
    result = runner.invoke(app, ["--debug", "glossary", "lint", "-g", str(path)])
    assert isinstance(result.exception, TermFileError)
    assert result.exception.line == 7
    assert result.exit_code != 0


def test_debug_prints_a_traceback_from_the_real_command(tmp_path: Path) -> None:
    path = _po(tmp_path, "broken.po", MALFORMED)
    quiet = _glossmt("glossary", "lint", "-g", str(path))
    loud = _glossmt("--debug", "glossary", "lint", "-g", str(path))
    assert quiet.returncode == 3
    assert "Traceback" not in quiet.stderr
    assert loud.returncode != 0
    assert "Traceback" in loud.stderr
    assert "TermFileError" in loud.stderr


@pytest.mark.parametrize("command", ["lint", "find", "list", "stats"])
def test_missing_glossary_path_exits_3(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nope.po"
    result = runner.invoke(app, ["glossary", command, "-g", str(missing)], input="")
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {missing}: no such glossary file or folder")
    assert result.stdout == ""


def test_environment_variable_chooses_the_glossary(tmp_path: Path) -> None:
    path = _po(tmp_path, "bad.po", BAD)
    result = runner.invoke(app, ["glossary", "lint"], env={ENV_VAR: str(path)})
    assert result.exit_code == 1
    assert "[untranslated]" in result.stdout


# --- find ----------------------------------------------------------------------------------------


def test_find_reads_stdin_and_prints_line_col(terms: Path) -> None:
    text = "美国商务部长霍华德·卢特尼克说。\n随后，卢特尼克和勒特尼克前往哈萨克斯坦。\n"
    result = runner.invoke(app, ["glossary", "find", "-g", str(terms)], input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "1:7\t霍华德·卢特尼克\thoward-lutnick\tHoward Lutnick",
        "2:4\t卢特尼克\tlutnick\tLutnick",
        "2:9\t勒特尼克\tlutnick\tLutnick",
        "2:15\t哈萨克斯坦\tkazakhstan\tKazakhstan",
    ]


def test_find_jsonl_offsets_are_into_the_original_text(terms: Path) -> None:
    text = "第一行\n美國商務部長霍華德•盧特尼克說，盧特尼克\u3000將訪問哈薩克斯坦。"
    result = runner.invoke(app, ["glossary", "find", "-g", str(terms), "--format", "jsonl", "-"], input=text)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["concept"], r["line"], r["col"]) for r in records] == [
        ("霍華德•盧特尼克", "howard-lutnick", 2, 7),
        ("盧特尼克", "lutnick", 2, 17),
        ("哈薩克斯坦", "kazakhstan", 2, 25),
    ]
    for record in records:
        assert text[record["start"] : record["end"]] == record["text"]
        assert record["file"] == "-"
        assert record["draft"] is False


def test_find_over_several_files_prefixes_the_file(terms: Path, tmp_path: Path) -> None:
    first = _po(tmp_path, "a.txt", "卢特尼克\n")
    second = _po(tmp_path, "b.txt", "\n\n哈萨克斯坦\n")
    result = runner.invoke(app, ["glossary", "find", "-g", str(terms), str(first), str(second)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{first}:1:1\t卢特尼克\tlutnick\tLutnick",
        f"{second}:3:1\t哈萨克斯坦\tkazakhstan\tKazakhstan",
    ]


def test_find_undecodable_input_names_the_line(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("卢特尼克\n哈萨克斯坦\n".encode() + "卢特尼克\n".encode("gb18030"))
    result = runner.invoke(app, ["glossary", "find", "-g", str(terms), str(path)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {path}:3: cannot decode")
    assert "--encoding" in result.stderr


def test_find_with_encoding_option(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("据卢特尼克说\n".encode("gb18030"))
    result = runner.invoke(app, ["glossary", "find", "-g", str(terms), "--encoding", "gb18030", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1:2\t卢特尼克\tlutnick\tLutnick\n"


# --- list, show, stats ---------------------------------------------------------------------------


def test_list_prints_every_concept(terms: Path) -> None:
    result = runner.invoke(app, ["glossary", "list", "-g", str(terms)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "howard-lutnick\tHoward Lutnick\tperson\t霍华德·卢特尼克",
        "lutnick\tLutnick\tperson\t卢特尼克、勒特尼克",
        "kazakhstan\tKazakhstan\tplace\t哈萨克斯坦",
        "cove-capital\tCove Capital\t-\t科夫资本\tdraft",
    ]


@pytest.mark.parametrize(
    ("query", "concepts"),
    [
        pytest.param("卢特尼克", ["howard-lutnick", "lutnick"], id="chinese-form"),
        pytest.param("盧特尼克", ["howard-lutnick", "lutnick"], id="traditional-form"),
        pytest.param("Lutnick", ["howard-lutnick", "lutnick"], id="english"),
        pytest.param("howard lutnick", ["howard-lutnick"], id="english-any-case"),
        pytest.param("勒特尼克", ["lutnick"], id="variant"),
        pytest.param("kazakhstan", ["kazakhstan"], id="concept-id"),
    ],
)
def test_show_finds_concepts(terms: Path, query: str, concepts: list[str]) -> None:
    result = runner.invoke(app, ["glossary", "show", query, "-g", str(terms)])
    assert result.exit_code == 0, result.stderr
    assert re.findall(r"^concept: (.+)$", result.stdout, flags=re.MULTILINE) == concepts


def test_show_describes_a_concept(terms: Path) -> None:
    result = runner.invoke(app, ["glossary", "show", "勒特尼克", "-g", str(terms)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "concept: lutnick",
        "english: Lutnick",
        "type:    person",
        f"form:    卢特尼克  [{terms}:12]",
        f"form:    勒特尼克  [{terms}:18]",
        "avoid:   Lutnik",
    ]


def test_show_unknown_term_is_a_usage_error(terms: Path) -> None:
    result = runner.invoke(app, ["glossary", "show", "没有这个人", "-g", str(terms)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: no concept matches '没有这个人'")


def test_stats_json_counts(terms: Path) -> None:
    result = runner.invoke(app, ["glossary", "stats", "-g", str(terms), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    stats = json.loads(result.stdout)
    assert {k: v for k, v in stats.items() if k != "digest"} == {
        "concepts": 4,
        "forms": 5,
        "drafts": 1,
        "avoid": 3,
        "by_type": {"person": 2, "place": 1, "untyped": 1},
    }
    assert re.fullmatch(r"[0-9a-f]{12}", stats["digest"])


def test_stats_text(terms: Path) -> None:
    result = runner.invoke(app, ["glossary", "stats", "-g", str(terms)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == ["concepts\t4", "forms\t5", "drafts\t1", "avoid\t3"]
    assert lines[5:] == ["type:person\t2", "type:place\t1", "type:untyped\t1"]


# --- the real command --------------------------------------------------------------------------


def test_real_command_lints_the_shipped_glossary() -> None:
    completed = _glossmt("glossary", "lint")
    assert completed.returncode == 0, completed.stderr
    assert "0 errors, 0 warnings" in completed.stderr


def test_version_prints_without_a_command() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("glossmt ")


def test_lint_help_lists_every_rule_from_the_registry() -> None:
    from glossmt.glossary.lint import RULES

    result = runner.invoke(app, ["glossary", "lint", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert all(f"{rule.code} ({rule.severity.value})" in text for rule in RULES.values())
