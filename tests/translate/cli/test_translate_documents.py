"""``glossmt translate --input-format``: documents in, the same format out; hostile documents refused.

Through the real command line with the tiny real model. Exit codes, stdout and stderr are asserted
separately; a refused document writes nothing.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from glossmt.translate.cli.app import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[2] / "data" / "documents"


@pytest.fixture
def translate(tiny_model_dir: Path, tiny_translator):
    def invoke(*args: str, stdin: str | bytes | None = None):
        return runner.invoke(app, ["translate", "--model", str(tiny_model_dir), "--beams", "1", *args], input=stdin)

    return invoke


def test_a_page_by_its_suffix_comes_back_as_a_page(translate, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    result = translate(str(DATA / "article.html"), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "segments" in result.stderr
    assert "term occurrences" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in text
    assert "<pre>代码 不译</pre>" in text


def test_a_folder_of_mixed_formats_mirrors_into_the_output_folder(translate, tmp_path: Path, docx_bytes) -> None:
    source = tmp_path / "news"
    (source / "sub").mkdir(parents=True)
    for name in ("article.html", "article.md", "film.srt", "film.vtt", "cat-tool.xlf"):
        (source / name).write_bytes((DATA / name).read_bytes())
    (source / "sub" / "report.docx").write_bytes(docx_bytes)
    (source / "notes.txt").write_text("钨很重要。\n\n稀土也是。\n", encoding="utf-8")
    (source / "chart.png").write_bytes(b"\x89PNG\r\n")
    out = tmp_path / "out"
    result = translate(str(source), "-o", str(out), "--quiet")
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        ".glossmt-manifest",  # what made each output, for reruns (issue 27)
        "article.en.html",
        "article.en.md",
        "cat-tool.en.xlf",
        "film.en.srt",
        "film.en.vtt",
        "notes.en.txt",
        "sub/report.en.docx",
    ]
    lines = (out / "notes.en.txt").read_text(encoding="utf-8").split("\n")
    assert len(lines) == 4
    assert lines[1] == ""
    again = translate(str(source), "-o", str(out))  # a rerun keeps what is current, in one line (issue 27)
    assert again.exit_code == 0, again.stderr
    assert again.stderr == f"{out}: 7 outputs up to date, kept (--force redoes them)\n"
    before = (out / "article.en.md").read_text(encoding="utf-8")
    (source / "article.md").write_bytes((DATA / "article.md").read_bytes() + "\n钨。\n".encode())
    edited = translate(str(source), "-o", str(out))  # an edited document is redone, the others kept
    assert edited.exit_code == 0, edited.stderr
    assert edited.stderr.startswith(f"{out}: 6 outputs up to date, kept (--force redoes them)\n")
    after = (out / "article.en.md").read_text(encoding="utf-8")
    assert after != before


def test_subtitles_from_stdin_need_their_format_named(translate) -> None:
    result = translate("--input-format", "srt", "--quiet", stdin=(DATA / "film.srt").read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1\n00:00:01,000 --> 00:00:03,500\n")
    assert "\n2\n00:00:04,000 --> 00:00:06,000\n" in result.stdout
    assert result.stderr == ""


def test_a_docx_is_not_written_to_a_terminal(translate, tmp_path: Path, docx_bytes, one_error_line) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(docx_bytes)
    result = translate(str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "pass -o FILE" in one_error_line(result.stderr)


def test_documents_have_no_other_output_format(translate, tmp_path: Path, one_error_line) -> None:
    result = translate(str(DATA / "film.srt"), "--format", "jsonl", "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 2
    assert "their own format" in one_error_line(result.stderr)
    assert not (tmp_path / "x.jsonl").exists()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


HOSTILE = {
    "xliff-malformed": (
        "bad.xlf",
        b'<xliff version="1.2"><file><body><trans-unit id="1"><source>\xe9\x92\xa8</trans-unit>',
        ":1: malformed XML",
    ),
    "xliff-entities": (
        "bomb.xlf",
        b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
        b'<xliff version="1.2"><file><body><trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>',
        "DOCTYPE",
    ),
    "html-stray-end-tag": ("bad.html", "<p>钨价格</b>上涨</p>\n".encode(), ":1: malformed HTML: </b> closes nothing"),
    "html-left-open": ("open.html", '<p>钨价格上涨</p>\n<div class="x'.encode(), ":2: malformed HTML"),
    "docx-not-a-zip": ("fake.docx", "钨价格上涨".encode(), "not a zip archive"),
    "docx-zip-bomb": (
        "bomb.docx",
        _zip(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", "word/pad.xml": bytes(8 << 20)}
        ),
        "zip bomb",
    ),
    "docx-no-document": ("empty.docx", _zip({"hello.txt": b"hi"}), "no word/document.xml"),
    "srt-no-timing": ("bad.srt", "1\n00:00:01,000 --> 00:00:02,000\n钨\n\n2\n价格上涨\n".encode(), "bad.srt:5: a cue"),
    "vtt-no-timing": (
        "bad.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n钨\n\n价格上涨\n".encode(),
        "bad.vtt:6: a cue with no timing",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=str)
def test_a_hostile_document_is_one_line_exit_3_and_nothing_written(
    case: str, translate, tmp_path: Path, one_error_line
) -> None:
    name, data, message = HOSTILE[case]
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / f"out{path.suffix}"
    result = translate(str(path), "-o", str(out))
    assert result.exit_code == 3, result.stderr
    assert result.stdout == ""
    assert message in one_error_line(result.stderr)
    assert not out.exists()
    assert path.read_bytes() == data


def test_one_bad_document_in_a_folder_leaves_the_others_written(translate, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "good.srt").write_bytes((DATA / "film.srt").read_bytes())
    (source / "bad.srt").write_text("1\n钨\n", encoding="utf-8")
    out = tmp_path / "out"
    result = translate(str(source), "-o", str(out))
    assert result.exit_code == 3
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2
    assert "bad.srt" in errors[0]
    assert "1 of 2 documents" in errors[1]
    assert (out / "good.en.srt").is_file()
    assert not (out / "bad.en.srt").exists()


def test_glossary_find_reads_a_page_by_its_segments() -> None:
    result = runner.invoke(app, ["glossary", "find", str(DATA / "article.html")])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "5:1\t钨精矿\ttungsten-concentrate\ttungsten concentrate"  # <title>, line 5
    assert "6:5\t稀土\trare-earths\trare earths" in lines  # the meta description: 关于钨和稀土, col 5
    assert not any("脚本" in line or "代码" in line for line in lines)  # script and pre are no text


def test_extract_reads_documents_in_a_folder(tmp_path: Path, docx_bytes) -> None:
    (tmp_path / "report.docx").write_bytes(docx_bytes)
    (tmp_path / "film.srt").write_bytes((DATA / "film.srt").read_bytes())
    (tmp_path / "chart.png").write_bytes(b"\x89PNG\r\n")
    result = runner.invoke(app, ["extract", str(tmp_path), "--format", "tsv"])
    assert result.exit_code == 0, result.stderr
    assert "in 2 document(s)" in result.stderr


def test_check_reads_an_xliff_as_source_and_target_pairs() -> None:
    path = DATA / "cat-tool.xlf"
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1, result.stderr
    # Unit 5's target (line 29) says "Rare soil" for 稀土 (an avoid rendering; a singular "Rare earth"
    # would be right); the units without a target are not checked.
    assert result.stdout.splitlines() == [
        f"{path}:29:1: error: 稀土 rendered as 'Rare soil', a known wrong rendering; expected 'rare earths' "
        "(suggest: 'rare earths') [avoid-rendering]"
    ]
    assert "1 finding" in result.stderr


def test_check_fixes_an_english_page_in_place_leaving_code_alone(tmp_path: Path) -> None:
    page = tmp_path / "en.html"
    page.write_text(
        "<html><body>\n<p>The price of <b>tungstein</b> rose &amp; fell.</p>\n<pre>tungstein</pre>\n</body></html>\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(page)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{page}:2:20: error: 'tungstein' is a known wrong rendering of 'tungsten'")
    fixed = runner.invoke(app, ["check", str(page), "--fix"])
    assert fixed.exit_code == 0, fixed.stderr
    assert page.read_text(encoding="utf-8") == (
        "<html><body>\n<p>The price of <b>tungsten</b> rose &amp; fell.</p>\n<pre>tungstein</pre>\n</body></html>\n"
    )


@pytest.mark.parametrize("name", ["article.html", "film.vtt", "report.docx"])
def test_format_html_gives_a_documents_review_page_segment_by_segment(
    name: str, translate, tmp_path: Path, docx_bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(docx_bytes if name.endswith(".docx") else (DATA / name).read_bytes())
    out = tmp_path / "review.html"
    result = translate(str(path), "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "钨" in page  # the segments' Chinese
    # Only what was translated: no script, style, code, NOTE or STYLE block of the document, no raw markup.
    for untranslated in ("脚本不译", "不译 */", "代码 不译", "注释", "color: yellow", "<em>", "<b>价格", "<i>上涨"):
        assert untranslated not in page
    assert path.read_bytes() == (docx_bytes if name.endswith(".docx") else (DATA / name).read_bytes())


def test_a_review_page_of_markup_in_the_text_is_escaped(translate, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("钨 &lt;script&gt;window.__pwned=1&lt;/script&gt; 价格\n", encoding="utf-8")
    result = translate(str(path), "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert "<script>window.__pwned" not in result.stdout
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in result.stdout
