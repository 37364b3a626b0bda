"""Lint: each rule fires on a minimal term file, at the offending entry's ``file:line``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from glossmt.glossary import lint as lint_module
from glossmt.glossary.findings import Severity
from glossmt.glossary.lint import RULES, Rule, lint
from glossmt.glossary.loading import load_glossary
from glossmt.glossary.model import Glossary

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


@dataclass(frozen=True)
class Entry:
    concept: str
    source: str
    target: str
    avoid: str = ""
    draft: bool = False
    accept: str = ""
    safe_fix: str = ""

    def lines(self) -> list[str]:
        out = ["#. type: person"]
        if self.avoid:
            out.append(f"#. avoid: {self.avoid}")
        if self.accept:
            out.append(f"#. accept: {self.accept}")
        if self.safe_fix:
            out.append(f"#. safe-fix: {self.safe_fix}")
        if self.draft:
            out.append("#, fuzzy")
        out += [f'msgctxt "{self.concept}"', f'msgid "{self.source}"', f'msgstr "{self.target}"']
        return out


def write_terms(path: Path, entries: list[Entry]) -> list[int]:
    """Write a PO term file; return the line each entry starts on (1-based)."""
    lines = HEADER.splitlines()
    starts = []
    for entry in entries:
        lines.append("")
        starts.append(len(lines) + 1)
        lines.extend(entry.lines())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return starts


@dataclass(frozen=True)
class Case:
    rule: Rule
    code: str
    severity: Severity
    entries: list[Entry]
    offender: int  # index into entries
    suggestion: str | None = None


LUTNICK = Entry("lutnick", "卢特尼克", "Lutnick")
CASES = [
    Case(lint_module.duplicate_entry, "duplicate-entry", Severity.ERROR, [LUTNICK, LUTNICK], 1),
    Case(
        lint_module.conflicting_target,
        "conflicting-target",
        Severity.ERROR,
        [LUTNICK, Entry("lutnik", "卢特尼克", "Lutnik")],
        1,
    ),
    Case(
        lint_module.form_in_two_concepts,
        "form-in-two-concepts",
        Severity.ERROR,
        [Entry("brett-kavanaugh", "卡瓦诺", "Kavanaugh"), Entry("Kavanaugh", "卡瓦诺", "Kavanaugh")],
        1,
        suggestion="brett-kavanaugh",
    ),
    Case(
        lint_module.concept_disagrees,
        "concept-disagrees",
        Severity.ERROR,
        [Entry("lutnick", "霍华德·卢特尼克", "Howard Lutnick"), LUTNICK],
        1,
        suggestion="Howard Lutnick",
    ),
    Case(lint_module.untranslated, "untranslated", Severity.ERROR, [LUTNICK, Entry("x", "勒特尼克", "")], 1),
    Case(lint_module.untranslated, "untranslated", Severity.ERROR, [Entry("x", "勒特尼克", "勒特尼克")], 0),
    Case(
        lint_module.avoid_in_canonical,
        "avoid-in-canonical",
        Severity.ERROR,
        [Entry("howard-lutnick", "霍华德·卢特尼克", "Howard Lutnick", avoid="Howard Lutnik; lutnick")],
        0,
    ),
    Case(
        lint_module.avoid_is_other_canonical,
        "avoid-is-canonical",
        Severity.ERROR,
        [LUTNICK, Entry("raimondo", "雷蒙多", "Raimondo", avoid="Lutnick")],
        1,
    ),
    Case(
        lint_module.accept_is_avoided,
        "accept-is-avoided",
        Severity.ERROR,
        [Entry("cove-kaz", "科夫卡兹资本集团", "Cove Kaz Capital Group", avoid="Kove Kaz", accept="Kove Kaz")],
        0,
    ),
    Case(
        lint_module.safe_fix_not_avoided,
        "safe-fix-not-avoided",
        Severity.ERROR,
        [Entry("lutnick", "卢特尼克", "Lutnick", avoid="Lutnik; Raimondo", safe_fix="Lutnik; Rovnick")],
        0,
    ),
    Case(
        lint_module.leading_article,
        "leading-article",
        Severity.WARNING,
        [LUTNICK, Entry("hall", "武馆", "the Martial Arts Hall")],
        1,
        suggestion="Martial Arts Hall",
    ),
    Case(
        lint_module.traditional_form,
        "traditional-form",
        Severity.WARNING,
        [Entry("lutnick", "盧特尼克", "Lutnick")],
        0,
        suggestion="卢特尼克",
    ),
    Case(
        lint_module.bad_separator,
        "separator",
        Severity.WARNING,
        [Entry("howard-lutnick", "霍华德•卢特尼克", "Howard Lutnick")],
        0,
        suggestion="霍华德·卢特尼克",
    ),
    Case(
        lint_module.shadowed,
        "shadowed-term",
        Severity.WARNING,
        [Entry("abc", "ABC公司", "ABC Corp."), Entry("abc", "ＡＢＣ公司", "ABC Corp.")],
        1,
    ),
    Case(
        lint_module.control_character,
        "control-character",
        Severity.ERROR,
        [Entry("lutnick", "卢特尼克", "Lut\x00nick")],
        0,
        suggestion="Lutnick",
    ),
    Case(
        lint_module.markup_in_concept,
        "markup-in-concept",
        Severity.ERROR,
        [Entry("<b>lutnick</b>", "卢特尼克", "Lutnick")],
        0,
        suggestion="lutnick",
    ),
    Case(lint_module.single_character, "single-character", Severity.INFO, [Entry("tungsten", "钨", "tungsten")], 0),
    Case(lint_module.draft, "draft", Severity.INFO, [LUTNICK, Entry("x", "勒特尼克", "Lutnick", draft=True)], 1),
]


def test_every_rule_has_a_case() -> None:
    assert {case.rule.code for case in CASES} == set(RULES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.code) for c in CASES])
def test_each_rule_declares_its_code_severity_and_title(case: Case) -> None:
    assert RULES[case.code] is case.rule
    assert (case.rule.code, case.rule.severity) == (case.code, case.severity)
    assert case.rule.title == (case.rule.find.__doc__ or "").strip().splitlines()[0]


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c.code}-{i}") for i, c in enumerate(CASES)])
def test_rule_fires_at_the_offending_entry(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "terms.po"
    starts = write_terms(path, case.entries)
    glossary = load_glossary([path])

    found = lint(glossary)

    assert [(d.code, d.severity) for d in found] == [(case.code, case.severity)]
    [diagnostic] = found
    assert diagnostic.path == str(path)
    assert diagnostic.line == starts[case.offender]
    assert diagnostic.format_gcc().startswith(f"{path}:{starts[case.offender]}: {case.severity.value}: ")
    assert diagnostic.format_gcc().endswith(f"[{case.code}]")
    if case.suggestion is not None:
        assert diagnostic.suggestion == case.suggestion
    assert list(case.rule(glossary)) == found


def test_findings_are_ordered_by_file_and_line(tmp_path: Path) -> None:
    first, second = tmp_path / "a.po", tmp_path / "b.po"
    second_starts = write_terms(second, [Entry("x", "钨", "tungsten"), Entry("y", "盧特尼克", "Lutnick")])
    first_starts = write_terms(first, [Entry("z", "锂", "lithium")])
    found = lint(load_glossary([second, first]))
    assert [(d.path, d.line) for d in found] == [
        (str(first), first_starts[0]),
        (str(second), second_starts[0]),
        (str(second), second_starts[1]),
    ]


@pytest.mark.parametrize("source", [pytest.param("澳大利亚土著", id="tuzhu"), pytest.param("显著进展", id="xianzhu")])
def test_simplified_forms_are_not_called_traditional(tmp_path: Path, source: str) -> None:
    path = tmp_path / "terms.po"
    write_terms(path, [Entry("x", source, "something")])
    assert [d.code for d in lint(load_glossary([path]))] == []


def test_shipped_glossary_has_no_errors_or_warnings(shipped_glossary: Glossary) -> None:
    found = lint(shipped_glossary)
    serious = [d.format_gcc() for d in found if d.severity.at_least(Severity.WARNING)]
    assert serious == []
    assert len(shipped_glossary) > 100


@pytest.mark.parametrize(
    ("concept", "suggestion"),
    [
        pytest.param('lutnick<x id=\\"1\\"/>', "lutnick", id="xliff-placeholder"),
        pytest.param("lutnick</b>", "lutnick", id="closing-tag"),
        pytest.param("<span class='n'>lutnick", "lutnick", id="html-tag"),
        pytest.param("lut<!-- x -->nick", "lut nick", id="comment"),
        pytest.param("lutnick&amp;co", "lutnick co", id="named-reference"),
        pytest.param("lutnick&#60;", "lutnick", id="numeric-reference"),
        pytest.param("<b", None, id="unclosed-tag"),
    ],
)
def test_markup_in_a_concept_is_an_error(tmp_path: Path, concept: str, suggestion: str | None) -> None:
    path = tmp_path / "terms.po"
    write_terms(path, [Entry(concept, "卢特尼克", "Lutnick")])
    [found] = lint(load_glossary([path]))
    assert (found.code, found.severity) == ("markup-in-concept", Severity.ERROR)
    assert found.suggestion == suggestion


@pytest.mark.parametrize("concept", ["r-and-d", "a<3", "at&t", "x > y", "kazakh-tenge"])
def test_a_concept_without_markup_is_not_flagged(tmp_path: Path, concept: str) -> None:
    path = tmp_path / "terms.po"
    write_terms(path, [Entry(concept, "卢特尼克", "Lutnick")])
    assert [d.code for d in lint(load_glossary([path]))] == []
