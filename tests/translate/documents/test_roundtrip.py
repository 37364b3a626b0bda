"""Every format through the pass with the tiny real model: structure, markup and what is not translated
come back identical, every term is present.

The model's English is gibberish (random weights); what the formats promise must hold regardless.
One contract for every format (read the output again with the same reader: as many segments, each
with the same inline markup, every approved term of its source present), then each format's own.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest

from glossmt.translate.documents import FORMATS, Document
from glossmt.translate.mt.documents import translate_document
from glossmt.translate.mt.pipeline import Options
from glossmt.translate.mt.results import How
from glossmt.translate.mt.tags import Tag, plain, well_nested

OPTIONS = Options(beams=1, batch_size=8)
FORMAT_OF = {
    "xliff": "xliff",
    "xliff2": "xliff",
    "html": "html",
    "md": "md",
    "srt": "srt",
    "vtt": "vtt",
    "docx": "docx",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def translated(samples, name: str, translator, matcher) -> tuple[Document, Document, bytes, list, list]:
    """(the document read, the output read back, the output's bytes, the pass's results, the translations)."""
    file, data = samples[name]
    fmt = FORMATS[FORMAT_OF[name]]
    document = fmt.read(data, file)
    translations, results = translate_document(document, translator, matcher=matcher, options=OPTIONS)
    out = document.write(translations, "glossmt:test|model:tiny")
    return document, fmt.read(out, file), out, results, translations


def markup(parts) -> Counter[str]:
    """The tags' markup, translatable attribute values left out."""
    return Counter(_drop_attributes(p.markup) for p in parts if isinstance(p, Tag))


@pytest.mark.parametrize("name", list(FORMAT_OF), ids=str)
def test_markup_kept_and_every_term_present(name: str, samples, tiny_translator, matcher) -> None:
    document, again, _, results, translations = translated(samples, name, tiny_translator, matcher)
    assert results, "the sample has something to translate"
    assert len(again.segments) == len(document.segments)
    for result in results:
        for term in result.terms:
            assert term.how is How.DRAFT or term.present, (result.source, result.target, term)
    terms = sum(len(r.terms) for r in results)
    assert terms >= 2, "the sample holds glossary terms"
    for segment, translation in zip(document.segments, translations, strict=True):
        if translation is not None:  # every tag back once, validly nested, and some English
            assert markup(translation.parts) == markup(segment.parts)
            assert well_nested(translation.parts)
            assert plain(translation.parts).strip()
    if name in ("html", "srt", "vtt"):  # read again, the file holds the same markup (attributes aside)
        assert sum((markup(s.parts) for s in again.segments), Counter()) == sum(
            (markup(s.parts) for s in document.segments), Counter()
        )


def test_xliff_targets_codes_notes_locked_and_kept(samples, tiny_translator, matcher) -> None:
    from lxml import etree

    _, _, out, results, _ = translated(samples, "xliff", tiny_translator, matcher)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.fromstring(out)
    units = {u.get("id"): u for u in root.iterfind(".//x:trans-unit", ns)}
    original = etree.fromstring(samples["xliff"][1])
    for unit_id, unit in units.items():
        source = etree.tostring(unit.find("x:source", ns), with_tail=False)
        was = original.find(f".//x:trans-unit[@id='{unit_id}']/x:source", ns)
        assert source == etree.tostring(was, with_tail=False)
    assert units["4"].find("x:target", ns) is None  # locked
    assert units["5"].find("x:target", ns).text == "Rare soil exports."  # kept
    assert units["5"].find("x:target", ns).get("state") == "translated"
    for unit_id in ("1", "2", "3"):
        target = units[unit_id].find("x:target", ns)
        assert target.get("state") == "needs-review-translation"
        assert target.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert "".join(target.itertext()).strip()
        codes = [(etree.QName(e).localname, e.get("id")) for e in target.iter() if etree.QName(e).localname != "mrk"]
        source_codes = [(etree.QName(e).localname, e.get("id")) for e in units[unit_id].find("x:source", ns).iter()]
        assert Counter(codes[1:]) == Counter(source_codes[1:])
        notes = [n.text for n in units[unit_id].iterfind("x:note", ns)]
        assert notes[-1] == "glossmt:test|model:tiny"
    ph = units["3"].find("x:target/x:ph", ns)
    assert ph.text == '<img src="chart.png"/>'  # native code inside a code, whole
    marked = [m.text for m in root.iterfind(".//x:target//x:mrk[@mtype='term']", ns)]
    assert "tungsten" in marked
    assert "critical minerals" in marked
    assert len(results) == 3


def test_xliff2_segments_state_notes_and_term_marks(samples, tiny_translator, matcher) -> None:
    from lxml import etree

    _, _, out, _, _ = translated(samples, "xliff2", tiny_translator, matcher)
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    root = etree.fromstring(out)
    segments = {s.get("id"): s for s in root.iterfind(".//x:segment", ns)}
    assert segments["s3"].find("x:target", ns) is None  # in a unit with translate="no"
    for segment_id in ("s1", "s2"):
        assert segments[segment_id].get("state") == "translated"
        target = segments[segment_id].find("x:target", ns)
        assert "".join(target.itertext()).strip()
    pc = segments["s1"].find("x:target/x:pc", ns)
    assert pc.get("subType") == "xlf:b"
    assert segments["s2"].find("x:target/x:sc", ns).get("id") == "3"
    assert segments["s2"].find("x:target/x:ec", ns).get("startRef") == "3"
    notes = root.find(".//x:unit[@id='u1']/x:notes", ns)
    assert [n.get("category") for n in notes] == ["pm", "glossmt"]
    marks = root.findall(".//x:target//x:mrk[@type='term']", ns)
    assert {m.text for m in marks} >= {"tungsten", "critical minerals"}
    assert len({m.get("id") for m in marks}) == len(marks)  # ids unique in the file


