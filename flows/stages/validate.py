"""Validate stage: check a batch of tables against their contracts before anything is written.

Two layers, all failures collected before reporting (nothing stops at the first):
1. pandera (lazy) per table: types, nullability, uniqueness, enums, ranges, patterns.
2. DuckDB over the Arrow tables: each contract's row rules, its foreign keys, and for span
   tables that text == parent.text[char_start:char_end].
Every failure names the table, the column or rule, and the primary keys of the rows.

Two tiers of failure. A row rule broken by some documents' rows (offsets, answer links,
empty text, a value out of range) is theirs: `quarantine` takes those documents out of the
batch, with the rules and row ids as the reason, and the others go on. A failure of the
release itself (a column's type, a missing column, a key repeated, a rule the engine cannot
run) names no document: it blocks the release.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from types import ModuleType

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from flows.sources import Outcome
from schemas import TABLES, TableContract

MAX_ROWS_REPORTED = 10
MAX_QUARANTINE_ROUNDS = 5
"""Taking documents out can expose others (a foreign key into a removed row): re-check, a few times."""
RELEASE_LEVEL_CHECKS = ("dtype", "column_in_", "field_uniqueness", "multiple_fields_uniqueness", "unique")
"""pandera checks about the table as a whole: their failures block the release."""


@dataclass(frozen=True)
class Failure:
    table: str
    column: str
    check: str
    rows: tuple[str, ...]  # primary keys of offending rows (first MAX_ROWS_REPORTED)
    n_rows: int
    detail: str = ""
    doc_ids: frozenset[str] = frozenset()  # documents whose rows these are (all of them)

    @property
    def release_level(self) -> bool:
        if self.check == "multiple_fields_uniqueness":
            return not self.doc_ids  # a key repeated inside named documents quarantines them
        return not self.doc_ids or self.check.startswith(RELEASE_LEVEL_CHECKS)

    def __str__(self) -> str:
        shown = ", ".join(self.rows) if self.rows else "(table level)"
        more = f" and {self.n_rows - len(self.rows)} more" if self.n_rows > len(self.rows) else ""
        detail = f" [{self.detail}]" if self.detail else ""
        return f"{self.table}.{self.column}: {self.check} failed for {self.n_rows} row(s): {shown}{more}{detail}"


class ValidationFailed(Exception):
    """Raised with the full report; nothing may be published from the batch."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        lines = [f"validation failed: {len(failures)} problem(s)"] + [f"  - {f}" for f in failures]
        super().__init__("\n".join(lines))


def validate_tables(tables: dict[str, pa.Table], check: tuple[str, ...] | None = None) -> None:
    """Raise ValidationFailed listing every problem; return None if all hold.

    `check` names the contracts to check (default: every table given); the other tables are
    only looked up by those contracts' foreign keys and spans.
    """
    failures = find_failures(tables, check)
    if failures:
        raise ValidationFailed(failures)


def find_failures(tables: dict[str, pa.Table], check: tuple[str, ...] | None = None) -> list[Failure]:
    """Every failure of the contracts checked (rules that need a table not given are skipped)."""
    names = tuple(tables) if check is None else check
    failures = []
    for name in names:
        failures += _pandera_failures(TABLES[name], tables[name])
    return failures + _relational_failures(tables, names)


def quarantine(tables: dict[str, pa.Table], reference: dict[str, pa.Table]) -> tuple[dict[str, pa.Table], list[Outcome]]:
    """The batch without the documents whose rows break row rules, and an outcome for each of them.

    Raises ValidationFailed for release-level failures: those stop the release.
    """
    reasons: dict[str, list[str]] = {}
    for _ in range(MAX_QUARANTINE_ROUNDS):
        failures = find_failures(tables | reference)
        if blocking := [f for f in failures if f.release_level]:
            raise ValidationFailed(blocking)
        if not failures:
            break
        for failure in failures:
            for doc_id in failure.doc_ids:
                rows = [key for key in failure.rows if key.startswith(doc_id)]
                where = failure.table if failure.column.startswith("(") else f"{failure.table}.{failure.column}"
                reasons.setdefault(doc_id, []).append(f"{where}: {failure.check}" + (f" ({', '.join(rows)})" if rows else ""))
        tables = {name: _without(table, set(reasons)) for name, table in tables.items()}
    else:
        raise ValidationFailed(failures)
    outcomes = [Outcome(doc_id, "quarantined", "validate", "; ".join(why)) for doc_id, why in sorted(reasons.items())]
    return tables, outcomes


