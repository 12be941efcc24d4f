"""The built site in a real browser: Debian's chromium driven by Playwright, served from 127.0.0.1.

Never runs `playwright install`: the tests use /usr/bin/chromium and fail, not skip, without it
(the launch and the fixtures are in browsing.py and conftest.py). Screenshots of each page type
at phone and desktop widths go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from browsing import SCREENSHOTS, WIDTHS, chromium_problem, open_session, page_heading, urls
from site_helpers import HOSTILE_TEXT, Hostile, collapse, index_text, md_url

from tiparchive.indexes import Archive
from tiparchive.model import Item, Meeting
from tiparchive.renderers import paths

pytestmark = pytest.mark.browser


# -- what to search for --------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Words as the search splits them (on spaces and hyphens), trimmed of punctuation."""
    return [w.strip(".,;:!?()[]\"'“”‘’").lower() for w in re.split(r"[\s\-]+", text)]


def _unique_keyword(archive: Archive, docs: list[dict[str, str]]) -> tuple[Meeting, Item, str]:
    """A word of 9+ letters in exactly one item, sharing no 7-letter stem with any other index entry."""
    holders: dict[str, set[str]] = {}
    for doc in docs:
        for word in _words(index_text(doc["title"]) + " " + index_text(doc["text"])):
            if len(word) >= 7:
                holders.setdefault(word[:7], set()).add(doc["location"])
    in_items: dict[str, int] = {}
    for mention in archive.items:
        for word in set(_words(mention.item.text)):
            in_items[word] = in_items.get(word, 0) + 1
    for mention in archive.items:
        own = f"meetings/{mention.meeting.id}/#{mention.item.id}"
        for word in sorted(set(_words(mention.item.text)), key=lambda w: (-len(w), w)):
            if len(word) >= 9 and word.isascii() and word.isalpha() and in_items[word] == 1 \
                    and holders.get(word[:7]) == {own}:
                return mention.meeting, mention.item, word
    raise AssertionError("no word of 9+ letters occurs in exactly one item")


# -- tests ---------------------------------------------------------------------------------------


def test_chromium_is_installed() -> None:
    problem = chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_loads_only_from_this_host(
    browser: Any, base_url: str, archive: Archive, width: int
) -> None:
    with open_session(browser, width) as session:  # screenshots: test_accessibility.py
        for name, url in urls(archive).items():
            session.goto(base_url + url)
            assert session.page.locator("h1").first.is_visible(), f"{name}: no visible heading"
        assert any(url.endswith("/search/search_index.json") for url in session.requests), \
            "the search index was never fetched: requests from the search worker are not being seen"
        session.assert_clean()


def test_country_link_and_back(browser: Any, base_url: str, archive: Archive) -> None:
    meeting = next(m for m in archive.meetings if m.countries)
    country = meeting.countries[0].mention.country
    meeting_url = base_url + md_url(paths.meeting(meeting))
    country_url = base_url + md_url(paths.country(country))
    with open_session(browser, 1280) as session:
        page = session.page
        session.goto(meeting_url)
        page.locator(f'article a[href$="/countries/{country.slug}/"]').first.click()
        page.wait_for_url(country_url)
        assert page_heading(page) == country.name
        page.locator(f'article a[href$="/meetings/{meeting.id}/"]').first.click()
        page.wait_for_url(meeting_url)
        assert page_heading(page) == collapse(meeting.title)
        session.assert_clean()


def test_search_finds_an_item_by_a_word_only_it_contains(
    browser: Any, base_url: str, archive: Archive, search_docs: list[dict[str, str]]
) -> None:
    meeting, item, keyword = _unique_keyword(archive, search_docs)
    with open_session(browser, 1280) as session:
        page = session.page
        session.goto(base_url + "/")
        page.locator(".md-search__input").click()
        page.keyboard.type(keyword)
        result = page.locator(f'.md-search-result__list a.md-search-result__link[href$="#{item.id}"]')
        result.first.wait_for(state="visible")
        assert result.count() == 1, f"{keyword!r}: more than one result at #{item.id}"
        href = result.first.get_attribute("href") or ""
        assert urlsplit(href).path == md_url(paths.meeting(meeting)), href
        assert href.endswith(f"#{item.id}")
        shown = collapse(page.locator(".md-search-result__list").inner_text())
        assert collapse(item.text) in shown, f"{keyword!r}: the result does not show the item's text"
        result.first.click()
        page.wait_for_url(re.compile(f"#{re.escape(item.id)}$"))
        assert urlsplit(page.url).fragment == item.id
        assert page.evaluate("location.hash") == f"#{item.id}"
        from playwright.sync_api import expect

        expect(page.locator(f"[id='{item.id}']")).to_be_in_viewport()
        session.assert_clean()


def test_hostile_record_is_shown_as_text_and_runs_nothing(
    browser: Any, hostile: Hostile, hostile_url: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        with open_session(browser, width) as session:
            page = session.page
            session.goto(hostile_url + hostile.url)
            heading = page_heading(page)
            assert heading == collapse(f"Hostile {HOSTILE_TEXT}")
            assert "<script>alert(1)</script>" in heading
            assert page.title().startswith(f"Hostile {HOSTILE_TEXT}")
            body = collapse(page.locator("article").inner_text())
            for text in hostile.strings:
                assert text in body, f"{text!r} is not shown as text"
            handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
                [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))""")
            assert handlers == [], f"elements with event handler attributes: {handlers}"
            scripts = page.evaluate("() => [...document.scripts].map(s => s.src || s.text)")
            assert not [s for s in scripts if "alert(" in s], "a script from the record is in the page"
            page.screenshot(path=str(SCREENSHOTS / f"hostile-meeting-{width}.png"), full_page=True)
            if width == max(WIDTHS):  # the search results render titles and texts as HTML
                page.locator(".md-search__input").click()
                page.keyboard.type("heading")
                results = page.locator(".md-search-result__list")
                item = results.locator(f'a.md-search-result__link[href$="#{hostile.item_id}"]')
                item.first.wait_for(state="attached")  # may sit folded under "more on this page"
                assert f"Item {HOSTILE_TEXT}" in collapse(item.first.text_content() or "")
                shown = collapse(results.inner_text())
                assert f"Hostile {HOSTILE_TEXT}" in shown, "the result's title is not shown as text"
            page.wait_for_timeout(300)  # give an onerror handler the chance to fire
            session.assert_clean()
