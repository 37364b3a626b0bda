"""Issue 13: bad input is one line on stderr and a documented exit code, never a traceback or a wrong answer."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app
from glossmt.translate.mt.pipeline import MAX_BATCH_SIZE, MAX_BEAMS

runner = CliRunner()
DATA = Path(__file__).resolve().parents[2] / "data" / "check"
GLOSSARY = str(DATA / "glossary.po")
CHINESE = "美国商务部长卢特尼克表示。\n钨很重要！\n"


def invoke(*args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


# --- write errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["glossary", "list", "-g", GLOSSARY],
        ["glossary", "find", "-g", GLOSSARY, str(DATA / "bilingual" / "aligned.zh.txt")],
        ["glossary", "export", "-g", GLOSSARY, "-o", "-", "--format", "csv"],
        ["glossary", "lint", "-g", GLOSSARY, "--format", "json"],
        ["check", "-g", GLOSSARY, str(DATA / "articles")],
    ],
    ids=["list", "find", "export", "lint", "check"],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_3(args, full_device, glossmt_process, one_error_line):
    with full_device.open("wb") as full:
        process = glossmt_process(*args, stdout=full)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 3
    line = one_error_line(stderr.decode(), only=False)
    assert "<stdout>" in line
    assert "No space left on device" in line


def test_a_full_disk_under_translate_is_one_line_and_exit_3(tiny_model_dir, full_device, glossmt_process, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(CHINESE, encoding="utf-8")
    with full_device.open("wb") as full:
        process = glossmt_process("translate", "--model", str(tiny_model_dir), "-q", str(source), stdout=full)
        _, stderr = process.communicate(timeout=300)
    assert process.returncode == 3
    text = stderr.decode()
    assert "Traceback" not in text
    assert text.startswith("error: <stdout>: cannot write: No space left on device")
    assert text.count("\n") == 1


def test_a_reader_that_leaves_ends_the_run_quietly(glossmt_process):
    process = glossmt_process("glossary", "list", "-g", GLOSSARY)
    assert process.stdout is not None
    process.stdout.read(10)
    process.stdout.close()  # `| head -c 10`
    _, stderr = process.communicate(timeout=120)
    assert stderr == b""


# --- Ctrl-C -------------------------------------------------------------------------------------


@pytest.fixture
def folder_of_files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(20):
        (folder / f"f{n:02}.txt").write_text(CHINESE * 15, encoding="utf-8")
    return folder


def _wait_until_torch_loads(pid: int) -> None:
    """Until the process maps torch's library: a fixed sleep can end inside Python's own start-up on a busy machine."""
    maps = Path(f"/proc/{pid}/maps")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if "libtorch" in maps.read_text():
                return
        except OSError:  # the process ended
            return
        time.sleep(0.005)


@pytest.mark.parametrize("moment", ["start-up", "after-the-first-file"])
def test_ctrl_c_at_any_moment_exits_130_and_finished_files_are_whole(
    moment, tiny_model_dir, folder_of_files, tmp_path, glossmt_process
):
    out = tmp_path / "out"
    process = glossmt_process(
        "translate", "--model", str(tiny_model_dir), "--beams", "1", "-q", str(folder_of_files), "-o", str(out)
    )
    if moment == "start-up":
        _wait_until_torch_loads(process.pid)  # the moment the issue saw go wrong: inside the import of torch
    else:
        _wait_for_a_finished_file(process, out)
    _interrupt_and_check(process, out)


def test_ctrl_c_while_ct2_batches_run_in_parallel_exits_130_with_whole_files(tiny_ct2_dir, tmp_path, glossmt_process):
    """On ct2 two batches are in flight from the pipeline's threads when the interrupt arrives."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(20):  # every line new: the translation memory cannot finish a file at once
        lines = (f"美国商务部长卢特尼克第{n}次表示，钨在第{i}个矿区很重要。\n" for i in range(30))
        (folder / f"f{n:02}.txt").write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    process = glossmt_process(
        "translate", "--model", str(tiny_ct2_dir), "--threads", "2", "--batch-size", "2", "-q", str(folder),
        "-o", str(out),
    )  # fmt: skip
    _wait_for_a_finished_file(process, out)
    assert _interrupt_and_check(process, out) >= 1


def _wait_for_a_finished_file(process: subprocess.Popen, out: Path) -> None:
    deadline = time.monotonic() + 240
    while not list(out.glob("*.en.txt")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)


