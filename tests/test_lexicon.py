"""The word set behind DUP-CHAR and DE-DI-DE: jieba's dictionary, cached as a set of words."""

from __future__ import annotations

import pytest

from docgen.rules import _lexicon


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(_lexicon, "_WORDS", None)
    return tmp_path / "docgen"


def test_the_cached_word_set_is_jiebas_dictionary(fresh_cache):
    built = _lexicon._words()
    files = list(fresh_cache.glob(_lexicon.WORDS_CACHE_PREFIX + "*.marshal"))
    assert len(files) == 1
    assert built == frozenset(w for w, n in _lexicon._freq().items() if n > 0)
    _lexicon._WORDS = None
    assert _lexicon._words() == built                      # read back from the cache file
    assert _lexicon.is_word("学习") and not _lexicon.is_word("习近")


def test_a_damaged_cache_is_rebuilt(fresh_cache):
    _lexicon._words()
    (cache,) = fresh_cache.glob(_lexicon.WORDS_CACHE_PREFIX + "*.marshal")
    cache.write_bytes(b"\x00not marshal data")
    _lexicon._WORDS = None
    assert _lexicon.is_word("学习")
    assert cache.stat().st_size > 1_000_000                 # written anew


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))     # docgen/ cannot be made under a file
    monkeypatch.setattr(_lexicon, "_WORDS", None)
    assert _lexicon.is_word("学习") and not _lexicon.is_word("习近")
