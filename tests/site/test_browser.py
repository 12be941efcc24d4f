"""The built site in a real browser: Debian's chromium driven by Playwright, served from 127.0.0.1.

Never runs `playwright install`: the tests use /usr/bin/chromium and fail, not skip, without it
(the launch and the fixtures are in browsing.py and conftest.py). Screenshots of each page type
at phone and desktop widths go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from browser_helpers import SEARCH_READY, chromium_problem, heading, open_search, session, status_count
from browsing import page_urls
from site_helpers import HOSTILE_TEXT, ROOT, Hostile, collapse, md_url

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Item, Meeting
from tiparchive.render.citation import compact_parts, item_reference
from tiparchive.render.maps import took_part
from tiparchive.search.records import SearchRecord, SearchRecords
from tiparchive.siteconfig import SiteConfig

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = (390, 1280)


# -- what to open --------------------------------------------------------------------------------


def _page_types(archive: Archive, keyword: str) -> dict[str, str]:
    """The one list of page types (tiparchive.render.pagetypes), the search asking for `keyword`."""
    types = page_urls(archive)
    types["search"] = md_url(urls.SEARCH) + "?q=" + quote(keyword)
    return types


def _words(text: str) -> set[str]:
    """Words as an index may split them: on spaces, and on spaces and hyphens or slashes, trimmed."""
    loose = [w.strip(".,;:!?()[]\"'“”‘’") for w in re.split(r"[\s\-/]+", text)]
    joined = [re.sub(r"\W", "", w) for w in text.split()]
    return {w.lower() for w in loose + joined if w}


def _indexed_words(record: SearchRecord) -> set[str]:
    """Every word the engine may match a record by: its content and its metadata."""
    return _words(" ".join([record.content, *record.meta.values()]))


def _unique_keyword(archive: Archive, records: SearchRecords) -> tuple[Meeting, Item, str]:
    """A word of 9+ letters in exactly one item's text that shares no 7-letter start (a stem, or
    a prefix the engine completes) with any word of any other search record."""
    holders: dict[str, set[str]] = {}
    for record in records:
        for word in _indexed_words(record):
            if len(word) >= 7:
                holders.setdefault(word[:7], set()).add(record.url)
    for mention in archive.items:
        own = urls.at(urls.meeting(mention.meeting), mention.item.id)
        for word in sorted(_words(mention.item.text), key=lambda w: (-len(w), w)):
            if len(word) >= 9 and word.isascii() and word.isalpha() and holders.get(word[:7]) == {own}:
                return mention.meeting, mention.item, word
    raise AssertionError("no word of 9+ letters occurs in exactly one item")


# -- tests ---------------------------------------------------------------------------------------


def test_chromium_is_installed() -> None:
    problem = chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_loads_only_from_this_host(
    browser: Any, base_url: str, archive: Archive, search_records: SearchRecords, width: int
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _, _, keyword = _unique_keyword(archive, search_records)
    with session(browser, width) as opened:
        for name, address in _page_types(archive, keyword).items():
            opened.goto(base_url + address)
            if name == "search":
                opened.page.wait_for_selector(SEARCH_READY, state="attached")
            assert opened.page.locator("h1").first.is_visible(), f"{name}: no visible heading"
            opened.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        fetched = [urlsplit(request).path for request in opened.requests]
        for wanted in ("/search-index/items/manifest.js", "/search-index/pages/manifest.js",
                       "/search-index/items/facets.js"):
            assert wanted in fetched, f"{wanted} was never fetched: the search page did not load its index"
        for part in ("/search-index/items/t/", "/search-index/items/s/"):
            assert any(path.startswith(part) for path in fetched), \
                f"no {part} file was fetched: the query did not go through the index"
        opened.assert_clean()


def test_country_link_and_back(browser: Any, base_url: str, archive: Archive) -> None:
    meeting = next(m for m in archive.meetings if m.countries)
    country = meeting.countries[0].mention.country
    meeting_url = base_url + md_url(urls.meeting(meeting))
    country_url = base_url + md_url(urls.country(country))
    with session(browser, 1280) as opened:
        page = opened.page
        opened.goto(meeting_url)
        # The participant lists come folded after the outcomes: a reader opens the one that holds it.
        link = f'a[href$="/countries/{country.slug}/"]'
        folded = page.locator(f"article details:not([open]):has({link}) > summary")
        if not page.locator(f"article {link}:visible").count():
            folded.first.click()
        page.locator(f"article {link}:visible").first.click()
        page.wait_for_url(country_url)
        assert heading(page) == country.name
        page.locator(f'article a[href$="/meetings/{meeting.id}/"]').first.click()
        page.wait_for_url(meeting_url)
        assert heading(page) == collapse(meeting.title)
        opened.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_world_map_shades_countries_and_each_leads_to_its_page(
    browser: Any, base_url: str, archive: Archive, scheme: str
) -> None:
    code = max((c for c, ids in took_part(archive).items() if ids and not archive.countries[c].is_historic),
               key=lambda c: (len(took_part(archive)[c]), c))
    country = archive.countries[code]
    with session(browser, 1280) as opened:
        page = opened.page
        page.emulate_media(color_scheme=scheme)
        opened.goto(base_url + "/")
        box = page.locator("figure.tip-map svg").bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 250
        link = page.locator(f'figure.tip-map svg a[href$="countries/{country.slug}/"]')
        shaded = link.evaluate("a => getComputedStyle(a).fill")
        land = page.locator("figure.tip-map .tip-map__land").evaluate("p => getComputedStyle(p).fill")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert len({shaded, land, background}) == 3, (shaded, land, background)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + md_url(urls.country(country)))
        assert heading(page) == country.name
        opened.assert_clean()


def test_header_search_finds_an_item_by_a_word_only_it_contains(
    browser: Any, base_url: str, archive: Archive, search_records: SearchRecords
) -> None:
    from playwright.sync_api import expect

    meeting, item, keyword = _unique_keyword(archive, search_records)
    other = next(m for m in archive.meetings if m is not meeting)  # a nested page, not the home page
    with session(browser, 1280) as opened:
        page = opened.page
        opened.goto(base_url + md_url(urls.meeting(other)))
        page.locator("#tip-header-q").click()
        page.keyboard.type(keyword)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q="))
        page.wait_for_selector(SEARCH_READY, state="attached")
        parts = urlsplit(page.url)
        assert parts.path == md_url(urls.SEARCH) and parts.query == f"q={keyword}", page.url
        assert page.locator("#tip-q").input_value() == keyword
        results = page.locator("#tip-results > li")
        expect(results).to_have_count(1)
        assert status_count(page) == 1
        link = results.first.locator("h2 a")
        href = link.get_attribute("href") or ""
        assert urlsplit(href).path == md_url(urls.meeting(meeting)), href
        assert urlsplit(href).fragment == item.id, href
        shown = collapse(results.first.locator(".tip-result__text").inner_text())
        assert shown == collapse(item.text), f"{keyword!r}: the result does not show the item's text"
        link.click()
        page.wait_for_url(re.compile(f"#{re.escape(item.id)}$"))
        assert urlsplit(page.url).path == md_url(urls.meeting(meeting))
        assert page.evaluate("location.hash") == f"#{item.id}"
        expect(page.locator(f"[id='{item.id}']")).to_be_in_viewport()
        opened.assert_clean()


def test_hostile_record_is_shown_as_text_and_runs_nothing(
    browser: Any, hostile: Hostile, hostile_url: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        with session(browser, width) as opened:
            page = opened.page
            opened.goto(hostile_url + hostile.url)
            shown = heading(page)
            assert shown == collapse(f"Hostile {HOSTILE_TEXT}")
            assert "<script>alert(1)</script>" in shown
            assert page.title().startswith(f"Hostile {HOSTILE_TEXT}")
            body = collapse(page.locator("article").inner_text())
            for text in hostile.strings:
                assert text in body, f"{text!r} is not shown as text"
            _assert_nothing_injected(page)
            page.screenshot(path=str(SCREENSHOTS / f"hostile-meeting-{width}.png"), full_page=True)
            if width == max(WIDTHS):  # the search page builds its results from the index's text
                open_search(opened, hostile_url, "q=heading")
                result = page.locator("#tip-results > li").filter(
                    has=page.locator(f'h2 a[href$="#{hostile.item_id}"]'))
                assert result.count() == 1, "the hostile item is not among the results for 'heading'"
                assert collapse(result.locator(".tip-result__text").inner_text()) == f"Item {HOSTILE_TEXT}"
                assert f"Hostile {HOSTILE_TEXT}" in collapse(result.locator("h2").inner_text()), \
                    "the result's meeting name is not shown as text"
                assert result.locator(".tip-result__text *:not(mark)").count() == 0, \
                    "the record's text made elements other than highlights"
                _assert_nothing_injected(page)
                page.screenshot(path=str(SCREENSHOTS / f"hostile-search-{width}.png"), full_page=True)
            page.wait_for_timeout(300)  # give an onerror handler the chance to fire
            opened.assert_clean()


def _cite_of(item: Item) -> str:
    """The item's Cite block: the first after its heading, beside it or in a block beside it."""
    return f"[id='{item.id}'] ~ details.tip-cite--item, [id='{item.id}'] ~ * details.tip-cite--item"


