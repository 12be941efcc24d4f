"""The Pagefind indexes in the built site: items in one, pages in the other, each holding exactly its
search records, and every record leads somewhere.

Pagefind's fragments (one per record) are gzipped JSON behind a `pagefind_dcd` signature; reading
them checks what the browser will be given, independently of the code that wrote them.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from site_helpers import Site, collapse, md_url, resolve

from tiparchive.indexes import Archive
from tiparchive.renderers import paths
from tiparchive.searchindex import FOLDER, PAGES_FOLDER
from tiparchive.searchrecords import FACETS, ITEM, PAGE, SearchRecord, SearchRecords

SIGNATURE = b"pagefind_dcd"
INDEXES = {ITEM: FOLDER, PAGE: PAGES_FOLDER}  # record kind -> the index folder it goes to


@cache
def _fragments(index: Path) -> dict[str, dict[str, Any]]:
    """URL -> the fragment Pagefind wrote for it in one index."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), f"{path.name}: not a Pagefind fragment"
        fragment = json.loads(data[len(SIGNATURE):])
        assert fragment["url"] not in found, f"two fragments for {fragment['url']}"
        found[fragment["url"]] = fragment
    return found


def test_each_index_counts_one_page_per_search_record_of_its_kind(site: Site, search_records: SearchRecords) -> None:
    for kind, folder in INDEXES.items():
        entry = json.loads((site.folder / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["en"], "everything is indexed as English, so stemming is English"
        assert entry["languages"]["en"]["page_count"] == sum(1 for r in search_records if r.kind == kind), folder


@pytest.mark.parametrize("kind", list(INDEXES))
def test_each_index_holds_exactly_the_records_of_its_kind(site: Site, search_records: SearchRecords,
                                                          kind: str) -> None:
    fragments = _fragments(site.folder / INDEXES[kind])
    records = {record.url: record for record in search_records if record.kind == kind}
    assert set(fragments) == set(records)
    problems = []
    for address, record in records.items():
        fragment = fragments[address]
        if fragment["meta"] != record.meta:
            problems.append(f"{address}: meta {fragment['meta']} != {record.meta}")
        if {k: sorted(v) for k, v in fragment["filters"].items()} != {k: sorted(v) for k, v in record.filters.items()
                                                                       if v}:
            problems.append(f"{address}: filters {fragment['filters']} != {record.filters}")
        if collapse(fragment["content"]) != collapse(record.content):
            problems.append(f"{address}: the indexed content is not the record's")
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
    permalinks = [md_url(paths.meeting(m.meeting)).lstrip("/") + f"#{m.item.id}" for m in archive.items]
    urls = [record.url for record in item_records]
    assert [url for url, n in Counter(urls).items() if n > 1] == []
    assert set(urls) == set(permalinks)
    assert len(urls) == len(permalinks)


def test_each_item_record_shows_and_matches_the_item_text(
    item_records: list[SearchRecord], archive: Archive
) -> None:
    by_url = {record.url: record for record in item_records}
    for mention in archive.items:
        record = by_url[md_url(paths.meeting(mention.meeting)).lstrip("/") + f"#{mention.item.id}"]
        assert record.meta["text"] == mention.item.text
        assert record.content.startswith(mention.item.text), "extra words must follow the text, not replace it"
        assert record.filters["year"] == [str(mention.meeting.year)]
        assert record.filters["kind"] == [mention.item.kind.id]
        assert record.filters["theme"] == [t.id for t in mention.item.themes]


def test_page_records_lead_to_pages_without_facets(search_records: SearchRecords) -> None:
    pages = [record for record in search_records if record.kind == PAGE]
    assert pages, "no page records"
    assert all(record.filters == {} for record in pages), "a page would be counted in a facet"
    assert all(record.meta.get("title") for record in pages)


def test_the_search_page_offers_every_facet_value_items_have(site: Site, item_records: list[SearchRecord],
                                                             search_records: SearchRecords) -> None:
    page = site.page(md_url(paths.SEARCH))
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
    page = site.page(md_url(paths.SEARCH))
    script = page.tree.find("script", id="tip-facet-labels")
    assert script is not None and script.attrs.get("type") == "application/json"
    counts = {facet: dict(Counter(v for r in item_records for v in r.filters[facet])) for facet in FACETS}
    assert json.loads(script.raw_text()) == {"labels": search_records.facet_labels, "counts": counts}


def test_the_header_search_box_leads_to_the_search_page(site: Site) -> None:
    problems = []
    for page in site.pages():
        form = page.tree.find("form", cls="tip-header-search")
        if form is None:
            problems.append(f"{page.file}: no header search form")
            continue
        target = resolve(page.url, form.attrs.get("action", ""))
        box = form.find("input", id="tip-header-q")
        if target.url != md_url(paths.SEARCH) or form.attrs.get("method", "get").lower() != "get":
            problems.append(f"{page.file}: the header search goes to {target.url}")
        if box is None or box.attrs.get("name") != "q":
            problems.append(f"{page.file}: the header search box is not named q")
    assert problems == []
