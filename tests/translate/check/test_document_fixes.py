"""Fixes in Markdown never touch code, URLs or markup: a property test over random documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.glossary.errors import BadInputError
from glossmt.glossary.loading import load_glossary
from glossmt.translate.check.checker import Checker
from glossmt.translate.check.checks import check_documents
from glossmt.translate.check.fix import apply_fixes
from glossmt.translate.check.readers import Document, from_bytes

GLOSSARY = Path(__file__).resolve().parents[2] / "data" / "check" / "glossary.po"
PROTECTED = ("`Tokaev`", "[see](https://x.org/Tokaev)", "<b title=Tokaev>", "<https://x.org/Tokaev>")
PIECES = st.sampled_from(
    ["Tokaev", "Samruk Kazyna", "met", "*", "**", "_", "\n", "\n\n", "&amp;", "\\*", "[link]", "# ", "- ", *PROTECTED]
)


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_glossary([GLOSSARY]))


def _fixed(checker: Checker, doc: Document) -> str | None:
    """The document's text after its fixes, or None when they are refused (as breaking its markup)."""
    try:
        fixed = apply_fixes(doc, check_documents(checker, [doc]))
    except BadInputError as error:
        refused = str(error)
    else:
        return doc.text if fixed is None else fixed.raw.decode("utf-8")
    assert "would change the document's markup" in refused
    return None


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=25))
def test_a_markdown_fix_changes_names_only_or_is_refused(checker: Checker, pieces: list[str]) -> None:
    text = " ".join(pieces) + "\n"
    doc = from_bytes(text.encode("utf-8"), "a.md", kind="md")
    after = _fixed(checker, doc)
    if after is None:
        return
    for protected in PROTECTED:
        assert after.count(protected) == text.count(protected)
    assert after.replace("Tokayev", "Tokaev").replace("Samruk-Kazyna", "Samruk Kazyna") == text


CUE_PIECES = st.sampled_from(
    ["Tokaev", "Samruk Kazyna", "met", "<i>", "</i>", "&amp;", "\r\n", "\n", "<font color=Tokaev>"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(CUE_PIECES, min_size=1, max_size=20), st.booleans())
def test_a_subtitle_fix_changes_names_only_or_is_refused(checker: Checker, pieces: list[str], vtt: bool) -> None:
    cue = "\n".join(line for line in " ".join(pieces).split("\n") if line.strip()).strip() or "met"  # no blank line
    head = "WEBVTT\n\nNOTE Tokaev\n\n" if vtt else "1\n"
    text = f"{head}00:00:01.000 --> 00:00:02.000\n{cue}\n".replace(".000", ".000" if vtt else ",000")
    doc = from_bytes(text.encode("utf-8"), "a.vtt" if vtt else "a.srt", kind="vtt" if vtt else "srt")
    after = _fixed(checker, doc)
    if after is None:
        return
    assert after.count("<font color=Tokaev>") == text.count("<font color=Tokaev>")
    assert after.replace("Tokayev", "Tokaev").replace("Samruk-Kazyna", "Samruk Kazyna") == text
