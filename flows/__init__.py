"""Pipeline of the Afghan Interviews Corpus, laid out the way the data walks.

- `cli` (the `aic` command) and `release_flow` (the Prefect flow) at the top, with what the flow
  needs to run: `pipeline` (the stages over one batch), `corpus` (the corpus pass), `sources` (the
  ledger of every raw path), `reporting` (progress and artifacts), `server`, `isolation`, `faults`,
  `provenance`.
- `stages/`: ingest -> clean -> segment -> tag -> assemble -> validate -> publish.
- `language/`: the helpers the stages share (text, dates, interview, entities, quotes, ...).
- `release/`: what serves a published release (changes, catalog, page, query, search, integrity,
  distribute).
- `bench/`: the benchmark and its peer. `rules/` and `kb/`: curated data, reviewed like code.
"""
