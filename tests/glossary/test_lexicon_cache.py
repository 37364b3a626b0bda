"""CC-CEDICT's proper nouns kept parsed in the cache: read back equal, never trusted blindly, parsed anew
when the dictionary changes."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from glossmt.glossary.extract import lexicon
from glossmt.glossary.extract.lexicon import Lexicon, read_lexicon
from glossmt.glossary.io.cache import CACHE_ENV, write_entry

CEDICT = """# CC-CEDICT
阿斯塔納 阿斯塔纳 [A1 si1 ta3 na4] /Astana, capital of Kazakhstan/
愛荷華 爱荷华 [Ai4 he2 hua2] /Iowa, US state/
雲南 云南 [Yun2 nan2] /Yunnan province in southwest China/
外國 外国 [wai4 guo2] /foreign/
"""
PARSE = lexicon.parse  # the real one, before a test counts its calls


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / lexicon._CACHE[0]


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "cedict.txt"
    path.write_text(CEDICT, encoding="utf-8")
    return path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every dictionary text parsed from now on."""
    parsed: list[str] = []

    def counting(text: str) -> Lexicon:
        parsed.append(text)
        return PARSE(text)

    monkeypatch.setattr(lexicon, "parse", counting)
    return parsed


def test_a_dictionary_is_parsed_once_then_read_from_the_cache(
    cache_folder: Path, dictionary: Path, parses: list[str]
) -> None:
    first = read_lexicon(dictionary)
    second = read_lexicon(dictionary)
    assert parses == [CEDICT]
    assert second == first == PARSE(CEDICT)
    assert (second.english("阿斯塔纳"), second.is_place("阿斯塔纳")) == ("Astana", True)
    assert second.is_state("爱荷华")
    assert second.nouns["云南"].described
    assert second.is_common_word("外国")
    assert len(list(cache_folder.glob("*.json"))) == 1


def _truncate(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:-20])


def _garble(entry: Path) -> None:
    entry.write_bytes(b"\x00not json at all")


def _not_a_lexicon(entry: Path) -> None:
    """An intact entry (header and digest right) whose columns are not a lexicon's."""
    kind, version = lexicon._CACHE
    columns = {
        "forms": ["x"],
        "pinyin": [["a"]],
        "english": [1],
        "place": [0],
        "described": [0],
        "person": [0],
        "common": [],
        "states": [],
        "also_words": [],
    }
    write_entry(kind, entry.stem, json.dumps(columns).encode(), version=version)


@pytest.mark.parametrize("damage", [_truncate, _garble, _not_a_lexicon], ids=["truncated", "garbled", "not-a-lexicon"])
def test_a_damaged_cache_entry_is_ignored_and_rewritten(
    cache_folder: Path, dictionary: Path, parses: list[str], damage: Callable[[Path], None]
) -> None:
    expected = read_lexicon(dictionary)
    (entry,) = cache_folder.glob("*.json")
    damage(entry)
    assert read_lexicon(dictionary) == expected  # parsed again, no error
    assert read_lexicon(dictionary) == expected  # from the entry written anew
    assert parses == [CEDICT, CEDICT]


@pytest.mark.parametrize("same_size", [True, False], ids=["same-size-new-time", "new-size-same-time"])
def test_a_changed_dictionary_is_parsed_anew(
    cache_folder: Path, dictionary: Path, parses: list[str], same_size: bool
) -> None:
    assert read_lexicon(dictionary).english("阿斯塔纳") == "Astana"
    before = dictionary.stat().st_mtime_ns
    changed = CEDICT.replace("Astana", "Astanb" if same_size else "Nur-Sultan")
    dictionary.write_text(changed, encoding="utf-8")
    os.utime(dictionary, ns=(before + 1_000_000_000,) * 2 if same_size else (before, before))
    assert read_lexicon(dictionary).english("阿斯塔纳") == ("Astanb" if same_size else "Nur-Sultan")
    assert parses == [CEDICT, changed]


def test_off_parses_every_time_and_keeps_nothing(
    tmp_path: Path, dictionary: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    assert read_lexicon(dictionary) == read_lexicon(dictionary) == PARSE(CEDICT)
    assert parses == [CEDICT, CEDICT]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cedict.txt"]


def test_a_cache_folder_that_cannot_be_written_costs_only_time(
    tmp_path: Path, dictionary: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blocked").write_text("a file where the cache folder would be")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "blocked"))
    assert read_lexicon(dictionary) == read_lexicon(dictionary) == PARSE(CEDICT)
    assert parses == [CEDICT, CEDICT]


def test_the_shipped_dictionary_from_the_cache_equals_its_parse(cache_folder: Path) -> None:
    path = resources.files(lexicon._PACKAGE).joinpath(*lexicon._FILE)
    assert isinstance(path, Path)
    parsed = PARSE(path.read_text(encoding="utf-8"))
    assert read_lexicon(path) == parsed  # parsed, and kept
    assert len(list(cache_folder.glob("*.json"))) == 1
    kept = read_lexicon(path)  # from the cache
    assert kept == parsed
    assert list(kept.nouns) == list(parsed.nouns)  # in the same order (transliterations() trains on it)
