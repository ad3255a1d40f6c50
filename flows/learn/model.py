"""The learned models a build uses: small JSON files in flows/models/ (made by `make train`), read offline.

A model is a multinomial logistic regression: per class, a weight for each named feature and an intercept.
Its scores are computed here with plain arithmetic, so a build needs no learning library. `AIC_MODELS` points
a build at another folder of models (cross-validation builds each fold with models trained on the others);
the models' sha256 go into the build cache key and the release manifest (`model_digests`).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
ACCURACY_PATH = MODELS_DIR / "accuracy.json"
"""The validation figures of the models and code beside them (`make eval --keep`): what a release states."""
MODELS_VARIABLE = "AIC_MODELS"
"""Environment variable naming another folder of models (a fold's, in cross-validation)."""


@dataclass(frozen=True)
class LinearModel:
    name: str
    classes: tuple[str, ...]
    features: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class, one column per feature
    intercepts: tuple[float, ...]

    def probabilities(self, values: dict[str, float]) -> dict[str, float]:
        """Each class's probability for one example; a feature the model does not know is ignored, a feature the
        example lacks counts 0 (a model trained on an older feature set still loads)."""
        row = [values.get(feature, 0.0) for feature in self.features]
        logits = [b + sum(w * x for w, x in zip(ws, row)) for ws, b in zip(self.weights, self.intercepts)]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}


def models_dir() -> Path:
    return Path(os.environ.get(MODELS_VARIABLE) or MODELS_DIR)


def model_path(name: str, folder: Path | None = None) -> Path:
    return (folder or models_dir()) / f"{name}.json"


def load_model(name: str) -> LinearModel | None:
    """The model called `name` in the models folder, or None when there is none (the rules decide alone)."""
    return _load(model_path(name))


@cache
def _load(path: Path) -> LinearModel | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return LinearModel(
        name=data["name"], classes=tuple(data["classes"]), features=tuple(data["features"]),
        weights=tuple(tuple(row) for row in data["weights"]), intercepts=tuple(data["intercepts"]),
    )


def model_digests() -> dict[str, str]:
    """sha256 of every model file the build reads, by model name."""
    folder = models_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.json"))
            if p.name != ACCURACY_PATH.name}


def stated_accuracy() -> dict | None:
    """The validation figures measured for the models and code beside them (`make eval --keep`), for a release to
    state; `applies` is false when this build reads other models than those measured."""
    if not ACCURACY_PATH.is_file():
        return None
    measured = json.loads(ACCURACY_PATH.read_text(encoding="utf-8"))
    return {
        "measured_on": f"{measured['pages']} real pages of a validation split that no rule or model was fitted to "
                       "(../shared/devset-validation, scored by ../shared/devset/score.py)",
        "fields": measured["validation"],
        "cross_validated": measured.get("cv"),
        "applies": measured["models"] == model_digests(),
    }
