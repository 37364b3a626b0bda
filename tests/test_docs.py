"""The docs say what the code does: registry tables equal the registries, the README is a front door."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossmt.glossary.lint import rules_table
from glossmt.translate.check.checks import checks_table

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("doc", "table"),
    [("docs/term-files.md", rules_table), ("docs/check.md", checks_table)],
    ids=["lint-rules", "checks"],
)
def test_the_docs_table_is_the_registry(doc: str, table) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    assert table() in text, f"regenerate the table in {doc} (see docs/development.md, Registries)"


def test_the_readme_is_a_front_door() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) <= 10_500
    for name in ("make demo", "make test", "glossmt translate", "glossmt check", "msgctxt"):
        assert name in readme


def test_every_local_link_in_the_docs_leads_somewhere() -> None:
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.relative_to(ROOT)} links to {target}"
