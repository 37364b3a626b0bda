"""Issue 27, daily use: reruns that notice what changed, the same options everywhere, the rough edges.

Every case runs the real command line (typer's CliRunner) with the tiny real Marian model; each asserts the
exit code, stdout and stderr.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.batch.lock import LOCK_NAME
from glossmt.translate.batch.manifest import MANIFEST_NAME
from glossmt.translate.cli import progress
from glossmt.translate.cli.app import app

runner = CliRunner()
LINES = "哈萨克斯坦总统托卡耶夫访问白宫。\n美国商务部长卢特尼克表示，钨很重要。\n"


@pytest.fixture
def translate(tiny_model_dir: Path, tiny_translator):
    def invoke(*args: str, model: Path | None = None, stdin: str | bytes | None = None):
        chosen = str(model or tiny_model_dir)
        return runner.invoke(app, ["translate", "--model", chosen, "--beams", "1", *args], input=stdin)

    return invoke


def _write(path: Path, data: str | bytes = LINES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _visible(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.name.startswith("."))


# --- reruns that notice what changed ----------------------------------------------------------------


def test_a_rerun_redoes_an_edited_source_and_keeps_the_rest(translate, tmp_path: Path) -> None:
    news = tmp_path / "news"
    a, _ = _write(news / "a.txt"), _write(news / "b.txt")
    out = tmp_path / "out"
    assert translate(str(news), "-o", str(out)).exit_code == 0
    kept = (out / "b.en.txt").stat().st_mtime_ns
    _write(a, "钨很重要。\n")
    rerun = translate(str(news), "-o", str(out))
    assert rerun.exit_code == 0, rerun.stderr
    assert rerun.stdout == ""
    assert rerun.stderr.startswith(f"{out}: 1 output up to date, kept (--force redoes them)\n")
    assert "1 files translated (1 redone: 1 source changed), 1 kept from an earlier run; 1 lines" in rerun.stderr
    assert "exists, skipped" not in rerun.stderr
    assert (out / "a.en.txt").read_text(encoding="utf-8").count("\n") == 1  # the new source's one line
    assert (out / "b.en.txt").stat().st_mtime_ns == kept


def test_a_changed_glossary_redoes_every_output(translate, tmp_path: Path, shipped_glossary) -> None:
    from glossmt.glossary.formats.po import write_po

    news = tmp_path / "news"
    _write(news / "a.txt"), _write(news / "b.txt")
    terms = tmp_path / "terms.po"
    write_po(list(shipped_glossary), terms)
    out = tmp_path / "out"
    assert translate(str(news), "-o", str(out), "-g", str(terms)).exit_code == 0
    same = translate(str(news), "-o", str(out), "-g", str(terms))
    assert "0 files translated, 2 kept from an earlier run" in same.stderr
    write_po([t for t in shipped_glossary if "托卡耶夫" not in t.source], terms)
    edited = translate(str(news), "-o", str(out), "-g", str(terms))
    assert edited.exit_code == 0, edited.stderr
    assert "2 files translated (2 redone: 2 glossary changed), 0 kept from an earlier run" in edited.stderr


def test_other_settings_or_another_model_redo_outputs(translate, tmp_path: Path, tiny_model_dir: Path) -> None:
    news = tmp_path / "news"
    _write(news / "a.txt")
    out = tmp_path / "out"
    assert translate(str(news), "-o", str(out)).exit_code == 0
    beams = runner.invoke(app, ["translate", "--model", str(tiny_model_dir), "--beams", "2", str(news), "-o", str(out)])
    assert "1 files translated (1 redone: 1 settings changed)" in beams.stderr
    other = tmp_path / "other-model"
    shutil.copytree(tiny_model_dir, other)
    config = json.loads((other / "config.json").read_text(encoding="utf-8"))
    (other / "config.json").write_text(json.dumps({**config, "num_beams": 3}), encoding="utf-8")
    moved = translate(str(news), "-o", str(out), model=other)
    assert moved.exit_code == 0, moved.stderr
    assert "1 files translated (1 redone: 1 model changed)" in moved.stderr


def test_an_output_without_a_record_is_redone_and_the_manifest_is_hidden(translate, tmp_path: Path) -> None:
    news = tmp_path / "news"
    _write(news / "a.txt")
    out = tmp_path / "out"
    _write(out / "a.en.txt", "written by hand\n")
    result = translate(str(news), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "1 files translated (1 redone: 1 no record)" in result.stderr
    assert "Tokayev" in (out / "a.en.txt").read_text(encoding="utf-8")
    record = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert record["output"] == "a.en.txt"
    assert set(record) == {"output", "source", "glossary", "model", "settings"}


def test_one_named_output_is_written_even_if_it_exists(translate, tmp_path: Path) -> None:
    source = _write(tmp_path / "a.txt")
    target = _write(tmp_path / "a.en.txt", "old English\n")
    result = translate(str(source), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Tokayev" in target.read_text(encoding="utf-8")
    assert "skipped" not in result.stderr
    assert not (tmp_path / MANIFEST_NAME).exists()


def test_no_lock_file_is_left_behind(translate, tmp_path: Path) -> None:
    news = tmp_path / "news"
    _write(news / "a.txt")
    out = tmp_path / "out"
    assert translate(str(news), "-o", str(out)).exit_code == 0
    assert not (out / LOCK_NAME).exists()
    assert _visible(out) == ["a.en.txt"]


def test_the_memory_hits_the_same_model_however_its_path_is_spelt(
    translate, tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = tmp_path / "memory.sqlite"
    copy = tmp_path / "models" / "copy"
    shutil.copytree(tiny_model_dir, copy)
    first = translate("--memory", str(memory), stdin=LINES)
    assert first.exit_code == 0, first.stderr
    assert "from memory" not in first.stderr
    monkeypatch.chdir(tmp_path)
    again = translate("--memory", str(memory), model=Path("models/copy"), stdin=LINES)  # relative, a copy
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout
    assert "; 2 of 2 sentences from memory" in again.stderr


# --- the same options everywhere ---------------------------------------------------------------------

GBK = "托卡耶夫访问白宫。\n".encode("gbk")


@pytest.mark.parametrize("command", [["extract", "-f", "tsv"], ["glossary", "find"]], ids=["extract", "find"])
def test_encoding_auto_folders_and_a_bad_file_then_exit_3(command: list[str], tmp_path: Path) -> None:
    folder = tmp_path / "zh"
    _write(folder / "a.txt", GBK)
    _write(folder / "sub" / "b.md", LINES)
    _write(folder / ".hidden.txt", LINES)
    bad = _write(folder / "c.txt", b"fine\n\xff\xff broken\n")  # no BOM; no Chinese encoding has 0xff
    result = runner.invoke(app, [*command, str(folder), "--encoding", "auto"])
    assert result.exit_code == 3
    if command[0] == "extract":
        assert result.stdout.startswith("confidence\tcount\tdocs\tzh")
        assert "candidate names in 2 document(s)" in result.stderr
    else:
        assert f"{folder / 'a.txt'}:1:1\t托卡耶夫" in result.stdout  # the GBK file was detected and read
        assert f"{folder / 'sub' / 'b.md'}:" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {bad}:2: cannot decode byte 0xff at byte offset 5 as utf-8")
    assert "1 file of 3 could not be read; the others were" in result.stderr
    assert "Traceback" not in result.stderr


def test_glossary_find_walks_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "zh"
    _write(folder / "a.txt"), _write(folder / "b.txt", "钨。\n")
    result = runner.invoke(app, ["glossary", "find", str(folder)])
    assert result.exit_code == 0, result.stderr
    files = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert files == {str(folder / "a.txt"), str(folder / "b.txt")}


def test_consistency_batch_on_stdin_pins_it_as_one_document(translate) -> None:
    text = "新总统阿尔达巴耶夫到访。阿尔达巴耶夫说，阿尔达巴耶夫很高兴。\n"
    document = translate("--consistency", "document", "--format", "jsonl", stdin=text)
    batch = translate("--consistency", "batch", "--format", "jsonl", stdin=text)
    assert (document.exit_code, batch.exit_code) == (0, 0)
    pinned = [t for t in json.loads(batch.stdout)["terms"] if t["how"] == "pinned"]
    assert pinned, batch.stdout
    assert batch.stdout == document.stdout


@pytest.mark.parametrize(
    "command",
    [["translate"], ["check"], ["extract"], ["glossary", "find"], ["glossary", "lint"], ["glossary", "export"]],
    ids=" ".join,
)
def test_help_has_no_bool_placeholder_and_the_same_names(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "<bool>" not in result.stdout
    assert "FILE|DIR" in result.stdout  # -g/--glossary
    if command[-1] in ("translate", "check", "extract", "find"):
        assert "[FILE…|DIR…|-]" in result.stdout
        assert "NAME|auto" in result.stdout  # --encoding, auto included
    assert " -f " in result.stdout  # --format has -f everywhere


def test_threshold_help_says_what_it_accepts() -> None:
    result = runner.invoke(app, ["check", "--help"], env={"COLUMNS": "200"})
    assert "50–100" in result.stdout
    assert " 0–100" not in result.stdout
    refused = runner.invoke(app, ["check", "--threshold", "40", "-"], input="x\n")
    assert refused.exit_code == 2


# --- feedback while it works ------------------------------------------------------------------------


def test_off_a_terminal_a_progress_line_goes_to_stderr(
    translate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "LOG_EVERY_S", 0.0)  # every line, so the test does not wait
    news = tmp_path / "news"
    _write(news / "a.txt"), _write(news / "b.txt")
    result = translate(str(news), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.startswith("progress: ")]
    assert lines[0].startswith("progress: 0/2 files, 1 lines, ")
    assert lines[-1].startswith("progress: 2/2 files, 4 lines, ")
    assert " lines/s, " in lines[-1]
    quiet = translate(str(news), "-o", str(tmp_path / "out2"), "--quiet")
    assert quiet.stderr == ""


def test_crlf_input_gives_crlf_output_per_file(translate, tmp_path: Path) -> None:
    news = tmp_path / "news"
    _write(news / "dos.txt", LINES.replace("\n", "\r\n"))
    _write(news / "unix.txt", LINES)
    out = tmp_path / "out"
    result = translate(str(news), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    dos, unix = (out / "dos.en.txt").read_bytes(), (out / "unix.en.txt").read_bytes()
    assert dos.count(b"\r\n") == 2
    assert b"\r" not in unix
    assert dos.replace(b"\r\n", b"\n") == unix


def test_a_decode_error_never_suggests_the_encoding_that_failed(tmp_path: Path) -> None:
    bad = _write(tmp_path / "a.txt", "\ufeff".encode() + b"ok\n" * 30000 + b"\xff\n")
    result = runner.invoke(app, ["glossary", "find", str(bad)])
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {bad}:30001: cannot decode byte 0xff at byte offset 90003 as utf-8-sig")
    assert "-f UTF-8" not in result.stderr
    assert "find its encoding" in result.stderr


# --- term files -------------------------------------------------------------------------------------


def test_a_glossary_saved_by_polib_is_read(tmp_path: Path) -> None:
    import polib

    from glossmt.glossary.formats.po import write_po
    from glossmt.glossary.model import Term, TermType

    terms = tmp_path / "terms.po"
    note = "a very long note about this deposit, " * 5
    write_po([Term("上凯拉克京斯科耶", "Upper Kairaktinskoye", "upper-k", type=TermType.DEPOSIT, note=note)], terms)
    polib.pofile(str(terms)).save(str(terms))  # wraps the note at 78 columns
    result = runner.invoke(app, ["glossary", "show", "上凯拉克京斯科耶", "-g", str(terms)])
    assert result.exit_code == 0, result.stderr
    assert f"note:    {note.strip()}" in result.stdout


def test_lint_errors_on_one_form_in_two_concepts(tmp_path: Path) -> None:
    terms = tmp_path / "terms.po"
    entries = [("brett-kavanaugh", "卡瓦诺"), ("Kavanaugh", "卡瓦诺")]
    body = "".join(f'\n#. type: person\nmsgctxt "{c}"\nmsgid "{zh}"\nmsgstr "Kavanaugh"\n' for c, zh in entries)
    terms.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + body, encoding="utf-8")
    result = runner.invoke(app, ["glossary", "lint", "-g", str(terms)])
    assert result.exit_code == 1
    assert f"{terms}:10:" in result.stdout
    assert "[form-in-two-concepts]" in result.stdout
    assert "1 errors" in result.stderr


def test_import_and_merge_make_concept_ids_by_one_rule(tmp_path: Path) -> None:
    from glossmt.glossary.formats.po import read_po

    vendor = _write(tmp_path / "vendor.csv", "zh,en\n玛克辛·沃特斯,Maxine Waters\n")
    out = tmp_path / "vendor.po"
    result = runner.invoke(app, ["glossary", "import", str(vendor), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert [t.concept for t in read_po(out)] == ["maxine-waters"]


def test_the_demo_keeps_its_tiny_model_while_its_inputs_are_unchanged(tmp_path: Path) -> None:
    import subprocess
    import sys

    from glossmt.translate.devtools.tiny import STAMP_NAME

    folder = tmp_path / "tiny-model"
    command = [sys.executable, "-m", "glossmt.translate.devtools.tiny", str(folder)]  # what `make demo` runs
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (first.returncode, first.stdout) == (0, "")
    assert first.stderr == f"built: tiny model in {folder}\n"
    weights = (folder / "model.safetensors").stat().st_mtime_ns
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (again.returncode, again.stdout) == (0, "")
    assert again.stderr == f"kept (its inputs are unchanged): tiny model in {folder}\n"
    assert (folder / "model.safetensors").stat().st_mtime_ns == weights
    (folder / STAMP_NAME).write_text("made from other corpora\n", encoding="utf-8")
    rebuilt = subprocess.run(command, capture_output=True, text=True, check=False)
    assert rebuilt.stderr.startswith("built: ")
