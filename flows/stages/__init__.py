"""The stages a page goes through, in order: ingest -> clean -> segment -> tag -> assemble -> validate -> publish.

Pure functions over documents or Arrow batches, with no Prefect import: `flows.pipeline` chains
them over one batch and `flows.release_flow` wraps that as a Prefect task.
"""
