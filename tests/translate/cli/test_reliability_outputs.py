"""Issue 13, "data destroyed": outputs never replace devices, links, inputs or each other.

Every test compares what the run must not touch before and after it (device nodes, symlinks,
inputs, owners, modes, links), and checks exit code and a one-line stderr without a traceback.
"""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[2] / "data" / "check"
GLOSSARY = str(DATA / "glossary.po")
CHINESE = "美国商务部长卢特尼克表示。\n钨很重要！\n"


@pytest.fixture
def translate(tiny_model_dir: Path, tiny_translator):
    def invoke(*args: str):
        return runner.invoke(app, ["translate", "--model", str(tiny_model_dir), "--beams", "1", "-q", *args])

    return invoke


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(CHINESE, encoding="utf-8")
    return path


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """An English article with fixable findings (Howard Rovnick → Howard Lutnick)."""
    path = tmp_path / "people.en.md"
    shutil.copy(DATA / "articles" / "people.en.md", path)
    return path


# --- translate -o ---------------------------------------------------------------------------


def test_translate_into_a_device_writes_through_and_keeps_the_node(translate, source, char_device, snapshot):
    before = snapshot(char_device, source)
    result = translate(str(source), "-o", str(char_device))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # -q: nothing to say
    assert snapshot(char_device, source) == before  # still a character device, same inode
    assert stat.S_ISCHR(os.lstat(char_device).st_mode)


def test_translate_into_a_full_device_is_one_line_and_keeps_the_node(
    translate, source, full_device, snapshot, one_error_line
):
    before = snapshot(full_device, source)
    result = translate(str(source), "-o", str(full_device))
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert line.startswith(f"error: {full_device}: cannot write: No space left on device")
    assert snapshot(full_device, source) == before


def test_translate_into_a_fifo_writes_through(translate, source, tmp_path, snapshot):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    before = snapshot(fifo, source)
    result = translate(str(source), "-o", str(fifo))
    reader.join(30)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # -q: nothing to say
    assert snapshot(fifo, source) == before
    assert received
    assert received[0].count(b"\n") == 2


