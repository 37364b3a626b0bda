"""Consolidating imported rows, and accepted variants surviving the PO and JSONL formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossmt.glossary.consolidate_imports import OnConflict, consolidate
from glossmt.glossary.errors import TermFileError
from glossmt.glossary.formats import jsonl
from glossmt.glossary.formats.po import read_po, write_po
from glossmt.glossary.model import Glossary, Term, TermType


def _rows(*pairs: tuple[str, str]) -> list[Term]:
    return [Term(zh, en, en) for zh, en in pairs]


def test_identical_pairs_merge_and_the_most_frequent_english_is_canonical() -> None:
    merged = consolidate(_rows(("青云宗", "Azure Sect"), ("青云宗", "Qingyun Sect"), ("青云宗", "Qingyun Sect")))
    [term] = merged.terms
    assert (term.target, term.accept, merged.duplicates) == ("Qingyun Sect", ("Azure Sect",), 1)
    [choice] = merged.choices
    assert (choice.canonical, choice.accepted, choice.counts) == ("Qingyun Sect", ("Azure Sect",), (2, 1))


def test_first_keeps_the_first_seen_and_error_refuses() -> None:
    rows = _rows(("青云宗", "Azure Sect"), ("青云宗", "Qingyun Sect"), ("青云宗", "Qingyun Sect"))
    assert consolidate(rows, on_conflict=OnConflict.FIRST).terms[0].target == "Azure Sect"
    with pytest.raises(TermFileError, match="青云宗"):
        consolidate(rows, on_conflict=OnConflict.ERROR)


def test_forms_that_read_the_same_are_one_chinese_form() -> None:
    merged = consolidate(_rows(("青雲宗", "Qingyun Sect"), ("青云宗", "Qingyun Sect")))
    assert [t.source for t in merged.terms] == ["青雲宗"]


def test_articles_are_stripped_on_request_only() -> None:
    rows = _rows(("武馆", "the Martial Arts Hall"), ("海牙", "The Hague"))
    assert [t.target for t in consolidate(rows).terms] == ["the Martial Arts Hall", "The Hague"]
    stripped = consolidate(rows, strip_articles=True)
    assert [(t.target, t.concept) for t in stripped.terms] == [
        ("Martial Arts Hall", "Martial Arts Hall"),
        ("The Hague", "The Hague"),
    ]
    assert stripped.stripped == 1


def test_accepted_variants_round_trip_through_po_and_jsonl(tmp_path: Path) -> None:
    term = Term(
        "科夫卡兹资本集团",
        "Cove Kaz Capital Group",
        "cove-kaz",
        TermType.COMPANY,
        accept=("Cove Kaz Capital", "Cove Kaz"),
    )
    write_po([term], tmp_path / "t.po")
    assert "#. accept: Cove Kaz Capital; Cove Kaz" in (tmp_path / "t.po").read_text(encoding="utf-8")
    [back] = read_po(tmp_path / "t.po")
    assert back.accept == term.accept
    (tmp_path / "t.jsonl").write_text(jsonl.dumps([term]), encoding="utf-8")
    assert jsonl.read(tmp_path / "t.jsonl")[0].accept == term.accept
    concept = Glossary.of([back]).concept("cove-kaz")
    assert concept.accept == ("Cove Kaz Capital", "Cove Kaz")
    assert Glossary.of([back]).digest() != Glossary.of([Term(term.source, term.target, term.concept)]).digest()
