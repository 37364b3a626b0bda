"""Planning a batch: folder trees mirrored, hidden files skipped, collisions refused before any work."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossmt.glossary.errors import BadInputError, UsageError
from glossmt.translate.batch.plan import plan_outputs


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("钨。\n", encoding="utf-8")


def _targets(plan, out: Path) -> list[str]:
    return [str(job.target.relative_to(out)) for job in plan.jobs]


def test_a_tree_is_mirrored_and_hidden_files_skipped(tmp_path: Path) -> None:
    news = tmp_path / "news"
    _touch(news, "a/b.txt", "c.txt", "a/.draft.txt", ".cache/x.txt", "notes.md")
    _touch(tmp_path, "extra.txt")
    out = tmp_path / "out"
    plan = plan_outputs([str(news), str(tmp_path / "extra.txt")], str(out), ".jsonl")
    assert _targets(plan, out) == ["a/b.en.jsonl", "c.en.jsonl", "extra.en.jsonl"]
    assert plan.folder == out
    assert [Path(j.source).name for j in plan.jobs] == ["b.txt", "c.txt", "extra.txt"]


def test_glob_chooses_the_files(tmp_path: Path) -> None:
    _touch(tmp_path / "news", "a/b.txt", "notes.md")
    plan = plan_outputs([str(tmp_path / "news")], str(tmp_path / "out"), ".txt", glob="*.md")
    assert _targets(plan, tmp_path / "out") == ["notes.en.txt"]


def test_an_output_folder_inside_the_input_is_not_walked(tmp_path: Path) -> None:
    news = tmp_path / "news"
    _touch(news, "a.txt", "en/a.en.txt")
    plan = plan_outputs([str(news)], str(news / "en"), ".txt")
    assert [Path(j.source).name for j in plan.jobs] == ["a.txt"]


def test_two_inputs_for_one_output_are_refused(tmp_path: Path) -> None:
    _touch(tmp_path, "a/x.txt", "b/x.txt")
    with pytest.raises(UsageError, match=r"a/x\.txt and .*b/x\.txt would both be written into"):
        plan_outputs([str(tmp_path / "a/x.txt"), str(tmp_path / "b/x.txt")], str(tmp_path / "out"), ".txt")


def test_an_output_onto_an_input_is_refused(tmp_path: Path) -> None:
    _touch(tmp_path, "a.txt", "a.en.txt")
    with pytest.raises(UsageError, match="would overwrite the input"):
        plan_outputs([str(tmp_path / "a.txt"), str(tmp_path / "a.en.txt")], str(tmp_path), ".txt")


def test_existing_outputs_are_done_unless_forced(tmp_path: Path) -> None:
    _touch(tmp_path, "in/a.txt", "in/b.txt", "out/a.en.txt")
    inputs = [str(tmp_path / "in")]
    plan = plan_outputs(inputs, str(tmp_path / "out"), ".txt")
    assert [j.done for j in plan.jobs] == [True, False]
    assert [Path(j.source).name for j in plan.todo] == ["b.txt"]
    forced = plan_outputs(inputs, str(tmp_path / "out"), ".txt", force=True)
    assert not any(j.done for j in forced.jobs)


def test_a_folder_without_matches_is_reported(tmp_path: Path) -> None:
    _touch(tmp_path, "in/notes.md")
    plan = plan_outputs([str(tmp_path / "in")], str(tmp_path / "out"), ".txt")
    assert plan.jobs == ()
    assert plan.empty == (str(tmp_path / "in"),)


def test_a_folder_needs_an_output_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="pass -o OUTDIR"):
        plan_outputs([str(tmp_path)], None, ".txt")


def test_a_missing_input_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="no such file"):
        plan_outputs([str(tmp_path / "nope")], str(tmp_path / "out"), ".txt")


@pytest.mark.parametrize("output", ["out/", "out"], ids=["trailing-slash", "existing-folder"])
def test_one_file_into_a_folder(tmp_path: Path, output: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _touch(tmp_path, "a.txt")
    if output == "out":
        (tmp_path / "out").mkdir()
    plan = plan_outputs(["a.txt"], output, ".po")
    assert [str(j.target) for j in plan.jobs] == ["out/a.en.po"]
