"""Open data, the feed and the Cite blocks, read back from the built site and checked against the records.

Expectations are derived here from the archive's objects, not from the field tables that
wrote the files, so a wrong getter in a table shows up as a difference.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from site_helpers import HOSTILE_TEXT, HOSTILE_URL, Hostile, Site, collapse, md_url, resolve

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Meeting
from tiparchive.render.citation import locator
from tiparchive.render.feed import FEED_LIMIT
from tiparchive.render.opendata.csvfile import unguard

TABLES = ("meetings", "recommendations", "countries", "organisations", "themes", "processes")
ATOM = "{http://www.w3.org/2005/Atom}"


def _load(site: Site, name: str) -> dict[str, Any]:
    data = json.loads((site.folder / "data" / f"{name}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _records(site: Site, name: str) -> list[dict[str, Any]]:
    records = _load(site, name)[name]
    assert isinstance(records, list)
    return records


def _by_key(records: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    counts = Counter(record[key] for record in records)
    repeated = [value for value, count in counts.items() if count > 1]
    assert repeated == [], f"listed more than once: {repeated}"
    return {record[key]: record for record in records}


def _gid(meeting: Meeting, item_id: str) -> str:
    return f"{meeting.id}#{item_id}"


def _resolves(site: Site, url: str) -> bool:
    """A site-relative URL ('meetings/x/#item') leads to a built file, and to an element with that id."""
    target = resolve("/", url)
    if not (site.folder / target.file).is_file():
        return False
    return not target.fragment or target.fragment in site.page(target.file).ids


# -- every file, against its schema ----------------------------------------------------------------


@pytest.mark.parametrize("name", TABLES)
def test_each_data_file_validates_against_the_schema_beside_it(site: Site, name: str) -> None:
    schema = json.loads((site.folder / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data = _load(site, name)
    errors = sorted(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
                    .iter_errors(data), key=str)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors][:10] == []
    assert data["about"]["schema"] == f"{name}.schema.json"
    assert data["about"]["count"] == len(data[name])


def test_the_schema_rejects_a_record_with_a_field_too_many_or_missing(site: Site) -> None:
    schema = json.loads((site.folder / "data" / "meetings.schema.json").read_text(encoding="utf-8"))
    data = _load(site, "meetings")
    validator = Draft202012Validator(schema)
    data["meetings"][0]["extra"] = 1
    assert not validator.is_valid(data)
    del data["meetings"][0]["extra"]
    del data["meetings"][0]["title"]
    assert not validator.is_valid(data)


def _urls(value: Any) -> list[str]:
    """Every `url`, `*_url` (but `site_url`) and citation file address anywhere in a JSON value."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, str) and (key == "url" or key.endswith("_url") or key in ("bibtex", "csl_json")):
                found += [] if key == "site_url" else [child]
            else:
                found += _urls(child)
    elif isinstance(value, list):
        for child in value:
            found += _urls(child)
    return found


def test_every_url_in_the_data_leads_to_a_built_page_or_file(site: Site, archive: Archive) -> None:
    found = [url for name in TABLES for url in _urls(_load(site, name)[name])]
    assert len(found) >= len(list(archive.items)) + 4 * len(archive.meetings)
    assert [url for url in found if not _resolves(site, url)] == []


# -- the records, nothing missing and nothing extra --------------------------------------------------


