"""Release metadata that tools understand, generated from the table contracts and the manifest.

- README.md: the dataset card, with Hugging Face YAML front matter (one config per table).
- datapackage.json: Frictionless Data Package, a table schema per resource with primary and
  foreign keys (`frictionless validate datapackage.json`).
- croissant.json: MLCommons Croissant 1.0 (`mlcroissant validate --jsonld croissant.json`).
- LICENSE.md: the terms of each part, which the three above link to and state alike: the
  publishers' words (the columns marked `publisher_text` in the contracts) stay theirs; the
  annotations are CC-BY-4.0.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from flows.language.text import shorten
from flows.release.store import table_files, table_folder, table_glob
from schemas import TABLES
from schemas.quotes import IS_SPEECH

DATASET_NAME = "afghan-interviews-corpus"
PRETTY_NAME = "Afghan Interviews Corpus"
CREATOR = "Afghan Interviews Corpus maintainers"
CODE_LICENSE = "MIT"
ANNOTATIONS_LICENSE, ANNOTATIONS_LICENSE_URL = "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/"
TEXTS_TERMS = "(c) their publishers; redistributed for research, all other rights reserved"
LICENSE_FILE = "LICENSE.md"
DATA_TERMS_SHORT = "Texts (c) their publishers, for research; annotations CC-BY-4.0"
DATA_TERMS = (
    "The article texts are third-party press content: they remain their publishers' and are "
    "redistributed here for research, with each document's source recorded (url, outlet). "
    "The annotations added by this project (segmentation, speakers, entity links, quote "
    "attributions, metadata) are released under CC-BY-4.0."
)
LICENSES = {
    "code": CODE_LICENSE,
    "annotations": f"{ANNOTATIONS_LICENSE} ({ANNOTATIONS_LICENSE_URL})",
    "texts": f"{TEXTS_TERMS}; see documents.url and documents.outlet ({LICENSE_FILE}#texts)",
}


def publisher_text_columns(table: str | None = None) -> list[str]:
    """'table.column' of every column holding the publishers' words (of one table, or all)."""
    return [f"{name}.{c.name}" for name, contract in TABLES.items() if table in (None, name)
            for c in contract.columns if c.publisher_text]


def license_text() -> str:
    """LICENSE.md of a release: one section per part, with the columns it covers."""
    texts = ", ".join(f"`{c}`" for c in publisher_text_columns())
    return "\n".join([
        f"# Licences of the {PRETTY_NAME}", "",
        "A release has two parts, under different terms.", "",
        '<a id="texts"></a>', "## Texts: the publishers' words", "",
        f"Columns {texts}: the words of the articles and of passages of them, {TEXTS_TERMS}. "
        "They are not covered by CC-BY. Each document's source is recorded in `documents.url` and "
        "`documents.outlet`; ask the publisher for any use beyond research.", "",
        '<a id="annotations"></a>', f"## Annotations: {ANNOTATIONS_LICENSE}", "",
        f"Every other column, and every table without such a column: {ANNOTATIONS_LICENSE} "
        f"(<{ANNOTATIONS_LICENSE_URL}>), attribution to the {CREATOR} (see the dataset card's citation).", "",
        f"## Pipeline code: {CODE_LICENSE}", "",
    ])


_FRICTIONLESS_TYPES = {"string": "string", "int32": "integer", "int64": "integer", "double": "number",
                       "bool": "boolean", "date32[day]": "date"}
_CROISSANT_TYPES = {"string": "sc:Text", "int32": "sc:Integer", "int64": "sc:Integer", "double": "sc:Float",
                    "bool": "sc:Boolean", "date32[day]": "sc:Date"}
