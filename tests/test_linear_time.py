"""No regular expression of the pipeline backtracks without bound on a long line.

Every compiled pattern of flows/ (module constants, the tables of them, the curated rule files) is run,
the way the pipeline runs it (found by reading the code: search, sub and the like scan the whole line;
match and fullmatch start at its beginning; a pattern held in a table is scanned), through pathological
lines of 8,000 characters (tests/pathological.py), cut into runs no longer than a word can be (longer runs
never reach a pattern: the cleaner takes such lines out first). A quadratic pattern takes seconds there,
a linear one a few milliseconds. The per-page time budget (flows/workers.py) is the last guard; this
keeps real pages far from it.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from pathological import LINES

import flows
from flows.language.text import LONGEST_WORD_CHARS
from flows.stages.clean import RULES_DIR, load_rules

LINE_CHARS = 8_000
MAX_SECONDS = 0.15
"""Per pattern and line: a linear pattern needs about a millisecond; a quadratic one, seconds."""
HANG_SECONDS = 20
SCANS = {"search", "finditer", "findall", "sub", "subn", "split"}
PATTERN_TYPES = (re.Pattern, regex.Pattern)


def _patterns_in(value: object, name: str, depth: int = 0) -> Iterator[tuple[str, re.Pattern]]:
    if isinstance(value, PATTERN_TYPES):
        if isinstance(value.pattern, str):
            yield name, value
    elif depth < 3 and isinstance(value, (tuple, list, frozenset, set)):
        for index, item in enumerate(value):
            yield from _patterns_in(item, f"{name}[{index}]", depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns_in(item, f"{name}[{key!r}]", depth + 1)
    elif depth < 3 and hasattr(value, "pattern") and isinstance(value.pattern, PATTERN_TYPES):
        yield from _patterns_in(value.pattern, f"{name}.pattern", depth + 1)


def _used_with(attribute: str, sources: str) -> set[str]:
    """How the code calls a pattern held in a module constant: 'scan', 'match', 'fullmatch' (none found: 'scan')."""
    calls = set(re.findall(rf"\b{re.escape(attribute)}\.(\w+)\(", sources))
    used = {"scan" if call in SCANS else call for call in calls if call in SCANS | {"match", "fullmatch"}}
    return used or {"scan"}


def pipeline_patterns() -> dict[str, tuple[re.Pattern, set[str]]]:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in Path(flows.__file__).parent.rglob("*.py"))
    found: dict[str, tuple[re.Pattern, set[str]]] = {}
    for module in pkgutil.walk_packages(flows.__path__, "flows."):
        loaded = importlib.import_module(module.name)
        for attribute, value in vars(loaded).items():
            for name, pattern in _patterns_in(value, f"{module.name}.{attribute}"):
                uses = _used_with(attribute, sources) if name.endswith(f".{attribute}") else {"scan"}
                found.setdefault(name, (pattern, uses))
    for rules in sorted(p.stem for p in RULES_DIR.glob("*.toml")):
        for rule in load_rules(rules):  # clean.py: whole lines with fullmatch, prefixes with match
            found[f"rules/{rules}.toml:{rule.id}"] = (rule.pattern, {"match" if rule.mode == "prefix" else "fullmatch"})
    return found


def _as_words(text: str) -> str:
    """The line with every run longer than a word cut by a space, as it may reach a pattern."""
    step = LONGEST_WORD_CHARS - 50
    return " ".join(run[i : i + step] for run in text.split(" ") for i in range(0, max(len(run), 1), step))


PATTERNS = pipeline_patterns()
TEXTS = {kind: _as_words(make(LINE_CHARS)) for kind, make in LINES.items()}


def _seconds(pattern: re.Pattern, use: str, text: str) -> float:
    began = time.perf_counter()
    if use == "scan":
        for _ in pattern.finditer(text):
            pass
    else:
        getattr(pattern, use)(text)
    return time.perf_counter() - began


def test_the_sweep_sees_the_pipelines_patterns():
    assert len(PATTERNS) > 150
    assert any(name.startswith("rules/boilerplate.toml:") for name in PATTERNS)
    assert PATTERNS["flows.stages.clean._LABEL_LINE"][1] == {"fullmatch"}
    assert PATTERNS["flows.stages.clean._CAPTION_CREDIT"][1] == {"scan"}


def _slow_cases(pattern: re.Pattern, uses: set[str]) -> list[str]:
    for kind, text in TEXTS.items():
        for use in sorted(uses):
            if _seconds(pattern, use, text) > MAX_SECONDS and (seconds := _seconds(pattern, use, text)) > MAX_SECONDS:
                return [f"{use} on {kind}: {seconds:.2f} s"]  # one slow case says it all
    return []


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_runs_in_linear_time_on_long_lines(name: str):
    """In a forked process with an alarm: an exponential pattern holds the interpreter lock in C for years,
    and only the kernel's SIGALRM (its default action ends the process) stops it."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        signal.alarm(HANG_SECONDS)
        os.write(writer, json.dumps(_slow_cases(*PATTERNS[name])).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        found = pipe.read()
    _, status = os.waitpid(pid, 0)
    slow = json.loads(found) if os.WIFEXITED(status) else [f"still running after {HANG_SECONDS} s"]
    assert slow == [], f"{name} backtracks on long lines: {slow}"