def test_meetings_json_holds_every_meeting_once_with_its_facts(site: Site, archive: Archive) -> None:
    records = _by_key(_records(site, "meetings"), "id")
    assert list(records) == [m.id for m in archive.meetings]
    for meeting in archive.meetings:
        record = records[meeting.id]
        assert (record["title"], record["summary"], record["kind"]) == (meeting.title, meeting.summary,
                                                                          meeting.kind.id)
        assert (record["start"], record["end"]) == (meeting.start.isoformat(), meeting.end.isoformat())
        assert record["venue"]["country"] == meeting.venue.country.country.code
        assert record["venue"]["city"] == meeting.venue.city
        assert record["processes"] == [p.id for p in meeting.processes]
        assert [(c["code"], c["as_written"], set(c["roles"])) for c in record["countries"]] == \
            [(c.mention.country.code, c.mention.written, {r.id for r in c.roles}) for c in meeting.countries]
        assert [(o["id"], set(o["roles"])) for o in record["organisations"]] == \
            [(o.mention.organisation.id, {r.id for r in o.roles}) for o in meeting.organisations]
        assert [p["name"] for p in record["people"]] == [p.name for p in meeting.people]
        assert [(s["id"], s["title"], s["kind"], s["publisher"], s["date"], s["language"], s["url"])
                for s in record["sources"]] == [(s.id, s.title, s.kind.id, s.publisher, s.issued, s.language, s.url)
                                                 for s in meeting.sources]
        for entry, source in zip(record["sources"], meeting.sources, strict=True):
            assert (site.folder / entry["text_url"]).read_text(encoding="utf-8") == source.text
            assert (entry["coverage"], entry["missing"]) == (
                ("excerpt", source.missing) if source.is_excerpt else ("complete", ""))
        assert record["items"] == [_gid(meeting, item.id) for item in meeting.items]
        assert record["url"] == record["permalink"] == f"meetings/{meeting.id}/"
        assert (record["kind_label"], record["process_names"]) == (
            meeting.kind.label, [p.short_name for p in meeting.processes])
        assert record["venue"]["country_name"] == meeting.venue.country.country.name
        assert [c["name"] for c in record["countries"]] == [c.mention.country.name for c in meeting.countries]


def test_recommendations_json_holds_every_item_once_with_its_text_and_facets(site: Site, archive: Archive) -> None:
    records = _by_key(_records(site, "recommendations"), "id")
    expected = [_gid(m, item.id) for m in archive.meetings for item in m.items]
    assert list(records) == expected
    for meeting in archive.meetings:
        for item in meeting.items:
            record = records[_gid(meeting, item.id)]
            assert record["text"] == item.text
            assert (record["meeting"], record["item"], record["kind"]) == (meeting.id, item.id, item.kind.id)
            assert (record["number"], record["section"]) == (item.number, item.section)
            assert (record["source"], record["page"]) == (meeting.source_of(item).id, item.page)
            origin = item.origin
            assert (record["origin"], record["origin_meeting"], record["origin_name"], record["origin_date"]) == (
                (origin.kind, origin.meeting, origin.name, origin.date) if origin else ("this-meeting", "", "", ""))
            assert record["themes"] == [t.id for t in item.themes]
            assert set(record["countries"]) == {c.country.code for c in item.countries}
            assert set(record["organisations"]) == {o.organisation.id for o in item.organisations}
            assert (record["year"], record["meeting_title"]) == (meeting.year, meeting.title)
            assert record["url"] == record["permalink"] == f"meetings/{meeting.id}/#{item.id}"  # no site_url
            # Labels beside codes, in the same order, so a spreadsheet needs no lookup.
            assert record["kind_label"] == item.kind.label
            assert record["theme_labels"] == [t.label for t in item.themes]
            assert record["country_names"] == [archive.countries[code].name for code in record["countries"]]
            assert record["organisation_names"] == [archive.organisations[o].name for o in record["organisations"]]
            assert record["process_names"] == [p.short_name for p in meeting.processes]
            venue = meeting.venue
            assert (record["venue_city"], record["venue_country"], record["venue_country_name"]) == (
                venue.city, venue.country.country.code, venue.country.country.name)
            source = meeting.source_of(item)
            assert (record["source_title"], record["source_url"]) == (source.title, source.url)


def _touches(meeting: Meeting, code: str) -> bool:
    return (meeting.venue.country.country.code == code
            or any(c.mention.country.code == code for c in meeting.countries)
            or any(p.country and p.country.country.code == code for p in meeting.people)
            or any(c.country.code == code for item in meeting.items for c in item.countries))


