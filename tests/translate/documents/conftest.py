"""Sample documents of every format (tests/data/documents, and a DOCX built here with python-docx)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "documents"


def build_docx() -> bytes:
    """A Word file with formatted runs, a hyperlink, a table, a header and a footer, a page break."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_heading("钨价格上涨", level=1)
    paragraph = document.add_paragraph("钨精矿")
    paragraph.add_run("价格").bold = True
    paragraph.add_run("上涨了。")
    link = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} w:anchor="report"><w:r><w:t>报告</w:t></w:r></w:hyperlink>')
    with_link = document.add_paragraph("关键矿产见")
    with_link._p.append(link)  # python-docx has no API to add a hyperlink
    with_link.add_run("。")
    document.add_paragraph("稀土出口").add_run().add_break(WD_BREAK.PAGE)
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {(0, 0): "名称", (0, 1): "价格", (1, 0): "钨", (1, 1): "高"}.items():
        table.cell(row, col).text = text
    section = document.sections[0]
    section.header.paragraphs[0].text = "钨新闻"
    section.footer.paragraphs[0].text = "第一页"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="session")
def docx_bytes() -> bytes:
    return build_docx()


@pytest.fixture(scope="session")
def samples(docx_bytes: bytes) -> dict[str, tuple[str, bytes]]:
    """Format name → (file name, bytes)."""
    files = {
        "xliff": "cat-tool.xlf",
        "xliff2": "cat-tool.xlf2",
        "html": "article.html",
        "md": "article.md",
        "srt": "film.srt",
        "vtt": "film.vtt",
    }
    found = {name: (file, (DATA / file).read_bytes()) for name, file in files.items()}
    found["docx"] = ("report.docx", docx_bytes)
    return found
