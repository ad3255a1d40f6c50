"""`make eval`: how the pipeline does on real pages, three ways, side by side per field.

- `fit`: the development set built as it is (the rules were written, the models trained on these pages:
  a figure of capacity, not of what to expect);
- `validation`: the validation split, which no rule and no model has seen (summary only: its pages are
  never opened): **the figure that counts**;
- `cv`: the development set in 5 folds grouped by the url's host, each fold built with models trained on
  the other four (same folds every run): what the learned components give on sites they never saw.

Writes output/eval/devset.json and, with `--keep`, the validation figures beside the models
(flows/models/accuracy.json), which a release states in its manifest and card.

    python -m flows.learn.evaluate [--devset ../shared/devset] [--validation ../shared/devset-validation]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from flows.learn.model import ACCURACY_PATH, MODELS_VARIABLE, model_digests
from flows.learn.train import DEVSET, TRAINERS, read_gold, train
from flows.provenance import pipeline_version

VALIDATION = DEVSET.parent / "devset-validation"
FOLDS = 5


def build(raw: Path, store: Path, log: Path, models: Path | None = None) -> None:
    """`aic build` of a folder of pages, as a user runs it (its own process, a temporary Prefect server)."""
    env = dict(os.environ)
    if models is not None:
        env[MODELS_VARIABLE] = str(models)
    with log.open("w") as out:
        subprocess.run([sys.executable, "-m", "flows.cli", "build", "--raw", str(raw), "--output", str(store)],
                       check=True, env=env, stdout=out, stderr=subprocess.STDOUT)


def score(store: Path, gold: Path, raw: Path, scorer: Path) -> dict:
    """score.py's summary and counts (never its per-page detail) for the newest release in `store`."""
    result = subprocess.run([sys.executable, str(scorer), str(store), "--gold", str(gold), "--raw", str(raw), "--json"],
                            check=True, capture_output=True, text=True)
    scored = json.loads(result.stdout)
    return {"mean": scored["summary"].get("mean"), "summary": scored["summary"], "counts": scored["counts"]}


def folds(gold: dict[str, dict]) -> list[list[str]]:
    """The development files in FOLDS groups, a site's pages always in one group (scikit-learn's GroupKFold:
    deterministic, the largest sites spread first)."""
    from sklearn.model_selection import GroupKFold

    files = sorted(gold)
    hosts = [urlparse(gold[f]["url"]).hostname or f for f in files]
    return [[files[i] for i in test] for _, test in GroupKFold(n_splits=FOLDS).split(files, groups=hosts)]


def cross_validate(devset: Path, work: Path) -> dict:
    """Each fold's pages built with models trained on the other folds; the folds' counts summed."""
    gold = read_gold(devset)
    groups = folds(gold)
    tally: dict[str, list[float]] = {}
    for k, held_out in enumerate(groups):
        fold = work / f"fold-{k}"
        models = fold / "models"
        train(devset, models, [f for f in gold if f not in held_out])
        raw = fold / "raw"
        raw.mkdir(parents=True)
        for name in held_out:
            shutil.copy2(devset / "raw" / name, raw / name)
        (fold / "gold.jsonl").write_text("".join(json.dumps(gold[f], ensure_ascii=False) + "\n" for f in held_out))
        build(raw, fold / "store", fold / "build.log", models)
        for field, (hit, total) in score(fold / "store", fold / "gold.jsonl", raw, devset / "score.py")["counts"].items():
            tally.setdefault(field, [0.0, 0])
            tally[field][0] += hit
            tally[field][1] += total
    # a duplicate pair split across folds cannot be found: the field is left out of the cross-validated mean
    tally.pop("duplicates", None)
    summary = {field: round(hit / total, 3) for field, (hit, total) in tally.items() if total}
    summary["mean"] = round(sum(summary.values()) / len(summary), 3)
    return {"components": sorted(TRAINERS), "folds": [len(g) for g in groups], "mean": summary["mean"],
            "summary": summary, "counts": tally}


def evaluate(devset: Path, validation: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    scorer = devset / "score.py"
    with tempfile.TemporaryDirectory(prefix="aic-eval-") as tmp:
        work = Path(tmp)
        build(devset / "raw", work / "fit", out / "fit-build.log")
        fit = score(work / "fit", devset / "gold.jsonl", devset / "raw", scorer)
        build(validation / "raw", work / "validation", out / "validation-build.log")
        held = score(work / "validation", validation / "gold.jsonl", validation / "raw", scorer)
        cv = cross_validate(devset, work / "cv") if TRAINERS else None
    return {"pipeline_version": pipeline_version(), "models": model_digests(), "fit": fit, "validation": held, "cv": cv}


def table(result: dict) -> str:
    """The three figures side by side, one row per field."""
    columns = [("development (fit)", result["fit"]), ("validation", result["validation"]), ("cv by site", result["cv"])]
    fields = list(dict.fromkeys(f for _, r in columns if r for f in r["summary"] if f != "mean")) + ["mean"]
    lines = [f"{'field':22}" + "".join(f"{name:>20}" for name, _ in columns)]
    for field in fields:
        cells = []
        for _, r in columns:
            value = (r or {}).get("summary", {}).get(field)
            cells.append(f"{'-' if value is None else f'{value:.3f}':>20}")
        lines.append(f"{field:22}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--validation", type=Path, default=VALIDATION)
    parser.add_argument("--out", type=Path, default=Path("output/eval"))
    parser.add_argument("--keep", action="store_true",
                        help=f"also write the validation figures beside the models ({ACCURACY_PATH.name}), for releases to state")
    args = parser.parse_args(argv)
    result = evaluate(args.devset, args.validation, args.out)
    (args.out / "devset.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(table(result))
    print(f"\nwritten: {args.out / 'devset.json'}")
    if args.keep:
        keep_accuracy(result, args.validation)
        print(f"written: {ACCURACY_PATH}")
    return 0


def keep_accuracy(result: dict, validation: Path) -> None:
    """The validation figures (and the cross-validated ones) beside the models they were measured with."""
    accuracy = {"pages": sum(1 for p in (validation / "raw").iterdir() if p.is_file()), "models": result["models"],
                "validation": result["validation"]["summary"], "cv": (result["cv"] or {}).get("summary")}
    ACCURACY_PATH.write_text(json.dumps(accuracy, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
