"""The built site in a real browser: Debian's chromium driven by Playwright, served from 127.0.0.1.

Never runs `playwright install`: the tests use /usr/bin/chromium and fail, not skip, without it.
Screenshots of each page type at phone and desktop widths go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from site_helpers import HOSTILE_TEXT, ROOT, Hostile, Site, collapse, index_text, md_url

from tiparchive.indexes import Archive
from tiparchive.model import Item, Meeting
from tiparchive.renderers import paths
from tiparchive.renderers.maps import took_part

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = (390, 1280)
LOCAL = "127.0.0.1"
TIMEOUT_MS = 15_000


def _chromium_problem() -> str | None:
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return (f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium). "
                "These tests never download a browser with `playwright install`.")
    return None


# -- serving and driving -----------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """Serves `folder` over HTTP on 127.0.0.1 on a free port, in a thread."""
    server = ThreadingHTTPServer((LOCAL, 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = _chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("playwright is not installed: pip install -e '.[test]'", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    with _serve(site.folder) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_url(hostile: Hostile) -> Iterator[str]:
    with _serve(hostile.site.folder) as url:
        yield url


@dataclass
class Session:
    """One browser context: every request it made, every dialog and script error it saw."""

    context: Any
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="networkidle")

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.errors == [], f"script or console errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"
        others = [url for url in self.requests if urlsplit(url).hostname != LOCAL]
        assert others == [], f"requests to other hosts: {others}"
        assert self.context.cookies() == [], "the site set cookies"


@contextmanager
def _session(browser: Any, width: int) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    session = Session(context, page)
    context.on("request", lambda request: session.requests.append(request.url))

    def route(route: Any) -> None:  # nothing may leave the machine, whatever the page asks for
        if urlsplit(route.request.url).hostname == LOCAL:
            route.continue_()
        else:
            session.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)

    def dialog(dialog: Any) -> None:
        session.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda error: session.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and session.errors.append(message.text))
    context.on("response", lambda response: response.status >= 400
               and session.failed.append(f"{response.status} {response.url}"))
    context.on("requestfailed", lambda request: urlsplit(request.url).hostname == LOCAL
               and "ERR_ABORTED" not in (request.failure or "")  # cut short by the next navigation
               and session.failed.append(f"{request.failure} {request.url}"))
    try:
        yield session
    finally:
        context.close()


def _heading(page: Any) -> str:
    """The page's <h1> as shown, without the ¶ permalink that follows it."""
    return collapse(page.locator("article h1").first.inner_text()).removesuffix("¶").rstrip()


# -- what to open --------------------------------------------------------------------------------


def _page_types(archive: Archive) -> dict[str, str]:
    meeting = next(m for m in archive.meetings if m.countries and m.organisations)
    item = meeting.items[0]
    return {
        "home": md_url(paths.HOME),
        "meetings": md_url(paths.MEETINGS),
        "timeline": md_url(paths.TIMELINE),
        "meeting": md_url(paths.meeting(meeting)),
        "countries": md_url(paths.COUNTRIES),
        "country": md_url(paths.country(meeting.countries[0].mention.country)),
        "themes": md_url(paths.THEMES),
        "theme": md_url(paths.theme(item.themes[0])),
        "processes": md_url(paths.PROCESSES),
        "process": md_url(paths.process(meeting.processes[0])),
        "organisations": md_url(paths.ORGANISATIONS),
        "organisation": md_url(paths.organisation(meeting.organisations[0].mention.organisation)),
        "about": "/about/",
        "not-found": "/404.html",
    }


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
    problem = _chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_type_loads_only_from_this_host(
    browser: Any, base_url: str, archive: Archive, width: int
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with _session(browser, width) as session:
        for name, url in _page_types(archive).items():
            session.goto(base_url + url)
            assert session.page.locator("h1").first.is_visible(), f"{name}: no visible heading"
            session.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        assert any(url.endswith("/search/search_index.json") for url in session.requests), \
            "the search index was never fetched: requests from the search worker are not being seen"
        session.assert_clean()


def test_country_link_and_back(browser: Any, base_url: str, archive: Archive) -> None:
    meeting = next(m for m in archive.meetings if m.countries)
    country = meeting.countries[0].mention.country
    meeting_url = base_url + md_url(paths.meeting(meeting))
    country_url = base_url + md_url(paths.country(country))
    with _session(browser, 1280) as session:
        page = session.page
        session.goto(meeting_url)
        page.locator(f'article a[href$="/countries/{country.slug}/"]').first.click()
        page.wait_for_url(country_url)
        assert _heading(page) == country.name
        page.locator(f'article a[href$="/meetings/{meeting.id}/"]').first.click()
        page.wait_for_url(meeting_url)
        assert _heading(page) == collapse(meeting.title)
        session.assert_clean()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_world_map_shades_countries_and_each_leads_to_its_page(
    browser: Any, base_url: str, archive: Archive, scheme: str
) -> None:
    code = max((c for c, ids in took_part(archive).items() if ids and not archive.countries[c].is_historic),
               key=lambda c: (len(took_part(archive)[c]), c))
    country = archive.countries[code]
    with _session(browser, 1280) as session:
        page = session.page
        page.emulate_media(color_scheme=scheme)
        session.goto(base_url + "/")
        box = page.locator("figure.tip-map svg").bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 250
        link = page.locator(f'figure.tip-map svg a[href$="countries/{country.slug}/"]')
        shaded = link.evaluate("a => getComputedStyle(a).fill")
        land = page.locator("figure.tip-map .tip-map__land").evaluate("p => getComputedStyle(p).fill")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert len({shaded, land, background}) == 3, (shaded, land, background)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(base_url + md_url(paths.country(country)))
        assert _heading(page) == country.name
        session.assert_clean()


def test_search_finds_an_item_by_a_word_only_it_contains(
    browser: Any, base_url: str, archive: Archive, search_docs: list[dict[str, str]]
) -> None:
    meeting, item, keyword = _unique_keyword(archive, search_docs)
    with _session(browser, 1280) as session:
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
        with _session(browser, width) as session:
            page = session.page
            session.goto(hostile_url + hostile.url)
            heading = _heading(page)
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
