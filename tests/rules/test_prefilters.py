"""The rules' fast paths find what the patterns they replace found: each is checked against the
pattern on random strings over the characters that matter."""

from __future__ import annotations

import random
import re

from docgen.rules.base import CheckContext
from docgen.rules.hygiene import ParenSelfGloss, list_repeats
from docgen.text.cjk import HAN
from docgen.units import Unit

SAMPLES = 4000


def _strings(alphabet: str, seed: int, longest: int = 30):
    rng = random.Random(seed)
    for _ in range(SAMPLES):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))


def test_list_repeats_are_the_pattern_matches():
    pattern = re.compile(rf"([{HAN}]{{2,8}})、\1(?=[，。；、：！？]|$)")
    for alphabet, seed in (("甲乙甲乙、、，\n", 1), ("甲乙丙、、，。a\n", 2)):
        for text in _strings(alphabet, seed):
            assert list_repeats(text) == [(m.start(), m.end(), m.group(1)) for m in pattern.finditer(text)], text


def test_paren_self_gloss_finds_the_pattern_matches():
    pattern = re.compile(rf"([{HAN}]{{2,6}})（([{HAN}]{{2,6}})）")
    rule = ParenSelfGloss()
    for text in _strings("党组委（（））a", 3):
        expected = []
        for m in pattern.finditer(text):
            word, gloss = m.group(1), m.group(2)
            if word.endswith(gloss):
                s = m.end(1) - len(gloss)
                expected.append((s, s + len(gloss), text[s:m.end()]))
        ctx = CheckContext(path=None, kind="text", units=[Unit(1, text)], style=None)
        assert [(f.start, f.end, f.text) for f in rule.check(ctx)] == expected, text


def test_content_units_follow_the_frame_pass():
    """The content units are listed once per document; the frame pass, which changes kinds,
    drops the list."""
    units = [Unit(1, "标题"), Unit(2, ""), Unit(3, "正文")]
    units[1].kind = "blank"
    ctx = CheckContext(path=None, kind="text", units=units, style=None)
    assert [u.index for u in ctx.content_units()] == [1, 3]
    assert [(u.index, t) for u, t in ctx.content_texts()] == [(1, "标题"), (3, "正文")]
    units[0].kind = "noise"
    ctx.forget_content_units()
    assert [u.index for u in ctx.content_units()] == [3]
    assert [u.index for u, _ in ctx.content_texts()] == [3]
