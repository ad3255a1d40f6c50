"""What changed between the latest release and a new build, and what version that makes.

Semantic versions for the data contract:
- major: a published column or table is removed, or a column changes type;
- minor: columns or tables are added, or documents are added or withdrawn;
- patch: same schema and documents, but processing changed values or rows.
Nothing changed (same schema, same content digest for every table): nothing to publish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from flows.release.store import table_files

LEVELS = ("patch", "minor", "major")


@dataclass
class ReleaseChanges:
    previous: str | None  # version name of the release compared with, e.g. 'v1.0.0'
    schema: list[tuple[str, str]] = field(default_factory=list)  # (level, description)
    added: list[dict] = field(default_factory=list)  # documents: doc_id, title, source_file
    removed: list[dict] = field(default_factory=list)
    changed: list[dict] = field(default_factory=list)
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # table -> (previous, now)
    content_changed: list[str] = field(default_factory=list)  # tables whose content digest differs
    document_set_changed: bool = False  # documents were added or withdrawn (known before the full diff)

    @property
    def unchanged(self) -> bool:
        return self.previous is not None and not self.schema and not self.content_changed

    @property
    def level(self) -> str:
        if self.previous is None:
            return "initial"
        levels = [lvl for lvl, _ in self.schema]
        if self.document_set_changed:
            levels.append("minor")
        return max(levels or ["patch"], key=LEVELS.index)

    @property
    def why(self) -> str:
        """The reason for `level`, in words."""
        if self.previous is None:
            return "first release"
        reasons = [text for lvl, text in self.schema if lvl == self.level]
        if self.document_set_changed and self.level == "minor":
            reasons.append("documents were added or withdrawn")
        return "; ".join(reasons) or "the same documents and columns, with changed values: " + ", ".join(self.content_changed)


def schema_of(contracts) -> dict[str, list[list[str]]]:
    """table -> [[column, arrow type], ...]: what the manifest records to diff schemas later."""
    return {c.name: [[f.name, str(f.type)] for f in c.arrow_schema] for c in contracts}


def schema_changes(previous: dict, current: dict) -> list[tuple[str, str]]:
    found = []
    for table in sorted(previous.keys() - current.keys()):
        found.append(("major", f"table `{table}` removed"))
    for table in sorted(current.keys() - previous.keys()):
        found.append(("minor", f"table `{table}` added"))
    for table in sorted(previous.keys() & current.keys()):
        old, new = dict(map(tuple, previous[table])), dict(map(tuple, current[table]))
        for column in sorted(old.keys() - new.keys()):
            found.append(("major", f"`{table}.{column}` removed"))
        for column in sorted(new.keys() - old.keys()):
            found.append(("minor", f"`{table}.{column}` added ({new[column]})"))
        for column in sorted(old.keys() & new.keys()):
            if old[column] != new[column]:
                found.append(("major", f"`{table}.{column}` type {old[column]} -> {new[column]}"))
    return found


def bump(version: tuple[int, int, int], level: str) -> tuple[int, int, int]:
    major, minor, patch = version
    if level == "major":
        return major + 1, 0, 0
    if level == "minor":
        return major, minor + 1, 0
    return major, minor, patch + 1


def document_changes(previous_dir: Path, old_tables: dict[str, dict], new_dir: Path,
                     new_tables: dict[str, dict]) -> tuple[list, list, list]:
    """(added, removed, changed) documents, comparing the doc_id-keyed tables' partition digests first, then the
    rows of the partitions that differ (DuckDB): a partition present on both sides holds the same rows of the
    same documents, so a new page costs the reading of its own partitions only."""
    con = duckdb.connect()
    try:
        sides: dict[str, list[str]] = {"old": [], "new": []}
        for table, entry in new_tables.items():
            if table not in old_tables:
                continue
            old_files, new_files = table_files(old_tables[table]), table_files(entry)
            shared = {f["content_sha256"] for f in old_files} & {f["content_sha256"] for f in new_files}
            for side, folder, files in (("old", previous_dir, old_files), ("new", new_dir, new_files)):
                paths = [str(folder / f["path"]) for f in files if f["content_sha256"] not in shared]
                if not paths or "doc_id" not in [c for (c,) in con.execute(
                        "SELECT name FROM parquet_schema(?)", [paths[0]]).fetchall()]:
                    continue
                sides[side].append(
                    f"SELECT doc_id, '{table}' AS tbl, md5(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR)) AS d "
                    f"FROM read_parquet({paths!r}) t GROUP BY doc_id"
                )
        digests = [f"{side} AS (SELECT doc_id, md5(string_agg(d, ',' ORDER BY tbl)) AS digest "
                   f"FROM ({' UNION ALL '.join(parts) or 'SELECT NULL::VARCHAR AS doc_id, NULL AS tbl, NULL AS d'}) "
                   "WHERE doc_id IS NOT NULL GROUP BY doc_id)" for side, parts in sides.items()]
        titles = " UNION ALL ".join(
            f"SELECT doc_id, title, source_file FROM read_parquet({[str(folder / f['path']) for f in table_files(entry)]!r})"
            for folder, entry in ((new_dir, new_tables["documents"]), (previous_dir, old_tables["documents"])))
        rows = con.execute(
            f"WITH {', '.join(digests)}, titles AS ({titles}) "
            "SELECT CASE WHEN old.doc_id IS NULL THEN 'added' WHEN new.doc_id IS NULL THEN 'removed' ELSE 'changed' END, "
            "coalesce(new.doc_id, old.doc_id) AS id, any_value(t.title), any_value(t.source_file) "
            "FROM new FULL JOIN old USING (doc_id) JOIN titles t ON t.doc_id = coalesce(new.doc_id, old.doc_id) "
            "WHERE old.digest IS DISTINCT FROM new.digest GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
    finally:
        con.close()
    grouped: dict[str, list] = {"added": [], "removed": [], "changed": []}
    for kind, doc_id, title, source in rows:
        grouped[kind].append({"doc_id": doc_id, "title": title, "source_file": source})
    return grouped["added"], grouped["removed"], grouped["changed"]


def changelog(version: str, changes: ReleaseChanges, when: dt.date) -> str:
    """CHANGELOG.md of one release."""
    lines = [f"# {version} ({when.isoformat()})", ""]
    if changes.previous is None:
        lines += ["First release.", ""]
    else:
        lines += [f"Compared with {changes.previous}: {changes.level} release ({changes.why}).", ""]
    for title, documents in (("Documents added", changes.added), ("Documents removed", changes.removed),
                             ("Documents changed", changes.changed)):
        if documents:
            lines.append(f"## {title}")
            lines += [f"- `{d['doc_id']}` {d['title'] or '(no title)'} ({d['source_file']})" for d in documents]
            lines.append("")
    lines += ["## Rows", "", "| table | before | now | change |", "|---|---:|---:|---:|"]
    for table, (before, now) in changes.rows.items():
        lines.append(f"| {table} | {before} | {now} | {now - before:+d} |")
    lines.append("")
    if changes.schema:
        lines += ["## Schema", ""] + [f"- {text} ({level})" for level, text in changes.schema] + [""]
    return "\n".join(lines)
