"""The PO term-file convention, its errors, atomic writes, and finding glossaries to load."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossmt.glossary.errors import BadInputError, GlossmtError, TermFileError
from glossmt.glossary.formats.po import read_po, write_po
from glossmt.glossary.io import fileio
from glossmt.glossary.loading import ENV_VAR, glossary_paths, load_glossary
from glossmt.glossary.model import Origin, Term, TermType

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'

FULL_ENTRY = """\
# checked against the Commerce Department site
# second comment line
#. type: Person
#. avoid: Howard Lutnik; Howard Rovnick ;; Lutnik
#. avoid: Howard Lutnich
#. note: U.S. commerce secretary
#. note: former Cantor Fitzgerald chief
#. source: https://a.example/lutnick
#. source: https://b.example/lutnick
#, fuzzy
msgctxt "howard-lutnick"
msgid "霍华德·卢特尼克"
msgstr "Howard Lutnick"
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def bare(terms: list[Term]) -> list[Term]:
    return [dataclasses.replace(t, origin=None) for t in terms]


# --- reading: the convention ---------------------------------------------------------------------


def test_every_field_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "people.po", HEADER + FULL_ENTRY)
    [term] = read_po(path)
    assert term == Term(
        source="霍华德·卢特尼克",
        target="Howard Lutnick",
        concept="howard-lutnick",
        type=TermType.PERSON,
        avoid=("Howard Lutnik", "Howard Rovnick", "Lutnik", "Howard Lutnich"),
        note="U.S. commerce secretary\nformer Cantor Fitzgerald chief",
        sources=("https://a.example/lutnick", "https://b.example/lutnick"),
        draft=True,
        comment="checked against the Commerce Department site\nsecond comment line",
        origin=Origin(str(path), 5),
    )
    assert not term.approved


def test_bare_entry_gets_defaults_and_concept_from_msgstr(tmp_path: Path) -> None:
    path = write(tmp_path / "t.po", HEADER + 'msgid "卢特尼克"\nmsgstr "Lutnick"\n')
    [term] = read_po(path)
    assert term == Term("卢特尼克", "Lutnick", "Lutnick", origin=Origin(str(path), 5))
    assert term.approved


def test_origins_are_the_first_line_of_each_entry(tmp_path: Path) -> None:
    text = HEADER + 'msgid "美国"\nmsgstr "United States"\n\n#. type: place\nmsgid "中国"\nmsgstr "China"\n'
    path = write(tmp_path / "places.po", text)
    assert [str(t.origin) for t in read_po(path)] == [f"{path}:5", f"{path}:8"]


def test_file_without_header_keeps_first_entry_comment_and_line(tmp_path: Path) -> None:
    # Hand-written glossaries often start straight with an entry: its comment and line are its own.
    text = '# the Commerce secretary\n#. type: person\nmsgid "卢特尼克"\nmsgstr "Lutnick"\n'
    path = write(tmp_path / "t.po", text)
    [term] = read_po(path)
    assert term.comment == "the Commerce secretary"
    assert term.origin == Origin(str(path), 1)


def test_obsolete_entries_are_not_terms(tmp_path: Path) -> None:
    path = write(tmp_path / "t.po", HEADER + '#~ msgid "旧"\n#~ msgstr "old"\n\nmsgid "美国"\nmsgstr "United States"\n')
    assert [t.source for t in read_po(path)] == ["美国"]


# --- reading: errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "message", "hint"),
    [
        pytest.param(
            "#. colour: red\n", "unknown extracted comment '#. colour: red'", "#. type: …", id="unknown-field"
        ),
        pytest.param("#. just some text\n", "unknown extracted comment", "'# ' comment", id="field-without-colon"),
        pytest.param("#. type: alien\n", "unknown type 'alien'", "person|place", id="unknown-type"),
    ],
)
def test_convention_errors_name_the_entry(tmp_path: Path, entry: str, message: str, hint: str) -> None:
    text = HEADER + 'msgid "美国"\nmsgstr "United States"\n\n' + entry + 'msgid "卢特尼克"\nmsgstr "Lutnick"\n'
    path = write(tmp_path / "t.po", text)
    with pytest.raises(TermFileError) as caught:
        read_po(path)
    error = caught.value
    assert (error.path, error.line) == (str(path), 8)
    assert message in error.message
    assert error.hint is not None
    assert hint in error.hint
    assert str(error).startswith(f"{path}:8: ")


def test_plural_entry_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "t.po", HEADER + 'msgid "矿"\nmsgid_plural "矿s"\nmsgstr[0] "mine"\n')
    with pytest.raises(TermFileError, match="plural") as caught:
        read_po(path)
    assert caught.value.line == 5