def _without(table: pa.Table, doc_ids: set[str]) -> pa.Table:
    if "doc_id" not in table.column_names or not doc_ids:
        return table
    return table.filter(pc.invert(pc.is_in(table["doc_id"], value_set=pa.array(sorted(doc_ids), pa.string()))))


def _row_keys(contract: TableContract, table: pa.Table, mask: pa.Array) -> tuple[list[str], frozenset[str]]:
    """Primary keys of the rows under `mask`, and the documents they belong to."""
    chosen = table.filter(mask)
    keys = ["/".join(str(v) for v in key.values()) for key in chosen.select(list(contract.primary_key)).to_pylist()]
    doc_ids = frozenset(chosen["doc_id"].to_pylist()) - {None} if "doc_id" in chosen.column_names else frozenset()
    return keys, doc_ids


@cache
def _pandera_errors() -> ModuleType:
    """pandera's errors, pandera imported on first use (a slow import). Its column checks try to import its PySpark
    engine for every column; without PySpark that import fails, and Python tries a failed import again from the start
    each time (a fifth of pandera's time on a batch). The engine is marked absent once, so that it fails at once."""
    import pandera.errors

    try:
        import pandera.engines.pyspark_engine
    except ImportError:
        sys.modules["pandera.engines.pyspark_engine"] = None  # type: ignore[assignment]
    return pandera.errors


def _pandera_failures(contract: TableContract, table: pa.Table) -> list[Failure]:
    errors_module = _pandera_errors()
    try:
        contract.pandera_schema.validate(table, lazy=True)
    except errors_module.SchemaErrors as errors:
        # an Arrow table, or a polars DataFrame when polars is installed: both speak the Arrow stream protocol
        return _describe_pandera(contract, table, pa.table(errors.failure_cases).to_pylist())
    return []


def _describe_pandera(contract: TableContract, table: pa.Table, cases: list[dict]) -> list[Failure]:
    """pandera's pyarrow backend gives failing values, not row positions: find the rows by value."""
    grouped: dict[tuple[str, str], list] = {}
    for case in cases:
        grouped.setdefault((case["column"], case["check"]), []).append(case["failure_case"])
    failures = []
    for (column, check), values in grouped.items():
        column_type = table.schema.field(column).type if column in table.column_names else None
        comparable = column_type is not None and not pa.types.is_nested(column_type)
        if comparable and not check.startswith("dtype") and check != "column_in_dataframe":
            wanted = pa.array([v for v in values if v is not None], pa.string()).cast(column_type, safe=False)
            mask = pc.is_in(table[column], value_set=wanted)
            if any(v is None for v in values):
                mask = pc.or_(pc.fill_null(mask, False), pc.is_null(table[column]))
            keys, doc_ids = _row_keys(contract, table, pc.fill_null(mask, False))
            failures.append(Failure(contract.name, column, check, tuple(keys[:MAX_ROWS_REPORTED]), len(keys), "", doc_ids))
        else:
            doc_ids = _documents_of_duplicate_keys(check, values)
            failures.append(Failure(contract.name, column, check, (), len(values), ", ".join(map(str, values)), doc_ids))
    return failures


def _documents_of_duplicate_keys(check: str, values: list) -> frozenset[str]:
    """A composite key that includes doc_id and repeats ('{"doc_id": "d1", "speaker_id": "x"}') repeats
    inside one document: that document's fault, not the release's."""
    if check != "multiple_fields_uniqueness":
        return frozenset()
    keys = []
    for value in values:
        try:
            keys.append(json.loads(value))
        except (TypeError, ValueError):
            return frozenset()
    if not keys or not all(isinstance(k, dict) and k.get("doc_id") for k in keys):
        return frozenset()
    return frozenset(str(k["doc_id"]) for k in keys)


BATCH_DUCKDB = {"threads": 1}
"""DuckDB on one thread for a batch's checks: the workers already keep every core busy, and on a batch's small
tables DuckDB's own threads cost more than they give (a batch of 50 pages: 300 -> 180 ms of CPU)."""


