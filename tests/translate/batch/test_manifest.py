"""The output folder's manifest: what made each output, and why one must be redone."""

from __future__ import annotations

from pathlib import Path

from glossmt.translate.batch.manifest import MANIFEST_NAME, Manifest, Recipe, source_digest

RECIPE = Recipe("glossary-1", "sha256:model-1", "format:text|beams:4")


def test_a_recorded_output_is_current_until_its_source_or_recipe_changes(tmp_path: Path) -> None:
    target = tmp_path / "a.en.txt"
    Manifest(tmp_path).record(target, source_digest(b"zh"), RECIPE)
    again = Manifest(tmp_path)
    assert again.stale(target, b"zh", RECIPE) is None
    assert again.stale(target, b"zh, edited", RECIPE) == "source changed"
    assert again.stale(target, b"zh", Recipe("glossary-2", RECIPE.model, RECIPE.settings)) == "glossary changed"
    assert again.stale(target, b"zh", Recipe(RECIPE.glossary, "sha256:model-2", RECIPE.settings)) == "model changed"
    assert again.stale(tmp_path / "b.en.txt", b"zh", RECIPE) == "no record"
    assert dict(again.reasons) == {"source changed": 1, "glossary changed": 1, "model changed": 1, "no record": 1}


def test_a_half_written_line_is_dropped_and_the_last_record_wins(tmp_path: Path) -> None:
    target = tmp_path / "a.en.txt"
    manifest = Manifest(tmp_path)
    manifest.record(target, source_digest(b"old"), RECIPE)
    manifest.record(target, source_digest(b"new"), RECIPE)
    with (tmp_path / MANIFEST_NAME).open("a", encoding="utf-8") as handle:
        handle.write('{"output": "b.en.txt", "sour')  # a kill mid-line
    reread = Manifest(tmp_path)
    assert reread.stale(target, b"new", RECIPE) is None
    lines = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1  # compacted: superseded and broken lines gone
    reread.record(tmp_path / "c.en.txt", source_digest(b"c"), RECIPE)
    assert Manifest(tmp_path).stale(tmp_path / "c.en.txt", b"c", RECIPE) is None