def test_countries_json_holds_every_country_once_with_its_meetings(site: Site, archive: Archive) -> None:
    records = _by_key(_records(site, "countries"), "code")
    assert set(records) == set(archive.countries)
    for code, country in archive.countries.items():
        record = records[code]
        assert (record["name"], record["alpha_2"], record["successors"]) == \
            (country.name, country.alpha_2, list(country.successors))
        assert [a["meeting"] for a in record["meetings"]] == [m.id for m in archive.meetings if _touches(m, code)]
        for appearance in record["meetings"]:
            meeting = next(m for m in archive.meetings if m.id == appearance["meeting"])
            assert appearance["venue"] == (meeting.venue.country.country.code == code)
            assert appearance["items"] == [_gid(meeting, item.id) for item in meeting.items
                                           if any(c.country.code == code for c in item.countries)]
            assert set(appearance["roles"]) == {r.id for c in meeting.countries if c.mention.country.code == code
                                                for r in c.roles}


def test_organisations_json_holds_every_organisation_once(site: Site, archive: Archive) -> None:
    records = _by_key(_records(site, "organisations"), "id")
    assert set(records) == set(archive.organisations)
    for org_id, organisation in archive.organisations.items():
        assert (records[org_id]["name"], records[org_id]["acronym"]) == (organisation.name, organisation.acronym)
        named = {m.id for m in archive.meetings
                 if any(o.mention.organisation.id == org_id for o in m.organisations)
                 or any(p.organisation and p.organisation.organisation.id == org_id for p in m.people)
                 or any(o.organisation.id == org_id for item in m.items for o in item.organisations)}
        assert {a["meeting"] for a in records[org_id]["meetings"]} == named


def test_themes_json_holds_every_theme_once_with_its_items(site: Site, archive: Archive) -> None:
    records = _by_key(_records(site, "themes"), "id")
    assert set(records) == set(archive.vocabularies.themes)
    for theme_id, theme in archive.vocabularies.themes.items():
        record = records[theme_id]
        assert (record["label"], record["group"]["id"]) == (theme.label, theme.group.id)
        assert record["items"] == [_gid(m, item.id) for m in archive.meetings for item in m.items
                                   if theme in item.themes]
    tagged = Counter(gid for record in records.values() for gid in record["items"])
    assert sum(tagged.values()) == sum(len(item.themes) for m in archive.meetings for item in m.items)


def test_processes_json_holds_every_process_once_with_its_meetings(site: Site, archive: Archive) -> None:
    records = _by_key(_records(site, "processes"), "id")
    assert set(records) == set(archive.vocabularies.processes)
    for process_id, record in records.items():
        assert record["meetings"] == [m.id for m in archive.meetings if any(p.id == process_id for p in m.processes)]


# -- the CSV -------------------------------------------------------------------------------------------


def _csv_rows(folder: Path) -> tuple[bytes, list[list[str]]]:
    raw = (folder / "data" / "recommendations.csv").read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def _as_cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def test_csv_is_rfc4180_and_round_trips_the_json_rows(site: Site, archive: Archive) -> None:
    raw, rows = _csv_rows(site.folder)
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # item texts hold no line break
    header, *body = rows
    records = _records(site, "recommendations")
    assert header == list(records[0])
    assert len(body) == len(records) == sum(len(m.items) for m in archive.meetings)
    for row, record in zip(body, records, strict=True):
        assert [unguard(cell) for cell in row] == [_as_cell(record[column]) for column in header]


def test_hostile_text_round_trips_through_every_data_file(hostile: Hostile) -> None:
    site = hostile.site
    meeting = _by_key(_records(site, "meetings"), "id")[hostile.meeting_id]
    assert meeting["title"] == f"Hostile {HOSTILE_TEXT}"
    (source,) = meeting["sources"]
    assert (source["publisher"], source["missing"], source["url"]) == (
        f"Publisher {HOSTILE_TEXT}", f"Missing {HOSTILE_TEXT}", HOSTILE_URL)
    item = _by_key(_records(site, "recommendations"), "id")[f"{hostile.meeting_id}#{hostile.item_id}"]
    assert item["text"] == f"Item {HOSTILE_TEXT}"
    assert (item["origin"], item["origin_name"], item["origin_date"]) == (
        "earlier-meeting", f"Forum {HOSTILE_TEXT}", "2018-05")
    _, rows = _csv_rows(site.folder)
    header, *body = rows
    row = next(dict(zip(header, r, strict=True)) for r in body if r[0] == item["id"])
    assert unguard(row["text"]) == item["text"] and unguard(row["meeting_title"]) == meeting["title"]
    assert unguard(row["origin_name"]) == item["origin_name"]
    for column in ("kind_label", "theme_labels", "source_title", "source_url", "venue_city"):
        assert unguard(row[column]) == _as_cell(item[column]), column
    assert item["kind_label"] == f"Finding {HOSTILE_TEXT}" and item["source_url"] == HOSTILE_URL


