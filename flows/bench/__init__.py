"""Measuring builds: the benchmark, its generated corpus and the datatrove peer (run in its own venv)."""
