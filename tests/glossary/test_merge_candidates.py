"""``glossary merge``: reviewed candidates into term files; round trip with extract, lint and find."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from glossmt.glossary.errors import BadInputError, TermFileError
from glossmt.glossary.extract import Detector, Format, extract, render
from glossmt.glossary.lint import lint
from glossmt.glossary.loading import load_glossary, shipped_terms_dir
from glossmt.glossary.matching import Matcher
from glossmt.glossary.merge_candidates import plan_merge

ARTICLES = Path(__file__).resolve().parents[2] / "corpora" / "unknown-names"


@pytest.fixture
def terms(tmp_path: Path) -> Path:
    folder = tmp_path / "terms"
    shutil.copytree(shipped_terms_dir(), folder)
    return folder


def _approve(po: str, form: str, english: str, kind: str | None = None) -> str:
    """What a reviewer does: fill msgstr, remove the fuzzy flag (and set a type where none was guessed)."""
    entry = r'(#\. type: \w+\n)?#, fuzzy\n(msgctxt "[^"]*"\n)msgid "' + re.escape(form) + '"\nmsgstr "[^"]*"'
    pattern = re.compile(entry)
    typed = f"#. type: {kind}\n" if kind else None
    replaced, n = pattern.subn(
        lambda m: (typed or m.group(1) or "") + m.group(2) + f'msgid "{form}"\nmsgstr "{english}"', po
    )
    assert n == 1, form
    return replaced


def _candidates(tmp_path: Path, text: str, glossary_dir: Path) -> str:
    detector = Detector(load_glossary([glossary_dir]))
    return render(extract([("a.txt", text)], detector), Format.PO)


def test_round_trip_extract_merge_lint_find(terms: Path, tmp_path: Path) -> None:
    text = "\n".join((ARTICLES / name).read_text(encoding="utf-8") for name in ("people.zh.txt", "deposits.zh.txt"))
    po = _candidates(tmp_path, text, terms)
    po = _approve(po, "努尔特列乌", "Nurtleu")
    po = _approve(po, "别列佐夫斯科耶", "Berezovskoye")
    po = _approve(po, "赫尔伯格", "Helberg", kind="person")
    path = tmp_path / "candidates.po"
    path.write_text(po, encoding="utf-8")
    plan = plan_merge(path, terms)
    assert {p.term.source for p in plan.placed} == {"努尔特列乌", "别列佐夫斯科耶", "赫尔伯格"}
    plan.apply()
    merged = load_glossary([terms])
    errors = [d for d in lint(merged) if d.severity.value != "info"]
    assert errors == []
    found = {m.text: m.target for m in Matcher(merged).find("努尔特列乌与赫尔伯格讨论了别列佐夫斯科耶。")}
    assert found == {"努尔特列乌": "Nurtleu", "赫尔伯格": "Helberg", "别列佐夫斯科耶": "Berezovskoye"}
    by_source = {t.source: t for t in merged}
    assert Path(by_source["别列佐夫斯科耶"].origin.path).name == "deposits.po"
    assert Path(by_source["努尔特列乌"].origin.path).name == "people.po"
    assert by_source["努尔特列乌"].concept == "nurtleu"  # the pinyin id gave way to the reviewed English
    assert "pinyin" not in by_source["努尔特列乌"].comment


def test_existing_text_is_kept_byte_for_byte(terms: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_text(encoding="utf-8") for p in terms.glob("*.po")}
    path = tmp_path / "c.po"
    path.write_text(
        '# my own note\n#. type: person\nmsgctxt "nurtleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n', encoding="utf-8"
    )
    plan_merge(path, terms).apply()
    after = (terms / "people.po").read_text(encoding="utf-8")
    assert after.startswith(before["people.po"])
    assert after.endswith(
        '\n\n# my own note\n#. type: person\nmsgctxt "nurtleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n'
    )
    assert all((terms / n).read_text(encoding="utf-8") == t for n, t in before.items() if n != "people.po")


def test_a_variant_joins_its_concept_after_its_last_entry(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.po"
    path.write_text('#. type: person\nmsgctxt "tokayev"\nmsgid "托咔耶夫"\nmsgstr "Tokayev"\n', encoding="utf-8")
    plan = plan_merge(path, terms)
    assert [p.variant for p in plan.placed] == [True]
    plan.apply()
    merged = load_glossary([terms])
    concept = merged.concept("tokayev")
    assert concept.forms[-1] == "托咔耶夫"
    lines = [t for t in merged if t.origin and t.origin.path.endswith("people.po")]
    index = [t.source for t in lines].index("托咔耶夫")
    assert lines[index - 1].concept == "tokayev"  # right after the concept's other forms, not at the end
    assert lines[index + 1].concept != "tokayev"


def test_fuzzy_entries_stay_out_unless_drafts_are_asked_for(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.po"
    path.write_text('#. type: person\n#, fuzzy\nmsgctxt "x"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n', encoding="utf-8")
    plan = plan_merge(path, terms)
    assert (plan.placed, plan.drafts_left_out, plan.after) == ((), 1, {})
    drafted = plan_merge(path, terms, include_drafts=True)
    assert [p.term.draft for p in drafted.placed] == [True]


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        pytest.param(
            '#. type: person\n#, fuzzy\nmsgctxt "x"\nmsgid "努尔特列乌"\nmsgstr ""\n', "untranslated", id="draft"
        ),
        pytest.param(
            '#. type: person\nmsgctxt "x\\ny"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n', "control", id="newline"
        ),
    ],
)
def test_a_candidate_lint_would_reject_is_refused_before_writing(entry, problem, terms: Path, tmp_path: Path) -> None:
    """Issue 26: merge wrote entries the merged glossary's lint then called errors."""
    path = tmp_path / "c.po"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(TermFileError) as raised:
        plan_merge(path, terms, include_drafts=True)
    assert str(raised.value).startswith(f"{path}:1: ")
    assert problem in str(raised.value)


