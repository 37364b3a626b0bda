"""The README's examples run: each command of "One example per command", offline, in order.

The tiny real Marian model stands in for opus-mt (as ``models/opus-mt-zh-en`` and ``$GLOSSMT_MODEL``);
the glossary is the shipped one; the files the examples name are made here.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _readme_examples() -> list[str]:
    """The commands of the README's "One example per command" block, comments dropped."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## One example per command", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def _run(command: str) -> tuple[int, str]:
    """One example through the real app in this process (typer's CliRunner; no new interpreter per command):
    ``glossmt ARGS`` or ``cat IN | glossmt ARGS > OUT``. Returns the exit code and stderr."""
    import shlex

    from typer.testing import CliRunner

    from glossmt.translate.cli.app import app

    words = shlex.split(command)
    stdin = target = None
    if words[0] == "cat":
        assert words[2] == "|", command
        stdin, words = Path(words[1]).read_bytes(), words[3:]
    if ">" in words:
        words, target = words[: words.index(">")], words[words.index(">") + 1]
    assert words[0] == "glossmt", command
    assert not {"|", ">", "<", ";", "&&"} & set(words), command
    if words[1] == "serve":  # it serves until stopped (tests/translate/serve runs it): its options are parsed here
        import typer

        group = typer.main.get_command(app)
        command_line = group.get_command(group.make_context("glossmt", ["serve"]), "serve")
        assert command_line is not None
        command_line.make_context("serve", words[2:])  # a wrong option or value raises
        return 0, ""
    result = CliRunner().invoke(app, words[1:], input=stdin)
    if target is not None:
        Path(target).write_bytes(result.stdout_bytes)
    return result.exit_code, result.stderr


def test_the_readme_examples_run_offline(tmp_path: Path, tiny_model_dir: Path, monkeypatch) -> None:
    """Each example, in order, in a folder holding the files they name."""
    import shutil

    sample = (ROOT / "corpora" / "sample-article.zh.txt").read_text(encoding="utf-8").splitlines()[:4]
    (tmp_path / "article.zh.txt").write_text("\n".join(sample) + "\n", encoding="utf-8")
    (tmp_path / "news" / "asia").mkdir(parents=True)
    (tmp_path / "news" / "asia" / "a.txt").write_bytes("托卡耶夫访问白宫。\n".encode("gb18030"))
    (tmp_path / "news" / "b.txt").write_text(sample[1] + "\n", encoding="utf-8")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("\n".join(sample) + "\n", encoding="utf-8")
    shutil.copy(ROOT / "tests" / "data" / "documents" / "article.html", tmp_path / "page.html")
    (tmp_path / "vendor.csv").write_text("zh,en\n玛克辛·沃特斯,Maxine Waters\n", encoding="utf-8")
    _english_documents(tmp_path)
    shutil.copytree(tiny_model_dir, tmp_path / "models" / "opus-mt-zh-en")
    shutil.copytree(ROOT / "glossary" / "terms", tmp_path / "glossary" / "terms")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLOSSMT_MODEL", str(tmp_path / "models" / "opus-mt-zh-en"))
    monkeypatch.setenv("GLOSSMT_MEMORY", str(tmp_path / "memory.sqlite"))
    examples = _readme_examples()
    assert len(examples) >= 12
    for command in examples:
        code, stderr = _run(command)
        allowed = (0, 1) if command.startswith("glossmt check") else (0,)  # check exits 1 on findings
        assert code in allowed, f"{command}\n{stderr}"
        assert "Traceback" not in stderr, command
    assert (tmp_path / "article.en.txt").read_text(encoding="utf-8").count("\n") == len(sample)
    assert (tmp_path / "out" / "asia" / "a.en.txt").is_file()
    assert (tmp_path / "models" / "ct2" / "model.bin").is_file()
    assert (tmp_path / "vendor.po").is_file()
    assert (tmp_path / "review.html").is_file()
    assert (tmp_path / "page.en.html").is_file()
    assert (tmp_path / "new.po").is_file()


def _english_documents(folder: Path) -> None:
    """The English documents ``glossmt check`` reads in the README: a Word file, subtitles, Markdown."""
    import docx

    text = "Howard Lutnick met Kassym-Jomart Tokayev in Astana."
    report = docx.Document()
    report.add_paragraph(text)
    report.save(str(folder / "report.en.docx"))
    (folder / "film.en.srt").write_text(f"1\n00:00:01,000 --> 00:00:03,000\n{text}\n", encoding="utf-8")
    (folder / "README.md").write_text(f"# Notes\n\n{text} `code is not checked`\n", encoding="utf-8")