def test_xliff_is_read_by_translate_toolkit(samples, tiny_translator, matcher, tmp_path) -> None:
    """translate-toolkit's XLIFF store (a subprocess: this repository's own translate/ folder would
    shadow the toolkit's ``translate`` package here) finds every target and note where it belongs."""
    import json
    import subprocess
    import sys

    _, _, out, _, _ = translated(samples, "xliff", tiny_translator, matcher)
    (tmp_path / "out.xlf").write_bytes(out)
    script = (
        "import json; from translate.storage import xliff\n"
        "store = xliff.xlifffile(open('out.xlf', 'rb').read())\n"
        "print(json.dumps([[u.getid().split(chr(4))[-1], u.source, u.target, u.getnotes()] for u in store.units]))"
    )
    found = subprocess.run(
        [sys.executable, "-I", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    units = {uid: (source, target, notes) for uid, source, target, notes in json.loads(found.stdout)}
    assert set(units) == {"1", "2", "3", "4", "5"}
    for uid in ("1", "2", "3"):
        source, target, notes = units[uid]
        assert CJK.search(source)
        assert target
        assert "glossmt:test|model:tiny" in notes
    assert "Headline." in units["1"][2]
    assert "Keep the image." in units["3"][2]
    assert units["4"][1] in ("", None)
    assert units["5"][1] == "Rare soil exports."


def test_html_keeps_every_untranslated_byte(samples, tiny_translator, matcher) -> None:
    document, again, out, _, _ = translated(samples, "html", tiny_translator, matcher)
    text = out.decode("utf-8")
    source = samples["html"][1].decode("utf-8")
    for kept in (
        "<!DOCTYPE html>",
        '<meta charset="utf-8">',
        "<style>p { color: #333; } /* 不译 */</style>",
        '<script>var note = "脚本不译";</script>',
        "<pre>代码 不译</pre>",
        "<code>price = 1</code>",
        '<a href="https://example.org/report?id=1&amp;x=2" title="',
        "<!-- 注释不译 -->",
        '<img src="chart.png" alt="',
    ):
        assert kept in source
        assert kept in text, kept
    assert '<html lang="en">' in text
    # Outside the translated text the file is the same: the tags, in order, are the source's.
    tags = Counter(re.findall(r"<[^>]+>", _drop_attributes(text.replace('lang="en"', 'lang="zh-CN"'))))
    assert tags == Counter(re.findall(r"<[^>]+>", _drop_attributes(source)))  # in the text, in the model's order
    assert [plain(s.parts) for s in again.segments] != [plain(s.parts) for s in document.segments]


def _drop_attributes(text: str) -> str:
    return re.sub(r'( alt| title| content)="[^"]*"', r'\1=""', text)


def test_markdown_keeps_code_urls_and_front_matter(samples, tiny_translator, matcher) -> None:
    document, again, out, _, _ = translated(samples, "md", tiny_translator, matcher)
    text = out.decode("utf-8")
    assert text.startswith("---\ntitle: 钨价\ntags: [钨, 稀土]\n---\n# ")
    assert '```python\nprint("代码不译")\n```' in text
    assert '](https://example.org/a "标题")' in text
    assert "`price = 1`" in text
    assert "\n|---|---|\n" in text
    assert "\n- " in text
    assert "\n> " in text
    assert len(again.segments) == len(document.segments) == 9


def test_docx_keeps_tables_headers_footers_and_formatting(samples, tiny_translator, matcher) -> None:
    import docx

    document, _, out, _, _ = translated(samples, "docx", tiny_translator, matcher)
    result = docx.Document(io.BytesIO(out))
    assert len(result.tables) == 1
    assert len(result.tables[0].rows) == 2
    cells = [c.text for row in result.tables[0].rows for c in row.cells]
    assert all(cells), cells
    assert cells != ["名称", "价格", "钨", "高"]
    section = result.sections[0]
    assert section.header.paragraphs[0].text not in ("", "钨新闻")
    assert section.footer.paragraphs[0].text not in ("", "第一页")
    assert result.paragraphs[0].style.name == "Heading 1"
    body = result.element.body
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert len(body.findall(f".//{w}hyperlink")) == 1
    assert len([b for b in body.iter(f"{w}br") if b.get(f"{w}type") == "page"]) == 1
    bold_runs = [r for p in result.paragraphs for r in p.runs if r.bold]
    assert all(well_nested(s.parts) for s in document.segments)
    assert len(bold_runs) <= 1  # the bold words, where the model put them (none if it left the pair empty)


def test_subtitles_keep_numbers_timings_and_settings(samples, tiny_translator, matcher) -> None:
    import srt

    _, _, out, _, _ = translated(samples, "srt", tiny_translator, matcher)
    before = list(srt.parse(samples["srt"][1].decode("utf-8")))
    after = list(srt.parse(out.decode("utf-8")))
    assert [(s.index, s.start, s.end) for s in after] == [(s.index, s.start, s.end) for s in before]
    assert [s.content for s in after] != [s.content for s in before]
    assert all(len(line) <= 42 or " " not in line for s in after for line in s.content.split("\n"))

    _, _, vtt, _, _ = translated(samples, "vtt", tiny_translator, matcher)
    text = vtt.decode("utf-8")
    for kept in (
        "WEBVTT - 钨\n",
        "STYLE\n::cue { color: yellow }\n",
        "NOTE 注释不译\n",
        "intro\n00:00:01.000 --> 00:00:03.500 align:start position:10%\n",
        "\n00:00:04.000 --> 00:00:06.000\n<v 记者>",
    ):
        assert kept in text, kept
