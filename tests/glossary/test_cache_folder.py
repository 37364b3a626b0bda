"""glossmt's one cache folder: $GLOSSMT_CACHE or the user's, created private, never used when others could write it."""

from __future__ import annotations

import os
import stat

import pytest

from glossmt.glossary import jieba_words
from glossmt.glossary.io import cache


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(cache.tempfile, "tempdir", None)  # tempfile reads TMPDIR again
    cache._temporary_folder.cache_clear()
    yield tmp_path / "cache"
    cache._temporary_folder.cache_clear()


def test_a_missing_cache_folder_is_created_private(cache_home):
    folder = cache.cache_folder()
    assert folder == cache_home / "glossmt"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_cache_folder_others_can_write_is_not_used(cache_home):
    shared = cache_home / "glossmt"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    assert cache.cache_folder() is None
    folder = cache.private_folder()
    assert folder != shared
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert folder.owner() == shared.owner()
    assert list(shared.iterdir()) == []


def test_a_symlinked_cache_folder_is_not_used(cache_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_home.mkdir()
    os.symlink(elsewhere, cache_home / "glossmt")
    assert cache.cache_folder() is None
    assert cache.private_folder() not in {cache_home / "glossmt", elsewhere}


def test_glossmt_cache_names_the_folder_and_is_checked_too(cache_home, tmp_path, monkeypatch):
    chosen = tmp_path / "chosen"
    monkeypatch.setenv(cache.CACHE_ENV, str(chosen))
    assert cache.cache_folder() == chosen
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o700
    chosen.chmod(0o777)
    assert cache.cache_folder() is None


def test_off_turns_off_every_cache(cache_home, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_folder() is None
    assert jieba_words.jieba_tokenizer().tmp_dir == str(cache.private_folder())
    assert cache.private_folder().parent == cache_home.parent  # the process's own temporary folder
    from glossmt.translate.memory.store import memory_path

    assert memory_path(None) is None
    assert not cache_home.exists()


def test_jieba_tokenizers_cache_there(cache_home):
    assert jieba_words.jieba_tokenizer().tmp_dir == str(cache_home / "glossmt")
