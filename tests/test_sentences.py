"""The pipeline's sentence splitter on the gold passages of tests/eval_sentences.py."""

from __future__ import annotations

import pytest
from eval_sentences import GOLD, score, splitters


@pytest.mark.parametrize(("text", "gold"), GOLD, ids=[f"case{i}" for i in range(len(GOLD))])
def test_blingfire_splits_every_gold_passage(text: str, gold: list[str]):
    assert splitters()["blingfire"](text) == gold


def test_scores_are_computed_on_boundaries():
    perfect = score(lambda text: next(g for t, g in GOLD if t == text))
    assert perfect == {"cases exact": 1.0, "boundary precision": 1.0, "boundary recall": 1.0}
    unsplit = score(lambda text: [text])
    assert unsplit["boundary precision"] == 1.0 and unsplit["boundary recall"] < 0.5


def test_sentence_offsets_do_not_depend_on_the_blocks_split_before():
    """blingfire's buffers are kept between calls: a short block after a long one reads only what it was given,
    and a block beyond the kept size is split as well."""
    from flows.language import text as text_module

    short = "First one. Second one."
    alone = text_module.split_sentences(short)
    long_block = " ".join(f"Sentence number {i} ends here." for i in range(2000))
    assert len(text_module.split_sentences(long_block)) == 2000
    assert text_module.split_sentences(short) == alone == [(0, 10), (11, 22)]
    huge = "Ein Satz über Kabul. " * (text_module.KEPT_BUFFER_BYTES // 20)
    assert len(text_module.split_sentences(huge)) == text_module.KEPT_BUFFER_BYTES // 20
    assert text_module.split_sentences("Noch einer. Und ein zweiter.") == [(0, 11), (12, 28)]
