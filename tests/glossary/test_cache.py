"""The cache: the compiled glossary, jieba's word lists and character counts, the same as computing them,
never trusted blindly."""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glossmt.glossary import compiled, jieba_words, loading
from glossmt.glossary.compiled import Compiled, cache_key, read_cached, write_cached
from glossmt.glossary.formats.po import write_po
from glossmt.glossary.io.cache import CACHE_ENV, KEEP, read_entry, write_entry
from glossmt.glossary.loading import load_compiled, load_glossary, shipped_terms_dir
from glossmt.glossary.matching import MatchForms
from glossmt.glossary.model import Glossary, Origin, Term, TermType

TEXT = "美国商务部长霍华德·卢特尼克表示，哈萨克斯坦的钨矿很重要。"


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / compiled.KIND


@pytest.fixture
def term_file(tmp_path: Path) -> Path:
    path = tmp_path / "terms" / "names.po"
    path.parent.mkdir()
    write_po(
        [
            Term("霍华德·卢特尼克", "Howard Lutnick", "howard-lutnick", TermType.PERSON, avoid=("Rovnick",)),
            Term("卢特尼克", "Lutnick", "howard-lutnick", TermType.PERSON, note="short form", draft=True),
            Term("哈萨克斯坦", "Kazakhstan", "kazakhstan", TermType.PLACE, sources=("https://a.example/k",)),
        ],
        path,
    )
    return path


