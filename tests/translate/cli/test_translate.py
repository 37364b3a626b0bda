"""``glossmt translate`` through the real command line, with a tiny real Marian model.

Exit codes, stdout (data only) and stderr are asserted separately.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app
from glossmt.translate.devtools.tiny import CORPORA

runner = CliRunner()
SAMPLE = CORPORA / "sample-article.zh.txt"


@pytest.fixture
def translate(tiny_model_dir: Path, tiny_translator):
    """Run ``glossmt translate --model TINY --beams 1 …`` (the model is loaded once per session)."""

    def invoke(*args: str, stdin: str | bytes | None = None):
        return runner.invoke(app, ["translate", "--model", str(tiny_model_dir), "--beams", "1", *args], input=stdin)

    return invoke


def test_stdin_to_stdout_keeps_line_count_and_empty_lines(translate) -> None:
    text = "美国商务部长卢特尼克表示。钨很重要！\n\n   \n哈萨克斯坦总统托卡耶夫访问白宫。\n"
    result = translate(stdin=text)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[-1] == ""
    out = lines[:-1]
    assert len(out) == 4
    assert out[1] == ""
    assert out[2] == ""
    assert "Lutnick" in out[0]
    assert "Tokayev" in out[3]
    assert "term occurrences" in result.stderr
    assert "\r" not in result.stderr  # no progress line when stderr is not a terminal


def test_a_file_without_final_newline_gives_the_same_number_of_lines(translate, tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("钨很重要。\n铜也是。", encoding="utf-8")
    result = translate(str(source), "--quiet")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 2
    assert result.stderr == ""


def test_sample_article_to_file(translate, tmp_path: Path) -> None:
    out = tmp_path / "article.en.txt"
    result = translate(str(SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    written = out.read_text(encoding="utf-8").split("\n")[:-1]
    source = SAMPLE.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(written) == len(source)
    assert [bool(line) for line in written] == [bool(line.strip()) for line in source]
    assert "missing" not in result.stderr


def test_jsonl_reports_every_term(translate) -> None:
    line = "美國商務部長盧特尼克表示，華府希望與哈薩克合作。"
    result = translate("--format", "jsonl", stdin=line + "\n")
    assert result.exit_code == 0, result.stderr
    (record,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert record["line"] == 1
    assert record["source"] == line
    assert "glossary:" in record["signature"]
    lutnick = next(t for t in record["terms"] if t["concept"] == "lutnick")
    assert line[lutnick["start"] : lutnick["end"]] == lutnick["source"] == "盧特尼克"
    assert lutnick["target"] == "Lutnick"
    assert lutnick["how"] in {"model", "hinted", "constrained", "substituted"}
    assert all(t["present"] for t in record["terms"] if t["how"] != "draft")
    assert "Lutnick" in record["target"]


def test_tsv_is_source_tab_target(translate) -> None:
    result = translate("--format", "tsv", stdin="钨很重要。\n\n托卡耶夫访问白宫。\n")
    assert result.exit_code == 0
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [len(r) for r in rows] == [2, 2, 2]
    assert [r[0] for r in rows] == ["钨很重要。", "", "托卡耶夫访问白宫。"]
    assert "Tokayev" in rows[2][1]


def test_po_review_file(translate, tiny_model_dir: Path, shipped_glossary, tmp_path: Path) -> None:
    out = tmp_path / "review.po"
    result = translate(str(SAMPLE), "--format", "po", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    catalog = polib.pofile(str(out))
    assert catalog.metadata["X-Glossmt-Model"] == str(tiny_model_dir)
    assert catalog.metadata["X-Glossmt-Glossary"] == shipped_glossary.digest()
    assert catalog.metadata["Project-Id-Version"].startswith("glossmt ")
    assert len(catalog) > 10
    assert all(e.fuzzy for e in catalog)
    assert all(e.occurrences[0][0] == str(SAMPLE) for e in catalog)
    with_terms = [e for e in catalog if "Lutnick" in e.comment]
    assert with_terms
    assert all("Lutnick" in e.msgstr for e in with_terms)


def test_direct_strategy_constrains_in_one_pass(translate) -> None:
    result = translate("--strategy", "direct", "--format", "jsonl", stdin="美国商务部长卢特尼克表示。\n")
    assert result.exit_code == 0, result.stderr
    terms = json.loads(result.stdout)["terms"]
    assert {t["how"] for t in terms} == {"constrained"}
    assert all(t["present"] for t in terms)


def test_no_glossary_is_the_plain_baseline(translate) -> None:
    result = translate("--no-glossary", "--format", "jsonl", stdin="美国商务部长卢特尼克表示。\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["terms"] == []
    assert "glossary:none" in json.loads(result.stdout)["signature"]


def test_several_inputs_go_to_a_folder_and_a_rerun_resumes(translate, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("钨很重要。\n", encoding="utf-8")
    b.write_text("托卡耶夫访问白宫。\n", encoding="utf-8")
    out = tmp_path / "out"
    first = translate(str(a), str(b), "-o", str(out))
    assert first.exit_code == 0, first.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.en.txt", "b.en.txt"]
    (out / "b.en.txt").unlink()  # as if interrupted after a
    before = (out / "a.en.txt").stat().st_mtime_ns
    second = translate(str(a), str(b), "-o", str(out))
    assert second.exit_code == 0
    assert f"{out}: 1 output up to date, kept (--force redoes them)" in second.stderr
    assert "1 files translated, 1 kept from an earlier run" in second.stderr
    assert (out / "a.en.txt").stat().st_mtime_ns == before
    assert "Tokayev" in (out / "b.en.txt").read_text(encoding="utf-8")


def test_missing_file_is_bad_input(translate, tmp_path: Path) -> None:
    result = translate(str(tmp_path / "nope.txt"))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {tmp_path / 'nope.txt'}: no such file")
    assert "Traceback" not in result.stderr


def test_undecodable_file_names_file_and_line(translate, tmp_path: Path) -> None:
    source = tmp_path / "gbk.txt"
    source.write_bytes("钨很重要。\n".encode() + "托卡耶夫\n".encode("gbk"))
    result = translate(str(source))
    assert result.exit_code == 3
    assert f"error: {source}:2: cannot decode" in result.stderr
    assert "--encoding" in result.stderr


def test_the_encoding_option_reads_other_encodings(translate, tmp_path: Path) -> None:
    source = tmp_path / "gbk.txt"
    source.write_bytes("托卡耶夫访问白宫。\n".encode("gb18030"))
    result = translate(str(source), "--encoding", "gb18030")
    assert result.exit_code == 0
    assert "Tokayev" in result.stdout


def test_undecodable_stdin_names_the_line(translate) -> None:
    result = translate(stdin="钨很重要。\n".encode() + b"\xff\xfe\n")
    assert result.exit_code == 3
    assert "error: <stdin>:2: cannot decode" in result.stderr


def test_a_folder_needs_an_output_folder(translate, tmp_path: Path) -> None:
    result = translate(str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr
    assert "-o OUTDIR" in result.stderr


def test_glossary_and_no_glossary_conflict(translate) -> None:
    result = translate("--no-glossary", "-g", "x.po", stdin="")
    assert result.exit_code == 2
    assert "contradict" in result.stderr


def test_a_long_line_stays_one_line(translate) -> None:
    filler = "哈萨克斯坦中部草原上的两处钨矿正在成为关键矿产的新战场，"
    line = filler * 15 + "最后是北卡特帕尔。"
    result = translate("--quiet", stdin=line + "\n")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert "North Katpar" in result.stdout


def test_piped_output_reaches_head_and_ends_quietly(tiny_model_dir: Path, tmp_path: Path) -> None:
    """A real pipe: ``glossmt translate | head -n 1`` exits 0 with nothing on stderr."""
    source = tmp_path / "many.txt"
    source.write_text(SAMPLE.read_text(encoding="utf-8") * 3, encoding="utf-8")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    command = (
        f"{sys.executable} -c 'from glossmt.translate.cli.app import main; main()' "
        f"translate --model {tiny_model_dir} --beams 1 --batch-size 4 --quiet {source} | head -n 1"
    )
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=env, check=False
    )
    assert done.stderr == ""
    assert done.returncode in (0, 141)  # 141: killed by SIGPIPE, the quiet way `head` ends a writer
    assert len(done.stdout.splitlines()) == 1


def test_html_review_page_to_a_file(translate, tmp_path: Path) -> None:
    source = tmp_path / "a.zh.txt"
    source.write_text("美国商务部长卢特尼克表示。\n", encoding="utf-8")
    out = tmp_path / "review.html"
    result = translate(str(source), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('data-concept="lutnick"') == 2  # the Chinese and the English
    assert "Content-Security-Policy" in page