def _interrupt_and_check(process: subprocess.Popen, out: Path) -> int:
    """Ctrl-C: exit 130, one last line, no traceback; of 20 inputs, fewer finished, each whole. Returns how many."""
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    text = stderr.decode()
    assert process.returncode == 130, text
    assert "Traceback" not in text
    assert text.strip().splitlines()[-1] == "interrupted"
    finished = sorted(out.glob("*.en.txt")) if out.exists() else []
    assert len(finished) < 20  # stopped, not ignored
    for path in finished:
        assert path.read_text(encoding="utf-8").count("\n") == 30  # whole: one line per input line
    assert not list(out.glob(".*.tmp")) if out.exists() else True
    return len(finished)


# --- model folders ---------------------------------------------------------------------------------


def _model_copy(tiny_model_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    return folder


def _wrong_type(folder: Path) -> None:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["model_type"] = "bert"
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")


def _missing_key(folder: Path) -> None:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    del config["d_model"]
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")


def _truncated(folder: Path) -> None:
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:50_000])


def _empty(folder: Path) -> None:
    (folder / "model.safetensors").write_bytes(b"")


def _bad_shape(folder: Path) -> None:
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    config["d_model"] = config["d_model"] * 2  # parses, has every key, and no longer fits the weights
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (_wrong_type, "not a Marian model"),
        (_missing_key, "config.json lacks d_model"),
        (_truncated, "model.safetensors is truncated"),
        (_empty, "model.safetensors is empty"),
        (_bad_shape, "cannot be loaded"),
    ],
    ids=["wrong-model-type", "missing-key", "truncated-weights", "zero-byte-weights", "weights-do-not-fit"],
)
def test_a_broken_model_folder_is_exit_4_saying_what_is_wrong(  # noqa: PLR0917 (pytest fixtures)
    damage, said, tiny_model_dir, tmp_path, snapshot, one_error_line
):
    folder = _model_copy(tiny_model_dir, tmp_path)
    damage(folder)
    source = tmp_path / "a.txt"
    source.write_text(CHINESE, encoding="utf-8")
    before = snapshot(source, *folder.iterdir())
    result = invoke("translate", "--model", str(folder), "-q", str(source), "-o", str(tmp_path / "a.en.txt"))
    assert result.exit_code == 4
    assert said in one_error_line(result.stderr)
    assert snapshot(source, *folder.iterdir()) == before  # the folder is reported, never repaired or rewritten
    assert not (tmp_path / "a.en.txt").exists()


