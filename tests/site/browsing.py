"""Driving the built site in Debian's chromium through Playwright, served from 127.0.0.1.

Shared by every browser test module (the Recommendations page's own helpers are in
browser_helpers.py). Never runs `playwright install`: the tests use /usr/bin/chromium and fail,
not skip, without it. The page types every browser check walks are listed once, in
`tiparchive.render.pagetypes`.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from site_helpers import ROOT, collapse

from tiparchive.archive.indexes import Archive
from tiparchive.render.pagetypes import page_types

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = (390, 1280)
LOCAL = "127.0.0.1"
TIMEOUT_MS = 15_000
SEARCH_READY = 'html[data-search-ready="true"]'

# search.js sends "tip:results" once a search's results, page links and counts are all on the page,
# and writes "Searching…" into the status the moment a search starts. This notes the status each
# finished search left, and forgets it when the next one starts, before any page script runs.
_LISTEN = """document.addEventListener('tip:results', () => {
  window.tipResultsStatus = document.getElementById('tip-status').textContent;
});
document.addEventListener('DOMContentLoaded', () => {
  const status = document.getElementById('tip-status');
  if (!status) return;
  new MutationObserver(() => {
    if (status.textContent.startsWith('Searching')) window.tipResultsStatus = null;
  }).observe(status, {childList: true, characterData: true, subtree: true});
});"""

# True once the newest search has finished and shown a count.
_SETTLED = """() => {
  const status = document.getElementById('tip-status').textContent;
  return Boolean(document.documentElement.dataset.searchReady) && /^[\\d,]+ items?\\b/.test(status)
    && window.tipResultsStatus === status;
}"""


def chromium_problem() -> str | None:
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return (f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium). "
                "These tests never download a browser with `playwright install`.")
    return None


def page_urls(archive: Archive) -> dict[str, str]:
    """Page type -> URL path ('/meetings/x/'), from the one list in tiparchive.render.pagetypes."""
    return {name: "/" + url for name, url in page_types(archive).items()}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
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


@contextmanager
def launch() -> Iterator[Any]:
    """Debian's chromium, headless, for as long as the block runs."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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

    def storage(self) -> dict[str, dict[str, str]]:
        """What the open page's origin keeps in localStorage and sessionStorage."""
        result: dict[str, dict[str, str]] = self.page.evaluate(
            """() => Object.fromEntries(['localStorage', 'sessionStorage'].map(name =>
                [name, Object.fromEntries(Object.keys(window[name]).map(k => [k, window[name].getItem(k)]))]))""")
        return result

    def assert_clean(self) -> None:
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.errors == [], f"script or console errors: {self.errors}"
        assert self.failed == [], f"failed requests: {self.failed}"
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"
        others = [url for url in self.requests if urlsplit(url).hostname != LOCAL]
        assert others == [], f"requests to other hosts: {others}"
        assert self.context.cookies() == [], "the site set cookies"


@contextmanager
def open_session(browser: Any, width: int = 1280, color_scheme: str = "light",
                 javascript: bool = True) -> Iterator[Session]:
    """A fresh context (empty cache, no storage) `width` px wide, preferring `color_scheme`; its
    pages note when a search has settled (see `settled`)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block",
                                  color_scheme=color_scheme, java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_LISTEN)
    page = context.new_page()
    opened = Session(context, page)
    context.on("request", lambda request: opened.requests.append(request.url))

    def route(route: Any) -> None:  # nothing may leave the machine, whatever the page asks for
        if urlsplit(route.request.url).hostname == LOCAL:
            route.continue_()
        else:
            opened.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)

    def dialog(dialog: Any) -> None:
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
    context.on("response", lambda response: response.status >= 400
               and opened.failed.append(f"{response.status} {response.url}"))
    context.on("requestfailed", lambda request: urlsplit(request.url).hostname == LOCAL
               and "ERR_ABORTED" not in (request.failure or "")  # cut short by the next navigation
               and opened.failed.append(f"{request.failure} {request.url}"))
    try:
        yield opened
    finally:
        context.close()


def settled(page: Any) -> None:
    """Waits until the search page's newest search has shown its count and first page of results."""
    page.wait_for_function(_SETTLED)


def page_heading(page: Any) -> str:
    """The page's <h1> as shown, without the ¶ permalink that follows it."""
    return collapse(page.locator("article h1").first.inner_text()).removesuffix("¶").rstrip()