@pytest.mark.parametrize(
    ("body", "line"),
    [
        pytest.param('msgid "a"\nmsgstr "b"\nstray text\n', 7, id="stray-line"),
        pytest.param('msgid "a"\nmsgstr "b"c"\n', 6, id="unescaped-quote"),
        pytest.param('msgstr "b"\n', 5, id="msgstr-without-msgid"),
        pytest.param('msgid\nmsgstr "b"\n', 5, id="msgid-without-string"),
        pytest.param('msgid "a\nmsgstr "b"\n\nmsgid "c"\nmsgstr "d"\n', 5, id="unterminated-msgid"),
        pytest.param('msgid "a"\nmsgstr "b\n\nmsgid "c"\nmsgstr "d"\n', 6, id="unterminated-msgstr"),
        pytest.param('msgid a\nmsgstr "b"\n', 5, id="unquoted-msgid"),
        pytest.param('msgid "a"\nmsgstr "b"\n"c\n', 7, id="unterminated-continuation"),
    ],
)
def test_syntax_error_names_the_line(tmp_path: Path, body: str, line: int) -> None:
    path = write(tmp_path / "t.po", HEADER + body)
    with pytest.raises(TermFileError) as caught:
        read_po(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert "PO syntax error" in str(caught.value)
    assert caught.value.hint


@pytest.mark.parametrize(
    ("data", "line", "named"),
    [
        pytest.param(HEADER.encode() + b'msgid "a"\nmsgstr "\xff"\n', 6, "iconv -f", id="stray-byte"),
        pytest.param(
            (HEADER + 'msgid "卢特尼克"\nmsgstr "Lutnick"\n').encode("gb18030"),
            5,
            "iconv -f GB18030",
            id="gb18030-file",
        ),
        pytest.param(
            (HEADER + 'msgid "卢特尼克"\nmsgstr "Lutnick"\n').encode("utf-16"), 1, "utf-16", id="utf-16-with-bom"
        ),
    ],
)
def test_undecodable_bytes_name_the_line(tmp_path: Path, data: bytes, line: int, named: str) -> None:
    path = tmp_path / "t.po"
    path.write_bytes(data)
    with pytest.raises(BadInputError) as caught:
        read_po(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert "decode" in caught.value.message
    assert named in caught.value.hint
    assert "--encoding" not in caught.value.hint  # reading a term file has no such option
    assert "byte offset" in caught.value.message


def test_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "t.po"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + 'msgid "美国"\nmsgstr "United States"\n').encode())
    assert [t.target for t in read_po(path)] == ["United States"]


# --- writing ---------------------------------------------------------------------------------------

_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")) | st.sampled_from('"\\\t#;:·'), min_size=1, max_size=12
)
_LINE = _TEXT.map(str.strip).filter(bool)  # one line of a comment, note or source: no outer spaces
_TERM = st.builds(
    Term,
    source=_TEXT,
    target=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12),
    concept=_TEXT,
    type=st.none() | st.sampled_from(TermType),
    avoid=st.lists(_LINE.filter(lambda s: ";" not in s), max_size=3).map(tuple),
    note=st.lists(_LINE, max_size=3).map("\n".join),
    sources=st.lists(_LINE, max_size=2).map(tuple),
    draft=st.booleans(),
    comment=st.lists(_LINE, max_size=3).map("\n".join),
)


@settings(max_examples=200)
@given(st.lists(_TERM, min_size=1, max_size=5))
def test_write_then_read_gives_the_same_terms(tmp_path_factory: pytest.TempPathFactory, terms: list[Term]) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "terms.po"
    write_po(terms, path)
    back = read_po(path)
    assert bare(back) == terms
    assert all(t.origin is not None and t.origin.path == str(path) and t.origin.line > 0 for t in back)


def _temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_atomic_write_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    path = write(tmp_path / "t.po", "old")
    path.chmod(0o600)
    write_po([Term("美国", "United States", "united-states")], path)
    assert [t.target for t in read_po(path)] == ["United States"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _temp_files(tmp_path) == []


def test_failed_write_keeps_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "t.po", HEADER + 'msgid "美国"\nmsgstr "United States"\n')
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", disk_full)
    with pytest.raises((OSError, GlossmtError)):
        write_po([Term("中国", "China", "china")], path)
    assert path.read_bytes() == before
    assert _temp_files(tmp_path) == []


def test_write_into_missing_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as caught:
        write_po([Term("美国", "United States", "united-states")], tmp_path / "nowhere" / "t.po")
    assert caught.value.hint


# --- loading ---------------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "terms"
    (root / "nested").mkdir(parents=True)
    write(root / "people.po", HEADER + 'msgid "卢特尼克"\nmsgstr "Lutnick"\n')
    write(root / "places.po", HEADER + 'msgid "美国"\nmsgstr "United States"\n\nmsgid "中国"\nmsgstr "China"\n')
    write(root / "nested" / "orgs.po", HEADER + 'msgid "萨姆鲁克·卡泽纳"\nmsgstr "Samruk-Kazyna"\n')
    write(root / "notes.txt", "not a term file")
    return root


def test_folder_loads_every_po_in_it(folder: Path) -> None:
    glossary = load_glossary([folder])
    assert [str(t.origin) for t in glossary] == [
        f"{folder / 'nested' / 'orgs.po'}:5",
        f"{folder / 'people.po'}:5",
        f"{folder / 'places.po'}:5",
        f"{folder / 'places.po'}:8",
    ]
    assert [t.target for t in glossary] == ["Samruk-Kazyna", "Lutnick", "United States", "China"]


def test_files_and_folders_mix_in_the_order_given(folder: Path) -> None:
    paths = glossary_paths([folder / "places.po", folder / "nested"])
    assert paths == [folder / "places.po", folder / "nested" / "orgs.po"]


def test_environment_variable_names_several_paths(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(folder / "people.po"), "", str(folder / "nested")]))
    assert [t.target for t in load_glossary()] == ["Lutnick", "Samruk-Kazyna"]


def test_command_line_paths_win_over_the_environment(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(folder / "people.po"))
    assert [t.target for t in load_glossary([folder / "nested"])] == ["Samruk-Kazyna"]


def test_default_is_the_shipped_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    paths = glossary_paths()
    assert paths
    assert all(p.suffix == ".po" and p.parent.name == "terms" for p in paths)


@pytest.mark.parametrize("where", ["argument", "environment"])
def test_missing_path_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    missing = tmp_path / "missing.po"
    if where == "environment":
        monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(BadInputError) as caught:
        load_glossary([missing] if where == "argument" else None)
    assert caught.value.path == str(missing)
    assert ENV_VAR in (caught.value.hint or "")


def test_folder_without_term_files_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match=r"no \.po"):
        load_glossary([tmp_path])
