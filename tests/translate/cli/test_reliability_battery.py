"""Issue 26's battery, by family over every command it applies to: closed streams, undecodable and
newline file names, endless devices and FIFOs, --force targets, Ray's outputs, options that are usage
errors, and the wrong answers (PO escapes, merge validation, resume into the input folder)."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[2] / "data" / "check"
GLOSSARY = str(DATA / "glossary.po")
CHINESE = "美国商务部长卢特尼克表示。\n钨很重要！\n"
ENTRY = "from glossmt.translate.cli.entry import main; main()"


def _run(*args: str, close: int | None = None, env: dict[str, str] | None = None, limit: int | None = None):
    """The console script in a child process, with descriptor ``close`` closed (``<&-`` is 0, ``>&-`` is 1)."""

    def before() -> None:
        if close is not None:
            os.close(close)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    stdout = None if close == 1 else subprocess.PIPE
    done = subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL if close != 0 else None,
        preexec_fn=before,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )
    return done.returncode, (done.stdout or b"").decode(), done.stderr.decode()


@pytest.fixture
def chinese(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(CHINESE, encoding="utf-8")
    return path


# --- closed standard streams ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["translate", "--model", "{model}", "-q"],
        ["check", "-g", GLOSSARY, "-"],
        ["extract"],
        ["glossary", "find", "-g", GLOSSARY],
    ],
    ids=["translate", "check", "extract", "find"],
)
def test_a_closed_stdin_is_bad_input(args, tiny_model_dir, one_error_line):
    code, stdout, stderr = _run(*(a.format(model=tiny_model_dir) for a in args), close=0)
    assert code == 3, stderr
    assert "error: <stdin>: standard input is closed" in one_error_line(stderr, only=False)
    assert stdout == ""


@pytest.mark.parametrize(
    "args",
    [
        ["translate", "--model", "{model}", "-q", "{source}"],
        ["check", "-g", GLOSSARY, str(DATA / "articles")],
        ["extract", "{source}"],
        ["glossary", "find", "-g", GLOSSARY, "{source}"],
        ["glossary", "list", "-g", GLOSSARY],
        ["glossary", "lint", "-g", GLOSSARY],
        ["glossary", "export", "-g", GLOSSARY, "-o", "-", "--format", "csv"],
        ["memory", "export", "--memory", "{memory}"],
    ],
    ids=["translate", "check", "extract", "find", "list", "lint", "export", "memory-export"],
)
def test_a_closed_stdout_is_a_write_error(args, tiny_model_dir, chinese, tmp_path, one_error_line):
    from glossmt.translate.memory.store import Memory

    Memory(tmp_path / "m.sqlite").close()
    filled = [a.format(model=tiny_model_dir, source=chinese, memory=tmp_path / "m.sqlite") for a in args]
    code, _, stderr = _run(*filled, close=1)
    assert code == 3, stderr
    assert "error: <stdout>: standard output is closed" in one_error_line(stderr, only=False)


# --- file names that are not UTF-8, or hold a newline ------------------------------------------


@pytest.fixture
def undecodable(tmp_path: Path) -> Path:
    """``$'\\xff-news.txt'``: Chinese, then an English article with findings (so check prints the name)."""
    path = Path(os.fsdecode(bytes(tmp_path) + b"/\xff-news.txt"))
    english = (DATA / "articles" / "companies.en.txt").read_text(encoding="utf-8")
    path.write_text(CHINESE + english, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["translate", "--model", "{model}", "-q", "-f", "po", "{source}"],
        ["translate", "--model", "{model}", "-q", "-f", "html", "{source}"],
        ["translate", "--model", "{model}", "-q", "-f", "jsonl", "{source}"],
        ["check", "-g", GLOSSARY, "{source}"],
        ["check", "-g", GLOSSARY, "--format", "json", "{source}"],
        ["extract", "-f", "po", "--min-confidence", "0", "{source}"],
        ["extract", "-f", "jsonl", "--min-confidence", "0", "{source}"],
    ],
    ids=["po", "html", "jsonl", "check-text", "check-json", "extract-po", "extract-jsonl"],
)
def test_an_undecodable_file_name_is_printed_with_escapes(args, tiny_model_dir, undecodable):
    result = runner.invoke(app, [a.format(model=tiny_model_dir, source=undecodable) for a in args])
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1), result.output
    if "jsonl" not in args or "extract" in args:  # translate's JSONL of one file does not name it
        assert "\\xff-news.txt" in result.stdout


def test_a_newline_in_a_file_name_never_breaks_a_po_reference(tiny_model_dir, tmp_path):
    source = tmp_path / "two\nlines.txt"
    source.write_text(CHINESE, encoding="utf-8")
    result = runner.invoke(app, ["translate", "--model", str(tiny_model_dir), "-q", "-f", "po", str(source)])
    assert result.exit_code == 0, result.output
    assert "two\\x0alines.txt:1" in result.stdout
    assert len(polib.pofile(result.stdout)) == 2  # the PO still parses, one entry a sentence


# --- devices and FIFOs --------------------------------------------------------------------------


@pytest.fixture(params=["zero-device", "fifo"])
def endless(request, tmp_path: Path) -> Path:
    """A node that never ends (major 1, minor 5: what /dev/zero is) or never starts (a FIFO without writer)."""
    folder = tmp_path / "nodes"
    folder.mkdir()
    path = folder / "terms.po"
    if request.param == "fifo":
        os.mkfifo(path)
    else:
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root (CI runs the suite as root)")
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 5))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["translate", "--model", "{model}", "-q", "{node}"],
        ["check", "-g", GLOSSARY, "{node}"],
        ["check", "-g", GLOSSARY, "--fix", "{node}"],
        ["extract", "{node}"],
        ["glossary", "find", "-g", GLOSSARY, "{node}"],
        ["glossary", "lint", "-g", "{node}"],
        ["glossary", "lint", "-g", "{folder}"],
        ["glossary", "import", "{node}", "-o", "{out}"],
        ["glossary", "merge", "{node}", "-g", "{terms}"],
    ],
    ids=["translate", "check", "check-fix", "extract", "find", "lint", "lint-folder", "import", "merge"],
)
def test_an_endless_device_or_fifo_is_refused_at_once(args, endless, tiny_model_dir, tmp_path, one_error_line):
    terms = tmp_path / "terms"
    terms.mkdir()
    (terms / "people.po").write_text(Path(GLOSSARY).read_text(encoding="utf-8"), encoding="utf-8")
    filled = [
        a.format(model=tiny_model_dir, node=endless, folder=endless.parent, out=tmp_path / "o.po", terms=terms)
        for a in args
    ]
    code, _, stderr = _run(*filled)  # a hang fails the test by its timeout
    assert code == 3, stderr
    line = one_error_line(stderr, only=False)
    assert f"{endless}: is a device or a FIFO, not a regular file" in line
    assert not (tmp_path / "o.po").exists()


# --- models convert --force ---------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, object]:
    return {str(p): (p.is_symlink(), None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("target", ["folder-of-files", "the-model", "its-parent", "current-folder", "a-symlink"])
def test_convert_force_never_empties_what_glossmt_did_not_write(target, tiny_model_dir, tmp_path, monkeypatch):
    import shutil

    work = tmp_path / "work"
    model = work / "p" / "model"
    shutil.copytree(tiny_model_dir, model)
    (work / "p" / "notes.txt").write_text("keep me", encoding="utf-8")
    docs = work / "docs"
    docs.mkdir()
    (docs / "thesis.txt").write_text("three years of work", encoding="utf-8")
    (work / "link").symlink_to("docs")
    monkeypatch.chdir(work / "p" if target == "current-folder" else work)
    output = {
        "folder-of-files": "docs",
        "the-model": "p/model",
        "its-parent": "p",
        "current-folder": ".",
        "a-symlink": "link",
    }[target]
    before = _tree(work)
    source = "model" if target == "current-folder" else "p/model"
    result = runner.invoke(app, ["models", "convert", source, "-o", output, "--force"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: -o ")
    assert result.stderr.count("\n") == 1
    assert _tree(work) == before


def test_convert_force_replaces_an_earlier_conversion(tiny_model_dir, tiny_ct2_dir, tmp_path):
    import shutil

    output = tmp_path / "ct2"
    shutil.copytree(tiny_ct2_dir, output)
    (output / "model.bin").write_bytes(b"stale")
    result = runner.invoke(app, ["models", "convert", str(tiny_model_dir), "-o", str(output), "--force"])
    assert result.exit_code == 0, result.output
    assert (output / "model.bin").read_bytes() != b"stale"


def test_convert_onto_a_full_disk_is_a_write_error(tiny_model_dir, tmp_path, one_error_line):
    code, _, stderr = _run("models", "convert", str(tiny_model_dir), "-o", str(tmp_path / "ct2"), limit=200_000)
    assert code == 3, stderr
    assert "cannot write: File too large" in one_error_line(stderr)
    assert list(tmp_path.iterdir()) == []  # no half-made folder


# --- --engine ray's output ------------------------------------------------------------------------


@pytest.mark.parametrize("onto", ["the-input", "a-link-to-the-input", "the-glossary"])
def test_ray_output_goes_through_the_output_guard(onto, tmp_path, one_error_line):
    records = tmp_path / "a.jsonl"
    records.write_text('{"text": "钨很重要！"}\n', encoding="utf-8")
    terms = tmp_path / "g.jsonl"
    terms.write_text('{"source": "钨", "target": "tungsten", "concept": "tungsten"}\n', encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to("a.jsonl")
    output = {"the-input": records, "a-link-to-the-input": tmp_path / "link.jsonl", "the-glossary": terms}[onto]
    before = (records.read_bytes(), terms.read_bytes())
    result = runner.invoke(app, ["translate", "--engine", "ray", "-g", str(terms), str(records), "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert "would overwrite the input" in one_error_line(result.stderr)
    assert (records.read_bytes(), terms.read_bytes()) == before


# --- options that are usage errors ----------------------------------------------------------------


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex"])
@pytest.mark.parametrize(
    "args",
    [["translate", "--model", "{model}"], ["check", "-g", GLOSSARY], ["extract"], ["glossary", "find", "-g", GLOSSARY]],
    ids=["translate", "check", "extract", "find"],
)
def test_a_codec_that_is_not_a_text_encoding_is_a_usage_error(args, codec, tiny_model_dir, chinese, one_error_line):
    result = runner.invoke(app, [*(a.format(model=tiny_model_dir) for a in args), "--encoding", codec, str(chinese)])
    assert result.exit_code == 2, result.output
    assert f"'{codec}' is not a text encoding" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("option", "said"),
    [(["--glob", ""], "--glob '' is not a file pattern"), (["--threads", "100000"], "--threads")],
    ids=["empty-glob", "threads"],
)
def test_translate_options_beyond_reason_are_usage_errors(option, said, tiny_model_dir, chinese, one_error_line):
    folder = chinese.parent
    result = runner.invoke(app, ["translate", "--model", str(tiny_model_dir), *option, str(folder), "-o", "out"])
    assert result.exit_code == 2, result.output
    assert said in one_error_line(result.stderr)


def test_a_glossary_variable_naming_nothing_is_a_usage_error(one_error_line):
    result = runner.invoke(app, ["glossary", "lint"], env={"GLOSSMT_GLOSSARY": ":"})
    assert result.exit_code == 2
    assert "names no term file or folder" in one_error_line(result.stderr)


# --- wrong answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ('#. type: person\nmsgctxt "lutnick"\nmsgid "卢\\q特"\nmsgstr "Lutnick"\n', 3, "invalid escape \\q"),
        ('#. type: person\nmsgctxt "lutnick"\nmsgid "卢特尼克"\n\nmsgid "钨"\nmsgstr "tungsten"\n', 3, "no msgstr"),
        ('#. type: person\nmsgctxt "lutnick"\nmsgid "卢特尼克"\n', 3, "no msgstr"),
    ],
    ids=["invalid-escape", "msgstr-missing", "msgstr-missing-at-the-end"],
)
def test_a_po_that_polib_would_misread_is_refused_at_its_line(text, line, said, tmp_path, one_error_line):
    path = tmp_path / "t.po"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["glossary", "lint", "-g", str(path)])
    assert result.exit_code == 3
    error = one_error_line(result.stderr)
    assert error.startswith(f"error: {path}:{line}: ")
    assert said in error


# Candidates `glossary merge` must refuse before writing anything, and `glossary lint` must call errors:
# (msgctxt, msgstr, fuzzy, what the one error line says, lint's rule).
BAD_CANDIDATES = {
    "newline-in-msgctxt": ("new\\nline", "Zhang Sanfeng", False, "holds U+000A", "control-character"),
    "bold-tag-in-msgctxt": ("<b>zhang-sanfeng</b>", "Zhang Sanfeng", False, "holds markup ('<b'", "markup-in-concept"),
    "xliff-placeholder-in-msgctxt": (
        'zhang-sanfeng<x id=\\"1\\"/>',
        "Zhang Sanfeng",
        False,
        "holds markup ('<x'",
        "markup-in-concept",
    ),
    "html-tag-in-msgctxt": (
        "<span class='name'>zhang-sanfeng</span>",
        "Zhang Sanfeng",
        False,
        "holds markup ('<s'",
        "markup-in-concept",
    ),
    "reference-in-msgctxt": ("zhang&amp;sanfeng", "Zhang Sanfeng", False, "holds markup ('&amp;'", "markup-in-concept"),
    "draft-without-english": ("zhang-sanfeng", "", True, "张三丰 has no English (empty msgstr)", "untranslated"),
}


def _candidate(tmp_path: Path, case: str) -> Path:
    concept, english, draft, _, _ = BAD_CANDIDATES[case]
    path = tmp_path / "c.po"
    fuzzy = "#, fuzzy\n" if draft else ""
    path.write_text(f'#. type: person\n{fuzzy}msgctxt "{concept}"\nmsgid "张三丰"\nmsgstr "{english}"\n', "utf-8")
    return path


@pytest.mark.parametrize("case", list(BAD_CANDIDATES))
def test_glossary_merge_validates_before_writing(case, tmp_path, one_error_line):
    terms = tmp_path / "terms"
    terms.mkdir()
    (terms / "people.po").write_text(Path(GLOSSARY).read_text(encoding="utf-8"), encoding="utf-8")
    candidates = _candidate(tmp_path, case)
    before = _tree(tmp_path)
    result = runner.invoke(app, ["glossary", "merge", str(candidates), "-g", str(terms), "--include-drafts"])
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    line = one_error_line(result.stderr)
    assert line.startswith(f"error: {candidates}:1: "), line
    assert BAD_CANDIDATES[case][3] in line
    assert line.endswith(" — correct the candidate entry (or leave it out); nothing was merged"), line
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("case", list(BAD_CANDIDATES))
def test_glossary_lint_calls_the_same_candidates_errors(case, tmp_path):
    candidates = _candidate(tmp_path, case)
    result = runner.invoke(app, ["glossary", "lint", "-g", str(candidates)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == [f"{candidates}:1: error: {errors[0].split(': error: ', 1)[1]}"], result.stdout
    assert errors[0].endswith(f"[{BAD_CANDIDATES[case][4]}]")
    assert BAD_CANDIDATES[case][3] in errors[0]
    assert "Traceback" not in result.stderr


def test_translate_into_its_own_input_folder_resumes(tiny_model_dir, chinese):
    folder = str(chinese.parent)
    args = ["translate", "--model", str(tiny_model_dir), "-q", folder, "-o", folder]
    assert runner.invoke(app, args).exit_code == 0
    written = (chinese.parent / "a.en.txt").read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in chinese.parent.iterdir()) == [".glossmt-manifest", "a.en.txt", "a.txt"]
    assert (chinese.parent / "a.en.txt").read_bytes() == written


# --- raw OS errors said as lines ------------------------------------------------------------------


def test_a_dangling_symlink_as_the_output_folder_is_named(tiny_model_dir, chinese, tmp_path, one_error_line):
    (tmp_path / "out").symlink_to(tmp_path / "nowhere" / "out")
    result = runner.invoke(app, ["translate", "--model", str(tiny_model_dir), str(chinese), "-o", f"{tmp_path}/out/"])
    assert result.exit_code == 3, result.output
    assert "is a symlink to nothing" in one_error_line(result.stderr)


def test_a_folder_where_the_lock_file_goes_is_named(tiny_model_dir, chinese, tmp_path, one_error_line):
    (tmp_path / "out" / ".glossmt.lock").mkdir(parents=True)
    result = runner.invoke(app, ["translate", "--model", str(tiny_model_dir), str(chinese), "-o", f"{tmp_path}/out/"])
    assert result.exit_code == 3, result.output
    assert ".glossmt.lock is a folder, not glossmt's lock file — remove it" in one_error_line(result.stderr)


def test_a_cache_home_that_is_a_file_is_named(tiny_model_dir, chinese, tmp_path, one_error_line):
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(blocker), "GLOSSMT_MEMORY": "", "GLOSSMT_CACHE": ""}
    code, _, stderr = _run("translate", "--model", str(tiny_model_dir), "-q", str(chinese), env=env)
    assert code == 3, stderr
    line = one_error_line(stderr)
    assert f"{blocker}/glossmt/memory.sqlite: cannot open the translation memory: Not a directory" in line
    assert "$XDG_CACHE_HOME" in line


def test_jiebas_cache_failure_is_one_warning_line(chinese, tmp_path):
    cache = tmp_path / "cache"
    (cache / "glossmt" / "jieba.cache").mkdir(parents=True, mode=0o700)  # jieba cannot replace a folder
    (cache / "glossmt").chmod(0o700)
    env = {"XDG_CACHE_HOME": str(cache), "GLOSSMT_CACHE": ""}
    code, _, stderr = _run("extract", "-f", "tsv", str(chinese), env=env)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert any(line.startswith("warning: jieba: ") for line in stderr.splitlines())
