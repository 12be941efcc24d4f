"""The search index: every item findable at its own anchor, and indexed once, on its meeting page."""

from __future__ import annotations

from site_helpers import collapse, index_text, md_url

from tiparchive.indexes import Archive
from tiparchive.renderers import paths
from tiparchive.sourcetext import normalise


def _location(markdown_path: str, anchor: str = "") -> str:
    """The search index's location for a page: the URL without its leading slash."""
    return md_url(markdown_path).lstrip("/") + (f"#{anchor}" if anchor else "")


def test_every_item_has_an_entry_at_its_anchor_with_its_text(
    search_docs: list[dict[str, str]], archive: Archive
) -> None:
    by_location = {doc["location"]: doc for doc in search_docs}
    problems = []
    for meeting in archive.meetings:
        for item in meeting.items:
            location = _location(paths.meeting(meeting), item.id)
            assert location.endswith(f"#{item.id}")
            entry = by_location.get(location)
            if entry is None:
                problems.append(f"no entry at {location}")
            elif collapse(item.text) not in index_text(entry["text"]):
                problems.append(f"{location}: the entry does not hold the item's text")
    assert problems == []


def test_each_item_text_is_indexed_only_on_its_meeting_page(
    search_docs: list[dict[str, str]], archive: Archive
) -> None:
    """Theme, country and organisation cards repeat item texts; they are data-search-exclude."""
    texts = [(doc["location"], index_text(doc["text"])) for doc in search_docs]
    problems = []
    for meeting in archive.meetings:
        for item in meeting.items:
            own = _location(paths.meeting(meeting), item.id)
            wanted = collapse(item.text)
            elsewhere = [location for location, text in texts if wanted in text and location != own]
            if elsewhere:
                problems.append(f"{own} is also indexed at {elsewhere}")
    assert problems == []


def test_listing_cards_are_excluded_from_search(search_docs: list[dict[str, str]], archive: Archive) -> None:
    listing_prefixes = ("themes/", "countries/", "organisations/", "processes/")
    items = [collapse(item.text) for meeting in archive.meetings for item in meeting.items]
    listings = [doc for doc in search_docs if doc["location"].startswith(listing_prefixes)]
    assert listings, "no theme, country, organisation or process page is in the index at all"
    leaked = [doc["location"] for doc in listings for text in items if text in index_text(doc["text"])]
    assert leaked == []


def test_source_texts_are_excluded_from_search(search_docs: list[dict[str, str]], archive: Archive) -> None:
    """The full report is shown on the page but not indexed: results land on items, not on it."""
    indexed = " ".join(index_text(doc["text"]) for doc in search_docs)
    checked = 0
    for meeting in archive.meetings:
        quoted = sorted((collapse(item.text) for item in meeting.items), key=len, reverse=True)
        fragments = [normalise(meeting.source.text)]
        for text in quoted:  # item texts are indexed as items; look at what lies between them
            fragments = [part for fragment in fragments for part in fragment.split(text)]
        for fragment in (f.strip() for f in fragments):
            if len(fragment) >= 100:
                checked += 1
                assert fragment not in indexed, f"{meeting.id}: source text in the index: {fragment[:80]}"
    assert checked > 0, "no source text outside the items to check"


def test_meeting_pages_are_in_the_index(search_docs: list[dict[str, str]], archive: Archive) -> None:
    locations = {doc["location"] for doc in search_docs}
    for meeting in archive.meetings:
        assert _location(paths.meeting(meeting)) in locations
