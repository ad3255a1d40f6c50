"""Pipeline of the Afghan Interviews Corpus.

Stages (pure functions over batches of documents, no Prefect imports):
ingest -> clean -> segment -> tag -> assemble -> validate -> publish.
`release_flow` wraps them as Prefect tasks; `cli` is the `aic` command.
"""