def test_the_open_data_page_has_a_codebook_of_every_csv_column(site: Site) -> None:
    """Name, meaning, type and an example for each column, in file order; the example is a real cell."""
    page = site.page("/data/")
    heading = page.content.find(id="codebook")
    assert heading is not None
    table = next(t for t in page.content.find_all("table")
                 if [th.text() for th in t.find_all("th")] == ["Column", "Meaning", "Type", "Example"])
    documented = [[td.text() for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]]
    _, rows = _csv_rows(site.folder)
    header, *body = rows
    assert [row[0] for row in documented] == header
    for (column, meaning, kind, example), index in zip(documented, range(len(header)), strict=True):
        assert meaning and kind, column
        cells = [row[index] for row in body if row[index]]
        if cells:
            assert cells[0].startswith(example.removesuffix("…")), f"{column}: {example!r} is not its first cell"
        else:
            assert example == "(always empty here)", column


# -- the feed ------------------------------------------------------------------------------------------


def _feed(site: Site) -> ET.Element:
    return ET.fromstring((site.folder / "feed.xml").read_bytes())


def _newest_first(archive: Archive) -> list[Meeting]:
    """The meetings the feed holds: the newest FEED_LIMIT (older ones are in data/meetings.json)."""
    return sorted(archive.meetings, key=lambda m: (m.end, m.start, m.id), reverse=True)[:FEED_LIMIT]


def test_feed_is_atom_with_one_entry_per_meeting_newest_first(site: Site, archive: Archive) -> None:
    feed = _feed(site)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    entries = feed.findall(f"{ATOM}entry")
    newest_first = _newest_first(archive)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [m.title for m in newest_first]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [f"{m.end.isoformat()}T00:00:00Z" for m in newest_first]
    assert [e.findtext(f"{ATOM}summary") for e in entries] == [m.summary for m in newest_first]
    ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    assert feed.findtext(f"{ATOM}updated") == max(e.findtext(f"{ATOM}updated") or "" for e in entries)


def test_feed_links_resolve_to_the_built_pages(site: Site, archive: Archive) -> None:
    feed = _feed(site)
    newest_first = _newest_first(archive)
    links = [entry.find(f"{ATOM}link[@rel='alternate']") for entry in feed.findall(f"{ATOM}entry")]
    targets = [resolve("/feed.xml", link.attrib["href"]) for link in links if link is not None]
    assert [t.url for t in targets] == [md_url(urls.meeting(m)) for m in newest_first]
    assert all((site.folder / t.file).is_file() for t in targets)
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and resolve("/feed.xml", self_link.attrib["href"]).url == "/feed.xml"


def test_hostile_record_is_text_in_the_feed(hostile: Hostile) -> None:
    feed = _feed(hostile.site)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert f"Hostile {HOSTILE_TEXT}" in titles
    assert feed.find(f".//{ATOM}script") is None and feed.find(".//script") is None


def test_every_page_names_the_feed_in_its_head(site: Site) -> None:
    missing = []
    for page in site.pages():
        links = [link for link in page.tree.find_all("link") if "alternate" in link.attrs.get("rel", "").split()
                 and link.attrs.get("type") == "application/atom+xml"]
        if len(links) != 1 or resolve(page.url, links[0].attrs["href"]).url != "/feed.xml":
            missing.append(page.file)
        elif page.tree.find("link", rel="alternate") is not None:
            # mkdocs-material reads such a link as another language's page and fetches sitemap.xml for it
            missing.append(f"{page.file}: a link whose rel is exactly 'alternate'")
    assert missing == []


