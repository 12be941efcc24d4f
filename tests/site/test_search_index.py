"""The search index in the built site: items in one index, pages in the other, each holding exactly
its search records, found by their terms, with their facet values, and every record leads somewhere.

tests/index_reader.py reads the files back as the browser would, independently of the code that wrote them.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from site_helpers import Site, collapse, md_url, resolve

from index_reader import ReadIndex, facet_values, read_index
from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.search import terms as searchterms
from tiparchive.search.index import FOLDER, ITEMS, PAGES
from tiparchive.search.records import FACETS, ITEM, PAGE, SearchRecord, SearchRecords

INDEXES = {ITEM: ITEMS, PAGE: PAGES}  # record kind -> the index it goes to


@cache
def _read(folder: Path, name: str) -> ReadIndex:
    return read_index(folder / FOLDER, name)


def _shown(record: SearchRecord, read: ReadIndex) -> list[Any]:
    """What the index should show for the record."""
    if record.kind == PAGE:
        return [record.url, record.meta["title"], record.meta["what"]]
    assert read.meetings[record.meta["meeting_url"]] == [record.meta[k] for k in ("meeting", "date", "place")]
    return [record.url, record.meta["label"], record.meta["text"], record.meta["themes"], record.meta["meeting_url"]]


@pytest.mark.parametrize("kind", list(INDEXES))
def test_each_index_shows_exactly_the_records_of_its_kind(site: Site, search_records: SearchRecords,
                                                          kind: str) -> None:
    read = _read(site.folder, INDEXES[kind])
    records = {record.url: record for record in search_records if record.kind == kind}
    assert read.manifest["documents"] == len(records) == len(read.rows)
    assert sorted(row[0] for row in read.rows) == sorted(records)
    problems = [f"{row[0]}: shows {row}" for row in read.rows if row != _shown(records[row[0]], read)]
    assert problems == []


@pytest.mark.parametrize("kind", list(INDEXES))
def test_each_record_is_found_by_every_term_of_its_text_and_names(site: Site, search_records: SearchRecords,
                                                                   kind: str) -> None:
    read = _read(site.folder, INDEXES[kind])
    records = {record.url: record for record in search_records if record.kind == kind}
    words = search_records.words
    wanted: dict[str, set[int]] = {}
    for ident, row in enumerate(read.rows):
        record = records[row[0]]
        names = record.shared.words if record.shared else ()
        for line in [*record.content.split("\n"), *(line for line, _ in record.context), *names]:
            found_words = searchterms.words(line)
            for term in searchterms.terms_of(found_words, words.stems(found_words)):
                wanted.setdefault(term, set()).add(ident)
        for term in record.shared.pairs if record.shared else ():  # a name's pairs no other name has
            wanted.setdefault(term, set()).add(ident)
    found = {term: entry.members for term, entry in read.terms.items()}
    assert [term for term in wanted if not wanted[term] <= found.get(term, set())] == []
    # Beyond its own words and names, a record is found only by the glossary's other spellings of its terms.
    glossary = {term for group in words.phrases for spelling in group
                for term in searchterms.terms_of(searchterms.words(spelling), words.stems(searchterms.words(spelling)))}
    assert [term for term in found if found[term] != wanted.get(term) and term not in glossary] == []


def test_each_item_has_its_facet_values_in_the_columns(site: Site, item_records: list[SearchRecord]) -> None:
    read = _read(site.folder, ITEMS)
    by_url = {record.url: record for record in item_records}
    decoded = facet_values(site.folder / FOLDER)
    problems = [row[0] for row, values in zip(read.rows, decoded, strict=True)
                if values != {facet: set(by_url[row[0]].filters[facet]) for facet in FACETS}]
    assert problems == []


def test_every_record_leads_to_a_built_page_and_its_anchor(site: Site, search_records: SearchRecords) -> None:
    problems = []
    for record in search_records:
        target = resolve("/", record.url)
        if not site.has(target.url):
            problems.append(f"{record.url}: no page at {target.url}")
        elif target.fragment and target.fragment not in site.page(target.url).ids:
            problems.append(f"{record.url}: no #{target.fragment} on {target.url}")
        elif (record.kind == ITEM) != bool(target.fragment):
            problems.append(f"{record.url}: items lead to an anchor, pages to the top of a page")
    assert problems == []


def test_item_records_are_the_item_permalinks_once_each(
    item_records: list[SearchRecord], archive: Archive
) -> None:
    permalinks = [md_url(urls.meeting(m.meeting)).lstrip("/") + f"#{m.item.id}" for m in archive.items]
    addresses = [record.url for record in item_records]
    assert [url for url, n in Counter(addresses).items() if n > 1] == []
    assert set(addresses) == set(permalinks)
    assert len(addresses) == len(permalinks)


def test_each_item_record_shows_and_matches_the_item_text(
    item_records: list[SearchRecord], archive: Archive
) -> None:
    by_url = {record.url: record for record in item_records}
    for mention in archive.items:
        record = by_url[md_url(urls.meeting(mention.meeting)).lstrip("/") + f"#{mention.item.id}"]
        assert record.meta["text"] == mention.item.text
        assert record.content.startswith(mention.item.text), "extra words must follow the text, not replace it"
        assert record.filters["year"] == [str(mention.meeting.year)]
        # A conclusion that also agrees a next step is found among both kinds.
        assert record.filters["kind"] == list(dict.fromkeys(
            [mention.item.kind.id, *(["next-step"] if mention.item.next_steps else [])]))
        assert record.filters["theme"] == [t.id for t in mention.item.themes]


def test_page_records_lead_to_pages_without_facets(search_records: SearchRecords) -> None:
    pages = [record for record in search_records if record.kind == PAGE]
    assert pages, "no page records"
    assert all(record.filters == {} for record in pages), "a page would be counted in a facet"
    assert all(record.meta.get("title") for record in pages)


def test_the_search_page_offers_every_facet_value_items_have(site: Site, item_records: list[SearchRecord],
                                                             search_records: SearchRecords) -> None:
    page = site.page(md_url(urls.SEARCH))
    form = page.content.find("form", id="tip-search")
    assert form is not None, "no search form on the search page"
    labels = search_records.facet_labels
    for facet in FACETS:
        used = {value for record in item_records for value in record.filters[facet]}
        missing = used - set(labels[facet])
        assert missing == set(), f"{facet}: values items have but the page cannot show: {missing}"
        if facet == "year":
            for select in ("tip-from", "tip-to"):
                element = form.find("select", id=select)
                assert element is not None
                assert [o.attrs["value"] for o in element.find_all("option")] == sorted(labels["year"])
            continue
        boxes = form.find_all("input", type="checkbox", name=facet)
        assert [box.attrs["value"] for box in boxes] == list(labels[facet]), f"{facet}: not in facet_labels order"
        for box in boxes:
            label = box.parent
            assert label is not None and label.tag == "label" and label.attrs.get("for") == box.attrs["id"]
            assert collapse(label.text()) == collapse(labels[facet][box.attrs["value"]])


def test_the_facet_labels_and_counts_reach_the_script_as_the_same_data(
    site: Site, search_records: SearchRecords, item_records: list[SearchRecord]
) -> None:
    """The page shows these counts before any search, so they must be the records' own."""
    page = site.page(md_url(urls.SEARCH))
    script = page.tree.find("script", id="tip-facet-labels")
    assert script is not None and script.attrs.get("type") == "application/json"
    counts = {facet: dict(Counter(v for r in item_records for v in r.filters[facet])) for facet in FACETS}
    data = json.loads(script.raw_text())
    assert {"labels": data["labels"], "counts": data["counts"]} == {"labels": search_records.facet_labels,
                                                                    "counts": counts}
    # What a search that finds nothing says the archive holds: its meetings, items and processes.
    meetings = search_records.archive.meetings
    coverage = data["about"]["coverage"]
    items, held = len(item_records), len(meetings)
    assert f"{items:,} item{'s' * (items != 1)} from {held:,} meeting{'s' * (held != 1)}" in coverage, coverage
    assert all(p.short_name in coverage for m in meetings for p in m.processes), coverage


def test_the_header_search_box_leads_to_the_search_page(site: Site) -> None:
    problems = []
    for page in site.pages():
        form = page.tree.find("form", cls="tip-header-search")
        if form is None:
            problems.append(f"{page.file}: no header search form")
            continue
        target = resolve(page.url, form.attrs.get("action", ""))
        box = form.find("input", id="tip-header-q")
        if target.url != md_url(urls.SEARCH) or form.attrs.get("method", "get").lower() != "get":
            problems.append(f"{page.file}: the header search goes to {target.url}")
        if box is None or box.attrs.get("name") != "q":
            problems.append(f"{page.file}: the header search box is not named q")
    assert problems == []
