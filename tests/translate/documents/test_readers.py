"""What each reader hands out as segments (no model): text, inline tags, and what it leaves alone."""

from __future__ import annotations

import pytest

from glossmt.translate.documents import FORMATS, format_for
from glossmt.translate.documents.base import Translation
from glossmt.translate.documents.inline import join_lines, split_tags
from glossmt.translate.mt.tags import Kind, Tag, plain, render


def read(fmt: str, text: str):
    return FORMATS[fmt].read(text.encode("utf-8"), f"x.{fmt}")


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.XLF", "xliff"), ("a.xliff", "xliff"), ("a.htm", "html"), ("a.md", "md"), ("a.docx", "docx"),
     ("a.srt", "srt"), ("a.vtt", "vtt"), ("a.txt", "text")],
    ids=str,
)  # fmt: skip
def test_formats_are_found_by_suffix(name: str, fmt: str) -> None:
    found = format_for(name)
    assert found is not None
    assert found.name == fmt
    assert format_for("a.png") is None


def test_html_leaves_what_the_page_marks_untranslatable() -> None:
    page = read(
        "html",
        '<p>钨价格<span translate="no">不<span>译</span></span>上涨</p>'
        '<div class="notranslate" title="标题"><p>不译</p></div><p lang="zh">稀土</p>',
    )
    assert [plain(s.parts) for s in page.segments] == ["钨价格上涨", "稀土"]
    kept = page.segments[0].parts[1]
    assert isinstance(kept, Tag)
    assert kept.kind is Kind.STANDALONE
    assert kept.markup == '<span translate="no">不<span>译</span></span>'


def test_html_writes_only_the_translated_text_and_escapes_it() -> None:
    source = '<p class="a">钨 &amp; <b>价格</b></p>\n<p>二</p>\n'
    page = read("html", source)
    first = page.segments[0].parts
    out = page.write([Translation(("Tungsten < ", first[1], "price", first[3])), None], "sig").decode()
    assert out == '<p class="a">Tungsten &lt; <b>price</b></p>\n<p>二</p>\n'


def test_inline_tags_in_text_pair_by_name_and_stray_ones_stand_alone() -> None:
    parts = split_tags("<v 记者>钨<i>价格</b>上涨</i><00:00:01.000>")
    kinds = [(p.kind, p.markup) for p in parts if isinstance(p, Tag)]
    assert kinds == [
        (Kind.STANDALONE, "<v 记者>"),
        (Kind.OPEN, "<i>"),
        (Kind.STANDALONE, "</b>"),
        (Kind.CLOSE, "</i>"),
        (Kind.STANDALONE, "<00:00:01.000>"),
    ]
    assert render(parts) == "<v 记者>钨<i>价格</b>上涨</i><00:00:01.000>"
    assert join_lines(["钨价格", "上涨"]) == "钨价格上涨"
    assert join_lines(["Tungsten", "price"]) == "Tungsten price"


def test_xliff_skips_locked_groups_and_marks_existing_targets() -> None:
    document = read(
        "xliff",
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="zh" datatype="x">'
        '<body><group translate="no"><trans-unit id="1"><source>锁定</source></trans-unit></group>'
        '<trans-unit id="2"><source>钨</source><target>Tungsten</target></trans-unit>'
        '<trans-unit id="3"><source>稀土</source></trans-unit></body></file></xliff>',
    )
    assert [(plain(s.parts), s.translated) for s in document.segments] == [("钨", True), ("稀土", False)]
    out = document.write([None, Translation(("rare earths",), ("rare earths",))], "sig").decode()
    assert '<target state="needs-review-translation" xml:lang="en"><mrk mtype="term">rare earths</mrk></target>' in out
    assert 'target-language="en"' in out
    assert "<target>Tungsten</target>" in out


def test_markdown_leaves_code_and_front_matter_out_of_the_segments() -> None:
    document = read("md", "---\ntitle: 钨\n---\n# 标题\n\n    缩进代码\n\n正文`代码`。\n")
    assert [plain(s.parts) for s in document.segments] == ["标题", "正文。"]