@pytest.fixture(scope="module")
def pickle_only_model(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from safetensors.torch import load_file

    folder = tmp_path_factory.mktemp("pickle") / "model"
    shutil.copytree(tiny_model_dir, folder)
    torch.save(
        load_file(folder / "model.safetensors"), folder / "pytorch_model.bin"
    )  # the old way hub models were saved
    (folder / "model.safetensors").unlink()
    return folder


def test_a_pickle_only_model_is_refused_without_allow_pickle(pickle_only_model, tmp_path, snapshot, one_error_line):
    source = tmp_path / "a.txt"
    source.write_text(CHINESE, encoding="utf-8")
    before = snapshot(source, *pickle_only_model.iterdir())
    result = invoke("translate", "--model", str(pickle_only_model), "-q", str(source))
    assert snapshot(source, *pickle_only_model.iterdir()) == before  # not converted behind the user's back
    assert result.exit_code == 4
    line = one_error_line(result.stderr)
    assert "pickle" in line
    assert "--allow-pickle" in line
    assert "save_pretrained" in line  # how to convert it to safetensors
    allowed = invoke(
        "translate", "--model", str(pickle_only_model), "--allow-pickle", "--beams", "1", "-q", str(source)
    )
    assert allowed.exit_code == 0, allowed.stderr
    assert allowed.stdout.count("\n") == 2


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--beams", "100000", f"less than or equal to {MAX_BEAMS}"),
        ("--beams", str(10**23), f"less than or equal to {MAX_BEAMS}"),
        ("--beams", "0", "greater than or equal to 1"),
        ("--batch-size", "100000", f"less than or equal to {MAX_BATCH_SIZE}"),
    ],
    ids=["beams-100000", "beams-10e23", "beams-0", "batch-size-100000"],
)
def test_beams_and_batch_size_beyond_the_limit_are_a_usage_error(option, value, said, tmp_path, snapshot):
    """Refused while the options are parsed: no model is loaded, no input read, no output made."""
    source = tmp_path / "a.txt"
    source.write_text(CHINESE, encoding="utf-8")
    before = snapshot(source)
    result = invoke(
        "translate", "--model", str(tmp_path / "no-model"), option, value, str(source), "-o", str(tmp_path / "out.txt")
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert option in result.stderr
    assert said in result.stderr
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1  # one line, not typer's usage box
    assert snapshot(source) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


# --- JSONL and line ends ------------------------------------------------------------------------------


HOSTILE_JSON = {
    "lone-surrogate": '{"zh": "\\ud800", "en": "A"}',
    "deep-nesting": "[" * 100_000 + "]" * 100_000,
    "huge-integer": '{"zh": "甲", "en": "A", "n": ' + "9" * 5000 + "}",
}


@pytest.mark.parametrize("line", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
@pytest.mark.parametrize("command", ["lint", "import", "check"])
def test_hostile_jsonl_is_exit_3_with_file_and_line(command, line, tmp_path, snapshot, one_error_line):
    path = tmp_path / "bad.jsonl"
    first = '{"zh": "甲", "en": "A"}' if command != "check" else '{"source": "甲", "target": "A"}'
    path.write_text(f"{first}\n{line}\n", encoding="utf-8")
    before = snapshot(path)
    if command == "lint":
        result = invoke("glossary", "lint", "-g", str(path))
    elif command == "import":
        result = invoke("glossary", "import", str(path), "-o", "-")
    else:
        result = invoke("check", "-g", GLOSSARY, str(path))
    assert result.exit_code == 3
    assert f"{path}:2:" in one_error_line(result.stderr, only=command != "check")
    assert snapshot(path) == before


SEPARATORS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def test_jsonl_with_unicode_line_separators_is_valid_for_check(tmp_path):
    path = tmp_path / "pairs.jsonl"
    records = [{"source": f"钨{c}很重要", "target": f"Tungsten{c}matters"} for c in SEPARATORS]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = invoke("check", "-g", GLOSSARY, str(path))
    assert result.exit_code == 0, result.stderr
    assert "1 file" in result.stderr


def test_translate_keeps_one_line_per_line_and_check_pairs_them(tiny_model_dir, tiny_translator, tmp_path):
    source = tmp_path / "zh.txt"
    source.write_text("".join(f"钨{c}很重要。\n" for c in SEPARATORS), encoding="utf-8")
    target = tmp_path / "en.txt"
    result = invoke("translate", "--model", str(tiny_model_dir), "--beams", "1", "-q", str(source), "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").count("\n") == len(SEPARATORS)
    paired = invoke("check", "-g", GLOSSARY, "--source", str(source), "--target", str(target))
    assert paired.exit_code in (0, 1), paired.stderr  # findings are allowed; a line-count mismatch (3) is not
    assert "lines of English for" not in paired.stderr


def test_translate_reads_utf16_from_stdin(tiny_model_dir, tiny_translator):
    result = invoke(
        "translate",
        "--model",
        str(tiny_model_dir),
        "--beams",
        "1",
        "-q",
        "--encoding",
        "utf-16",
        stdin=CHINESE.encode("utf-16"),
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 2


# --- exit codes and messages ----------------------------------------------------------------------


def test_check_diff_exits_1_while_errors_remain_in_the_file(tmp_path):
    article = tmp_path / "people.en.md"
    shutil.copy(DATA / "articles" / "people.en.md", article)
    before = article.read_bytes()
    plain = invoke("check", "-g", GLOSSARY, str(article))
    for args in (["--diff"], ["--fix", "--dry-run"]):
        result = invoke("check", "-g", GLOSSARY, *args, str(article))
        assert result.exit_code == plain.exit_code == 1
        assert article.read_bytes() == before


def test_check_diff_as_json_is_one_document_holding_the_diff(tmp_path):
    article = tmp_path / "people.en.md"
    shutil.copy(DATA / "articles" / "people.en.md", article)
    result = invoke("check", "-g", GLOSSARY, "--diff", "--format", "json", str(article))
    assert result.exit_code == 1  # errors remain in the file, as plain check says
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)
    assert document["diff"].startswith(f"--- a/{article}")
    assert document["dry_run"] is True


@pytest.mark.parametrize(
    ("glossary", "said"),
    [
        ("notes.txt", "not a term file"),
        ("missing.po", "no such glossary file"),
        ("folder.po", "holds no .po term files"),
    ],
    ids=["not-a-term-file", "missing", "a-folder"],
)
@pytest.mark.parametrize("command", ["lint", "check", "translate"])
def test_an_unreadable_glossary_is_bad_input(  # noqa: PLR0917 (pytest fixtures)
    command, glossary, said, tmp_path, snapshot, one_error_line
):
    """Exit 3 and one line, not typer's usage box (exit 2), for every command that takes -g."""
    (tmp_path / "notes.txt").write_text("not terms\n", encoding="utf-8")
    (tmp_path / "folder.po").mkdir()
    text = tmp_path / "a.txt"
    text.write_text(CHINESE, encoding="utf-8")
    before = snapshot(*tmp_path.iterdir())
    args = {"lint": ["glossary", "lint"], "check": ["check", str(text)], "translate": ["translate", "-q", str(text)]}
    result = invoke(*args[command], "-g", str(tmp_path / glossary))
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert said in line
    assert "--format" not in line  # lint has no such option
    assert snapshot(*tmp_path.iterdir()) == before


def test_glossary_import_of_a_folder_is_bad_input(tmp_path, one_error_line):
    result = invoke("glossary", "import", str(tmp_path), "-o", "-")
    assert result.exit_code == 3
    assert "is a directory" in one_error_line(result.stderr)


@pytest.mark.parametrize("command", [["check"], ["glossary", "find"], ["translate"], ["extract"]])
def test_an_unknown_encoding_is_a_usage_error(command, tmp_path, one_error_line):
    text = tmp_path / "a.txt"
    text.write_text("x\n", encoding="utf-8")
    result = invoke(*command, "--encoding", "no-such-codec", str(text))
    assert result.exit_code == 2
    assert "unknown encoding" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    "command", [["check"], ["glossary", "find"], ["translate"], ["glossary", "lint", "-g"], ["extract"]]
)
def test_a_symlink_loop_is_called_one(command, tmp_path, one_error_line):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = invoke(*command, str(tmp_path / "a"))
    assert result.exit_code == 3
    assert "symlink loop" in one_error_line(result.stderr, only=command != ["check"])


def test_check_of_a_folder_without_articles_says_so(tmp_path, one_error_line):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    result = invoke("check", "-g", GLOSSARY, str(tmp_path))
    assert result.exit_code == 3
    assert "folder holds no" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ("钨很重要".encode("utf-16"), "utf-16"),
        ("北卡特帕尔是钨矿。美国商务部长卢特尼克表示。".encode("gb18030"), "gb18030"),
    ],
    ids=["utf-16-bom", "gb18030"],
)
@pytest.mark.parametrize("command", [["glossary", "find"], ["extract"]], ids=["find", "extract"])
def test_undecodable_input_names_the_likely_encoding_and_offset(  # noqa: PLR0917 (pytest fixtures)
    command, data, named, tmp_path, snapshot, one_error_line
):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    before = snapshot(path)
    result = invoke(*command, str(path))
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert named in line
    assert "byte offset 0" in line
    assert f"--encoding {named}" in line  # both commands have the option
    assert snapshot(path) == before


def test_a_term_file_decoding_hint_names_no_option_lint_lacks(tmp_path, one_error_line):
    path = tmp_path / "terms.po"
    path.write_bytes('msgid ""\nmsgstr ""\n\nmsgid "钨"\nmsgstr "tungsten"\n'.encode("utf-16"))
    result = invoke("glossary", "lint", "-g", str(path))
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert "utf-16" in line
    assert "--encoding" not in line


# --- TBX ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ['<conceptEntry id="a">' * 200_000 + "</conceptEntry>" * 200_000, "<note>" * 100_000 + "</note>" * 100_000],
    ids=["nested-entries", "deep-nesting"],
)
def test_hostile_tbx_fails_at_once_with_exit_3(body, tmp_path, snapshot, one_error_line):
    path = tmp_path / "hostile.tbx"
    path.write_text(f'<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>{body}</body></text></tbx>', encoding="utf-8")
    before = snapshot(path)
    started = time.monotonic()
    result = invoke("glossary", "import", str(path), "-o", "-")
    assert time.monotonic() - started < 30  # about 0.5 s; the quadratic reader took minutes
    assert result.exit_code == 3
    assert "nested too deeply" in one_error_line(result.stderr)
    assert result.stdout == ""
    assert snapshot(path) == before