def parse_counter(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every term file the loader parses from now on."""
    parsed: list[Path] = []
    read = loading.read_terms

    def counting(path: Path, *args: object, **kwargs: object) -> list[Term]:
        parsed.append(path)
        return read(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "read_terms", counting)
    return parsed


def cached_file(folder: Path) -> Path:
    (found,) = folder.glob("*.json")
    return found


def test_a_second_load_reads_the_cache_and_gives_the_same_glossary(
    cache_folder: Path, term_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = parse_counter(monkeypatch)
    first = load_compiled([term_file.parent])
    second = load_compiled([term_file.parent])
    assert parsed == [term_file]
    assert second.glossary == first.glossary
    assert [t.origin for t in second.glossary] == [t.origin for t in first.glossary]
    assert second.forms == MatchForms.of(first.glossary)
    assert [(m.start, m.end, m.concept) for m in second.matcher().find(TEXT)] == [
        (m.start, m.end, m.concept) for m in first.matcher().find(TEXT)
    ]


def test_the_shipped_glossary_from_the_cache_equals_the_files(cache_folder: Path) -> None:
    load_glossary()
    assert read_cached(cache_key(loading.glossary_paths())) == Compiled.of(load_glossary([shipped_terms_dir()]))


def test_an_edited_term_file_is_read_again(cache_folder: Path, term_file: Path) -> None:
    load_glossary([term_file])
    term_file.write_text(term_file.read_text(encoding="utf-8").replace("Howard Lutnick", "H. Lutnick"), "utf-8")
    assert load_glossary([term_file]).terms[0].target == "H. Lutnick"


def test_the_same_bytes_under_another_name_are_another_glossary(cache_folder: Path, term_file: Path) -> None:
    copy = term_file.with_name("copy.po")
    copy.write_bytes(term_file.read_bytes())
    load_glossary([term_file])
    assert {t.origin.path for t in load_glossary([copy]) if t.origin} == {str(copy)}


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flip_a_payload_byte(data: bytes) -> bytes:
    at = data.index(b"Kazakhstan")
    return data[:at] + b"L" + data[at + 1 :]


def _wrong_key(data: bytes) -> bytes:
    head, _, payload = data.partition(b"\n")
    header = json.loads(head)
    header["key"] = "0" * 64
    return json.dumps(header).encode() + b"\n" + payload


def _consistent_but_wrong_types(data: bytes) -> bytes:
    """A file someone wrote with a matching digest: its columns are still checked."""
    import hashlib

    head, _, payload = data.partition(b"\n")
    columns = json.loads(payload)
    columns["line"] = ["forty-two"] * len(columns["line"])
    body = json.dumps(columns).encode()
    header = {**json.loads(head), "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


@pytest.mark.parametrize(
    "damage",
    [_truncate, _flip_a_payload_byte, _wrong_key, _consistent_but_wrong_types, lambda _: b"", lambda _: b"\x80\n{"],
    ids=["truncated", "flipped-byte", "wrong-key", "wrong-types", "empty", "not-json"],
)
def test_a_damaged_cache_is_a_miss_and_is_rewritten(
    cache_folder: Path, term_file: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    expected = load_glossary([term_file])
    stored = cached_file(cache_folder)
    stored.write_bytes(damage(stored.read_bytes()))  # type: ignore[operator]
    parsed = parse_counter(monkeypatch)
    assert load_glossary([term_file]) == expected
    assert parsed == [term_file]
    assert read_cached(cache_key([term_file])) == Compiled.of(expected)


def test_off_writes_nothing(tmp_path: Path, term_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    parsed = parse_counter(monkeypatch)
    load_glossary([term_file])
    load_glossary([term_file])
    assert parsed == [term_file, term_file]
    assert not (tmp_path / "xdg").exists()
    assert not (tmp_path / "home").exists()


def test_a_cache_folder_that_is_a_file_costs_only_time(
    tmp_path: Path, term_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blocked").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "blocked"))
    assert load_glossary([term_file]).terms[0].target == "Howard Lutnick"


def test_a_planted_symlink_is_replaced_not_written_through(cache_folder: Path, term_file: Path) -> None:
    victim = term_file.parent.parent / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    cache_folder.mkdir(parents=True)
    key = cache_key([term_file])
    assert key is not None
    (cache_folder / f"{key}.json").symlink_to(victim)
    load_glossary([term_file])
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert read_cached(key) is not None


def test_only_the_newest_are_kept(cache_folder: Path, term_file: Path) -> None:
    for n in range(KEEP + 3):
        term_file.write_text(term_file.read_text(encoding="utf-8") + f"\n# edit {n}\n", encoding="utf-8")
        load_glossary([term_file])
    kept = list(cache_folder.glob("*.json"))
    assert len(kept) == KEEP
    assert cache_key([term_file]) in {p.name.split(".")[0] for p in kept}


def test_a_fifo_is_not_cached(cache_folder: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "terms.po"
    os.mkfifo(fifo)
    assert cache_key([fifo]) is None


def test_a_new_glossmt_is_a_new_key(cache_folder: Path, term_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key([term_file])
    monkeypatch.setattr(compiled, "_code_digest", lambda: "another version")
    assert cache_key([term_file]) != before


_TEXT = st.text(string.ascii_letters + " ·'\"\\\n\t\x00éö矿区北京🙂", max_size=12)


@st.composite
def glossaries(draw: st.DrawFn) -> Glossary:
    terms = []
    for n in range(draw(st.integers(0, 5))):
        origin = draw(st.none() | st.builds(Origin, st.sampled_from(["a.po", "dir/b.csv", "ü.tbx"]), st.integers(0, 9)))
        terms.append(
            Term(
                source=draw(_TEXT) + str(n),
                target=draw(_TEXT),
                concept=draw(st.sampled_from(["c1", "c2", "c3"])),
                type=draw(st.none() | st.sampled_from(TermType)),
                avoid=tuple(draw(st.lists(_TEXT, max_size=2))),
                note=draw(_TEXT),
                sources=tuple(draw(st.lists(_TEXT, max_size=2))),
                draft=draw(st.booleans()),
                comment=draw(_TEXT),
                origin=origin,
                accept=tuple(draw(st.lists(_TEXT, max_size=2))),
            )
        )
    return Glossary.of(terms)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(glossaries())
def test_any_glossary_round_trips_through_the_cache(cache_folder: Path, glossary: Glossary) -> None:
    made = Compiled.of(glossary)
    write_cached("k" * 64, made)
    back = read_cached("k" * 64)
    assert back == made
    assert back is not None
    assert [t.origin for t in back.glossary] == [t.origin for t in glossary]


def test_an_entry_is_read_back_only_under_its_own_key_and_format(cache_folder: Path) -> None:
    write_entry("kind", "key", b"payload\n\x00", version=2)
    assert read_entry("kind", "key", version=2) == b"payload\n\x00"
    assert read_entry("kind", "key", version=3) is None
    assert read_entry("kind", "other", version=2) is None
    assert read_entry("other", "key", version=2) is None


def test_jiebas_word_lists_from_the_cache_equal_the_dictionarys(cache_folder: Path) -> None:
    computed = jieba_words._dictionary()
    (entry,) = (cache_folder.parent / jieba_words._DICTIONARY_CACHE[0]).iterdir()
    assert jieba_words._dictionary() == computed
    entry.write_bytes(entry.read_bytes()[:-3])  # damaged: computed again, and equal
    assert jieba_words._dictionary() == computed
    assert "中国人民银行" in computed[0]
    assert "人民" in computed[1]


def _character_counts_from_the_cache() -> Counter[str]:
    jieba_words.character_counts.cache_clear()  # as a new process would
    return jieba_words.character_counts()


def test_jiebas_character_counts_from_the_cache_equal_the_dictionarys(cache_folder: Path) -> None:
    computed = jieba_words.jieba_dictionary().chars
    assert _character_counts_from_the_cache() == computed  # counted, and kept
    (entry,) = (cache_folder.parent / jieba_words._CHARACTERS_CACHE[0]).iterdir()
    kept = entry.read_bytes()
    assert _character_counts_from_the_cache() == computed  # from the entry: not rewritten
    assert entry.read_bytes() == kept
    entry.write_bytes(kept[:-3])  # damaged: counted again, equal, and kept anew
    assert _character_counts_from_the_cache() == computed
    assert entry.read_bytes() == kept
    assert computed["的"] > computed["斯"] > 0


def test_the_transliteration_score_needs_no_jieba(cache_folder: Path) -> None:
    """The name oracle asks it about every name that starts with a Chinese surname: it reads jieba's
    dictionary file without importing jieba (0.4 s), and its counts from the cache after the first time."""
    script = (
        "import sys\n"
        "from glossmt.glossary.extract.translit import transliteration_score\n"
        "print(round(transliteration_score().run('卢特尼克'), 6), 'jieba' in sys.modules)\n"
    )
    env = {**os.environ, CACHE_ENV: str(cache_folder.parent)}
    first, second = (
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    )
    assert first == second
    assert first.split()[1] == "False"
    assert float(first.split()[0]) > 0  # 卢特尼克 looks like a transliteration
    assert len(list((cache_folder.parent / jieba_words._CHARACTERS_CACHE[0]).iterdir())) == 1
