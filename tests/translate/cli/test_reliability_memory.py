"""Issue 26, the translation memory: nothing that is not a memory is converted, a damaged one is refused
untouched, read-only commands create nothing, a lock or a full disk is one line (translate still writes)."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app
from glossmt.translate.memory import opening
from glossmt.translate.memory.store import Approved, Memory, Remembered, StoredTerm

runner = CliRunner()
CHINESE = "美国商务部长卢特尼克表示。\n钨很重要！\n"
REVIEWED = 'msgid "卢特尼克表示。"\nmsgstr "Lutnick said."\n'


@pytest.fixture
def memory_file(tmp_path: Path) -> Path:
    """A real memory holding one model translation and one reviewed one."""
    path = tmp_path / "mem" / "m.sqlite"
    with Memory(path) as memory:
        term = StoredTerm("c", "甲", 0, 1, "A", "model", True)
        memory.remember([Remembered("甲。", "ctx", "A.", (term,), "model@1", "beams:1")])
        memory.approve([Approved("乙。", "B.", "r.po:2")])
    return path


def _everything(folder: Path) -> dict[str, object]:
    """Every name under ``folder`` with its bytes (None for a folder): what a run may not change."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def _command(name: str, memory: Path, tmp_path: Path, model: Path | None = None) -> list[str]:
    source = tmp_path / "a.txt"
    source.write_text(CHINESE, encoding="utf-8")
    review = tmp_path / "reviewed.po"
    review.write_text(REVIEWED, encoding="utf-8")
    return {
        "stats": ["memory", "stats", "--memory", str(memory)],
        "export": ["memory", "export", "--memory", str(memory), "-o", str(tmp_path / "out.tmx")],
        "prune": ["memory", "prune", "--model", "model@1", "--memory", str(memory)],
        "import": ["memory", "import", str(review), "--memory", str(memory)],
        "translate": ["translate", "--model", str(model), "-q", "--memory", str(memory), str(source)],
    }[name]


COMMANDS = ["stats", "export", "prune", "import", "translate"]


def _damage(kind: str, path: Path) -> None:
    data = path.read_bytes()
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("my thesis, not a database\n", encoding="utf-8")
    elif kind == "foreign-sqlite":
        path.unlink()
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE notes (body TEXT)")
        db.commit()
        db.close()
    elif kind == "half-written":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "corrupt-pages":
        page = 4096
        path.write_bytes(data[:page] + b"\xa5" * (len(data) - page))


