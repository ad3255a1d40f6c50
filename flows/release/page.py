"""index.html of a release: what a person reads before downloading it.

One self-contained page (inline CSS and SVG, no script, nothing fetched from the network): the
card's summary and counts, charts of the corpus (documents per outlet and per year, genres,
languages, the most quoted speakers, removals by reason, sources by status) drawn with
matplotlib as SVG, every document linked to its page (flows/release/document_pages.py), the first
rows of every table, and every file with its size and sha256 (the document pages summed up in one
row). `aic serve-releases` serves it at the release's URL. The charts are deterministic (fixed SVG
id salt, no date), so the same release gives the same page.
"""

from __future__ import annotations

import html
import io
import json
import re
from pathlib import Path

import duckdb

from flows.language.text import shorten
from flows.release import catalog
from flows.release.document_pages import HEADING, page_path, shown_date
from flows.release.query import connect_release
from flows.release.store import DOCUMENT_PAGES, table_files, table_folder, table_glob
from flows.stages.ingest import sha256_file
from schemas import TABLES
from schemas.quotes import IS_SPEECH

PAGE = "index.html"
PREVIEW_ROWS = 5
PREVIEW_CHARS = 100
TOP = 12
"""Bars per chart: the largest categories, the rest summed as 'others'."""

CHARTS = (
    ("Documents per outlet", "SELECT coalesce(outlet, '(unknown)') AS label, count(*) AS n FROM documents GROUP BY 1"),
    ("Documents per year", "SELECT coalesce(CAST(year(published_date) AS VARCHAR), '(undated)') AS label, count(*) AS n "
                           "FROM documents GROUP BY 1"),
    ("Genres", "SELECT genre AS label, count(*) AS n FROM documents GROUP BY 1"),
    ("Languages", "SELECT coalesce(language, '(unknown)') AS label, count(*) AS n FROM documents GROUP BY 1"),
    ("Most quoted speakers", "SELECT speaker AS label, count(*) AS n FROM quotes WHERE " + IS_SPEECH + " AND speaker IS NOT NULL GROUP BY 1"),
    ("Removals by reason", "SELECT reason AS label, count(*) AS n FROM removed GROUP BY 1"),
    ("Sources by status", "SELECT status AS label, count(*) AS n FROM sources GROUP BY 1"),
)
"""Title and query (label, n) of each chart; a year chart keeps its labels in order, the others rank by count."""

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { margin-bottom: .2rem; } .meta { color: #555; margin-top: 0; }
.charts { columns: 22rem; column-gap: 1rem; }
figure { margin: 0 0 1rem; break-inside: avoid; border: 1px solid #ddd; border-radius: 6px; padding: .5rem; }
figure svg { width: 100%; height: auto; } figcaption { font-weight: 600; }
table { border-collapse: collapse; font-size: .85rem; margin-bottom: 1.5rem; }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } code { font-size: .85rem; } .preview { overflow-x: auto; }
.preview td { max-width: 22rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.documents table { display: block; } .documents thead, .documents tbody { display: flex; flex-direction: column; }
.documents tr { display: grid; grid-template-columns: minmax(0, 1fr) 11rem 6.5rem 10rem 6.5rem; }
.documents th, .documents td { border-width: 0 0 1px; } .documents th a::after { content: " ↕"; color: #999; }
#documents-by-title:target ~ table tbody tr { order: var(--by-title); }
#documents-by-outlet:target ~ table tbody tr { order: var(--by-outlet); }
"""


def write_release_page(folder: Path, manifest: dict) -> None:
    """Write index.html into a release folder whose tables and metadata files are already written."""
    (folder / PAGE).write_text(release_page(folder, manifest), encoding="utf-8")


def release_page(folder: Path, manifest: dict) -> str:

    con = connect_release(folder)
    version = manifest["dataset_version"]
    counts = "".join(f"<tr><td><code>{name}</code></td><td>{manifest['tables'][name]['rows']:,}</td>"
                     f"<td>{html.escape(TABLES[name].description)}</td></tr>" for name in TABLES)
    charts = "".join(_chart(title, con.execute(sql).fetchall(), ordered=title.endswith("year")) for title, sql in CHARTS)
    previews = "".join(_preview(name, con) for name in TABLES)
    files = "".join(
        f'<tr><td><a href="{html.escape(p.name)}">{html.escape(p.name)}</a></td><td>{_size(p.stat().st_size)}</td>'
        f"<td><code>{sha256_file(p)}</code></td></tr>"
        for p in sorted(folder.iterdir()) if p.is_file() and p.name not in (PAGE, "SHA256SUMS"))
    files += "".join(
        f'<tr><td><a href="{table_folder(name)}/">{table_glob(name)}</a></td><td>{_size(entry["bytes"])}</td>'
        f"<td>{len(table_files(entry)):,} file{'s' * (len(table_files(entry)) > 1)}, each listed in SHA256SUMS</td></tr>"
        for name, entry in manifest["tables"].items())
    pages = list((folder / DOCUMENT_PAGES).iterdir())
    files += (f'<tr><td><a href="#documents">{DOCUMENT_PAGES}/</a></td><td>{_size(sum(p.stat().st_size for p in pages))}</td>'
              f"<td>{len(pages):,} pages, one per document, each listed in SHA256SUMS</td></tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{catalog.PRETTY_NAME} v{version}</title><style>{STYLE}</style></head>
<body>
<h1>{catalog.PRETTY_NAME} v{version}</h1>
<p class="meta">Published {manifest['published']} · schema {manifest['schema_version']} ·
{html.escape(manifest.get('release_level') or '')} release · <a href="README.md">dataset card</a> ·
<a href="CHANGELOG.md">changes</a> · <a href="{catalog.LICENSE_FILE}">licences</a></p>
<p>Press interviews and articles about the National Resistance Front of Afghanistan, cleaned, segmented into
question/answer turns with their speakers, and annotated with linked entities and attributed quotes. Every row
can be traced to the bytes of its raw file; everything the cleaner removed is published with the reason.</p>
<p>{html.escape(catalog.DATA_TERMS)}</p>
<h2>Tables</h2>
<table><tr><th>table</th><th>rows</th><th>what a row is</th></tr>{counts}</table>
{_accuracy(manifest)}
<h2>The corpus at a glance</h2>
<div class="charts">{charts}</div>
{_documents(con)}
<h2>First rows of each table</h2>
{previews}
<h2>Files</h2>
<p>Check them with <code>sha256sum -c SHA256SUMS</code> (<a href="SHA256SUMS">SHA256SUMS</a>), or
<code>aic verify</code>; query them with DuckDB and <a href="views.sql">views.sql</a>.</p>
<table><tr><th>file</th><th>size</th><th>sha256</th></tr>{files}</table>
</body></html>
"""


_CODE = re.compile(r"`([^`]+)`")
_CODE_TAG = r"<code>\1</code>"


def _accuracy(manifest: dict) -> str:
    """The card's "How accurate is it" table, for readers of the page."""
    rows = catalog.accuracy_rows(manifest)
    if not rows:
        return ""
    cells = "".join(f"<tr><td>{_CODE.sub(_CODE_TAG, html.escape(what))}</td><td>{score:.0%}</td></tr>"
                    for what, score in rows)
    return (f"<h2>How accurate is it</h2><p>Measured on {html.escape(manifest['build']['accuracy']['measured_on'])}"
            f" (see the dataset card).</p><table><tr><th>field</th><th>right</th></tr>{cells}</table>")


def _chart(title: str, rows: list[tuple[str, int]], ordered: bool) -> str:
    """A horizontal bar chart as inline SVG (largest first, or in label order for years)."""
    rows = sorted(rows) if ordered else sorted(rows, key=lambda r: (-r[1], r[0]))
    if len(rows) > TOP:
        rows = rows[: TOP - 1] + [("(others)", sum(n for _, n in rows[TOP - 1 :]))]
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels = [shorten(str(label), 28) for label, _ in rows][::-1]
    values = [n for _, n in rows][::-1]
    with matplotlib.rc_context({"svg.hashsalt": "afghan-interviews-corpus", "svg.fonttype": "none", "font.size": 9}):
        figure = Figure(figsize=(5, 0.35 * max(len(rows), 1) + 0.8))
        axes = figure.add_subplot()
        bars = axes.barh(labels or ["(none)"], values or [0], color="#4c72b0")
        axes.bar_label(bars, padding=3)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_xlabel("count")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.margins(x=0.15)
        figure.tight_layout()
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # inline: without the XML declaration and doctype
    return f'<figure><figcaption>{html.escape(title)}</figcaption>{svg}</figure>'


def _documents(con: duckdb.DuckDBPyConnection) -> str:
    """Every document linked to its page, in one table sortable by link without script.

    The rows are written once, by date (undated last); each carries its rank by title and by outlet as
    CSS variables, and the links of those column headers target an anchor before the table, whose
    `:target` rule orders the rows (the body is a flex column) by that rank; the date header's link
    targets the section, so the written order comes back. One copy of the rows, whatever the orderings.
    """
    rows = con.execute(
        f"SELECT doc_id, {HEADING}, outlet, published_date, date_precision, genre, language, "
        f"row_number() OVER (ORDER BY lower({HEADING}), doc_id) AS by_title, "
        "row_number() OVER (ORDER BY outlet IS NULL, lower(outlet), published_date NULLS LAST, doc_id) AS by_outlet "
        "FROM documents ORDER BY published_date NULLS LAST, doc_id").fetchall()
    body = "".join(
        f'<tr style="--by-title:{by_title};--by-outlet:{by_outlet}"><td><a href="{page_path(doc_id)}">'
        f"{html.escape(heading)}</a></td><td>{html.escape(outlet or '')}</td>"
        f"<td>{shown_date(date, precision)}</td><td>{html.escape(genre)}</td><td>{html.escape(language or '')}</td></tr>"
        for doc_id, heading, outlet, date, precision, genre, language, by_title, by_outlet in rows)
    return f"""<h2 id="documents">Documents</h2>
<p>{len(rows):,} documents, each with its page: the text as turns with their speakers, quotes and linked
mentions marked, and the lines the cleaner removed struck through with the reason. Sorted by date; the
column headers sort by title or outlet.</p>
<div class="documents"><span id="documents-by-title"></span><span id="documents-by-outlet"></span>
<table><thead><tr><th><a href="#documents-by-title">title</a></th><th><a href="#documents-by-outlet">outlet</a></th>
<th><a href="#documents">date</a></th><th>genre</th><th>language</th></tr></thead><tbody>{body}</tbody></table></div>"""


def _preview(name: str, con: duckdb.DuckDBPyConnection) -> str:
    cursor = con.execute(f"SELECT * FROM {name} ORDER BY {', '.join(TABLES[name].primary_key)} LIMIT {PREVIEW_ROWS}")
    columns = [d[0] for d in cursor.description]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>" for row in cursor.fetchall())
    return f'<h3><code>{name}</code></h3><div class="preview"><table><tr>{head}</tr>{body}</table></div>'


def _cell(value) -> str:
    if value is None:
        return "NULL"
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)
    return shorten(text.replace("\n", " ⏎ "), PREVIEW_CHARS)


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    for unit in ("KB", "MB"):
        n /= 1000
        if n < 1000:
            return f"{n:.1f} {unit}"
    return f"{n / 1000:.1f} GB"
