"""``glossmt check`` on English documents: Markdown, subtitles and Word read as what a reader sees.

Findings stand where a user finds them (``file:line:col``; in a Word file line ``N`` is the ``N``-th
paragraph with text); code, URLs, front matter, cue numbers and timings are never checked; ``--fix``
changes the names and not one other byte (Markdown, subtitles) or run (Word), and a fix that would
touch the markup is refused, the file kept. Through the real command line; exit codes, stdout and
stderr asserted separately.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app
from tests.translate.cli.test_translate_documents import HOSTILE

runner = CliRunner()
GLOSSARY = str(Path(__file__).resolve().parents[2] / "data" / "check" / "glossary.po")

MARKDOWN = """---
title: Samruk Kazyna in the front matter
---
# Samruk Kazyna buys

Talks with *Samruk Kazyna* and [Tokaev](https://example.org/Tokaev "Tokaev") went on
over two lines, with `Tokaev` in code, \\*escaped\\* &amp; Samruk Kazyna again.

```
Samruk Kazyna in a fence
```

    Tokaev indented code

| name | note |
|---|---|
| North Katpal | <b>Tokaev</b> |
"""

SRT = (
    "1\r\n00:00:01,000 --> 00:00:03,500\r\nSamruk Kazyna met\r\n<i>Tokaev</i> today\r\n\r\n"
    "2\r\n00:00:04,000 --> 00:00:06,000\r\nNorth Katpal &amp; more\r\n"
)

VTT = """WEBVTT - Tokaev

NOTE Tokaev in a note

Tokaev-cue
00:00:01.000 --> 00:00:03.500 align:start
<v Tokaev>Samruk Kazyna met
<i>Tokaev</i> today
"""


def check(*args: str):
    return runner.invoke(app, ["check", "-g", GLOSSARY, *args])


def places(stdout: str) -> list[tuple[str, str]]:
    """``(line:col, found)`` of each finding line (the file name left out)."""
    out = []
    for line in stdout.splitlines():
        where = line.split(": ", 1)[0].rsplit(":", 2)
        out.append((f"{where[1]}:{where[2]}", line.split("'")[1]))
    return out


def test_markdown_is_checked_as_markdown_and_fixed_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    result = check(str(path))
    assert result.exit_code == 1, result.stderr
    # Not the front matter, the URL or its title, inline code, the fence or the indented code.
    assert set(places(result.stdout)) == {
        ("4:3", "Samruk Kazyna"),
        ("6:13", "Samruk Kazyna"),
        ("6:33", "Tokaev"),
        ("7:58", "Samruk Kazyna"),
        ("17:3", "North Katpal"),
        ("17:21", "Tokaev"),
    }
    fixed = check(str(path), "--fix")
    assert fixed.exit_code == 0, fixed.stdout + fixed.stderr
    want = (
        MARKDOWN.replace("# Samruk Kazyna", "# Samruk-Kazyna")
        .replace("*Samruk Kazyna*", "*Samruk-Kazyna*")
        .replace("[Tokaev]", "[Tokayev]")
        .replace("&amp; Samruk Kazyna", "&amp; Samruk-Kazyna")
        .replace("| North Katpal | <b>Tokaev</b>", "| North Katpar | <b>Tokayev</b>")
    )
    assert path.read_text(encoding="utf-8") == want
    assert check(str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("a.srt", SRT, [("3:1", "Samruk Kazyna"), ("4:4", "Tokaev"), ("8:1", "North Katpal")]),
        ("a.vtt", VTT, [("7:11", "Samruk Kazyna"), ("8:4", "Tokaev")]),
    ],
)
def test_subtitles_are_checked_in_their_cue_text_only(tmp_path: Path, name: str, text: str, found) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    result = check(str(path))
    assert result.exit_code == 1, result.stderr
    assert set(places(result.stdout)) == set(found)  # not the header, NOTE, cue id or voice
    fixed = check(str(path), "--fix")
    assert fixed.exit_code == 0, fixed.stdout + fixed.stderr
    want = text.replace("Samruk Kazyna", "Samruk-Kazyna").replace(">Tokaev<", ">Tokayev<")
    want = want.replace("North Katpal", "North Katpar")
    assert path.read_bytes() == want.encode("utf-8")  # CRLF, timings, the voice's name: as they were


def _word() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Samruk Kazyna buys a stake", 1)
    paragraph = document.add_paragraph("Talks with ")
    paragraph.add_run("Samruk ").bold = True
    paragraph.add_run("Kazyna and Tokaev")
    paragraph.add_run(" went on.")
    document.add_paragraph("")  # no text: not counted
    document.add_table(rows=1, cols=2).cell(0, 0).text = "North Katpal"
    document.sections[0].header.paragraphs[0].text = "Tokaev news"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_findings_name_the_paragraph_and_fixes_keep_the_runs(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "report.docx"
    path.write_bytes(_word())
    result = check(str(path))
    assert result.exit_code == 1, result.stderr
    # Line N is the N-th paragraph with text: the body, the table's cells, then the header.
    assert set(places(result.stdout)) == {
        ("1:1", "Samruk Kazyna"),
        ("2:12", "Samruk Kazyna"),
        ("2:30", "Tokaev"),
        ("3:1", "North Katpal"),
        ("4:1", "Tokaev"),
    }
    before = path.read_bytes()
    diff = check(str(path), "--diff")  # the paragraphs' text as it would be; nothing written
    assert "+Talks with Samruk-Kazyna and Tokayev went on.\n" in diff.stdout
    assert path.read_bytes() == before
    fixed = check(str(path), "--fix")
    assert fixed.exit_code == 0, fixed.stdout + fixed.stderr
    document = docx.Document(str(path))
    runs = [(run.text, run.bold) for run in document.paragraphs[1].runs]
    assert runs == [("Talks with ", None), ("Samruk-Kazyna", True), (" and Tokayev", None), (" went on.", None)]
    assert document.paragraphs[0].text == "Samruk-Kazyna buys a stake"
    assert document.tables[0].cell(0, 0).text == "North Katpar"
    assert document.sections[0].header.paragraphs[0].text == "Tokayev news"
    assert check(str(path)).exit_code == 0


def test_a_fix_that_would_break_the_markup_is_refused_and_the_file_kept(tmp_path: Path, one_error_line) -> None:
    path = tmp_path / "a.md"
    text = "Talks with *Samruk* Kazyna went on, and Tokaev spoke.\n"
    path.write_text(text, encoding="utf-8")
    other = tmp_path / "b.srt"
    other.write_text("1\n00:00:01,000 --> 00:00:02,000\nTokaev\n", encoding="utf-8")
    result = check(str(path), str(other), "--fix")
    assert result.exit_code == 3
    # The near-miss spans the emphasis' end: fixing it would drop a '*'. Nothing of a.md is written.
    assert f"{path}: a fix here would change the document's markup" in one_error_line(result.stderr, only=False)
    assert path.read_text(encoding="utf-8") == text
    assert other.read_text(encoding="utf-8") == "1\n00:00:01,000 --> 00:00:02,000\nTokayev\n"
    assert "'Samruk* Kazyna'" not in result.stdout


CHECKED = ("md-nul", "docx-not-a-zip", "docx-zip-bomb", "docx-no-document", "srt-no-timing", "vtt-no-timing")
HOSTILE_CHECKED = {**HOSTILE, "md-nul": ("bad.md", b"# Tokaev\n\0\n", "bad.md:2: not Markdown")}


@pytest.mark.parametrize("case", CHECKED)
def test_a_hostile_document_is_one_line_exit_3_and_left_as_it_was(case: str, tmp_path: Path, one_error_line) -> None:
    name, data, message = HOSTILE_CHECKED[case]
    path = tmp_path / name
    path.write_bytes(data)
    result = check(str(path), "--fix")
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stdout == ""
    assert message in one_error_line(result.stderr, only=False)
    assert path.read_bytes() == data


def test_the_report_page_shows_a_documents_text_escaped_segment_by_segment(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    heading = "# Tokaev &lt;script&gt;alert(1)&lt;/script&gt;\n\n"
    path.write_text(heading + "```\nTokaev <b>code</b>\n```\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = check(str(path), "-f", "html", "-o", str(out))
    assert result.exit_code == 1, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the heading's text, escaped once
    assert 'id="file1-S1"' in page
    assert 'id="file1-S2"' not in page
    assert "code</b>" not in page
    assert "&lt;b&gt;code" not in page
    assert "The text read from the document" in page


@pytest.mark.parametrize("name", ["article.md", "film.srt", "film.vtt", "report.docx", "cat-tool.xlf"])
def test_glossary_find_and_extract_read_every_format(name: str, tmp_path: Path, docx_bytes) -> None:
    data_dir = Path(__file__).resolve().parents[2] / "data" / "documents"
    path = tmp_path / name
    path.write_bytes(docx_bytes if name.endswith(".docx") else (data_dir / name).read_bytes())
    found = runner.invoke(app, ["glossary", "find", str(path)])
    assert found.exit_code == 0, found.stderr
    assert "\t钨\t" in found.stdout
    assert "代码" not in found.stdout
    assert "注释" not in found.stdout
    extracted = runner.invoke(app, ["extract", str(path), "--format", "tsv"])
    assert extracted.exit_code == 0, extracted.stderr
    assert "in 1 document(s)" in extracted.stderr


def test_a_word_fix_across_a_line_break_is_refused_and_the_file_kept(tmp_path: Path, one_error_line) -> None:
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("Talks with Samruk")
    paragraph.add_run().add_break()  # a line break inside the paragraph: read as a space
    paragraph.add_run("Kazyna went on; Tokaev spoke.")
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "a.docx"
    path.write_bytes(out.getvalue())
    result = check(str(path))
    assert ("1:12", "Samruk Kazyna") in places(result.stdout)
    fixed = check(str(path), "--fix")
    assert fixed.exit_code == 3
    assert "a.docx:1: paragraph 1: cannot rewrite across a tab or a break" in one_error_line(fixed.stderr, only=False)
    assert path.read_bytes() == out.getvalue()  # the other fix (Tokaev) is not written either: one file, one write


def test_glossary_find_in_subtitles_names_the_line_of_the_cue_text() -> None:
    data_dir = Path(__file__).resolve().parents[2] / "data" / "documents"
    found = runner.invoke(app, ["glossary", "find", str(data_dir / "film.vtt")])
    assert found.exit_code == 0, found.stderr
    assert [line.split("\t")[0] for line in found.stdout.splitlines()] == ["10:1", "14:1"]  # past STYLE and NOTE
