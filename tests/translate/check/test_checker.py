"""The checker's library: every check on team-written articles with planted variants, clean English
with no findings, bilingual inputs in every format, and fixes that are byte-exact outside the spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossmt.glossary.loading import load_glossary
from glossmt.translate.check import readers as checkdocs
from glossmt.translate.check.checker import Checker, Finding
from glossmt.translate.check.checks import Batch, check_documents, title
from glossmt.translate.check.edits import Edit, apply_to_bytes, apply_to_text
from glossmt.translate.check.fix import plan_fix
from glossmt.translate.check.nameforms import name_form
from glossmt.translate.check.nearmiss import NameEntry, NearMissIndex
from glossmt.translate.check.scan import RenderingScanner, find_avoided_fast
from glossmt.translate.verify import find_avoided

DATA = Path(__file__).resolve().parents[3] / "tests" / "data" / "check"
GLOSSARY = DATA / "glossary.po"


def _planted() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in (DATA / "planted.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            file, text, suggestion, code = line.split("\t")
            rows.append((file, text, suggestion, code))
    return rows


PLANTED = _planted()
ARTICLES = sorted({row[0] for row in PLANTED})
CLEAN = sorted(str(p.relative_to(DATA)) for p in (DATA / "clean").iterdir())


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_glossary([GLOSSARY]))


@pytest.fixture(scope="module")
def article_findings(checker: Checker) -> dict[str, list[Finding]]:
    return {name: Batch(checker).check(checkdocs.load(str(DATA / name))) for name in ARTICLES}


def _found(findings: list[Finding]) -> set[tuple[str, str | None, str]]:
    return {(f.found, f.diagnostic.suggestion, f.diagnostic.code) for f in findings}


# --- English only: planted variants, clean text -------------------------------------------------


@pytest.mark.parametrize(("file", "text", "suggestion", "code"), PLANTED, ids=[f"{r[0]}:{r[1]}" for r in PLANTED])
def test_planted_variant_is_found(article_findings, file, text, suggestion, code):
    assert (text, suggestion, code) in _found(article_findings[file])


@pytest.mark.parametrize("article", ARTICLES)
def test_article_recall_is_complete_and_nothing_else_is_flagged(article_findings, article):
    planted = {(text, suggestion, code) for file, text, suggestion, code in PLANTED if file == article}
    found = _found(article_findings[article])
    recall = len(planted & found) / len(planted)
    false_alarms = found - planted
    assert (recall, false_alarms) == (1.0, set())


@pytest.mark.parametrize("clean", CLEAN)
def test_clean_english_has_no_findings(checker, clean):
    assert check_documents(checker, [checkdocs.load(str(DATA / clean))]) == []


@pytest.mark.parametrize("clean", CLEAN)
def test_clean_english_has_no_findings_with_the_shipped_glossary(shipped_glossary, clean):
    assert check_documents(Checker(shipped_glossary), [checkdocs.load(str(DATA / clean))]) == []


def test_shipped_glossary_catches_the_names_this_project_is_about(shipped_glossary):
    text = (
        "Tau-Ken Samruk and Samruk Kazyna will develop North Katapar and Upper Kairaktinskoe, "
        "Howard Lutnick said; China Minmetals and China FiveMetals were not named."
    )
    doc = checkdocs.from_bytes(text.encode(), "shipped.txt")
    found = {(f.found, f.diagnostic.suggestion) for f in Batch(Checker(shipped_glossary)).check(doc)}
    assert found == {
        ("Samruk Kazyna", "Samruk-Kazyna"),
        ("North Katapar", "North Katpar"),
        ("Upper Kairaktinskoe", "Upper Kairaktinskoye"),
        ("China FiveMetals", "China Minmetals"),
    }


def test_a_finding_points_at_file_line_and_column(article_findings):
    finding = next(f for f in article_findings["articles/deposits.en.txt"] if f.found == "North Katpal")
    line = (DATA / "articles/deposits.en.txt").read_text(encoding="utf-8").splitlines()[finding.diagnostic.line - 1]
    col = finding.diagnostic.col
    assert line[col - 1 : col - 1 + len("North Katpal")] == "North Katpal"
    assert finding.diagnostic.format_gcc().startswith(
        f"{finding.diagnostic.path}:{finding.diagnostic.line}:{col}: error:"
    )


def test_possessive_of_the_canonical_form_is_fine(checker):
    doc = checkdocs.from_bytes(b"Samruk-Kazyna's board met Tau-Ken Samruk's staff.", "a.txt")
    assert Batch(checker).check(doc) == []


def test_draft_terms_are_never_enforced(checker):
    doc = checkdocs.from_bytes("博古特\tThe Bogut deposit\n".encode(), "a.tsv", kind="tsv")
    assert Batch(checker).check(doc) == []


def test_check_titles_are_docstring_first_lines():
    assert title("avoid-rendering") == "Known wrong rendering of a name (on the glossary's avoid list)."
    assert title("inconsistent-rendering") == "One name rendered more than one way in the batch."


# --- consistency across a batch --------------------------------------------------------------


def test_one_name_rendered_two_ways_in_a_batch_is_reported_once(checker):
    docs = [
        checkdocs.from_bytes(b"Samruk-Kazyna bought a stake.", "a.txt"),
        checkdocs.from_bytes(b"Later Samruk Kazyna sold it, and Samruk Kazyna said why.", "b.txt"),
    ]
    batch = Batch(checker)
    for doc in docs:
        batch.check(doc)
    [finding] = batch.finish()
    assert finding.diagnostic.code == "inconsistent-rendering"
    assert (finding.diagnostic.path, finding.found) == ("b.txt", "Samruk Kazyna")
    assert "'Samruk-Kazyna' (1×, a.txt:1:1)" in finding.diagnostic.message
    assert "'Samruk Kazyna' (2×, here)" in finding.diagnostic.message


def test_a_consistent_batch_has_nothing_to_report(checker):
    batch = Batch(checker)
    batch.check(checkdocs.from_bytes(b"Samruk-Kazyna bought a stake.", "a.txt"))
    batch.check(checkdocs.from_bytes(b"Samruk-Kazyna sold it.", "b.txt"))
    assert batch.finish() == []


# --- bilingual --------------------------------------------------------------------------------

BILINGUAL = {
    ("avoid-rendering", "North Katapar"),
    ("missing-term", "Samruk Kazyna"),
    ("missing-term", ""),  # 上凯拉克京斯科耶: nowhere in the line
    ("missing-term", "North Qatpar"),
    ("inconsistent-rendering", "North Katapar"),
}


def _load_bilingual(kind: str) -> checkdocs.Document:
    if kind == "aligned":
        return checkdocs.load_aligned(str(DATA / "bilingual/aligned.zh.txt"), str(DATA / "bilingual/aligned.en.txt"))
    return checkdocs.load(str(DATA / f"bilingual/pairs.{kind}"))


@pytest.mark.parametrize("kind", ["tsv", "jsonl", "aligned"])
def test_bilingual_inputs_find_the_same_problems(checker, kind):
    findings = check_documents(checker, [_load_bilingual(kind)])
    assert {(f.diagnostic.code, f.found) for f in findings} == BILINGUAL


@pytest.mark.parametrize("kind", ["tsv", "jsonl", "aligned"])
def test_bilingual_message_names_the_chinese_and_the_wrong_span(checker, kind):
    messages = [f.diagnostic.message for f in check_documents(checker, [_load_bilingual(kind)])]
    assert "北卡特帕尔 rendered as 'North Qatpar'; expected 'North Katpar' (similarity 91.7)" in messages
    assert "上凯拉克京斯科耶 not rendered; expected 'Upper Kairaktinskoye'" in messages


def test_po_findings_point_into_a_wrapped_escaped_msgstr(checker):
    findings = check_documents(checker, [checkdocs.load(str(DATA / "bilingual/review.po"))])
    samruk = next(f for f in findings if f.found == "Samruk Kazyna")
    assert (samruk.diagnostic.line, samruk.diagnostic.col) == (13, 8)  # "The \"Samruk " starts the span


def test_jsonl_findings_point_into_the_escaped_target(checker):
    doc = checkdocs.load(str(DATA / "bilingual/pairs.jsonl"))
    finding = next(f for f in Batch(checker).check(doc) if f.found == "North Katapar")
    line = doc.text.splitlines()[finding.diagnostic.line - 1]
    assert line[finding.diagnostic.col - 1 :].startswith("North Katapar have been")  # the target, not "terms"


@pytest.mark.parametrize("kind", ["jsonl", "po"])
def test_fixing_a_quoted_format_keeps_it_valid(checker, kind):
    name = "bilingual/pairs.jsonl" if kind == "jsonl" else "bilingual/review.po"
    doc = checkdocs.load(str(DATA / name))
    plan = plan_fix(doc, Batch(checker).check(doc))
    fixed = checkdocs.reparse(doc, apply_to_bytes(doc.raw, doc.text, doc.encoding, plan.edits))
    english = [s.english for s in fixed.segments]
    assert 'The "Samruk-Kazyna" fund approved the plan.' in english
    if kind == "jsonl":
        assert all(json.loads(line) for line in fixed.text.splitlines())


def test_unaligned_source_and_target_is_bad_input(tmp_path):
    (tmp_path / "zh.txt").write_text("一\n二\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("one\n", encoding="utf-8")
    with pytest.raises(checkdocs.BadInputError, match="1 lines of English for 2 lines of Chinese"):
        checkdocs.load_aligned(str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"))


# --- the scanner agrees with verify.find_avoided --------------------------------------------

AVOID = [
    ("north-katpar", "North Katpal", "North Katpar"),
    ("north", "North", "North Katpar"),  # inside its own correct form: not reported there
    ("lutnick", "Rovnick", "Lutnick"),
    ("howard-lutnick", "Howard Rovnick", "Howard Lutnick"),
    ("li", "Li", "Lee"),
    ("tw", "(Tw)", "Taiwan"),
    ("corp", "Corp.", "Corporation"),
    ("aa", "ab ab", "AB"),
]
PIECES = ["North", "north", "NORTH", "Katpal", "Katpar", "Rovnick", "Howard", "Li", "lithium", "(tw)", "Corp.", "ab"]
SEPARATORS = [" ", "  ", "\n", "\t", "\u00a0", ",", "-", "", "'s "]


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(SEPARATORS)), max_size=12))
def test_fast_avoid_scan_agrees_with_verify(pieces):
    text = "".join(word + sep for word, sep in pieces)
    assert find_avoided_fast(text, AVOID) == find_avoided(text, AVOID)


def test_scanner_tells_correct_forms_from_wrong_case():
    scan = RenderingScanner(targets=[("nk", "North Katpar")]).scan("North Katpar, north Katpar, NORTH KATPAR")
    assert [(h.start, h.correct) for h in scan.targets] == [(0, True), (14, True), (28, False)]


# --- near-misses ----------------------------------------------------------------------------

NEAR = [
    ("Upper Kairaktinskoe", "Upper Kairaktinskoye"),  # -skoe for -skoye
    ("Upper Kairaktinsky", "Upper Kairaktinskoye"),  # -sky: two edits
    ("Upper kairaktinskoye", "Upper Kairaktinskoye"),  # wrong case after a known first word
    ("Samruk Kazyna", "Samruk-Kazyna"),  # missing hyphen
    ("SamrukKazyna", "Samruk-Kazyna"),  # no separator at all
    ("Samruk\u2011Kazyna", "Samruk-Kazyna"),  # a non-breaking hyphen
    ("Tau Ken Samruk", "Tau-Ken Samruk"),
    ("Lutnikc", "Lutnick"),  # transposed letters
    ("Lutnik", "Lutnick"),  # dropped letter
    ("Lutnnick", "Lutnick"),  # doubled letter
    ("North Katparr", "North Katpar"),
    ("Karaganda-Region", "Karaganda Region"),  # extra hyphen
    ("Kazakhstani", None),  # a word built on a name
    ("Trumps", None),
    ("State Council", None),  # part of a longer name
    ("U.S. Department of Justice", None),  # another name that shares words
    ("Cooper", None),  # commodities are not checked by similarity ("copper")
    ("Kazan", None),
]


@pytest.fixture(scope="module")
def near_index() -> NearMissIndex:
    names = ["Upper Kairaktinskoye", "Samruk-Kazyna", "Tau-Ken Samruk", "Lutnick", "North Katpar", "Karaganda Region"]
    names += ["Kazakhstan", "Trump", "U.S. Department of State", "Kazakhmys"]
    entries = [NameEntry(name_form(n) or "", n, n) for n in names]
    entries.append(
        NameEntry(name_form("U.S. State Council") or "", "U.S. Department of State", "U.S. Department of State", True)
    )
    return NearMissIndex(entries)


@pytest.mark.parametrize(("text", "expected"), NEAR, ids=[t for t, _ in NEAR])
def test_near_miss(near_index, text, expected):
    found = near_index.find(f"Officials said {text} would grow.")
    assert [(m.text, m.suggestion) for m in found] == ([(text, expected)] if expected else [])


def test_near_miss_threshold_trades_recall_for_false_alarms(near_index):
    text = "Officials said Upper Kairaktinsky would grow."
    assert near_index.find(text, threshold=80)
    assert near_index.find(text, threshold=95) == []


# --- fixes are byte-exact outside the replaced spans ------------------------------------------

WRONG = [
    ("North Katpal", "North Katpar"),
    ("Rovnick", "Lutnick"),
    ("Howard Rovnick", "Howard Lutnick"),
    ("Samruk-Kazina", "Samruk-Kazyna"),
    ("Samruk Kazyna", "Samruk-Kazyna"),
    ("Upper Kairaktinskoe", "Upper Kairaktinskoye"),
    ("Tokaev", "Tokayev"),
]
# Filler that cannot spell a name: few letters, no capitals, plus punctuation, CJK, emoji and line ends.
FILLER = st.text(st.sampled_from(list('qxzjw019 .,;:()"\t\r\n\u00e9\u4e2d\u6587\U0001f600')), max_size=12)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pieces=st.lists(st.tuples(FILLER, st.sampled_from(WRONG), st.sampled_from(["", "'s", ",", "."])), max_size=6),
    tail=FILLER,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
    bom=st.booleans(),
)
def test_fix_is_byte_exact_outside_the_replaced_spans(checker, pieces, tail, encoding, bom):
    body_codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-le"}.get(encoding, encoding)
    prefix = {"utf-16": b"\xff\xfe", "utf-8-sig": b"\xef\xbb\xbf" if bom else b""}.get(encoding, b"")
    before, after = [prefix], [prefix]
    for filler, (wrong, right), suffix in pieces:
        before += [f"{filler} ".encode(body_codec), wrong.encode(body_codec), f"{suffix} ".encode(body_codec)]
        after += [f"{filler} ".encode(body_codec), right.encode(body_codec), f"{suffix} ".encode(body_codec)]
    before.append(tail.encode(body_codec))
    after.append(tail.encode(body_codec))
    doc = checkdocs.from_bytes(b"".join(before), "article.txt", encoding=encoding)
    plan = plan_fix(doc, Batch(checker).check(doc))
    assert len(plan.fixed) == len(pieces)
    assert apply_to_bytes(doc.raw, doc.text, encoding, plan.edits) == b"".join(after)


def test_apply_to_text_replaces_only_the_edits():
    assert apply_to_text("a North Katpal b", [Edit(2, 14, "North Katpar")]) == "a North Katpar b"
