"""Tiny real Marian models, built once per test session and loaded through glossmt's own loader."""

from __future__ import annotations

import io
import os
from pathlib import Path

# One torch thread: the tiny models gain nothing from two, and on a busy two-core machine two
# threads spin against each other (measured: the same batch 0.14 s with one, 1.5-14 s with two).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Marian model (vocabularies trained on corpora/), saved like an opus-mt download."""
    from glossmt.translate.devtools.tiny import build_tiny_marian

    return build_tiny_marian(tmp_path_factory.mktemp("models") / "tiny-zh-en")


@pytest.fixture(scope="session")
def tiny_translator(tiny_model_dir: Path):
    from glossmt.translate.mt.marian.decode import load_translator

    return load_translator(str(tiny_model_dir), device="cpu")


@pytest.fixture(scope="session")
def matcher(shipped_glossary):
    from glossmt.glossary.matching import Matcher

    return Matcher(shipped_glossary)


@pytest.fixture(scope="session")
def tiny_ct2_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model converted to CTranslate2 by ``glossmt models convert``'s library call (int8)."""
    from glossmt.translate.mt.ct2.convert import convert
    from glossmt.translate.mt.locate import resolve_model

    return convert(resolve_model(str(tiny_model_dir)), tmp_path_factory.mktemp("models") / "tiny-zh-en-ct2")


@pytest.fixture(scope="session")
def tiny_ct2_translator(tiny_ct2_dir: Path):
    from glossmt.translate.mt.ct2.decode import load_converted
    from glossmt.translate.mt.locate import resolve_model

    # Two workers, as on a user's two cores: batches decode at once from the pipeline's threads.
    translator = load_converted(resolve_model(str(tiny_ct2_dir)), "cpu", "int8", 2)
    assert translator.parallel_batches == 2
    return translator


@pytest.fixture(scope="session", params=["transformers", "ct2"])
def any_translator(request: pytest.FixtureRequest):
    """The tiny model through each backend: the guarantee tests run on both."""
    return request.getfixturevalue("tiny_translator" if request.param == "transformers" else "tiny_ct2_translator")


# --- review pages (--format html): real pipeline output holding markup in every field ----------------

REVIEW_DATA = Path(__file__).resolve().parents[1] / "data" / "review"
# Markup in the Chinese: each would run script (set window.__pwned) if a page let it through.
INJECTED_LINES = (
    "斯克里普特说<script>window.__pwned=5</script>。",
    '泰克斯塔"><img src=x onerror=window.__pwned=6></textarea>很大。',
)


@pytest.fixture(scope="session")
def review_glossary():
    """The shipped terms and terms whose ids, forms and English are markup (tests/data/review)."""
    from glossmt.glossary.loading import glossary_paths, load_glossary

    return load_glossary([*glossary_paths(None), REVIEW_DATA / "injections.po"])


@pytest.fixture(scope="session")
def review_results(tiny_translator, review_glossary):
    """A short article through the real pass (tiny model, greedy): terms, sentences, an empty line,
    and the injected lines."""
    from glossmt.glossary.matching import Matcher
    from glossmt.translate.devtools.tiny import CORPORA
    from glossmt.translate.mt.pipeline import Options, translate_lines

    article = (CORPORA / "sample-article.zh.txt").read_text(encoding="utf-8").splitlines()
    lines = [article[0], article[3], "", *INJECTED_LINES, article[4]]
    matcher = Matcher(review_glossary)
    return list(translate_lines(lines, tiny_translator, matcher=matcher, options=Options(beams=1)))


# --- documents (--input-format): a Word file built with python-docx (no binary file in the tree) -----


def _build_docx() -> bytes:
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
    """A Word file with formatted runs, a hyperlink, a table, a header and a footer, a page break."""
    return _build_docx()


@pytest.fixture(autouse=True)
def _no_timed_progress_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Off a terminal a run prints a progress line every few seconds: on a slow machine a test that compares
    stderr would see one. Tests of the lines themselves set the interval to 0 (test_daily_use.py)."""
    from glossmt.translate.cli import progress

    monkeypatch.setattr(progress, "LOG_EVERY_S", float("inf"))