def _relational_failures(tables: dict[str, pa.Table], names: tuple[str, ...]) -> list[Failure]:
    con = duckdb.connect(config=BATCH_DUCKDB)
    try:
        for name, table in tables.items():
            con.register(name, table)
        failures = []
        for name in names:
            contract = TABLES[name]
            for query, column, check in _relational_checks(contract, set(tables)):
                try:
                    found = con.execute(query).fetchall()
                except duckdb.Error as error:  # a mistyped column makes the rule itself unusable
                    failures.append(Failure(contract.name, column, check, (), 0, detail=str(error).splitlines()[0]))
                    continue
                if found:
                    keys = [row[0] for row in found]
                    doc_ids = frozenset(row[1] for row in found) - {None}
                    failures.append(
                        Failure(contract.name, column, check, tuple(keys[:MAX_ROWS_REPORTED]), len(keys), "", doc_ids)
                    )
            if contract.span is not None and contract.span.parent_table in tables and (found := _slice_mismatches(contract, tables)):
                keys = [k for k, _ in found]
                failures.append(
                    Failure(contract.name, "char_start/char_end", f"text == {contract.span.parent_table}.text[char_start:char_end]",
                            tuple(keys[:MAX_ROWS_REPORTED]), len(keys), "", frozenset(d for _, d in found) - {None})
                )
        return failures
    finally:
        con.close()


def _slice_mismatches(contract: TableContract, tables: dict[str, pa.Table]) -> list[tuple[str, str | None]]:
    """(row key, doc_id) of the rows whose text is not parent.text[char_start:char_end], in key order.

    In Python, not SQL: a code-point substring in DuckDB walks the parent text from its start, so a page
    of many sentences cost the square of its length; a Python slice costs only the slice."""
    parent = tables[contract.span.parent_table]
    texts = dict(zip(parent[contract.span.key].to_pylist(), parent["text"].to_pylist()))
    table = tables[contract.name]
    columns = [table[k].to_pylist() for k in contract.primary_key]
    doc_ids = table["doc_id"].to_pylist() if "doc_id" in table.column_names else [None] * table.num_rows
    rows = zip(table[contract.span.key].to_pylist(), table["char_start"].to_pylist(), table["char_end"].to_pylist(),
               table["text"].to_pylist(), doc_ids, *columns)
    bad = []
    for join, start, end, text, doc_id, *key in rows:
        whole = texts.get(join)
        if whole is None:
            continue  # no parent row: the foreign key check reports it
        if start is None or end is None or start < 0 or end > len(whole) or start >= end or whole[start:end] != text:
            bad.append((key, "/".join(map(str, key)), doc_id))
    return [(shown, doc_id) for _, shown, doc_id in sorted(bad, key=lambda b: b[0])]


def _relational_checks(contract: TableContract, present: set[str]) -> list[tuple[str, str, str]]:
    """(SQL returning offending keys and their doc_id, column, check name) for the contract's rules
    whose tables are all present."""
    t = contract.name
    key = " || '/' || ".join(f"t.{k}::VARCHAR" for k in contract.primary_key)
    key += ", t.doc_id" if "doc_id" in contract.column_names() else ", NULL"
    order = ", ".join(f"t.{k}" for k in contract.primary_key)
    checks = [
        (f"SELECT {key} FROM {t} t WHERE NOT coalesce(({rule}), false) ORDER BY {order}", "(row)", name)
        for name, rule in contract.row_rules.items()
    ]
    checks += [(query, "(rows)", name) for name, query in contract.table_rules.items()]
    for fk in (fk for fk in contract.foreign_keys if fk.parent_table in present):
        checks.append(
            (
                f"SELECT {key} FROM {t} t ANTI JOIN {fk.parent_table} p ON t.{fk.column} = p.{fk.parent_column} "
                f"WHERE t.{fk.column} IS NOT NULL ORDER BY {order}",
                fk.column,
                f"foreign key to {fk.parent_table}.{fk.parent_column}",
            )
        )
    if contract.span is not None and contract.span.parent_table in present:
        if contract.span.inside is not None and contract.span.inside[0] in present:
            outer, outer_key = contract.span.inside
            checks.append(
                (
                    f"SELECT {key} FROM {t} t JOIN {outer} o ON t.{outer_key} = o.{outer_key} "
                    f"WHERE t.char_start < o.char_start OR t.char_end > o.char_end ORDER BY {order}",
                    "char_start/char_end",
                    f"span inside its {outer} row",
                )
            )
    return checks
