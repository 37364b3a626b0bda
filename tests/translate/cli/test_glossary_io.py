"""``glossmt glossary import`` and ``export`` through the real command line (typer's CliRunner)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from glossmt.glossary.formats.po import read_po
from glossmt.glossary.model import Term
from glossmt.translate.cli.app import app

runner = CliRunner()

PEOPLE_CSV = """\
zh,en,concept,type,avoid,note,status,source
霍华德·卢特尼克,Howard Lutnick,lutnick,person,Howard Lutnik,US commerce secretary,approved,https://a.example
卢特尼克,Lutnick,lutnick,person,Howard Lutnik,US commerce secretary,draft,https://a.example
"""
PLACES_TSV = "上凯拉克京斯科耶\tUpper Kairaktinskoye\n"


def _bare(terms: list[Term]) -> list[Term]:
    return [dataclasses.replace(t, origin=None) for t in terms]


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    people, places = tmp_path / "people.csv", tmp_path / "places.tsv"
    people.write_text(PEOPLE_CSV, encoding="utf-8")
    places.write_text(PLACES_TSV, encoding="utf-8")
    return people, places


def test_import_merges_files_in_order_into_po(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.po"
    result = runner.invoke(app, ["glossary", "import", *map(str, inputs), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"imported 3 terms (2 concepts) from 2 files → {out}\n"
    terms = read_po(out)
    assert [(t.source, t.target, t.concept, t.draft) for t in terms] == [
        ("霍华德·卢特尼克", "Howard Lutnick", "lutnick", False),
        ("卢特尼克", "Lutnick", "lutnick", True),
        ("上凯拉克京斯科耶", "Upper Kairaktinskoye", "upper-kairaktinskoye", False),
    ]
    assert terms[0].avoid == ("Howard Lutnik",)


def test_import_refuses_to_overwrite_without_force(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.po"
    out.write_text("# hand-edited\n", encoding="utf-8")
    refused = runner.invoke(app, ["glossary", "import", str(inputs[0]), "-o", str(out)])
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "# hand-edited\n"
    forced = runner.invoke(app, ["glossary", "import", str(inputs[0]), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert len(read_po(out)) == 2


def test_export_to_tbx_and_back_round_trips(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    po, tbx, back = tmp_path / "terms.po", tmp_path / "terms.tbx", tmp_path / "back.po"
    assert runner.invoke(app, ["glossary", "import", *map(str, inputs), "-o", str(po)]).exit_code == 0
    exported = runner.invoke(app, ["glossary", "export", "-g", str(po), "-o", str(tbx)])
    assert exported.exit_code == 0, exported.stderr
    assert exported.stderr == f"exported 3 terms (2 concepts) from 1 file → {tbx}\n"
    assert '<conceptEntry id="lutnick">' in tbx.read_text(encoding="utf-8")
    imported = runner.invoke(app, ["glossary", "import", str(tbx), "-o", str(back)])
    assert imported.exit_code == 0, imported.stderr
    assert _bare(read_po(back)) == _bare(read_po(po))


def test_export_to_stdout_carries_only_data(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    result = runner.invoke(app, ["glossary", "export", "-g", str(inputs[1]), "-o", "-", "--format", "jsonl"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == '{"zh": "上凯拉克京斯科耶", "en": "Upper Kairaktinskoye"}\n'
    assert result.stderr.startswith("exported 1 term (1 concept) from 1 file → stdout")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--layout", "deepl"], "霍华德·卢特尼克,Howard Lutnick\n"),
        (["--layout", "deepl", "--include-drafts"], "霍华德·卢特尼克,Howard Lutnick\n卢特尼克,Lutnick\n"),
        (["--layout", "amazon"], "zh,en\n霍华德·卢特尼克,Howard Lutnick\n"),
        (["--no-drafts"], PEOPLE_CSV.splitlines(keepends=True)[0] + PEOPLE_CSV.splitlines(keepends=True)[1]),
    ],
    ids=["deepl-leaves-drafts-out", "deepl-include-drafts", "amazon", "glossmt-no-drafts"],
)
def test_export_layouts_and_drafts(args: list[str], expected: str, inputs: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["glossary", "export", "-g", str(inputs[0]), "-o", str(out), *args])
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8") == expected


def test_a_bad_file_exits_3_with_its_line_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("甲,A\n乙,B,C\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(bad), "-o", str(tmp_path / "out.po")])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"error: {bad}:2: the row has 3 cells — ")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.po").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["glossary", "import", "{dir}/people.csv", "-o", "{dir}/out.xls"],
        ["glossary", "import", "{dir}/terms.xls", "-o", "{dir}/out.po"],
        ["glossary", "export", "-g", "{dir}/people.csv", "-o", "{dir}/out.xls"],
        ["glossary", "export", "-g", "{dir}/people.csv", "-o", "-"],
        ["glossary", "export", "-g", "{dir}/people.csv", "-o", "{dir}/out.tbx", "--layout", "deepl"],
        ["glossary", "export", "-g", "{dir}/people.csv", "-o", "{dir}/out.csv", "--layout", "excel"],
    ],
    ids=["import-to-xls", "import-from-xls", "export-to-xls", "export-stdout-no-format", "tbx-layout", "bad-layout"],
)
def test_usage_errors_exit_2(argv: list[str], inputs: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "terms.xls").write_text("甲,A\n", encoding="utf-8")
    result = runner.invoke(app, [arg.format(dir=tmp_path) for arg in argv])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert " — " in result.stderr  # every error says how to fix it
    assert result.stdout == ""


# --- per-segment term lists (issue 9) ----------------------------------------------------------

SEGMENT_LISTS = "\n".join(
    [
        '[{"zh": "林风", "en": "Lin Feng"}, {"zh": "武馆", "en": "the Martial Arts Hall"}]',
        '[{"zh": "林风", "en": "Lin Feng"}, {"zh": "青云宗", "en": "Azure Cloud Sect"}]',
        '[{"zh": "青云宗", "en": "Qingyun Sect"}, {"zh": "青云宗", "en": "Qingyun Sect"}]',
        '[{"zh": "", "en": "Nobody"}, {"zh": "林风", "en": "Lin Feng"}]',
        '[{"zh": "萧炎", "en": ""}]',
        "not json",
        '[{"zh": "武馆", "en": "Martial Arts Hall"}]',
        "",
    ]
)


def _import(tmp_path: Path, *options: str) -> tuple[Any, Path]:
    source, out = tmp_path / "terms.jsonl", tmp_path / "out.po"
    source.write_text(SEGMENT_LISTS, encoding="utf-8")
    return runner.invoke(app, ["glossary", "import", str(source), "-o", str(out), *options]), out


def test_segment_lists_import_with_skip_invalid_and_lint_clean(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "--skip-invalid", "--strip-articles")
    assert result.exit_code == 1  # rows were skipped
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    source = tmp_path / "terms.jsonl"
    assert [line.split(": ")[1] for line in skipped] == [f"{source}:4", f"{source}:5", f"{source}:6"]
    terms = read_po(out)
    assert [(t.source, t.target, t.accept) for t in terms] == [
        ("林风", "Lin Feng", ()),
        ("武馆", "Martial Arts Hall", ()),
        ("青云宗", "Qingyun Sect", ("Azure Cloud Sect",)),  # the most frequent English is canonical
    ]
    assert "chose: " in result.stderr
    assert "'Qingyun Sect' (2×)" in result.stderr
    linted = runner.invoke(app, ["glossary", "lint", "-g", str(out)])
    assert linted.exit_code == 0, linted.stdout + linted.stderr


def test_without_skip_invalid_the_first_bad_row_fails_the_import(tmp_path: Path) -> None:
    result, out = _import(tmp_path)
    assert result.exit_code == 3
    assert f"{tmp_path / 'terms.jsonl'}:4:" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("policy", "canonical", "exit_code"),
    [("first", "Azure Cloud Sect", 1), ("most-frequent", "Qingyun Sect", 1), ("error", None, 3)],
)
def test_on_conflict_chooses_or_refuses(tmp_path: Path, policy: str, canonical: str | None, exit_code: int) -> None:
    result, out = _import(tmp_path, "--skip-invalid", "--on-conflict", policy)
    assert result.exit_code == exit_code, result.stderr
    if canonical is None:
        assert "武馆 → 'Martial Arts Hall'" in result.stderr
        assert not out.exists()
    else:
        [sect] = [t for t in read_po(out) if t.source == "青云宗"]
        assert sect.target == canonical


def test_leading_articles_are_reported_by_lint_unless_stripped(tmp_path: Path) -> None:
    result, out = _import(tmp_path, "--skip-invalid")
    assert result.exit_code == 1
    hall = [t for t in read_po(out) if t.source == "武馆"]
    assert [(t.target, t.accept) for t in hall] == [("the Martial Arts Hall", ("Martial Arts Hall",))]
    linted = runner.invoke(app, ["glossary", "lint", "-g", str(out)])
    assert "leading-article" in linted.stdout + linted.stderr
