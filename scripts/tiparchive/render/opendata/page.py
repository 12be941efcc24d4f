"""The Open data page: every file, every field, and how to load them, from the field tables.

The field lists are generated from the same `Record` tables that write the files and their
schemas, so a field cannot be added, renamed or described differently in one place only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.render import markup
from tiparchive.render.feed import FEED_LIMIT
from tiparchive.render.opendata.csvfile import FORMULA_STARTS, LIST_SEPARATOR, cell
from tiparchive.render.opendata.fields import IDS, TEXTS, Record
from tiparchive.render.opendata.files import ABOUT, CSV_NAME, LICENCE, json_path, rows, schema_path
from tiparchive.render.opendata.tables import RECOMMENDATION, TABLES, Table
from tiparchive.siteconfig import SiteConfig

_SHOWN_STARTS = {"\t": "a tab", "\r": "a carriage return", "'": "an apostrophe"}


def _size(content: str) -> str:
    size = len(content.encode("utf-8"))
    return f"{size / 1024:,.0f} KB" if size >= 10 * 1024 else f"{size / 1024:,.1f} KB"


def _link(path: str, label: str = "") -> str:
    return markup.link(urls.OPEN_DATA, path, label or path.rsplit("/", 1)[-1])


def _field_rows(record: Record[Any]) -> list[str]:
    lines = ["| Field | Type | Description |", "|---|---|---|"]
    for path, field in record.walk():
        lines.append(f"| `{path}` | {field.shown_type()} | {markup.text(field.description)} |")
    return lines


def _allowed(archive: Archive, record: Record[Any]) -> list[str]:
    """The closed lists some fields draw from: each list once, with every field that uses it."""
    users: dict[tuple[str, ...], list[str]] = {}
    for path, field in record.walk():
        if field.allowed is not None:
            users.setdefault(tuple(sorted(field.allowed(archive.vocabularies))), []).append(f"`{path}`")
    lines = [f"- {', '.join(fields)}: one of " + ", ".join(f"`{v}`" for v in values) + "."
             for values, fields in users.items()]
    return ["Fields with a closed list of values:", "", *lines, ""] if lines else []


def _examples(config: SiteConfig) -> list[str]:
    """Loading by address when the site knows its own; otherwise from downloaded copies, never a placeholder."""
    if config.url:
        base = f"{config.url}data/"
        open_json = f'json.load(urllib.request.urlopen("{base}meetings.json"))'
        python, imports = "Python, standard library only:", "    import json, urllib.request"
        sheets = ["Google Sheets, in any cell:", "", f'    =IMPORTDATA("{base}{CSV_NAME}")', ""]
    else:
        base = ""
        open_json = 'json.load(open("meetings.json", encoding="utf-8"))'
        python = "Python, standard library only, with the files downloaded from this page into the working folder:"
        imports = "    import json"
        sheets = [f"Google Sheets: *File → Import → Upload* and choose `{CSV_NAME}`.", ""]
    items_json = (f'urllib.request.urlopen("{base}recommendations.json")' if config.url
                  else 'open("recommendations.json", encoding="utf-8")')
    return [
        "## Loading the data {#loading}", "",
        python, "",
        imports,
        f'    meetings = {open_json}["meetings"]', "",
        "Python with pandas, one row per item (from the CSV, or, with the exact text of every cell, from the "
        "JSON):", "",
        imports + ", pandas",
        f'    items = pandas.read_csv("{base}{CSV_NAME}", keep_default_na=False)',
        f'    items = pandas.DataFrame(json.load({items_json})["recommendations"])', "",
        *sheets,
        f"Excel: download `{CSV_NAME}`, then *Data → From Text/CSV* and choose the file origin "
        "*65001: Unicode (UTF-8)*"
        + ("; or *Data → From Web* with its address." if config.url else ".")
        + " LibreOffice Calc: *Sheet → Insert Sheet from File*, character set UTF-8.", "",
    ]


_EXAMPLE_CHARS = 60


def _codebook(archive: Archive, config: SiteConfig) -> list[str]:
    """Every column of the CSV: its name, meaning, type and an example, the first non-empty cell of
    the column as the file writes it. From the field table that writes the file, so it cannot drift."""
    table = next(t for t in TABLES if t.record is RECOMMENDATION)
    records = rows(table, archive, config)
    lines = ["| Column | Meaning | Type | Example |", "|---|---|---|---|"]
    for field in RECOMMENDATION.fields:
        example = next((cell(r[field.name]) for r in records if r[field.name] not in ("", [])), "")
        if len(example) > _EXAMPLE_CHARS:
            example = example[:_EXAMPLE_CHARS].rstrip() + "…"
        kind = field.shown_type() + (f", joined by `{LIST_SEPARATOR.strip()}`" if field.type in (IDS, TEXTS) else "")
        lines.append(f"| `{field.name}` | {markup.text(field.description)} | {kind} | "
                     f"{markup.text(example) if example else '(always empty here)'} |")
    return ["### Codebook {#codebook}", "",
            f"Every column of `{CSV_NAME}` (and field of `recommendations.json`), in file order. Each example is "
            "the column's first non-empty cell in the file as it is now.", "", *lines, ""]


def _csv_section(archive: Archive, config: SiteConfig) -> list[str]:
    shown = [_SHOWN_STARTS.get(s, f"`{s}`") for s in FORMULA_STARTS]
    starts = ", ".join(shown[:-1]) + " or " + shown[-1]
    return [
        f"## {CSV_NAME} {{#recommendations-csv}}", "",
        f"The rows of `recommendations.json` as a table: the same columns in the same order, one row per item. "
        "It follows RFC 4180: UTF-8 without a byte-order mark, a header row, lines ending in CRLF, and "
        "double quotes around any cell that holds a comma, a quote or a line break. "
        f"A list is written as one cell, its values joined by `{LIST_SEPARATOR.strip()}` and a space; "
        "true and false are written `true` and `false`.", "",
        "**Spreadsheet safety.** A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula. "
        f"So that no record text can act as one, a cell that starts with {starts} is written with one "
        "apostrophe (`'`) in front, which spreadsheets read as \"this cell is text\". To get the exact text "
        "back, remove one leading apostrophe from every cell that starts with one; the JSON files are never "
        "changed this way.", "",
        *_codebook(archive, config),
    ]


def _table_section(archive: Archive, table: Table) -> list[str]:
    return [
        f"## {table.name}.json {{#{table.name}}}", "",
        f"{markup.text(table.description)} Schema: {_link(schema_path(table))}.", "",
        f"The records are the list `{table.name}`; each has these fields:", "",
        *_field_rows(table.record), "",
        *_allowed(archive, table.record),
    ]


def render_open_data(archive: Archive, config: SiteConfig, files: Mapping[str, str]) -> str:
    csv_path = f"{urls.DATA}/{CSV_NAME}"
    file_rows = [f"| {_link(json_path(table))} | {table.title} | {len(list(table.rows(archive))):,} | "
                 f"{_size(files[json_path(table)])} | {_link(schema_path(table), 'schema')} |" for table in TABLES]
    file_rows.append(f"| {_link(csv_path)} | One row per item, for spreadsheets | "
                     f"{len(list(archive.items)):,} | {_size(files[csv_path])} | as recommendations.json |")
    example = next(iter(archive.meetings), None)
    sources = (_link(urls.source_text(example.source), urls.source_text(example.source)) if example
               else "`data/sources/<meeting id>.txt`")
    body = [
        "# Open data", "",
        "The archive's content as data files, built with the site from the same records as its pages, so "
        "the two always agree. Every record has a stable id and a link back to its page.", "",
        "| File | Holds | Records | Size | JSON Schema |", "|---|---|--:|--:|---|", *file_rows, "",
        "## Terms of use {#licence}", "", markup.text(LICENCE), "",
        "## Ids and links {#ids}", "",
        "- A **meeting** is identified by its id, e.g. `2005-10-24-vienna-joint-bali-budapest-meeting`; its page "
        "is `meetings/<meeting id>/`.",
        "- An **item** (recommendation, conclusion, ...) is identified across the archive by "
        "`<meeting id>#<item id>`, which is also the end of its permanent link `meetings/<meeting id>/#<item id>`.",
        "- **Countries** are identified by ISO 3166-1 alpha-3 codes; a state that no longer exists keeps its "
        "former code (`SCG` for Serbia and Montenegro) and lists its successors.",
        "- **Themes**, **processes**, **organisations**, kinds and roles are identified by the ids of the "
        "archive's vocabularies.",
        "- Every `url` is relative to the site's root. Each JSON file starts with an `about` object whose "
        "`site_url`, when the site has one configured, makes them absolute; a `permalink` is already the "
        "full address then, to paste as it is.", "",
        "Ids never change once published; a file's `about.format_version` is raised only when a field is "
        "removed or changes meaning.", "",
        *_examples(config),
        "## The about object {#about}", "",
        "Every JSON file is an object with two keys: `about`, describing the file, and the list of records.", "",
        *_field_rows(ABOUT), "",
    ]
    for table in TABLES:
        body += _table_section(archive, table)
    body += _csv_section(archive, config)
    body += [
        "## Source texts {#sources}", "",
        f"The text of each source, as plain UTF-8 text: {sources}, and so on for every meeting; a meeting's "
        "further sources are `data/sources/<meeting id>--<source id>.txt` (see `sources[].text_url` in "
        "meetings.json, and `sources[].coverage` for whether a file holds the whole document).", "",
        "## Feed {#feed}", "",
        f"{markup.link(urls.OPEN_DATA, urls.FEED, 'feed.xml')} is an Atom feed of the "
        f"{FEED_LIMIT} most recent meetings, newest first, with one entry per meeting: its title, summary, "
        "processes and page. Every page names it in its head, so feed readers find it from any page. A "
        "record does not say when it was added to the archive, and the repository's history is not part of "
        "a build, so an entry's date is the meeting's last day: a report added today about a meeting in "
        "2012 is dated 2012, and feed readers may list it below newer meetings.", "",
        "## Citations {#citations}", "",
        "Each meeting page has a *Cite this meeting* block with a plain-text citation of the source report, "
        "BibTeX, CSL-JSON and RIS, and each item a *Cite* block with its own plain-text citation, naming the "
        "report's paragraph (or the item's section and place) and page, with a button that copies it. The "
        "report's reference is also a file to import into a reference manager: "
        "`data/citations/<meeting id>.bib`, `data/citations/<meeting id>.csl.json` and "
        "`data/citations/<meeting id>.ris` (see `citations` in meetings.json), keyed by the meeting id. "
        "An item is cited from the source it is quoted from; its citation says when its words come from an "
        "earlier meeting or were added after the meeting, and gives the original's address when the record "
        "has one.",
        "",
    ]
    return markup.page("Open data", "\n".join(body),
                       description="The archive's meetings, recommendations, countries and themes as JSON and "
                                   "CSV, with JSON Schemas, an Atom feed and citations.")
