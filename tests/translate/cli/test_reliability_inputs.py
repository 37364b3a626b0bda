"""Issue 13, hostile inputs: a very long line, jieba's cache, PO charsets, control characters, hostile TBX.

Each runs through the CLI and asserts the exit code, what stderr says, and that nothing but the intended
output changed.
"""

from __future__ import annotations

import os
import pty
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()


def invoke(*args: str, stdin: str | bytes | None = None):
    return runner.invoke(app, list(args), input=stdin)


# --- a long line ----------------------------------------------------------------------------------


def _run_with_stderr_on_a_terminal(*args: str) -> tuple[int, bytes, str]:
    """The console script with stderr on a pseudo-terminal (where a bar is drawn) and stdout on a pipe."""
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm", COLUMNS="120")
    code = "from glossmt.translate.cli.entry import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL, env=env
    )
    os.close(follower)
    seen = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal (EIO on Linux)
            break
        if not chunk:
            break
        seen.append(chunk)
    os.close(leader)
    assert process.stdout is not None
    stdout = process.stdout.read()
    return process.wait(timeout=300), stdout, b"".join(seen).decode("utf-8", errors="replace")


def test_a_long_line_shows_progress_by_characters_on_a_terminal(tiny_model_dir, tmp_path, snapshot):
    source = tmp_path / "long.zh.txt"
    line = "钨矿位于卡拉干达州储量很大美国商务部长卢特尼克表示" * 8  # one line, no punctuation: many pieces
    source.write_text(line + "\n", encoding="utf-8")
    before = snapshot(source, tiny_model_dir / "model.safetensors")
    code, stdout, stderr = _run_with_stderr_on_a_terminal(
        "translate", "--model", str(tiny_model_dir), "--beams", "1", "--batch-size", "2", str(source)
    )
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert stdout.decode("utf-8").count("\n") == 1  # the translation on stdout, never drawn into the bar
    total = len(line) + 1
    assert "characters" in stderr
    assert f"{total}/{total}" in stderr  # the bar counts the line's characters and reaches the end
    assert snapshot(source, tiny_model_dir / "model.safetensors") == before


# --- jieba's dictionary cache ---------------------------------------------------------------------

CHINA = '#. type: place\nmsgctxt "china"\nmsgid "中国"\nmsgstr "China"\n'


@pytest.mark.parametrize(
    "command",
    [["glossary", "find", "-g", "{glossary}", "{article}"], ["extract", "{article}"]],
    ids=["find", "extract"],
)
def test_jieba_keeps_its_dictionary_cache_in_the_users_own_folder(command, tmp_path, glossmt_process, snapshot):
    # 中国 inside 中国人民银行 is a suspect only jieba settles, so find loads jieba's dictionary too.
    glossary, article = tmp_path / "terms.po", tmp_path / "article.zh.txt"
    glossary.write_text(CHINA, encoding="utf-8")
    article.write_text("中国人民银行行长表示，美国商务部长卢特尼克访问了哈萨克斯坦。\n", encoding="utf-8")
    cache, shared_tmp = tmp_path / "cache", tmp_path / "tmp"
    shared_tmp.mkdir()
    before = snapshot(glossary, article)
    env = dict(os.environ, XDG_CACHE_HOME=str(cache), TMPDIR=str(shared_tmp), GLOSSMT_CACHE="")
    args = [part.format(glossary=glossary, article=article) for part in command]
    process = glossmt_process(*args, env=env)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert b"Traceback" not in stderr
    assert list(shared_tmp.iterdir()) == []  # jieba's default: $TMPDIR/jieba.cache, writable by anyone in /tmp
    assert (cache / "glossmt" / "jieba.cache").is_file()
    assert stat.S_IMODE((cache / "glossmt").stat().st_mode) == 0o700
    assert snapshot(glossary, article) == before


# --- PO charsets ----------------------------------------------------------------------------------


def _po_declaring(charset: str, encoding: str, chinese: str = "米勒") -> bytes:
    header = f'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset={charset}\\n"\n'
    entry = f'\n#. type: person\nmsgctxt "mueller"\nmsgid "{chinese}"\nmsgstr "Müller"\n'
    return (header + entry).encode(encoding)