_CROISSANT_CONTEXT = {
    "@language": "en", "@vocab": "https://schema.org/", "citeAs": "cr:citeAs", "column": "cr:column",
    "conformsTo": "dct:conformsTo", "cr": "http://mlcommons.org/croissant/", "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"}, "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/", "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"}, "extract": "cr:extract", "field": "cr:field",
    "fileProperty": "cr:fileProperty", "fileObject": "cr:fileObject", "fileSet": "cr:fileSet", "format": "cr:format",
    "includes": "cr:includes", "isLiveDataset": "cr:isLiveDataset", "jsonPath": "cr:jsonPath", "key": "cr:key",
    "md5": "cr:md5", "parentField": "cr:parentField", "path": "cr:path", "recordSet": "cr:recordSet",
    "references": "cr:references", "regex": "cr:regex", "repeated": "cr:repeated", "replace": "cr:replace",
    "samplingRate": "cr:samplingRate", "sc": "https://schema.org/", "separator": "cr:separator", "source": "cr:source",
    "subField": "cr:subField", "transform": "cr:transform",
}


def citation(version: str, year: str, url: str | None = None) -> str:
    """BibTeX; the corporate author in double braces, so BibTeX does not read it as a person's name."""
    fields = [("author", f"{{{CREATOR}}}"), ("title", PRETTY_NAME), ("version", version), ("year", year),
              ("publisher", CREATOR), *([("url", url)] if url else []),
              ("note", "Interviews with Ahmad Massoud and Ahmad Wali Massoud, segmented and annotated. "
                       f"Texts {TEXTS_TERMS}; annotations {ANNOTATIONS_LICENSE}")]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{afghan_interviews_corpus_{version.replace('.', '_')},\n{body}\n}}"


def read_table(folder: Path, manifest: dict, name: str, columns: list[str], rows: int | None = None) -> pa.Table:
    """A table of the release in `folder`, from its files in order (only as many files as `rows` needs)."""
    parts, total = [], 0
    for entry in table_files(manifest["tables"][name]):
        if rows is not None and total >= rows:
            break
        parts.append(pq.read_table(folder / entry["path"], columns=columns))
        total += parts[-1].num_rows
    return pa.concat_tables(parts)


