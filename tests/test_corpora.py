"""The team-written corpora: well-formed, and covering every approved glossary form."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import opencc
import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
TERMS = ROOT / "glossary" / "terms"
NEWS = CORPORA / "news.zh-en.tsv"
TRADITIONAL = CORPORA / "traditional.zh-en.tsv"


@cache
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def _chinese_text() -> str:
    """All Chinese sides of the corpora, Traditional converted to Simplified."""
    news = [line.split("\t")[0] for line in _lines(NEWS)]
    trad = [_t2s().convert(line.split("\t")[0]) for line in _lines(TRADITIONAL)]
    return "\n".join(news + trad)


def _approved_forms() -> list[str]:
    forms: set[str] = set()
    for path in sorted(TERMS.glob("*.po")):
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.obsolete or "fuzzy" in entry.flags or not entry.msgid.strip():
                continue
            forms.add(entry.msgid.strip())
    return sorted(forms)


APPROVED = _approved_forms()


@pytest.mark.parametrize("path", [NEWS, TRADITIONAL], ids=lambda p: p.name)
def test_tsv_lines_have_two_fields(path: Path) -> None:
    for number, line in enumerate(_lines(path), 1):
        fields = line.split("\t")
        assert len(fields) == 2, f"{path.name}:{number}: expected 2 tab-separated fields, got {len(fields)}"
        assert all(field.strip() for field in fields), f"{path.name}:{number}: empty field"


def test_news_is_large_enough() -> None:
    assert len(_lines(NEWS)) >= 300


def test_traditional_is_traditional() -> None:
    lines = _lines(TRADITIONAL)
    assert len(lines) >= 40
    zh = [line.split("\t")[0] for line in lines]
    changed = sum(_t2s().convert(text) != text for text in zh)
    assert changed >= 0.8 * len(zh), f"only {changed}/{len(zh)} lines change under t2s"


def test_sample_article_is_line_aligned() -> None:
    zh = _lines(CORPORA / "sample-article.zh.txt")
    en = _lines(CORPORA / "sample-article.en.txt")
    assert len(zh) == len(en)
    assert [i for i, line in enumerate(zh) if not line.strip()] == [i for i, line in enumerate(en) if not line.strip()]
    assert (CORPORA / "sample-article.inconsistent.en.txt").read_text(encoding="utf-8").strip()


def test_glossary_has_terms() -> None:
    assert APPROVED, f"no approved forms found in {TERMS}/*.po"


@pytest.mark.parametrize("form", APPROVED, ids=APPROVED)
def test_approved_form_in_corpora(form: str) -> None:
    assert form in _chinese_text(), f"approved glossary form {form!r} appears in no corpus sentence"
