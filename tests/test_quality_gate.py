"""The quality gate: the development set and the validation split built as a user builds them, and every
field's score.py summary at or above the minimum pinned in tests/quality_minimums.json (raised when a change
improves it). Only summaries are read: the validation split's pages are never opened, printed or asserted on
one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.learn.evaluate import VALIDATION, build, score
from flows.learn.train import DEVSET

MINIMUMS = Path(__file__).with_name("quality_minimums.json")


@pytest.mark.skipif(not (DEVSET / "score.py").is_file() or not (VALIDATION / "gold.jsonl").is_file(),
                    reason="../shared/devset and ../shared/devset-validation are not beside the repository")
@pytest.mark.parametrize("split", ["development", "validation"])
def test_no_field_falls_below_its_pinned_minimum(split: str, tmp_path: Path):
    folder = DEVSET if split == "development" else VALIDATION
    build(folder / "raw", tmp_path / "store", tmp_path / "build.log")
    summary = score(tmp_path / "store", folder / "gold.jsonl", folder / "raw", DEVSET / "score.py")["summary"]
    minimums = json.loads(MINIMUMS.read_text())[split]
    fallen = {field: (summary.get(field, 0.0), least) for field, least in minimums.items() if summary.get(field, 0.0) < least}
    assert not fallen, f"{split}: fields below their pinned minimum (score, minimum): {fallen}"