@pytest.mark.parametrize("kind", ["empty", "text", "foreign-sqlite", "half-written", "corrupt-pages"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_that_is_not_a_sound_memory_is_refused_untouched(  # noqa: PLR0917 (pytest fixtures)
    command, kind, memory_file, tiny_model_dir, tmp_path, one_error_line
):
    _damage(kind, memory_file)
    before = _everything(memory_file.parent)
    result = runner.invoke(app, _command(command, memory_file, tmp_path, tiny_model_dir))
    assert result.exit_code == 3, result.output
    line = one_error_line(result.stderr)
    assert str(memory_file) in line
    assert result.stdout == ""
    assert _everything(memory_file.parent) == before
    assert not (tmp_path / "out.tmx").exists()


@pytest.mark.parametrize("command", ["export", "translate"])
def test_a_row_with_malformed_json_is_one_line_and_nothing_changes(
    command, memory_file, tiny_model_dir, tmp_path, one_error_line
):
    args = _command(command, memory_file, tmp_path, tiny_model_dir)
    if command == "translate":
        assert runner.invoke(app, args).exit_code == 0  # remembers the lines, so the next run looks them up
    db = sqlite3.connect(memory_file)
    db.execute("UPDATE translations SET terms = '[[\"model\", tru'")
    db.commit()
    db.close()
    before = _everything(memory_file.parent)
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert "malformed terms" in one_error_line(result.stderr)
    assert _everything(memory_file.parent) == before


@pytest.mark.parametrize("command", ["stats", "export"])
def test_read_only_commands_create_nothing(command, tmp_path, one_error_line):
    missing = tmp_path / "new" / "deep" / "m.sqlite"
    result = runner.invoke(app, _command(command, missing, tmp_path))
    assert result.exit_code == 3
    assert "no translation memory here" in one_error_line(result.stderr)
    assert not (tmp_path / "new").exists()


def test_read_only_commands_leave_the_memory_byte_for_byte(memory_file, tmp_path):
    before = _everything(memory_file.parent)
    assert runner.invoke(app, _command("stats", memory_file, tmp_path)).exit_code == 0
    assert runner.invoke(app, _command("export", memory_file, tmp_path)).exit_code == 0
    assert _everything(memory_file.parent) == before  # no -wal or -shm left either


@pytest.mark.parametrize("through", ["itself", "a-symlink"])
def test_export_onto_the_memory_is_refused(through, memory_file, one_error_line):
    output = memory_file
    if through == "a-symlink":
        output = memory_file.parent / "link.tmx"
        output.symlink_to(memory_file.name)
    before = _everything(memory_file.parent)
    result = runner.invoke(app, ["memory", "export", "--memory", str(memory_file), "-o", str(output)])
    assert result.exit_code == 2
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert _everything(memory_file.parent) == before


@pytest.fixture
def locked(memory_file, monkeypatch):
    """Another connection holds the memory exclusively (as a long `memory prune` would); a short busy timeout."""
    monkeypatch.setattr(opening, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(memory_file, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE approved SET origin = origin")
    yield memory_file
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.parametrize("command", ["stats", "export", "prune", "import"])
def test_a_locked_memory_is_one_line_naming_it(command, locked, tmp_path, one_error_line):
    result = runner.invoke(app, _command(command, locked, tmp_path))
    assert result.exit_code == 3, result.output
    line = one_error_line(result.stderr)
    assert "locked by another process" in line
    assert str(locked) in line


def test_translate_with_a_locked_memory_still_writes_its_translation(locked, tiny_model_dir, tmp_path):
    args = _command("translate", locked, tmp_path, tiny_model_dir)
    result = runner.invoke(app, [*args, "-o", str(tmp_path / "a.en.txt")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line]
    assert len(warnings) == 1
    assert warnings[0].startswith("warning: ")
    assert "locked" in warnings[0]
    assert "not remembered" in warnings[0]
    assert len((tmp_path / "a.en.txt").read_text(encoding="utf-8").splitlines()) == 2


def test_a_file_size_limit_while_importing_is_a_write_error_and_leaves_no_journal(
    memory_file, tmp_path, one_error_line
):
    review = tmp_path / "big.po"
    review.write_text(
        "".join(
            f'msgid "第{i}句很长很长很长很长很长很长很长。"\nmsgstr "Sentence {i} is long."\n\n' for i in range(8000)
        ),
        encoding="utf-8",
    )
    before = _everything(memory_file.parent)
    limit = memory_file.stat().st_size + 65536  # room for the -shm index (32 KB), not for the import

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # ulimit -f

    code = "from glossmt.translate.cli.entry import main; main()"
    args = ["memory", "import", str(review), "--memory", str(memory_file)]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, preexec_fn=small_files, timeout=120, check=False
    )
    assert done.returncode == 3, done.stderr
    line = one_error_line(done.stderr.decode())
    assert "cannot write" in line
    assert str(memory_file) in line
    assert _everything(memory_file.parent) == before  # rolled back; no -wal or -shm left


def test_memory_import_refuses_a_po_with_an_unterminated_string(memory_file, tmp_path, one_error_line):
    review = tmp_path / "r.po"
    review.write_text('msgid "卢特尼克表示。"\nmsgstr "Lutnick said.\n', encoding="utf-8")
    before = _everything(memory_file.parent)
    result = runner.invoke(app, ["memory", "import", str(review), "--memory", str(memory_file)])
    assert result.exit_code == 3
    assert one_error_line(result.stderr).startswith(f"error: {review}:2: ")
    assert _everything(memory_file.parent) == before


def test_a_memory_of_an_older_glossmt_is_recognised_and_stamped(tmp_path):
    """Memories written before the stamp (application_id 0, the same tables) keep working."""
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(opening.SCHEMA)
    db.execute("INSERT INTO approved VALUES ('甲。', 'A.', 'r.po:1', 0)")
    db.commit()
    db.close()
    with Memory(path, read_only=True) as memory:
        assert memory.stats().approved == 1
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone() == (0,)  # read-only: untouched
    with Memory(path) as memory:
        assert memory.approved(["甲。"])["甲。"].target == "A."
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone() == (opening.APPLICATION_ID,)


def test_a_new_memory_is_made_with_the_users_file_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        Memory(tmp_path / "m.sqlite").close()
    finally:
        os.umask(umask)
    assert (tmp_path / "m.sqlite").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["m.sqlite"]  # no temporary file left


def test_translate_upgrades_a_schema_one_memory_with_one_line(tiny_model_dir, tmp_path) -> None:
    """Schema 2 stores term reports; a schema-1 memory (positional flags) is upgraded, said in one line."""
    memory = tmp_path / "old.sqlite"
    db = sqlite3.connect(memory)
    db.executescript(opening.SCHEMA)
    db.execute(f"PRAGMA application_id = {opening.APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO translations VALUES ('钨。', 'c', 'Tungsten.', '[[\"model\", true]]', 'm', 's', 0, 0)")
    db.commit()
    db.close()
    args = _command("translate", memory, tmp_path, tiny_model_dir)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.splitlines()  # -q: nothing else
    assert line.startswith(f"warning: {memory}: translation memory upgraded to schema 2 (term reports): 1 ")
    again = runner.invoke(app, args)  # upgraded once
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout == result.stdout
