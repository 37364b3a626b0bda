"""``glossmt glossary suggest`` through the real command line."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()


def test_names_as_arguments_give_a_ranked_table_with_the_romanisation_last() -> None:
    result = runner.invoke(app, ["glossary", "suggest", "卢特尼克", "努尔特列乌"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "卢特尼克"
    assert "Lutnick" in lines[1]
    assert "glossary" in lines[1]
    assert "努尔特列乌" in lines
    assert lines[-1].rstrip().endswith("romanised")
    assert "Nuerteliewu" in lines[-1]


def test_stdin_one_name_per_line_as_jsonl() -> None:
    result = runner.invoke(
        app, ["glossary", "suggest", "--format", "jsonl", "--top", "3"], input="阿斯塔纳\n\n托卡耶夫\n"
    )
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # one answer a line, the blank one too: the answers line up with the input (paste names.txt answers.jsonl)
    assert [r["zh"] for r in records] == ["阿斯塔纳", "", "托卡耶夫"]
    assert records[1]["candidates"] == []
    del records[1]
    assert all(len(r["candidates"]) == 3 for r in records)
    assert records[0]["candidates"][0] == {"english": "Astana", "score": 1.0, "source": "glossary"}
    assert {c["source"] for r in records for c in r["candidates"]} <= {"glossary", "lexicon", "model", "romanised"}


def test_tsv_has_a_header_and_one_row_per_candidate() -> None:
    result = runner.invoke(app, ["glossary", "suggest", "-f", "tsv", "--top", "2", "-"], input="莫斯科\n")
    assert result.exit_code == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows[0] == ["zh", "rank", "english", "score", "source"]
    assert [r[:3] for r in rows[1:]] == [["莫斯科", "1", "Moscow"], ["莫斯科", "2", "Mosike"]]


def test_a_glossary_given_with_g_is_used(tmp_path) -> None:
    po = tmp_path / "g.po"
    po.write_text('#. type: person\nmsgctxt "nurteleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n', encoding="utf-8")
    result = runner.invoke(app, ["glossary", "suggest", "-g", str(po), "-f", "jsonl", "努尔特列乌"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["candidates"][0]["english"] == "Nurtleu"


@pytest.mark.parametrize("top", ["0", "51"])
def test_top_out_of_range_is_usage(top: str) -> None:
    result = runner.invoke(app, ["glossary", "suggest", "--top", top, "卢特尼克"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --top")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("jobs", ["0", "9"])
def test_jobs_out_of_range_is_usage(jobs: str) -> None:
    result = runner.invoke(app, ["glossary", "suggest", "--jobs", jobs, "卢特尼克"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --jobs")
    assert result.stdout == ""


def test_undecodable_stdin_is_bad_input() -> None:
    result = runner.invoke(app, ["glossary", "suggest"], input=b"\xff\xfe\xfa\n")
    assert result.exit_code == 3
    assert result.stderr.startswith("error: <stdin>")
    assert "Traceback" not in result.stderr


def test_origin_russian_reads_a_doubtful_name_from_russian() -> None:
    # 卡沙甘 (the Kashagan oil field) looks Russian to the origin model too little for its Russian readings to count
    plain = runner.invoke(app, ["glossary", "suggest", "-f", "jsonl", "卡沙甘"])
    hinted = runner.invoke(app, ["glossary", "suggest", "-f", "jsonl", "--origin", "russian", "卡沙甘"])
    assert plain.exit_code == hinted.exit_code == 0, plain.stderr + hinted.stderr
    assert json.loads(plain.stdout)["candidates"][0]["english"] != "Kashagan"
    assert json.loads(hinted.stdout)["candidates"][0] == {"english": "Kashagan", "score": 0.637, "source": "model"}


def test_an_unknown_origin_is_usage() -> None:
    result = runner.invoke(app, ["glossary", "suggest", "--origin", "french", "卡沙甘"])
    assert result.exit_code == 2
    assert "--origin" in result.stderr
    assert "russian" in result.stderr
    assert "Traceback" not in result.stderr