def test_an_item_citation_copies_as_it_reads_with_its_full_address(
    browser: Any, base_url: str, archive: Archive
) -> None:
    """The Copy button puts the citation on the clipboard exactly as the page shows it, the
    permalink written out in full although the site's address is not configured; without a
    script there is no button, and the citation is plain text to select."""
    meeting = max(archive.meetings, key=lambda m: len(m.items))
    item = meeting.items[-1]
    text, _ = compact_parts(item_reference(meeting, item, SiteConfig()))
    expected = collapse(f"{text} {base_url}{md_url(urls.meeting(meeting))}#{item.id}")
    with session(browser, 390) as opened:
        page = opened.page
        opened.context.grant_permissions(["clipboard-read", "clipboard-write"])
        opened.goto(base_url + md_url(urls.meeting(meeting)))
        block = page.locator(_cite_of(item)).first
        block.locator("summary").click()
        assert collapse(block.locator(".tip-cite__text").inner_text()) == expected
        button = block.get_by_role("button", name=re.compile("^Copy citation"))
        button.click()
        assert page.evaluate("() => navigator.clipboard.readText()") == expected
        assert page.locator(".tip-cite__button").count() == len(meeting.items) + 1  # and the meeting's own
        opened.assert_clean()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + md_url(urls.meeting(meeting)))
        assert page.locator(".tip-cite__button").count() == 0
        assert page.locator(".tip-cite__text").count() == len(meeting.items) + 1
    finally:
        context.close()


