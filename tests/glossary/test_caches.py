"""The user's cache folder: created private, and never used when someone else could write it."""

from __future__ import annotations

import os
import stat

import pytest

from glossmt.glossary import caches


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(caches.tempfile, "tempdir", None)  # tempfile reads TMPDIR again
    caches.private_cache_folder.cache_clear()
    yield tmp_path / "cache"
    caches.private_cache_folder.cache_clear()


def test_a_missing_cache_folder_is_created_private(cache_home):
    folder = caches.private_cache_folder()
    assert folder == cache_home / "glossmt"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_cache_folder_others_can_write_is_not_used(cache_home):
    shared = cache_home / "glossmt"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    folder = caches.private_cache_folder()
    assert folder != shared
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert folder.owner() == shared.owner()
    assert list(shared.iterdir()) == []


def test_a_symlinked_cache_folder_is_not_used(cache_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_home.mkdir()
    os.symlink(elsewhere, cache_home / "glossmt")
    assert caches.private_cache_folder() not in {cache_home / "glossmt", elsewhere}


def test_jieba_tokenizers_cache_there(cache_home):
    assert caches.jieba_tokenizer().tmp_dir == str(cache_home / "glossmt")
