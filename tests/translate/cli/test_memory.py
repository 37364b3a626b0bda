"""The translation memory through the command line, with a tiny real Marian model.

A warm rerun comes back byte-identical from memory; editing one glossary name re-translates only the
sentences holding it; reviewed PO entries win over the model; stats, prune and TMX export.
"""

from __future__ import annotations

import json
from pathlib import Path

import defusedxml.ElementTree as ET
import polib
import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()
GLOSSARY = """
msgctxt "tokayev"
msgid "托卡耶夫"
msgstr "{tokayev}"

msgctxt "lutnick"
msgid "卢特尼克"
msgstr "Lutnick"
"""
LINES = ["托卡耶夫访问白宫。", "卢特尼克表示。", "钨很重要。", "托卡耶夫表示。铜也很重要！", "钨很重要。"]


@pytest.fixture
def run(tiny_model_dir: Path, tiny_translator, tmp_path: Path):
    source = tmp_path / "in.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    glossary = tmp_path / "terms.po"

    def invoke(*args: str, tokayev: str = "Tokayev", memory: str | None = str(tmp_path / "tm.sqlite")):
        glossary.write_text(GLOSSARY.format(tokayev=tokayev), encoding="utf-8")
        where = ["--memory", memory] if memory else [] if memory == "" else ["--no-memory"]
        base = ["translate", "--model", str(tiny_model_dir), "--beams", "1", "-g", str(glossary), *where]
        return runner.invoke(app, [*base, "--format", "jsonl", str(source), *args])

    return invoke


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_a_rerun_comes_from_memory_byte_identical(run) -> None:
    cold = run()
    assert cold.exit_code == 0, cold.stderr
    assert [r["from_memory"] for r in _records(cold.stdout)] == [0, 0, 0, 0, 1]  # line 5 repeats line 3
    warm = run()
    assert warm.exit_code == 0, warm.stderr
    records = _records(warm.stdout)
    assert [r["target"] for r in records] == [r["target"] for r in _records(cold.stdout)]
    assert [r["terms"] for r in records] == [r["terms"] for r in _records(cold.stdout)]
    assert [(r["from_memory"], r["sentences"]) for r in records] == [(1, 1), (1, 1), (1, 1), (2, 2), (1, 1)]
    assert "6 of 6 sentences from memory" in warm.stderr


def test_editing_one_name_retranslates_only_the_sentences_holding_it(run) -> None:
    before = _records(run().stdout)
    edited = run(tokayev="Tokajew")
    assert edited.exit_code == 0, edited.stderr
    after = _records(edited.stdout)
    assert [r["from_memory"] for r in after] == [0, 1, 1, 1, 1]  # line 4: its second sentence is remembered
    assert "Tokajew" in after[0]["target"]
    assert "Tokajew" in after[3]["target"]
    assert [r["target"] for r in after[1:3]] == [r["target"] for r in before[1:3]]
    fresh = _records(run(tokayev="Tokajew", memory=None).stdout)
    assert [r["target"] for r in after] == [r["target"] for r in fresh]
    assert [r["terms"] for r in after] == [r["terms"] for r in fresh]


def test_reviewed_po_entries_win_and_everything_exports(run, tmp_path: Path) -> None:
    review = tmp_path / "review.po"
    assert run("--format", "po", "-o", str(review)).exit_code == 0
    catalog = polib.pofile(str(review))
    first = catalog.find("托卡耶夫访问白宫。")
    first.msgstr = "President Tokayev visited the White House."
    first.flags.remove("fuzzy")
    catalog.save()
    memory = ["--memory", str(tmp_path / "tm.sqlite")]
    imported = runner.invoke(app, ["memory", "import", str(review), *memory])
    assert imported.exit_code == 0, imported.stderr
    assert f"{review}: 1 reviewed translations approved; left out: 4 still fuzzy, 0 empty" in imported.stderr
    records = _records(run().stdout)
    assert records[0]["target"] == "President Tokayev visited the White House."
    assert records[0]["terms"][0]["how"] == "reviewed"
    assert records[0]["terms"][0]["present"] is True
    stats = runner.invoke(app, ["memory", "stats", *memory])
    assert stats.exit_code == 0
    assert "5 model translations, 1 reviewed" in stats.stdout
    exported = runner.invoke(app, ["memory", "export", *memory])
    assert exported.exit_code == 0
    units = ET.fromstring(exported.stdout).findall("body/tu")
    assert len(units) == 6
    reviewed = [seg.text for seg in units[0].iter("seg")]
    assert reviewed == ["托卡耶夫访问白宫。", "President Tokayev visited the White House."]
    model = stats.stdout.splitlines()[1].split("\t")[1]
    pruned = runner.invoke(app, ["memory", "prune", "--model", model, *memory])
    assert pruned.exit_code == 0
    assert "5 model translations forgotten" in pruned.stderr


def test_the_default_memory_is_in_the_user_cache(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLOSSMT_MEMORY")
    monkeypatch.delenv("GLOSSMT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert run(memory=None).exit_code == 0
    assert not (tmp_path / "cache" / "glossmt" / "memory.sqlite").exists()  # --no-memory writes no memory
    assert run(memory="").exit_code == 0
    result = runner.invoke(app, ["memory", "stats"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{tmp_path / 'cache' / 'glossmt' / 'memory.sqlite'}: 5 model translations")


def test_pinned_names_come_back_from_memory_pinned_and_the_same(tiny_model_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "pins.txt"
    source.write_text("外长卡梅科表示欢迎。\n据卡梅科介绍，钨矿开发顺利。\n", encoding="utf-8")
    args = ["translate", "--model", str(tiny_model_dir), "--beams", "1", "--memory", str(tmp_path / "tm.sqlite")]
    cold = runner.invoke(app, [*args, "--format", "jsonl", str(source)])
    assert cold.exit_code == 0, cold.stderr
    warm = runner.invoke(app, [*args, "--format", "jsonl", str(source)])
    assert warm.exit_code == 0, warm.stderr
    cold_records, warm_records = _records(cold.stdout), _records(warm.stdout)
    pinned = [t for r in cold_records for t in r["terms"] if t["how"] == "pinned"]
    assert len(pinned) == 2  # both occurrences
    assert len({t["target"] for t in pinned}) == 1  # one rendering
    assert all(t["present"] for t in pinned)
    assert [r["target"] for r in warm_records] == [r["target"] for r in cold_records]
    assert [r["terms"] for r in warm_records] == [r["terms"] for r in cold_records]
    assert all(r["from_memory"] == r["sentences"] for r in warm_records)
