"""The open-data files: every table as JSON with its JSON Schema, the items as CSV, the source
texts, and the citation files, as docs-relative path -> content for the site.

Output is byte-for-byte reproducible: rows in a fixed order, keys in field-table order, no
timestamps, and one record per line so that a diff between two builds shows what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.vocabularies import Vocabularies
from tiparchive.render.citation import citation_files
from tiparchive.render.opendata.csvfile import write_csv
from tiparchive.render.opendata.fields import INTEGER, TEXT, URL, Field, Record
from tiparchive.render.opendata.tables import RECOMMENDATION, TABLES, Table
from tiparchive.siteconfig import SiteConfig

FORMAT_VERSION = 2  # 2: meetings.json's `source` became the list `sources`
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
CSV_NAME = "recommendations.csv"
LICENCE = (
    "Item texts and source texts are quoted word for word from reports published by the bodies named as their "
    "publishers or organisers; they remain theirs: cite the report they come from. The archive's own additions "
    "(ids, themes, normalised names and the structure of these files) are published under the MIT licence of "
    "the archive's code."
)


@dataclass(frozen=True, slots=True)
class About:
    table: Table
    config: SiteConfig
    count: int


ABOUT: Record[About] = Record("about", (
    Field("title", TEXT, "What the file holds.", lambda a: a.table.title),
    Field("archive", TEXT, "The archive the file comes from.", lambda a: a.config.name),
    Field("site_url", URL, "The site's address when it is configured, else empty; every url in the file is "
          "relative to it, and every permalink starts with it.", lambda a: a.config.url),
    Field("schema", URL, "The JSON Schema of this file, relative to it.", lambda a: f"{a.table.name}.schema.json"),
    Field("format_version", INTEGER, "Raised when a field is removed or changes meaning; adding a field "
          "does not raise it.", lambda a: FORMAT_VERSION),
    Field("licence", TEXT, "Terms of use.", lambda a: LICENCE),
    Field("count", INTEGER, "The number of records in the file.", lambda a: a.count),
))


def json_path(table: Table) -> str:
    return f"{urls.DATA}/{table.name}.json"


def schema_path(table: Table) -> str:
    return f"{urls.DATA}/{table.name}.schema.json"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def rows(table: Table, archive: Archive, config: SiteConfig) -> list[dict[str, Any]]:
    return [table.record.build(row, config.url) for row in table.rows(archive)]


def table_json(table: Table, archive: Archive, config: SiteConfig) -> str:
    records = rows(table, archive, config)
    about = ABOUT.build(About(table, config, len(records)))
    lines = [f'{{"about":{_compact(about)},', f'"{table.name}":[']
    lines += [_compact(record) + ("," if index < len(records) - 1 else "") for index, record in enumerate(records)]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def table_schema(table: Table, vocabularies: Vocabularies) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{table.name}.schema.json",
        "title": f"{table.title} ({table.name}.json)",
        "description": table.description,
        "type": "object",
        "additionalProperties": False,
        "required": ["about", table.name],
        "properties": {
            "about": {"description": "About this file.", **ABOUT.schema(vocabularies)},
            table.name: {"description": table.description, "type": "array",
                         "items": table.record.schema(vocabularies)},
        },
    }


def recommendations_csv(archive: Archive, config: SiteConfig) -> str:
    assert RECOMMENDATION.is_flat, "every CSV column must fit one cell"
    columns = [field.name for field in RECOMMENDATION.fields]
    table = next(t for t in TABLES if t.record is RECOMMENDATION)
    return write_csv(columns, rows(table, archive, config))


def render_data(archive: Archive, config: SiteConfig) -> dict[str, str]:
    """Every data file below data/, except the Open data page."""
    files: dict[str, str] = {}
    for table in TABLES:
        files[json_path(table)] = table_json(table, archive, config)
        schema = table_schema(table, archive.vocabularies)
        files[schema_path(table)] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    files[f"{urls.DATA}/{CSV_NAME}"] = recommendations_csv(archive, config)
    for meeting in archive.meetings:
        for source in meeting.sources:
            files[urls.source_text(source)] = source.text
        files.update(citation_files(meeting, config))
    return files
