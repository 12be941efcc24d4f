"""A record written to attack the site: its text must reach readers as text and do nothing else.

The record (built once, in a copy of the repository, by the `hostile` fixture) puts strings
that mean something to HTML, Markdown, attribute lists, snippets, Jinja and tables into the
title, summary, section, item, participation note, venue, person and source fields.
"""

from __future__ import annotations

import json
import re

import pytest
from site_helpers import HOSTILE_ROLE, HOSTILE_TEXT, Hostile, Page, collapse, is_internal

from index_reader import read_index
from tiparchive.archive.indexes import load_archive
from tiparchive.search.index import FOLDER, ITEMS
from tiparchive.search.records import SearchRecords

# Every field the record fills with HOSTILE_TEXT, by the word that precedes it there.
FIELDS = ("Hostile", "Summary", "Section", "Item", "Note", "Room", "Person", "Position", "Report",
          "Publisher")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset",
                  "background", "ping", "cite"}
BAD_SCHEMES = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)


def _unobfuscated(value: str) -> str:
    """A URL as a browser reads its scheme: whitespace and control characters ignored."""
    return re.sub(r"[\x00-\x20]", "", value)


def _meeting(hostile: Hostile) -> Page:
    return hostile.site.page(hostile.url)


def test_the_hostile_record_builds_cleanly(hostile: Hostile) -> None:
    assert hostile.build.code == 0
    assert hostile.build.logged == []
    assert hostile.site.has(hostile.url)


def test_no_script_comes_from_the_record(hostile: Hostile) -> None:
    found = []
    for page in hostile.site.pages():
        for script in page.tree.find_all("script"):
            source = script.attrs.get("src")
            if source is not None and not is_internal(source):
                found.append(f"{page.file}: <script src={source!r}>")
            text = script.raw_text()
            if script.attrs.get("type") == "application/json":
                # Data, not code (the search page's facet labels hold vocabulary text): it must
                # stay JSON and be unable to close its element.
                json.loads(text)
                if "<" in text or ">" in text:
                    found.append(f"{page.file}: JSON data that could close its <script>: {text[:80]!r}")
            elif "alert(" in text:
                found.append(f"{page.file}: inline script {text[:80]!r}")
    assert found == []


def test_no_event_handler_attributes_anywhere(hostile: Hostile) -> None:
    found = [f"{page.file}: <{element.tag} {name}={value!r}>"
             for page in hostile.site.pages() for element in page.tree.iter()
             for name, value in element.attrs.items() if name.lower().startswith("on")]
    assert found == []


def test_no_javascript_urls_anywhere(hostile: Hostile) -> None:
    found = [f"{page.file}: <{element.tag} {name}={value!r}>"
             for page in hostile.site.pages() for element in page.tree.iter()
             for name, value in element.attrs.items()
             if name.lower() in URL_ATTRIBUTES and BAD_SCHEMES.match(_unobfuscated(value))]
    assert found == []
    assert not any("javascript:" in _unobfuscated(a.attrs.get("href", "")).lower()
                   for page in hostile.site.pages() for a in page.tree.find_all("a"))


def test_no_image_comes_from_the_record(hostile: Hostile) -> None:
    found = [f"{page.file}: {img.attrs}" for page in hostile.site.pages()
             for img in page.tree.find_all("img") if img.attrs.get("src") == "x"]
    assert found == []


@pytest.mark.parametrize("field", FIELDS)
def test_each_field_is_shown_as_literal_text_on_the_meeting_page(hostile: Hostile, field: str) -> None:
    assert f"{field} {HOSTILE_TEXT}" in _meeting(hostile).content.text()


def test_a_vocabulary_label_is_shown_as_literal_text_on_the_meeting_page(hostile: Hostile) -> None:
    """kinds.yml is edited by pull request too: its role label once reached this page as live HTML."""
    text = _meeting(hostile).content.text()
    assert f"Austria ({HOSTILE_ROLE.lower()})" in text
    assert f"{HOSTILE_ROLE} Austria" in text  # the facts table: the role, then who held it


def test_title_is_the_literal_text_in_the_browser_tab(hostile: Hostile) -> None:
    title = _meeting(hostile).tree.find("title")
    assert title is not None
    assert title.text().startswith(f"Hostile {HOSTILE_TEXT}")
    heading = _meeting(hostile).content.find("h1")
    assert heading is not None and heading.text() == f"Hostile {HOSTILE_TEXT}"


