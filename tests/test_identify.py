"""Language identification: fastText from the wheel first, lingua where it is unsure; never a download."""

from __future__ import annotations

import socket

import pytest

from flows.language import identify


@pytest.mark.parametrize(
    ("sample", "language"),
    [
        ("The governor of the valley said on Monday that the roads would open again before the spring.", "en"),
        ("Der Gouverneur des Tals sagte am Montag, die Straßen würden vor dem Frühjahr wieder geöffnet.", "de"),
        ("Le gouverneur de la vallée a déclaré lundi que les routes rouvriraient avant le printemps.", "fr"),
        ("El gobernador del valle dijo el lunes que las carreteras volverían a abrirse antes de la primavera.", "es"),
        ("Губернатор долины заявил в понедельник, что дороги снова откроются до весны.", "ru"),
        ("والی دره روز دوشنبه گفت که راه‌ها پیش از بهار دوباره باز خواهند شد.", "fa"),
    ],
)
def test_the_language_of_a_sample(sample: str, language: str):
    assert identify.language_of(sample) == language


def test_a_language_fasttext_confuses_is_decided_by_lingua(monkeypatch):
    """Persian is in CONFUSABLE: whatever fastText says of it, lingua's answer is the one returned."""
    sample = "والی دره روز دوشنبه گفت که راه‌ها پیش از بهار دوباره باز خواهند شد."
    asked = []
    real = identify._lingua()

    class Recorder:
        def detect_language_of(self, text):
            asked.append(text)
            return real.detect_language_of(text)

    monkeypatch.setattr(identify, "_lingua", lambda: Recorder())
    assert identify.language_of(sample) == "fa" and asked == [sample]
    asked.clear()
    assert identify.language_of("The governor of the valley said the roads would open before the spring.") == "en"
    assert asked == []  # fastText is sure of English: lingua is not asked


def test_the_fasttext_model_is_read_from_the_wheel_without_any_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    identify._fasttext.cache_clear()
    try:
        assert identify._fasttext().detect("Le gouverneur a parlé aux habitants de la vallée.", model="lite")[0]["lang"] == "fr"
    finally:
        identify._fasttext.cache_clear()