def test_translate_into_a_symlink_writes_its_target(translate, source, tmp_path, snapshot):
    real = tmp_path / "real.en.txt"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.en.txt"
    link.symlink_to(real.name)
    before = snapshot(link, source)
    result = translate(str(source), "-o", str(link), "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""  # -q: nothing to say
    assert snapshot(link, source) == before  # the link is still the same link
    assert real.read_text(encoding="utf-8").count("\n") == 2
    assert "old" not in real.read_text(encoding="utf-8")


@pytest.mark.parametrize("through_a_link", [False, True], ids=["the-file", "a-symlink-to-it"])
def test_translate_onto_its_own_input_is_refused(through_a_link, translate, source, snapshot, one_error_line):
    link = source.parent / "same.txt"
    link.symlink_to(source)
    before = snapshot(source, link)
    result = translate(str(source), "-o", str(link if through_a_link else source), "--force")
    assert result.exit_code == 2
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert snapshot(source, link) == before


@pytest.mark.parametrize("named", ["as-files", "as-their-folder"])
def test_an_input_that_is_another_inputs_output_is_refused(named, translate, tmp_path, snapshot, one_error_line):
    """a.txt → out/a.en.txt, which is also an input: it would be overwritten before it is read."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(CHINESE, encoding="utf-8")
    (folder / "a.en.txt").write_text("Already English.\n", encoding="utf-8")
    before = snapshot(folder / "a.txt", folder / "a.en.txt")
    inputs = [str(folder)] if named == "as-their-folder" else [str(folder / "a.txt"), str(folder / "a.en.txt")]
    result = translate(*inputs, "-o", str(folder), "--force")
    assert result.exit_code == 2
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert snapshot(folder / "a.txt", folder / "a.en.txt") == before


def test_two_inputs_sharing_an_output_are_refused(translate, tmp_path, snapshot, one_error_line):
    inputs = [tmp_path / name / "a.txt" for name in ("x", "y")]
    for path in inputs:
        path.parent.mkdir()
        path.write_text(CHINESE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(*inputs, out)
    result = translate(*map(str, inputs), "-o", str(out), "--force")
    assert result.exit_code == 2
    assert "would both be written into" in one_error_line(result.stderr)
    assert snapshot(*inputs, out) == before
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("where", ["under-a-file", "read-only"])
def test_an_unwritable_output_folder_fails_before_translating(
    where, source, tmp_path, broken_model_dir, one_error_line
):
    """With a model that cannot load, only a check made *before* translating can report the folder."""
    folder = tmp_path / "out"
    if where == "under-a-file":
        folder.write_text("a file, not a folder\n", encoding="utf-8")
    else:
        if os.geteuid() == 0:
            pytest.skip("root may write any folder")
        folder.mkdir(mode=0o555)
    target = str(folder / "a.en.txt")
    result = runner.invoke(app, ["translate", "--model", str(broken_model_dir), str(source), "-o", target])
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert str(folder) in line
    if where == "under-a-file":
        assert "a folder on the way is a file" in line


def test_translate_onto_the_glossary_is_refused(translate, source, tmp_path, snapshot, one_error_line):
    terms = tmp_path / "terms.po"
    shutil.copy(GLOSSARY, terms)
    before = snapshot(terms, source)
    result = translate(str(source), "-g", str(terms), "-o", str(terms), "--force")
    assert result.exit_code == 2
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert snapshot(terms, source) == before


# --- check --fix ----------------------------------------------------------------------------


def _fix(*paths: Path):
    return runner.invoke(app, ["check", "-g", GLOSSARY, "--fix", *map(str, paths)])


def test_fix_through_a_symlink_fixes_the_real_file(article, tmp_path, snapshot):
    link = tmp_path / "link.md"
    link.symlink_to(article.name)
    before = snapshot(link)
    result = _fix(link)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(link) == before
    assert "Howard Lutnick met" in article.read_text(encoding="utf-8")


def test_fix_keeps_hard_links_owner_and_mode(article, tmp_path):
    other = tmp_path / "other-name.md"
    os.link(article, other)
    if os.geteuid() == 0:
        os.chown(article, 4321, 4321)
    article.chmod(0o640)
    info = os.stat(article)
    result = _fix(article)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    after = os.stat(article)
    assert (after.st_ino, after.st_nlink, after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (
        info.st_ino,
        2,
        info.st_uid,
        info.st_gid,
        0o640,
    )
    assert "Howard Lutnick met" in other.read_text(encoding="utf-8")


def test_fix_keeps_the_owner_of_a_file_replaced_atomically(article):
    if os.geteuid() != 0:
        pytest.skip("giving a file to another owner needs root (CI runs the suite as root)")
    os.chown(article, 4321, 4322)
    article.chmod(0o604)
    result = _fix(article)
    assert result.exit_code == 0, result.stderr
    after = os.stat(article)
    assert (after.st_uid, after.st_gid, stat.S_IMODE(after.st_mode)) == (4321, 4322, 0o604)
    assert "Howard Lutnick met" in article.read_text(encoding="utf-8")


def test_fix_refuses_a_read_only_file(article, snapshot, one_error_line):
    article.chmod(0o444)
    before = snapshot(article)
    result = _fix(article)
    assert result.exit_code == 3
    assert "read-only" in one_error_line(result.stderr, only=False)
    assert snapshot(article) == before


# --- glossary export / import -o ------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "import"])
def test_glossary_output_to_a_device_keeps_the_node(command, char_device, snapshot):
    args = ["-g", GLOSSARY, "--format", "csv"] if command == "export" else [GLOSSARY, "--force"]
    before = snapshot(char_device)
    result = runner.invoke(app, ["glossary", command, *args, "-o", str(char_device)])
    assert snapshot(char_device) == before
    assert stat.S_ISCHR(os.lstat(char_device).st_mode)
    assert result.exit_code == 0, result.stderr


def test_glossary_export_onto_its_own_term_file_is_refused(tmp_path, snapshot, one_error_line):
    terms = tmp_path / "terms.po"
    shutil.copy(GLOSSARY, terms)
    before = snapshot(terms)
    result = runner.invoke(app, ["glossary", "export", "-g", str(terms), "-o", str(terms)])
    assert result.exit_code == 2
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert snapshot(terms) == before


def test_glossary_import_onto_an_input_is_refused(tmp_path, snapshot, one_error_line):
    terms = tmp_path / "terms.po"
    shutil.copy(GLOSSARY, terms)
    before = snapshot(terms)
    result = runner.invoke(app, ["glossary", "import", str(terms), "-o", str(terms), "--force"])
    assert result.exit_code == 2
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert snapshot(terms) == before


@pytest.mark.parametrize("command", ["export", "import"])
def test_glossary_output_through_a_symlink_writes_the_target(command, tmp_path, snapshot):
    real = tmp_path / "real.po"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.po"
    link.symlink_to(real)
    args = ["-g", GLOSSARY] if command == "export" else [GLOSSARY, "--force"]
    before = snapshot(link)
    result = runner.invoke(app, ["glossary", command, *args, "-o", str(link)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(link) == before
    assert 'msgstr "Howard Lutnick"' in real.read_text(encoding="utf-8")


# --- extract -o -----------------------------------------------------------------------------


@pytest.mark.parametrize("onto", ["the-input", "the-glossary"])
def test_extract_onto_what_it_reads_is_refused(onto, source, tmp_path, snapshot, one_error_line):
    terms = tmp_path / "terms.po"
    shutil.copy(GLOSSARY, terms)
    before = snapshot(source, terms)
    output = source if onto == "the-input" else terms
    result = runner.invoke(app, ["extract", "-g", str(terms), str(source), "-o", str(output)])
    assert result.exit_code == 2
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert snapshot(source, terms) == before


def test_extract_into_a_device_keeps_the_node(source, char_device, snapshot):
    before = snapshot(char_device, source)
    result = runner.invoke(app, ["extract", str(source), "-o", str(char_device)])
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(char_device, source) == before
