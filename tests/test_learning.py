"""The learned components: same model bytes from the same gold, the models the repository ships are the ones
`make train` makes, a build reads them offline (or none), folds grouped by site, and a genre that never
contradicts the page's own segments, on invented pages."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import document_from_text

from flows.language import genre
from flows.language.genre import PageSignals, by_rules, classify
from flows.learn import model
from flows.learn.evaluate import FOLDS, folds
from flows.learn.train import DEVSET, TRAINERS, read_gold, train
from flows.stages.clean import clean_document
from flows.stages.segment import page_signals, segment_document

needs_devset = pytest.mark.skipif(not (DEVSET / "gold.jsonl").is_file(), reason="../shared/devset is not beside the repository")

NARRATION = [
    "The roads to the valley were closed for most of the week after the first heavy snow of the year.",
    "Families in the upper villages have stocked flour and fuel, but many fear the winter will be long.",
    "The council met on Thursday to discuss how to keep the clinic open until the passes reopen.",
]


@needs_devset
def test_training_twice_gives_the_same_bytes_and_the_shipped_models(tmp_path: Path):
    first, second = train(DEVSET, tmp_path / "a"), train(DEVSET, tmp_path / "b")
    assert set(first) == set(TRAINERS)
    for name in TRAINERS:
        assert first[name].read_bytes() == second[name].read_bytes()
        shipped = model.model_path(name, model.MODELS_DIR)
        assert shipped.read_bytes() == first[name].read_bytes(), f"flows/models/{name}.json is stale: run `make train`"


@needs_devset
def test_folds_are_the_same_every_run_and_keep_a_site_in_one_fold():
    gold = read_gold(DEVSET)
    groups = folds(gold)
    assert groups == folds(gold) and len(groups) == FOLDS
    assert sorted(f for g in groups for f in g) == sorted(gold)
    hosts = [{urlparse(gold[f]["url"]).hostname for f in g} for g in groups]
    assert all(not (a & b) for i, a in enumerate(hosts) for b in hosts[i + 1:])


def test_a_linear_model_scores_by_its_weights_and_ignores_unknown_features():
    m = model.LinearModel("toy", ("a", "b"), ("x", "y"), ((2.0, 0.0), (0.0, 2.0)), (0.0, 0.0))
    assert m.probabilities({"x": 1.0})["a"] > 0.85
    assert m.probabilities({"y": 1.0, "unknown": 9.0})["b"] > 0.85
    assert m.probabilities({}) == {"a": 0.5, "b": 0.5}


def test_without_models_the_rules_decide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(model.MODELS_VARIABLE, str(tmp_path))
    page = PageSignals("Roads close in the valley", None, [], NARRATION, 0, False, False, False)
    assert model.load_model("genre") is None and model.model_digests() == {}
    assert classify(page) == by_rules(page) == "other"


def test_a_model_folder_is_keyed_by_its_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    shipped = model.model_path("genre", model.MODELS_DIR)
    copy = tmp_path / "genre.json"
    copy.write_bytes(shipped.read_bytes())
    monkeypatch.setenv(model.MODELS_VARIABLE, str(tmp_path))
    assert model.model_digests() == {k: v for k, v in _shipped_digests().items() if k == "genre"}
    data = json.loads(copy.read_text())
    data["intercepts"][0] += 1
    copy.write_text(json.dumps(data))
    assert model.model_digests()["genre"] != _shipped_digests()["genre"]


def _shipped_digests() -> dict[str, str]:
    import os
    saved = os.environ.pop(model.MODELS_VARIABLE, None)
    try:
        return model.model_digests()
    finally:
        if saved is not None:
            os.environ[model.MODELS_VARIABLE] = saved


def test_every_feature_the_model_reads_is_one_the_page_gives():
    page = PageSignals("Roads close in the valley", None, [], NARRATION, 0, False, False, False)
    shipped = model.load_model("genre")
    assert shipped is not None and set(shipped.features) == set(genre.features(page, by_rules(page)))
    assert set(shipped.classes) <= set(genre.GENRES)


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        # labelled questions and answers: turns, so the genre is one that has turns
        ("A talk with the governor\n\nREPORTER: Why did you stay in the valley?\n\n"
         "GOVERNOR: Because my family is here and the clinic needs me.\n\nREPORTER: What comes next?\n\n"
         "GOVERNOR: Winter, and then we rebuild the road.\n", set(genre.TURN_GENRES)),
        # plain narration, no turn: never interview_qa
        ("Snow closes the valley\n\n" + "\n\n".join(NARRATION) + "\n", set(genre.GENRES) - {"interview_qa"}),
    ],
)
def test_the_genre_never_contradicts_the_pages_segments(text: str, allowed: set[str]):
    document = segment_document(clean_document(document_from_text(text)))
    assert (document.question_turns > 0) == ("interview_qa" in allowed)
    assert document.genre in allowed
    assert document.genre == classify(page_signals(document))


def test_a_dated_story_of_reported_speech_is_news_whatever_the_rules_leave_open():
    body = [
        "The governor of the valley said on Monday that the roads would stay closed until March, after the snow.",
        "He told reporters that the council had asked the capital for fuel, flour and medicine for the clinic.",
        "Aid groups said the passes could reopen in April if the weather allowed, according to officials.",
        "The council added that families in the upper villages had stocked food for the winter months ahead.",
    ]
    page = PageSignals("Valley roads to stay closed until March", None, [], body, 0, False, False, True)
    assert classify(page) == "news"


def test_a_release_states_the_accuracy_measured_for_its_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from flows.release import catalog

    stated = model.stated_accuracy()
    assert stated is not None and stated["applies"], "flows/models/accuracy.json does not match the models: run `make eval EVAL_ARGS=--keep`"
    section = "\n".join(catalog.accuracy_section({"build": {"accuracy": stated}}))
    assert "## How accurate is it" in section and "| headline (`documents.title`) |" in section
    assert f"{stated['fields']['title']:.0%}" in section
    # other models than those measured: the figures do not apply, and the card says none were measured
    (tmp_path / "genre.json").write_text(model.model_path("genre", model.MODELS_DIR).read_text().replace('"name"', '"name" ', 1))
    monkeypatch.setenv(model.MODELS_VARIABLE, str(tmp_path))
    other = model.stated_accuracy()
    assert other is not None and not other["applies"]
    assert "No accuracy figures" in "\n".join(catalog.accuracy_section({"build": {"accuracy": other}}))


def test_the_rule_report_counts_pages_and_sites_per_recorded_rule(seed_tables: dict, tmp_path: Path):
    from conftest import publish_batches

    from flows.learn.rule_report import report, rule_pages
    from flows.release.store import release_path

    publish_batches(tmp_path, [seed_tables])
    release = release_path(tmp_path)
    found = rule_pages(release)
    # two seed pages repeat their headline: each page counted once, however many lines the rule removed there
    assert len(found["removed.rule_id: repeat.title"]) == 2
    devset = tmp_path / "devset"
    devset.mkdir()
    files = sorted({f for pages in found.values() for f in pages})
    host = {f: "one.example" if i % 2 else "two.example" for i, f in enumerate(files)}
    (devset / "gold.jsonl").write_text("".join(json.dumps({"file": f, "url": f"https://{host[f]}/{f}"}) + "\n" for f in files))
    rows = {row["rule"]: row for row in report(release, devset)}
    repeat = rows["removed.rule_id: repeat.title"]
    assert repeat["files"] == sorted(found["removed.rule_id: repeat.title"]) and repeat["pages"] == 2
    assert repeat["sites"] == len({host[f] for f in repeat["files"]})