def test_a_utf8_po_is_read(tmp_path, snapshot):
    path = tmp_path / "terms.po"
    path.write_bytes(_po_declaring("UTF-8", "utf-8"))
    before = snapshot(path)
    result = invoke("glossary", "export", "-g", str(path), "--format", "jsonl", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert '"Müller"' in result.stdout
    assert snapshot(path) == before


@pytest.mark.parametrize(
    ("charset", "data"),
    [
        ("ISO-8859-1", _po_declaring("ISO-8859-1", "latin-1", chinese="Mi Le")),  # ü is 0xFC: not UTF-8
        ("GBK", _po_declaring("GBK", "gbk")),
        ("latin1", _po_declaring("latin1", "utf-8")),  # valid UTF-8 bytes: read as UTF-8 they would be misread
    ],
    ids=["latin-1", "gbk", "utf-8-bytes-declared-latin-1"],
)
def test_a_po_declaring_another_charset_is_refused_naming_the_fix(charset, data, tmp_path, snapshot, one_error_line):
    path = tmp_path / "terms.po"
    path.write_bytes(data)
    before = snapshot(path)
    result = invoke("glossary", "lint", "-g", str(path))
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert line.startswith(f"error: {path}:4: declares charset={charset} — ")
    assert f"msgconv --to-code=UTF-8 {path} -o {path}" in line
    assert snapshot(path) == before


@pytest.mark.parametrize("char", ["\x0b", "\x85", "\u2028"], ids=["vt", "nel", "line-separator"])
def test_a_po_string_holding_a_line_end_character_is_bad_input_at_its_line(char, tmp_path, one_error_line):
    path = tmp_path / "terms.po"
    path.write_text(f'msgid ""\nmsgstr ""\n\n#. type: person\nmsgid "米勒"\nmsgstr "Mül{char}ler"\n', encoding="utf-8")
    result = invoke("glossary", "lint", "-g", str(path))
    assert result.exit_code == 3
    assert one_error_line(result.stderr).startswith(f"error: {path}:6: holds U+{ord(char):04X} ")


# --- control characters in terms ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("terms.po", 'msgid ""\nmsgstr ""\n\n#. type: person\nmsgctxt "m"\nmsgid "米勒"\nmsgstr "Mül\x00ler"\n'),
        ("terms.po", 'msgid ""\nmsgstr ""\n\n#. type: person\nmsgctxt "m"\nmsgid "米勒"\nmsgstr "Mül\\tler"\n'),
        ("terms.tsv", "zh\ten\n米\x01勒\tMüller\n"),
        ("terms.jsonl", '{"zh": "米勒", "en": "Mül\\u009fler"}\n'),
    ],
    ids=["po-nul", "po-tab-escape", "tsv-c0", "jsonl-c1"],
)
def test_a_control_character_in_a_term_is_a_lint_error(name, body, tmp_path, snapshot):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    before = snapshot(path)
    result = invoke("glossary", "lint", "-g", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # the summary
    (finding,) = [line for line in result.stdout.splitlines() if "[control-character]" in line]
    assert finding.startswith(f"{path}:")
    assert " error: " in finding
    assert snapshot(path) == before


# --- TBX: streamed, bounded -----------------------------------------------------------------------

TBX_OPEN = '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>\n'
TBX_CLOSE = "</body></text></tbx>\n"
TBX_ENTRY = (
    '<conceptEntry id="c{i}"><langSec xml:lang="zh"><termSec><term>卢特尼克{i}</term></termSec></langSec>'
    '<langSec xml:lang="en"><termSec><term>Lutnick {i}</term></termSec></langSec></conceptEntry>\n'
)


def test_a_large_flat_tbx_still_reads(tmp_path, snapshot):
    path = tmp_path / "large.tbx"
    path.write_text(TBX_OPEN + "".join(TBX_ENTRY.format(i=i) for i in range(5_000)) + TBX_CLOSE, encoding="utf-8")
    before = snapshot(path)
    result = invoke("glossary", "import", str(path), "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count('msgid "卢特尼克') == 5_000  # PO on stdout
    assert 'msgstr "Lutnick 4999"' in result.stdout
    assert snapshot(path) == before


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (TBX_ENTRY.format(i=1) + '<conceptEntry id="a">\n<conceptEntry id="b"/></conceptEntry>\n', "inside another"),
        (TBX_ENTRY.format(i=1) + '<conceptEntry id="a">\n' + "<note/>" * 10_001 + "</conceptEntry>\n", "10,000"),
        (TBX_ENTRY.format(i=1) + "\n" + "<x/>" * 100_001 + "\n", "outside entries"),
    ],
    ids=["entry-in-entry", "huge-entry", "junk-between-entries"],
)
def test_tbx_that_is_not_tbx_fails_at_its_line(body, said, tmp_path, snapshot, one_error_line):
    path = tmp_path / "hostile.tbx"
    path.write_text(TBX_OPEN + body + TBX_CLOSE, encoding="utf-8")
    before = snapshot(path)
    result = invoke("glossary", "import", str(path), "-o", "-")
    assert result.exit_code == 3
    line = one_error_line(result.stderr)
    assert line.startswith(f"error: {path}:4: ")  # the offending element's line
    assert said in line
    assert result.stdout == ""  # nothing half-imported
    assert snapshot(path) == before
