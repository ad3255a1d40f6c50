"""`make train`: the learned models, fitted on the development set's gold, written to flows/models/.

Same gold, same code, same bytes: examples are read in file order, the learner is deterministic and the
weights are written rounded. `--pages` trains on some pages only (a cross-validation fold's training part).

    python -m flows.learn.train [--devset ../shared/devset] [--out flows/models] [--pages FILE ...]
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from pathlib import Path

from flows.language.genre import GENRES, PageSignals, by_rules, features
from flows.learn.model import MODELS_DIR, model_path
from flows.stages import clean, ingest, segment

DEVSET = Path(__file__).resolve().parents[3] / "shared" / "devset"
"""../shared/devset beside the repository, where CI and the team keep it."""
GENRE_REGULARISATION = 1.0
"""Inverse L2 strength (scikit-learn's C): chosen by 5-fold cross-validation by site on the development set
(0.3, 1 and 3 compared: 1 best on the pages the rules were not written on)."""
DIGITS = 6
"""Weights are written rounded, so that the last bits of a float sum never change the file."""


@dataclass(frozen=True)
class Page:
    file: str
    gold: dict
    signals: PageSignals


def read_gold(devset: Path) -> dict[str, dict]:
    return {row["file"]: row for line in (devset / "gold.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip() for row in [json.loads(line)]}


def read_pages(devset: Path, files: list[str] | None = None) -> list[Page]:
    """The development pages (or some of them), cleaned and segmented as a build does, with their gold."""
    gold = read_gold(devset)
    found, _ = ingest.discover(devset / "raw")
    wanted = set(files or gold)
    found = [raw for raw in found if Path(raw.path).name in wanted]
    documents, _ = ingest.read_batch(found)
    cleaned, _ = clean.clean_batch(documents, clean.frequent_lines(documents))
    segmented, _ = segment.segment_batch(cleaned)
    pages = [Page(name, gold[name], segment.page_signals(doc))
             for doc in segmented if (name := Path(doc.cleaned.source.source_file).name) in gold]
    return sorted(pages, key=lambda page: page.file)


def genre_label(gold: dict) -> str:
    """The gold genre, with official statements and press releases (annotated `other`) told apart."""
    if gold["genre"] == "other" and re.search(r"statement|press release", str(gold.get("genre_subtype")), re.I):
        return "statement"
    return gold["genre"]


def train_genre(pages: list[Page]) -> dict:
    """A multinomial logistic regression over `genre.features`: the genre model's JSON."""
    from sklearn.linear_model import LogisticRegression  # only `make train` needs the learning library

    rows = [features(page.signals, by_rules(page.signals)) for page in pages]
    names = sorted(rows[0])
    labels = [genre_label(page.gold) for page in pages]
    learner = LogisticRegression(C=GENRE_REGULARISATION, max_iter=5000).fit(
        [[row[name] for name in names] for row in rows], labels)
    classes = [str(c) for c in learner.classes_]
    assert set(classes) <= set(GENRES), classes
    return {
        "name": "genre",
        "kind": "multinomial logistic regression (scikit-learn), scored by flows/learn/model.py",
        "trained_on": {"pages": len(pages), "labels": {c: labels.count(c) for c in classes}},
        "classes": classes,
        "features": names,
        "weights": [[round(float(w), DIGITS) for w in row] for row in learner.coef_],
        "intercepts": [round(float(b), DIGITS) for b in learner.intercept_],
    }


TRAINERS = {"genre": train_genre}
"""Every learned component, by model name: `make train` fits each, `make eval` cross-validates each."""


def train(devset: Path, out: Path, files: list[str] | None = None) -> dict[str, Path]:
    """Fit every model on the development pages (or `files` of them) and write them to `out`."""
    pages = read_pages(devset, files)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, trainer in TRAINERS.items():
        path = model_path(name, out)
        path.write_text(json.dumps(trainer(pages), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written[name] = path
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--pages", nargs="*", help="train on these development files only")
    args = parser.parse_args(argv)
    for name, path in train(args.devset, args.out, args.pages).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
