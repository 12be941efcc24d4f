"""renderers.opendata and renderers.feed: reproducible files, one table per record, a safe CSV."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import Archive
from tiparchive.render.feed import FEED_LIMIT, render_feed
from tiparchive.render.opendata.csvfile import FORMULA_STARTS, cell, guard, unguard, write_csv
from tiparchive.render.opendata.fields import OBJECT, OBJECTS
from tiparchive.render.opendata.files import ABOUT
from tiparchive.render.opendata.outputs import render_open_data_files
from tiparchive.render.opendata.tables import RECOMMENDATION, TABLES
from tiparchive.render.site import render_site
from tiparchive.search.records import SearchRecords
from tiparchive.siteconfig import SiteConfig, make_config, read_site_config

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = make_config("Test archive", "https://example.org/archive")


@pytest.fixture(scope="module")
def files(archive: Archive) -> dict[str, str]:
    return render_open_data_files(archive, SiteConfig())


# -- reproducible --------------------------------------------------------------------------------------


def test_output_is_byte_for_byte_reproducible(archive: Archive, files: dict[str, str]) -> None:
    assert render_open_data_files(archive, SiteConfig()) == files
    assert [field.name for field in ABOUT.fields if "date" in field.name or "time" in field.name] == []


def test_records_keep_the_field_tables_order(files: dict[str, str]) -> None:
    for table in TABLES:
        data = json.loads(files[f"data/{table.name}.json"])
        assert list(data) == ["about", table.name]
        assert list(data["about"]) == [field.name for field in ABOUT.fields]
        assert all(list(record) == [f.name for f in table.record.fields] for record in data[table.name])


def test_one_record_per_line(files: dict[str, str]) -> None:
    for table in TABLES:
        lines = files[f"data/{table.name}.json"].splitlines()
        assert len(lines) == len(json.loads(files[f"data/{table.name}.json"])[table.name]) + 3


# -- the tables ----------------------------------------------------------------------------------------


def test_every_field_is_described_once_per_record() -> None:
    for table in TABLES:
        for path, field in table.record.walk():
            assert field.description.endswith((".", ")")), path
            assert "|" not in field.description, path
        names = [path for path, _ in table.record.walk()]
        assert len(names) == len(set(names)), table.name


def test_the_csv_record_is_flat() -> None:
    assert RECOMMENDATION.is_flat
    assert all(field.type not in (OBJECT, OBJECTS) for field in RECOMMENDATION.fields)


def test_schemas_validate_their_files_and_list_closed_vocabularies(archive: Archive, files: dict[str, str]) -> None:
    for table in TABLES:
        schema = json.loads(files[f"data/{table.name}.schema.json"])
        Draft202012Validator.check_schema(schema)
        Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(
            json.loads(files[f"data/{table.name}.json"]))
    recommendation = json.loads(files["data/recommendations.schema.json"])["properties"]["recommendations"]
    assert recommendation["items"]["properties"]["kind"]["enum"] == sorted(archive.vocabularies.item_kinds)


def test_the_open_data_page_documents_every_field(files: dict[str, str]) -> None:
    page = files[urls.OPEN_DATA]
    for table in TABLES:
        for path, field in table.record.walk():
            assert f"| `{path}` | {field.shown_type()} |" in page, (table.name, path)
    for path, _ in ABOUT.walk():
        assert f"| `{path}` |" in page
    assert "pandas.read_csv(" in page and "json.load(" in page


# -- the site's address ----------------------------------------------------------------------------------


def test_site_url_reaches_the_data_the_feed_and_the_examples(archive: Archive) -> None:
    files = render_open_data_files(archive, SITE)
    assert json.loads(files["data/meetings.json"])["about"]["site_url"] == "https://example.org/archive/"
    assert 'urlopen("https://example.org/archive/data/meetings.json")' in files[urls.OPEN_DATA]
    assert 'IMPORTDATA("https://example.org/archive/data/recommendations.csv")' in files[urls.OPEN_DATA]
    assert "url = {https://example.org/archive/meetings/" in files[urls.citations(archive.meetings[0], "bib")]
    assert "UR  - https://example.org/archive/meetings/" in files[urls.citations(archive.meetings[0], "ris")]
    # Permalinks are full addresses, to paste as they are; urls stay relative to about.site_url.
    items = json.loads(files["data/recommendations.json"])["recommendations"]
    assert items and all(i["permalink"] == "https://example.org/archive/" + i["url"] for i in items)
    meetings = json.loads(files["data/meetings.json"])["meetings"]
    assert all(m["permalink"] == "https://example.org/archive/" + m["url"] for m in meetings)
    header, first = files["data/recommendations.csv"].split("\r\n")[:2]
    assert "https://example.org/archive/meetings/" in first and "permalink" in header.split(",")
    feed = ET.fromstring(render_feed(archive, SITE))
    hrefs = [link.attrib["href"] for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith("https://example.org/archive/") for h in hrefs)


def test_without_site_url_every_link_stays_relative(archive: Archive, files: dict[str, str]) -> None:
    assert "https://" not in files["data/meetings.json"].replace("https://json-schema.org", "")
    feed = ET.fromstring(render_feed(archive, SiteConfig()))
    assert not any(link.attrib["href"].startswith(("http", "/")) for link in feed.iter(f"{ATOM}link"))


def test_without_site_url_the_examples_read_downloaded_files_and_show_no_placeholder(
        files: dict[str, str]) -> None:
    page = files[urls.OPEN_DATA]
    assert "YOUR-COPY" not in page and "mkdocs.yml" not in page and "https://" not in page
    assert 'json.load(open("meetings.json", encoding="utf-8"))' in page
    assert 'pandas.read_csv("recommendations.csv", keep_default_na=False)' in page


def test_site_config_is_read_leniently(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: X\nsite_url: !ENV [SITE_URL, '']\nhooks: !!python/name:os.getcwd\n",
                           encoding="utf-8")
    monkeypatch.delenv("SITE_URL", raising=False)
    assert read_site_config(tmp_path) == SiteConfig("X", "")
    monkeypatch.setenv("SITE_URL", "https://pages.example/archive")  # as the deploy workflow sets it
    assert read_site_config(tmp_path) == SiteConfig("X", "https://pages.example/archive/")
    config_file.write_text("site_name: X\nsite_url: !ENV SITE_URL\n", encoding="utf-8")
    assert read_site_config(tmp_path).url == "https://pages.example/archive/"
    config_file.write_text("site_name: X\nsite_url: https://a.example/b\n", encoding="utf-8")
    assert read_site_config(tmp_path).url == "https://a.example/b/"
    assert read_site_config(tmp_path / "nowhere") == SiteConfig()


# -- the CSV ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "=HYPERLINK(\"http://x.invalid\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1",
    "'already quoted", "''", "=", "plain text", "", "a, b \"c\"\r\nd", "—dash", " =leading space",
])
def test_guard_makes_formulas_text_and_can_be_undone(text: str) -> None:
    guarded = guard(text)
    assert not guarded.startswith(FORMULA_STARTS[:-1])  # never starts with a formula character
    assert unguard(guarded) == text
    assert (guarded == text) == (not text.startswith(FORMULA_STARTS))


def test_csv_round_trips_hostile_cells() -> None:
    rows = [{"id": "x#1", "text": text, "themes": ["a", "b"], "flag": True}
            for text in ['=cmd|" /C calc"!A0', "line\nbreak", "carriage\r\nreturn", 'quote " and , comma',
                         "-@+=", "\u2028 separator", ""]]
    content = write_csv(["id", "text", "themes", "flag"], rows)
    assert content.startswith("id,text,themes,flag\r\n")
    read = list(csv.reader(io.StringIO(content, newline="")))
    assert read[0] == ["id", "text", "themes", "flag"]
    assert [unguard(r[1]) for r in read[1:]] == [row["text"] for row in rows]
    assert all(r[2] == "a; b" and r[3] == "true" for r in read[1:])
    assert cell(["=x"]) == "'=x"


# -- the feed --------------------------------------------------------------------------------------------


def test_the_feed_keeps_the_newest_meetings_when_there_are_many(archive: Archive) -> None:
    base = archive.meetings[0]
    many = [replace(base, id=f"{base.id}-{n}", start=base.start + timedelta(days=n),
                    end=base.end + timedelta(days=n)) for n in range(FEED_LIMIT + 5)]
    feed = ET.fromstring(render_feed(Archive(many, archive.vocabularies), SiteConfig()))
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == FEED_LIMIT
    newest = sorted(many, key=lambda m: m.end, reverse=True)[:FEED_LIMIT]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [f"{m.end.isoformat()}T00:00:00Z" for m in newest]
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == FEED_LIMIT


def test_render_site_carries_the_data_files_and_the_feed(archive: Archive) -> None:
    site = render_site(archive, Echoes(archive), SearchRecords(archive).facets)
    assert {f"data/{t.name}.json" for t in TABLES} | {urls.FEED, urls.OPEN_DATA, "data/recommendations.csv"} \
        <= set(site)
    for meeting in archive.meetings:
        wanted = {*map(urls.source_text, meeting.sources), urls.citations(meeting, "bib"),
                  urls.citations(meeting, "csl.json")}
        assert wanted <= set(site)


@pytest.mark.parametrize(("source", "target", "href"), [
    ("meetings/x.md", "data/citations/x.bib", "../../data/citations/x.bib"),
    ("meetings/x.md", "meetings/x.md", "./"),
    ("data/index.md", "data/meetings.json", "meetings.json"),
    ("index.md", "feed.xml", "feed.xml"),
    ("data/index.md", "index.md", "../"),
    ("meetings/x.md", "meetings/index.md", "../"),
])
def test_relative_url(source: str, target: str, href: str) -> None:
    assert urls.relative_url(source, target) == href
