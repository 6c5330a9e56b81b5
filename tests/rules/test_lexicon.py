"""The word lists behind DUP-CHAR and DE-DI-DE: jieba's dictionary, read once and cached."""

from __future__ import annotations

import pytest

from docgen.text import lexicon as _lexicon


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(_lexicon, "_LEXICON", None)
    return tmp_path / "docgen"


def test_the_cached_word_set_is_jiebas_dictionary(fresh_cache):
    built = _lexicon._words()
    files = list(fresh_cache.glob(_lexicon.WORDS_CACHE_PREFIX + "*.marshal"))
    assert len(files) == 1
    assert set(built) == {w for w, n in _lexicon._freq().items() if n > 0}
    _lexicon._LEXICON = None
    assert _lexicon._words() == built                      # read back from the cache file
    assert _lexicon.is_word("学习") and not _lexicon.is_word("习近")


def test_starts_with_verb_agrees_with_jiebas_tagger_at_word_boundaries(fresh_cache):
    import jieba.posseg as pseg

    samples = ["举办培训班", "开展专项整治", "措施和办法", "加大培育力度", "推进改革", "问题清单", "解决实际困难",
               "组织学习", "部署工作", "重点工作"]
    for text in samples:
        first = pseg.lcut(text)[0]
        assert _lexicon.starts_with_verb(text) == (first.flag.startswith("v") and len(first.word) >= 2), text


def test_a_damaged_cache_is_rebuilt(fresh_cache):
    _lexicon._words()
    (cache,) = fresh_cache.glob(_lexicon.WORDS_CACHE_PREFIX + "*.marshal")
    cache.write_bytes(b"\x00not marshal data")
    _lexicon._LEXICON = None
    assert _lexicon.is_word("学习")
    assert cache.stat().st_size > 1_000_000                 # written anew


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))     # docgen/ cannot be made under a file
    monkeypatch.setattr(_lexicon, "_LEXICON", None)
    assert _lexicon.is_word("学习") and not _lexicon.is_word("习近")
