"""``glossmt check`` on bilingual files: a name outside the glossary rendered more than one way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.check.checks import title
from glossmt.translate.cli.app import app

runner = CliRunner()


def _check(tmp_path: Path, rows: list[tuple[str, str]]) -> str:
    path = tmp_path / "pairs.tsv"
    path.write_text("source\ttarget\n" + "".join(f"{zh}\t{en}\n" for zh, en in rows), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("rows", "common", "odd"),
    [
        pytest.param(
            [
                ("外长努尔特列乌表示欢迎。", "Foreign Minister Nurtleu welcomed it."),
                ("努尔特列乌会见了记者。", "Nurtileu met reporters."),
                ("努尔特列乌说，钨很重要。", "Nurtleu said tungsten matters."),
            ],
            "Nurtleu",
            "Nurtileu",
            id="romanised",
        ),
        pytest.param(  # CC-CEDICT: "Angela Merkel (1954-), …", looked for by the surname
            [
                ("德国总理默克尔表示欢迎。", "Chancellor Merkel welcomed it."),
                ("默克尔会见了记者。", "Merkell met reporters."),
                ("默克尔说，钨很重要。", "Merkel said tungsten matters."),
            ],
            "Merkel",
            "Merkell",
            id="a-person-by-the-surname",
        ),
    ],
)
def test_a_name_outside_the_glossary_rendered_two_ways_is_reported_once(
    tmp_path: Path, rows: list[tuple[str, str]], common: str, odd: str
) -> None:
    out = _check(tmp_path, rows)
    lines = [line for line in out.splitlines() if "[inconsistent-name]" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{tmp_path / 'pairs.tsv'}:3:")
    assert f"'{common}' (2×" in lines[0]
    assert f"'{odd}' (1×, here)" in lines[0]
    assert f"(suggest: '{common}')" in lines[0]


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(
            [
                ("外长努尔特列乌表示欢迎。", "Nurtleu welcomed it."),
                ("努尔特列乌会见了记者。", "Nurtleu met reporters."),
            ],
            id="consistent",
        ),
        pytest.param(
            [("外长努尔特列乌表示欢迎。", "Nurtleu welcomed it."), ("努尔特列乌会见了记者。", "Reporters met him.")],
            id="not-rendered-is-no-second-spelling",
        ),
        pytest.param(
            [
                ("俄罗斯总统表示欢迎。", "Russia's president welcomed it."),
                ("俄罗斯军队撤离了。", "Russian troops left."),
                ("叙利亚难民回国。", "Syrians went home."),
                ("叙利亚政府表示欢迎。", "Syria's government welcomed it."),
            ],
            id="a-people-is-no-second-spelling",
        ),
        pytest.param(
            [
                ("尤文图斯赢了。", "Juventus won."),
                ("尤文图斯球迷庆祝。", "Juve fans celebrated."),
                ("弗里克说。", "Furyk said."),
                ("弗里克打得很好。", "He played fully well."),
            ],
            id="a-short-form-or-a-span-in-lower-case-is-no-second-spelling",
        ),
    ],
)
def test_no_finding_without_two_spellings(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    assert "[inconsistent-name]" not in _check(tmp_path, rows)


def test_the_check_has_a_title() -> None:
    assert (
        title("inconsistent-name")
        == "One Chinese name rendered more than one way in the batch (names outside the glossary)."
    )


def test_the_check_is_registered_and_reports_what_it_found_where(tmp_path: Path) -> None:
    from glossmt.translate.check.checks import CHECKS, BatchCheck

    assert isinstance(CHECKS["inconsistent-name"], BatchCheck)
    path = tmp_path / "pairs.tsv"
    rows = [("外长努尔特列乌表示欢迎。", "Nurtleu welcomed it."), ("努尔特列乌会见了记者。", "Nurtileu met reporters.")]
    rows.append(("努尔特列乌说。", "Nurtleu said so."))
    path.write_text("".join(f"{zh}\t{en}\n" for zh, en in rows), encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "inconsistent-name"]
    assert [(f["line"], f["col"], f["found"]) for f in found] == [(2, 13, "Nurtileu")]
