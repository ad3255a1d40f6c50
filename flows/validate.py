"""Validate stage: check a batch of tables against their contracts before anything is written.

Two layers, all failures collected before reporting (nothing stops at the first):
1. pandera (lazy) per table: types, nullability, uniqueness, enums, ranges, patterns.
2. DuckDB over the Arrow tables: each contract's row rules, its foreign keys, and for span
   tables that text == parent.text[char_start:char_end].
Every failure names the table, the column or rule, and the primary keys of the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from schemas import TABLES, TableContract

MAX_ROWS_REPORTED = 10


@dataclass(frozen=True)
class Failure:
    table: str
    column: str
    check: str
    rows: tuple[str, ...]  # primary keys of offending rows (first MAX_ROWS_REPORTED)
    n_rows: int
    detail: str = ""

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


def validate_tables(tables: dict[str, pa.Table]) -> None:
    """Raise ValidationFailed listing every problem in the batch; return None if all hold."""
    failures = []
    for name, contract in TABLES.items():
        failures += _pandera_failures(contract, tables[name])
    failures += _relational_failures(tables)
    if failures:
        raise ValidationFailed(failures)


def _row_keys(contract: TableContract, table: pa.Table, mask: pa.Array) -> list[str]:
    keys = table.filter(mask).select(list(contract.primary_key)).to_pylist()
    return ["/".join(str(v) for v in key.values()) for key in keys]


def _pandera_failures(contract: TableContract, table: pa.Table) -> list[Failure]:
    import pandera.errors

    try:
        contract.pandera_schema.validate(table, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        return _describe_pandera(contract, table, errors.failure_cases.to_pylist())
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
            keys = _row_keys(contract, table, pc.fill_null(mask, False))
            failures.append(Failure(contract.name, column, check, tuple(keys[:MAX_ROWS_REPORTED]), len(keys)))
        else:
            failures.append(Failure(contract.name, column, check, (), 0, detail=", ".join(map(str, values))))
    return failures


def _relational_failures(tables: dict[str, pa.Table]) -> list[Failure]:
    con = duckdb.connect()
    try:
        for name, table in tables.items():
            con.register(name, table)
        failures = []
        for contract in TABLES.values():
            for query, column, check in _relational_checks(contract):
                try:
                    keys = [row[0] for row in con.execute(query).fetchall()]
                except duckdb.Error as error:  # a mistyped column makes the rule itself unusable
                    failures.append(Failure(contract.name, column, check, (), 0, detail=str(error).splitlines()[0]))
                    continue
                if keys:
                    failures.append(Failure(contract.name, column, check, tuple(keys[:MAX_ROWS_REPORTED]), len(keys)))
        return failures
    finally:
        con.close()


def _relational_checks(contract: TableContract) -> list[tuple[str, str, str]]:
    """(SQL returning offending keys, column, check name) for every rule of the contract."""
    t = contract.name
    key = " || '/' || ".join(f"t.{k}::VARCHAR" for k in contract.primary_key)
    order = ", ".join(f"t.{k}" for k in contract.primary_key)
    checks = [
        (f"SELECT {key} FROM {t} t WHERE NOT coalesce(({rule}), false) ORDER BY {order}", "(row)", name)
        for name, rule in contract.row_rules.items()
    ]
    checks += [(query, "(rows)", name) for name, query in contract.table_rules.items()]
    for fk in contract.foreign_keys:
        checks.append(
            (
                f"SELECT {key} FROM {t} t ANTI JOIN {fk.parent_table} p ON t.{fk.column} = p.{fk.parent_column} "
                f"WHERE t.{fk.column} IS NOT NULL ORDER BY {order}",
                fk.column,
                f"foreign key to {fk.parent_table}.{fk.parent_column}",
            )
        )
    if contract.span is not None:
        parent, join = contract.span.parent_table, contract.span.key
        checks.append(
            (
                f"SELECT {key} FROM {t} t JOIN {parent} p ON t.{join} = p.{join} "
                f"WHERE t.char_start < 0 OR t.char_end > length(p.text) OR t.char_start >= t.char_end "
                f"OR substr(p.text, t.char_start + 1, t.char_end - t.char_start) IS DISTINCT FROM t.text "
                f"ORDER BY {order}",
                "char_start/char_end",
                f"text == {parent}.text[char_start:char_end]",
            )
        )
        if contract.span.inside is not None:
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