def test_a_form_with_other_english_is_refused_naming_both_places(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.po"
    path.write_text('#. type: person\nmsgctxt "lutnik"\nmsgid "卢特尼克"\nmsgstr "Lutnik"\n', encoding="utf-8")
    with pytest.raises(TermFileError) as raised:
        plan_merge(path, terms)
    message = str(raised.value)
    assert message.startswith(f"{path}:")
    assert re.search(r"people\.po:\d+", message)
    assert "'Lutnick'" in message


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        pytest.param('#. type: person\nmsgctxt "x"\nmsgid "努尔特列乌"\nmsgstr ""\n', "no English", id="empty"),
        pytest.param('msgctxt "x"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n', "without a type", id="untyped"),
        pytest.param('msgctxt "tokayev"\nmsgid "托咔耶夫"\nmsgstr "Tokaev"\n', "concept 'tokayev'", id="disagrees"),
    ],
)
def test_entries_lint_would_reject_are_refused(terms: Path, tmp_path: Path, entry: str, problem: str) -> None:
    path = tmp_path / "c.po"
    path.write_text(entry, encoding="utf-8")
    with pytest.raises(TermFileError, match=problem):
        plan_merge(path, terms)


def test_dry_run_diff_changes_nothing(terms: Path, tmp_path: Path) -> None:
    before = (terms / "people.po").read_bytes()
    path = tmp_path / "c.po"
    path.write_text('#. type: person\nmsgctxt "nurtleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n', encoding="utf-8")
    diff = plan_merge(path, terms).diff()
    assert '+msgid "努尔特列乌"' in diff
    assert diff.startswith(f"--- {terms / 'people.po'}")
    assert (terms / "people.po").read_bytes() == before


def test_a_type_no_file_holds_gets_a_new_file(tmp_path: Path) -> None:
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "people.po").write_text('#. type: person\nmsgctxt "a"\nmsgid "卢特尼克"\nmsgstr "Lutnick"\n', "utf-8")
    path = tmp_path / "c.po"
    path.write_text('#. type: deposit\nmsgctxt "b"\nmsgid "别列佐夫斯科耶"\nmsgstr "Berezovskoye"\n', "utf-8")
    plan_merge(path, folder).apply()
    assert [t.source for t in load_glossary([folder / "deposits.po"])] == ["别列佐夫斯科耶"]
    assert lint(load_glossary([folder])) == []


def test_a_read_only_file_stops_the_merge_before_any_file_changes(terms: Path, tmp_path: Path) -> None:
    path = tmp_path / "c.po"
    path.write_text(
        '#. type: person\nmsgctxt "nurtleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n\n'
        '#. type: place\nmsgctxt "pavlodar"\nmsgid "巴甫洛达尔"\nmsgstr "Pavlodar"\n',
        encoding="utf-8",
    )
    before = {p.name: p.read_bytes() for p in terms.glob("*.po")}
    (terms / "places.po").chmod(0o444)  # people.po comes first in the plan, places.po second
    plan = plan_merge(path, terms)
    assert [p.path.name for p in plan.placed] == ["people.po", "places.po"]
    with pytest.raises(BadInputError, match="read-only"):
        plan.apply()
    assert {p.name: p.read_bytes() for p in terms.glob("*.po")} == before


def test_a_term_file_of_another_format_is_refused(tmp_path: Path) -> None:
    tsv = tmp_path / "terms.tsv"
    tsv.write_text("zh\ten\n卢特尼克\tLutnick\n", encoding="utf-8")
    path = tmp_path / "c.po"
    path.write_text('#. type: person\nmsgctxt "nurtleu"\nmsgid "努尔特列乌"\nmsgstr "Nurtleu"\n', encoding="utf-8")
    with pytest.raises(BadInputError, match="merge writes PO term files") as raised:
        plan_merge(path, tsv)
    assert raised.value.hint is not None
    assert f"glossmt glossary import {tsv} -o {tmp_path / 'terms.po'}" in raised.value.hint
    assert tsv.read_text(encoding="utf-8") == "zh\ten\n卢特尼克\tLutnick\n"
