"""The peer a user compares us with: a datatrove pipeline over the same generated corpus.

JsonlReader -> FTFYFormatter -> GopherRepetitionFilter -> GopherQualityFilter -> ParquetWriter, on a
local executor with as many workers as ours and 8 tasks (shards). It repairs text and filters
documents; it does not clean chrome, segment turns, tag or validate: less work than ours, but the
work of the tool people reach for. English words are split by spaCy's blank tokenizer (datatrove's
default for English, no model to download).

Runs in its own virtual environment (`make bench-peer` makes it), so this file imports nothing
from the pipeline and datatrove only inside `main`:

    .peer-venv/bin/python flows/bench/peer.py JSONL_DIR OUTPUT_DIR --workers 2 --tasks 8
"""

from __future__ import annotations

import argparse
import json
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", help="folder of .jsonl shards with a 'text' and an 'id' per line")
    parser.add_argument("output", help="folder for the Parquet files, the logs and the completion markers")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tasks", type=int, default=8)
    args = parser.parse_args()

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.filters import GopherQualityFilter, GopherRepetitionFilter
    from datatrove.pipeline.formatters import FTFYFormatter
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import ParquetWriter

    started = time.perf_counter()
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(args.jsonl),
            FTFYFormatter(),
            GopherRepetitionFilter(),
            GopherQualityFilter(),
            ParquetWriter(f"{args.output}/data"),
        ],
        tasks=args.tasks,
        workers=args.workers,
        logging_dir=f"{args.output}/logs",
    )
    executor.run()
    print(json.dumps({"seconds": round(time.perf_counter() - started, 3), "workers": args.workers, "tasks": args.tasks}))


if __name__ == "__main__":
    main()