def write_catalog(folder: Path, manifest: dict) -> None:
    (folder / LICENSE_FILE).write_text(license_text(), encoding="utf-8")
    (folder / "README.md").write_text(dataset_card(folder, manifest), encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps(data_package(manifest), indent=2) + "\n", encoding="utf-8")
    (folder / "croissant.json").write_text(json.dumps(croissant(manifest), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


ACCURACY_FIELDS = {
    "language": "main language (`documents.language`)",
    "title": "headline (`documents.title`)",
    "published_date": "publication date (`documents.published_date`)",
    "interviewees": "who was interviewed (`documents.interviewees`)",
    "interviewer": "who asked the questions (`documents.interviewer`)",
    "genre": "genre (`documents.genre`)",
    "n_questions": "number of question turns (`documents.n_questions`)",
    "question_f1": "question turns starting at the right line (F1, `segments`)",
    "boilerplate_removed": "lines of site chrome removed (`removed`)",
    "body_kept": "lines of running text kept (`documents.text`)",
    "people_recall": "people the text names found as person mentions (`mentions`)",
}
"""What each field of score.py measures, in a reader's words (the card's and the release page's accuracy table)."""


def accuracy_rows(manifest: dict) -> list[tuple[str, float]]:
    """(what, share right) per field measured on pages never fitted; empty when the release states no figures."""
    accuracy = manifest.get("build", {}).get("accuracy")
    if not accuracy or not accuracy.get("applies"):
        return []
    fields = accuracy["fields"]
    return [(what, fields[name]) for name, what in ACCURACY_FIELDS.items() if name in fields]


def accuracy_section(manifest: dict) -> list[str]:
    rows = accuracy_rows(manifest)
    lines = ["## How accurate is it", ""]
    if not rows:
        return lines + ["No accuracy figures were measured for the code and models this release was built with.", ""]
    accuracy = manifest["build"]["accuracy"]
    lines += [
        f"Measured on {accuracy['measured_on']}: the share of pages (or lines, or people) where the field is right. "
        "Expect about these rates on pages like them; on the five seed pages every field is exact. A field the "
        "pipeline cannot read is left empty rather than guessed, which counts as wrong here.", "",
        "| field | right | wrong about |", "|---|---|---|",
    ]
    lines += [f"| {what} | {score:.0%} | {1 - score:.0%} |" for what, score in rows]
    lines += ["", f"Mean over the fields: {accuracy['fields']['mean']:.0%} on the validation split"]
    if accuracy.get("cross_validated"):
        lines[-1] += (f", {accuracy['cross_validated']['mean']:.0%} on the development set's pages when each site's "
                      "pages are built with models trained on the other sites (5-fold cross-validation)")
    lines[-1] += (". Every field comes from general rules, except the genre of a page where no rule's signal "
                  "decides it: a small learned model chooses it (`flows/models/genre.json` in the pipeline's code).")
    return [*lines, ""]


def dataset_card(folder: Path, manifest: dict) -> str:
    documents = read_table(folder, manifest, "documents", ["doc_id", "title", "outlet", "url", "language", "published_date",
                                                          "genre"]).to_pylist()
    languages = sorted({d["language"] for d in documents if d["language"]}) or ["en"]
    rows = sum(t["rows"] for t in manifest["tables"].values())
    size = "n<1K" if len(documents) < 1000 else "1K<n<10K" if len(documents) < 10_000 else "10K<n<100K"
    front = ["---", f"pretty_name: {PRETTY_NAME}", "license: other",
             "license_name: publishers-texts-cc-by-4.0-annotations", f"license_link: {LICENSE_FILE}", "language:"] + [f"- {code}" for code in languages]
    front += [f"size_categories:\n- {size}", "tags:\n- interviews\n- afghanistan\n- quotes\n- entity-linking", "configs:"]
    for index, name in enumerate(TABLES):
        front += [f"- config_name: {name}", "  data_files:", "  - split: train", f'    path: "{table_glob(name)}"']
        if index == 0:
            front.append("  default: true")
    front.append("---")
    version = manifest["dataset_version"]
    body = [
        f"# {PRETTY_NAME} v{version}", "",
        "Press interviews and articles about the National Resistance Front of Afghanistan "
        "(first corpus: interviews with Ahmad Massoud and his uncle Ahmad Wali Massoud), cleaned, "
        "segmented into question/answer turns with their speakers, and annotated with linked "
        "entities and attributed quotes. Every row can be traced to the bytes of the raw file it "
        "came from, and everything the cleaner removed is published with the reason.", "",
        f"Release {version} (schema {manifest['schema_version']}, published {manifest['published']}): "
        f"{len(documents)} documents, {rows} rows in {len(TABLES)} tables. See CHANGELOG.md.", "",
        "Each document can also be read in a browser, without network or script: `documents/<doc_id>.html` (linked from "
        "`index.html`) shows its text as turns with their speakers and roles, the quotes and the linked entity mentions "
        "marked, and the lines the cleaner removed struck through in place with the reason and the rule.", "",
        "## Sources", "",
        "| doc_id | title | outlet | published | source |", "|---|---|---|---|---|",
    ]
    for d in documents:
        body.append(f"| {d['doc_id']} | {d['title'] or '(no title)'} | {d['outlet'] or 'unknown'} | "
                    f"{d['published_date'] or 'unknown'} | {d['url'] or 'no URL on the page'} |")
    body += [
        "", "## How it was made", "",
        "A Prefect flow runs ingest (sha256, strict UTF-8), clean (ftfy repair, header fields, "
        "boilerplate, repeats, pull-quotes by word-level LCS), segment (interview turns, speakers, "
        "blingfire sentences), tag (lingua language, knowledge-base entity linking, quote "
        "attribution), validates every table with pandera and DuckDB cross-table checks, and "
        f"writes this folder. Pipeline version: {manifest['build'].get('pipeline_version', 'n/a')}.", "",
        "Offsets (`char_start`, `char_end`) are code-point indices into `documents.text`, end "
        "exclusive: `text[char_start:char_end]` in Python, `substr(text, char_start + 1, "
        "char_end - char_start)` in DuckDB. `raw_byte_start`/`raw_byte_end` point into the raw file "
        "whose sha256 is `documents.raw_sha256`.", "",
        "## Tables", "",
    ]
    for name, contract in TABLES.items():
        body += [f"### {name} ({manifest['tables'][name]['rows']} rows)", "", contract.description, "",
                 f"Primary key: {', '.join(f'`{k}`' for k in contract.primary_key)}.", "",
                 "| column | type | description |", "|---|---|---|"]
        body += [f"| {c.name} | {c.type}{'' if not c.nullable else ', nullable'} | {c.description} |" for c in contract.columns]
        body.append("")
    body += ["## Allowed values", "", "Every column with a closed set of values (checked on every build):", "",
             "| column | values |", "|---|---|"]
    body += [f"| {name}.{c.name} | {', '.join(f'`{v}`' for v in c.allowed)} |"
             for name, contract in TABLES.items() for c in contract.columns if c.allowed]
    body += ["", "## How the tables join", "", "| column | refers to |", "|---|---|"]
    body += [f"| {name}.{fk.column} | {fk.parent_table}.{fk.parent_column} |"
             for name, contract in TABLES.items() for fk in contract.foreign_keys]
    body += ["", "Every row of a document's tables carries its `doc_id`; spans (`char_start`, `char_end`) "
             "point into `documents.text`. Examples (DuckDB, with views.sql loaded):", ""]
    for title, sql in JOIN_EXAMPLES:
        body += [f"{title}:", "", "```sql", sql, "```", ""]
    body += ["## Sample rows", ""]
    for name, columns in SAMPLE_COLUMNS.items():
        sample = read_table(folder, manifest, name, list(columns), SAMPLE_ROWS).slice(0, SAMPLE_ROWS).to_pylist()
        body += [f"{name}:", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        body += ["| " + " | ".join(_cell(row[c]) for c in columns) + " |" for row in sample]
        body.append("")
    body += [
        *accuracy_section(manifest),
        "## Reading the tables", "",
        "Parquet keeps each column's type; a reader that converts to NumPy does not: pandas turns a "
        "nullable integer (`segments.turn`) into float and dates into `object`. Keep the Arrow types:", "",
        "```python\nimport pandas as pd\n"
        f"segments = pd.read_parquet(\"{table_folder('segments')}\", dtype_backend=\"pyarrow\")   # turn: int32[pyarrow], <NA> kept\n\n"
        f"import polars as pl\ndocuments = pl.read_parquet(\"{table_glob('documents')}\")\n\n"
        f"import duckdb\nduckdb.sql(\"FROM '{table_glob('quotes')}' LIMIT 5\")\n\n"
        "from datasets import load_dataset   # Hugging Face: one config per table (front matter)\n"
        f"quotes = load_dataset(\"parquet\", data_files=\"{table_glob('quotes')}\")\n```", "",
        f"Each table is a folder of Parquet files (`{table_glob('<table>')}`, partitions of 1,000 to "
        "4,000 documents, in doc_id order): read the folder or the pattern; a table of one file is also "
        "`<table>.parquet` beside this card. Over HTTP, where a folder "
        "cannot be listed, `views.sql` and `manifest.json` name every file; a new release shares every file whose "
        "rows did not change, so `aic download` fetches only the new ones.", "",
        "For a spreadsheet: `aic export --format csv --into export/` (UTF-8; list columns as JSON arrays).", "",
        "## Personal information", "",
        "The texts are published press articles about public figures: political and military leaders, "
        "officials, and the journalists who interviewed them (bylines are kept in `documents.authors` and "
        "`documents.interviewer`). The pipeline links names to a curated knowledge base of public people "
        "and organisations; other names found by pattern are kept as printed. No private contact data is "
        "collected. People named in a text can ask for a correction or withdrawal (see Maintenance).", "",
        "## Source bias", "",
        "The corpus is built around the National Resistance Front of Afghanistan and its leaders: it "
        "over-represents their own statements and outlets that interviewed them, mostly in English and "
        "Persian, and under-represents the Taliban's, other Afghan factions' and ordinary Afghans' "
        "voices. Speaker and quote attribution are rules written for journalistic English and "
        "checked on a development set of pages in eleven languages; elsewhere fields are left empty "
        "rather than guessed. Counts in this data describe what was published and collected, not events.", "",
        "## Maintenance", "",
        "Releases are immutable and versioned (semantic versioning of the data contract: major for a "
        "removed or changed column, minor for added documents or columns, patch for corrected values); "
        "CHANGELOG.md lists what changed, document by document. Corrections and withdrawals go to the "
        "maintainers and appear in the next release; earlier releases stay as published so that "
        "citations remain verifiable.", "",
        "## Known limitations", "",
        "- The rules were written on five seed pages and tuned on a development set of real pages in "
        "eleven languages; they will miss layouts they have not met.",
        "- Speakers, entities and quotes come from rules and a curated knowledge base, not from a "
        "statistical model: names outside the knowledge base are not linked (`aic kb-gaps` lists them).",
        "- A pronoun speaker is resolved only when no other person stands between it and the last named "
        "speaker; otherwise it is left null. Quotations in paragraphs with unpaired quotation marks are "
        "not extracted (the document is flagged `unbalanced_quotes`). Quote attribution in narration "
        "reads English reporting verbs only.",
        "- Dates are taken only from explicit date lines; documents without one have no date.",
        "", "## Licensing", "", DATA_TERMS, "",
        "| part | terms | columns |", "|---|---|---|",
        f"| texts | {TEXTS_TERMS} ([{LICENSE_FILE}]({LICENSE_FILE}#texts)) | "
        f"{', '.join(f'`{c}`' for c in publisher_text_columns())} |",
        f"| annotations | [{ANNOTATIONS_LICENSE}]({ANNOTATIONS_LICENSE_URL}) | every other column |",
        f"| pipeline code | {CODE_LICENSE} | (not in this folder) |", "",
        "## How to cite", "", "```bibtex", citation(version, manifest["published"][:4], manifest.get("url")), "```", "",
        "## Verify and query", "",
        "```sh\nsha256sum -c SHA256SUMS              # or: aic verify --release this/folder\n"
        "duckdb -init views.sql                # from this folder; from elsewhere:\n"
        "duckdb -c \"SET VARIABLE release_dir = '/path/to/this/folder/'; .read /path/to/this/folder/views.sql\"\n```", "",
    ]
    return "\n".join(front + [""] + body)


ANNOTATIONS_TERMS = {"name": ANNOTATIONS_LICENSE, "path": ANNOTATIONS_LICENSE_URL,
                     "title": "Annotations: every column not holding the publishers' words"}
TEXTS_LICENSE = {"name": "publishers-terms", "path": f"{LICENSE_FILE}#texts",
                 "title": f"Texts (columns marked as the publishers' words): {TEXTS_TERMS}"}


JOIN_EXAMPLES = (
    ("Who said what, and where (answers and quotations, the speech among quotes, with their speaker's entity "
     "and the document's source)",
     "SELECT q.speaker, e.wikidata_qid, d.outlet, d.published_date, q.kind, q.method, q.text\n"
     "FROM quotes q JOIN documents d USING (doc_id) LEFT JOIN entities e ON e.entity_id = q.speaker_entity_id\n"
     f"WHERE q.{IS_SPEECH}\n"
     "ORDER BY d.published_date NULLS LAST, q.quote_id LIMIT 20;"),
    ("Each question with its answers (segments of an interview, by turn)",
     "SELECT q.doc_id, q.turn, q.text AS question, a.speaker, a.text AS answer\n"
     "FROM segments q JOIN segments a ON a.reply_to = q.segment_id\n"
     "WHERE q.kind = 'question' ORDER BY q.doc_id, q.turn LIMIT 20;"),
    ("Sentences that mention a person, with the sentence's span checked against the text",
     "SELECT e.name, s.sentence_id, s.text,\n"
     "       substr(d.text, s.char_start + 1, s.char_end - s.char_start) = s.text AS span_ok\n"
     "FROM mentions m JOIN entities e USING (entity_id) JOIN sentences s USING (sentence_id)\n"
     "JOIN documents d ON d.doc_id = s.doc_id WHERE e.type = 'person' LIMIT 20;"),
    ("What the cleaner removed, by reason",
     "SELECT reason, count(*) AS lines FROM removed GROUP BY reason ORDER BY lines DESC;"),
)
"""Example queries of the card's join guide (the tests run them on a release)."""
SAMPLE_COLUMNS = {
    "documents": ("doc_id", "title", "outlet", "published_date", "genre", "language"),
    "segments": ("segment_id", "kind", "turn", "speaker", "text"),
    "quotes": ("quote_id", "kind", "speaker", "method", "confidence", "text"),
}
SAMPLE_ROWS = 3
SAMPLE_CHARS = 80


def _cell(value) -> str:
    return shorten("NULL" if value is None else str(value).replace("\n", " ").replace("|", "\\|"), SAMPLE_CHARS)


def data_package(manifest: dict) -> dict:
    resources = []
    for name, contract in TABLES.items():
        fields = []
        for column in contract.columns:
            # frictionless reads Parquet lists as numpy arrays, which its "array" type rejects: "any" + description
            kind = "any" if pa.types.is_list(column.type) else _FRICTIONLESS_TYPES[str(column.type)]
            constraints = {"required": True} if not column.nullable else {}
            if column.allowed:
                constraints["enum"] = list(column.allowed)
            description = f"{column.description} (list of strings)" if kind == "any" else column.description
            fields.append({"name": column.name, "type": kind, "description": description,
                           **({"constraints": constraints} if constraints else {})})
        # frictionless reads Parquet through pandas, where a null integer becomes NaN
        schema = {"fields": fields, "primaryKey": list(contract.primary_key), "missingValues": ["", "nan", "NaN", "None"]}
        keys = [{"fields": [fk.column], "reference": {"resource": "" if fk.parent_table == name else fk.parent_table,
                                                      "fields": [fk.parent_column]}} for fk in contract.foreign_keys]
        if keys:
            schema["foreignKeys"] = keys
        resources.append({
            "name": name, "path": [f["path"] for f in table_files(manifest["tables"][name])], "format": "parquet", "mediatype": "application/vnd.apache.parquet",
            "description": contract.description, "schema": schema,
            "licenses": [ANNOTATIONS_TERMS, TEXTS_LICENSE] if publisher_text_columns(name) else [ANNOTATIONS_TERMS],
        })
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": DATASET_NAME,
        "title": PRETTY_NAME,
        "version": manifest["dataset_version"],
        "created": f"{manifest['published']}T00:00:00Z",
        "licenses": [ANNOTATIONS_TERMS, TEXTS_LICENSE],
        "contributors": [{"title": CREATOR, "roles": ["creator", "publisher"]}],
        **({"homepage": manifest["url"]} if manifest.get("url") else {}),
        "resources": resources,
    }


def croissant(manifest: dict) -> dict:
    distribution, record_sets = [], []
    for name, contract in TABLES.items():
        file_id = f"{name}-files"  # the partition files (their sha256 are in SHA256SUMS and manifest.json)
        distribution.append({"@type": "cr:FileSet", "@id": file_id, "name": file_id, "encodingFormat": "application/x-parquet",
                             "includes": table_glob(name)})
        fields = []
        for column in contract.columns:
            is_list = pa.types.is_list(column.type)
            field = {"@type": "cr:Field", "@id": f"{name}/{column.name}", "name": column.name,
                     "description": column.description,
                     "dataType": _CROISSANT_TYPES[str(column.type.value_type if is_list else column.type)],
                     "source": {"fileSet": {"@id": file_id}, "extract": {"column": column.name}}}
            if is_list:
                field.update({"cr:isArray": True, "cr:arrayShape": "-1"})
            fields.append(field)
        record_sets.append({"@type": "cr:RecordSet", "@id": name, "name": name, "description": contract.description,
                            "key": [{"@id": f"{name}/{k}"} for k in contract.primary_key], "field": fields})
    return {
        "@context": _CROISSANT_CONTEXT, "@type": "sc:Dataset", "name": DATASET_NAME,
        "description": f"{PRETTY_NAME}: segmented, speaker-attributed and entity-linked press interviews.",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": citation(manifest["dataset_version"], manifest["published"][:4], manifest.get("url")),
        "creator": {"@type": "sc:Organization", "name": CREATOR},
        "publisher": {"@type": "sc:Organization", "name": CREATOR},
        **({"url": manifest["url"]} if manifest.get("url") else {}),
        "datePublished": manifest["published"],
        "license": [ANNOTATIONS_LICENSE_URL, (manifest.get("url") or "") + f"{LICENSE_FILE}#texts"],
        "version": manifest["dataset_version"], "distribution": distribution, "recordSet": record_sets,
    }