def test_record_text_creates_no_markup(hostile: Hostile) -> None:
    """The heading, summary and item are plain text: no link, image, table, heading or attribute
    came out of the Markdown inside them."""
    page = _meeting(hostile)
    heading = page.content.find("h1")
    item_heading = page.content.find(id=hostile.item_id)
    assert heading is not None and item_heading is not None
    summary = page.content.find(cls="tip-summary")
    item = item_heading.next_element()
    for element in (summary, item):
        assert element is not None and element.tag == "p"
        assert [child.tag for child in element.children if not isinstance(child, str)] == []
        # Only the class the page writes (the item's carries its kind): none came from the record.
        assert list(element.attrs) == ["class"]
        assert all(re.fullmatch(r"tip-[a-z0-9-]+", name) for name in element.attrs["class"].split())
    assert [child.tag for child in heading.children if not isinstance(child, str)] == ["a"]  # the ¶
    assert page.content.find_all("h1") == [heading], "a Markdown heading came out of the record"
    facts = page.content.find(cls="tip-facts")
    assert facts is not None
    assert all(any(t is f for f in facts.iter()) for t in page.content.find_all("table")), \
        "a table came out of the record"
    rows = facts.find_all("tr")
    assert rows and all(len(row.find_all("td")) == 2 for row in rows if row.find("td")), \
        "a '|' in the record split a cell of the facts table"


def test_nothing_is_included_or_templated(hostile: Hostile) -> None:
    for page in hostile.site.pages():
        assert "root:x:0:" not in page.source, f"{page.file}: /etc/passwd was included"
    text = _meeting(hostile).content.text()
    assert '--8<-- "/etc/passwd"' in text
    assert "{{ config }}" in text
    assert "site_name" not in text


@pytest.mark.parametrize("url", ["/", "/meetings/", "/themes/legislation/", "/countries/austria/",
                                 "/processes/bali-process/", "/processes/", "/timeline/"])
def test_pages_listing_the_record_show_its_title_as_text(hostile: Hostile, url: str) -> None:
    page = hostile.site.page(url)
    assert page.links_to(hostile.url, within=page.content)
    assert f"Hostile {HOSTILE_TEXT}" in page.content.text()


def test_the_timeline_names_the_record_as_text_in_its_picture(hostile: Hostile) -> None:
    page = hostile.site.page("/timeline/")
    titles = [collapse(element.text()) for element in page.content.find_all("title")]
    assert any(title.startswith(collapse(f"Hostile {HOSTILE_TEXT}, Vienna")) for title in titles), titles


@pytest.mark.parametrize("url", ["/themes/legislation/", "/countries/austria/"])
def test_item_cards_show_the_item_as_text(hostile: Hostile, url: str) -> None:
    page = hostile.site.page(url)
    assert page.links_to(hostile.url, fragment=hostile.item_id)
    assert f"Item {HOSTILE_TEXT}" in page.content.text()


def test_search_record_holds_the_literal_text(hostile: Hostile) -> None:
    """The index is built from the record's objects, so it carries the text itself; the search page
    puts it into the document with textContent only (checked in the browser by test_browser.py)."""
    records = SearchRecords(load_archive(hostile.repo))
    entry = next(r for r in records if r.url == f"meetings/{hostile.meeting_id}/#{hostile.item_id}")
    assert entry.meta["text"] == f"Item {HOSTILE_TEXT}"
    assert entry.content.startswith(f"Item {HOSTILE_TEXT}")
    assert entry.meta["meeting"] == f"Hostile {HOSTILE_TEXT}"
    read = read_index(hostile.site.folder / FOLDER, ITEMS)
    mine = [row for row in read.rows if row[0] == entry.url]
    assert len(mine) == 1 and mine[0][2] == entry.meta["text"], "the index does not hold the literal text"
    assert read.meetings[entry.meta["meeting_url"]][0] == entry.meta["meeting"]


def test_search_page_script_data_cannot_end_its_element(hostile: Hostile) -> None:
    page = hostile.site.page("/search/")
    script = page.tree.find("script", id="tip-facet-labels")
    assert script is not None
    data = script.raw_text()
    assert "<" not in data and ">" not in data, "the facet labels could close their <script> element"
    json.loads(data)