def _assert_nothing_injected(page: Any) -> None:
    handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
        [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
    assert handlers == [], f"elements with event handler attributes: {handlers}"
    # JSON data blocks (the search page's facet labels) may hold vocabulary text; they never run.
    scripts = page.evaluate("() => [...document.scripts].filter(s => s.type !== 'application/json')"
                            ".map(s => s.src || s.text)")
    assert not [s for s in scripts if "alert(" in s], "a script from the record is in the page"
    assert page.locator("img[src='x']").count() == 0, "an image from the record is in the page"


def test_cite_blocks_open_without_a_script_and_offer_a_copy_button(
    browser: Any, base_url: str, archive: Archive
) -> None:
    meeting = max(archive.meetings, key=lambda m: len(m.items))
    item = meeting.sections[0][1][0]
    with session(browser, 1280) as opened:
        page = opened.page
        opened.goto(base_url + md_url(urls.meeting(meeting)))
        block = page.locator("details:has(> summary#cite)")
        bibtex = block.locator("pre code").first
        assert not bibtex.is_visible(), "the Cite block should start closed"
        block.locator("summary").focus()
        page.keyboard.press("Enter")  # a <summary> is a button for the keyboard too
        assert bibtex.is_visible()
        assert (bibtex.text_content() or "").startswith(f"@techreport{{{meeting.id},")
        copy = block.locator("button[data-md-type='copy']")
        assert copy.count() == 3, "content.code.copy adds a copy button to each code block (BibTeX, CSL-JSON, RIS)"
        targets = [copy.nth(n).get_attribute("data-clipboard-target") for n in range(3)]
        assert len(set(targets)) == 3, f"two buttons copy the same block: {targets}"
        item_block = page.locator(_cite_of(item)).first
        item_block.locator("summary").click()
        assert item_block.locator(f"a[href='#{item.id}']").is_visible()
        page.screenshot(path=str(SCREENSHOTS / "meeting-cite-1280.png"), full_page=False)
        opened.assert_clean()
    with session(browser, 1280) as opened:  # and the same without JavaScript at all
        opened.context.close()
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base_url + md_url(urls.meeting(meeting)))
        page.locator("summary#cite").click()
        assert page.locator("details:has(> summary#cite) pre code").first.is_visible()
        context.close()