# -- the Open data page ----------------------------------------------------------------------------------


def test_open_data_page_documents_every_field_of_every_file(site: Site) -> None:
    page = site.page("/data/")
    documented = {cell.text() for cell in page.content.find_all("code")}
    for name in TABLES:
        schema = json.loads((site.folder / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
        record = schema["properties"][name]["items"]

        def paths_of(node: dict[str, Any], prefix: str = "") -> list[str]:
            found = []
            for field, spec in node.get("properties", {}).items():
                found.append(prefix + field)
                nested = spec["items"] if spec.get("type") == "array" else spec
                if nested.get("type") == "object":
                    found += paths_of(nested, prefix + field + ("[]." if spec.get("type") == "array" else "."))
            return found

        assert set(paths_of(record)) <= documented, name
        assert page.links_to(f"/data/{name}.json") and page.links_to(f"/data/{name}.schema.json")
    assert page.links_to("/data/recommendations.csv") and page.links_to("/feed.xml")
    home = site.page("/")
    assert any(target.url == "/data/" for _, target in home.links()), "the Open data page is not in the navigation"


# -- the Cite blocks ------------------------------------------------------------------------------------


def test_each_meeting_page_has_a_cite_block_and_each_item_its_own(site: Site, archive: Archive) -> None:
    for meeting in archive.meetings:
        page = site.page(md_url(urls.meeting(meeting)))
        summary = page.content.find("summary", id="cite")
        block = summary.parent if summary else None
        assert block is not None and block.tag == "details" and "tip-cite" in block.classes, meeting.id
        codes = [code.raw_text() for code in block.find_all("code") if code.parent and code.parent.tag == "pre"]
        assert codes[0].startswith(f"@techreport{{{meeting.id},")
        assert json.loads(codes[1])[0]["id"] == meeting.id
        for link in (a for a in block.find_all("a")):
            target = resolve(page.url, link.attrs["href"])
            assert (site.folder / target.file).is_file(), link.attrs["href"]
        item_blocks = page.content.find_all("details", cls="tip-cite--item")
        hrefs = [a.attrs["href"] for b in item_blocks for a in b.find_all("a", cls="tip-cite__permalink")]
        in_order = [item for _, items in meeting.sections for item in items]
        assert hrefs == [f"#{item.id}" for item in in_order]  # page order
        assert all(b.find("summary") is not None for b in item_blocks)
        # The original report is a link wherever the item's source has an address.
        originals = [[a.attrs["href"] for a in b.find_all("a", cls="tip-cite__original")] for b in item_blocks]
        assert originals == [[urls.external(meeting.source_of(item).url)] if meeting.source_of(item).url else []
                             for item in in_order]
        # Each names the report's paragraph or the item's place, never the item's id alone.
        for block, item in zip(item_blocks, in_order, strict=True):
            text = block.find("p", cls="tip-cite__text")
            assert text is not None and locator(meeting, item) in text.text(), item.id


def test_hostile_text_in_cite_blocks_is_literal(hostile: Hostile) -> None:
    page = hostile.site.page(hostile.url)
    summary = page.content.find("summary", id="cite")
    block = summary.parent if summary else None
    assert block is not None
    assert f"Hostile {HOSTILE_TEXT}" in block.text() and f"Report {HOSTILE_TEXT}" in block.text()
    assert block.find("script") is None and block.find("img") is None
    csl = [code for code in block.find_all("code") if code.parent and code.parent.tag == "pre"][1]
    assert json.loads(csl.raw_text())[0]["title"] == f"Report {HOSTILE_TEXT}"
    item = page.content.find("details", cls="tip-cite--item")
    assert item is not None and collapse(f"Publisher {HOSTILE_TEXT}") in item.text()
    original = item.find("a", cls="tip-cite__original")
    assert original is not None and original.attrs["href"] == urls.external(HOSTILE_URL)
    assert original.text() == HOSTILE_URL
