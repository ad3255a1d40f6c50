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
