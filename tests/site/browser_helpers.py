"""Driving the built site in Debian's chromium through Playwright, served from 127.0.0.1.

Shared by the browser tests (test_browser.py, test_search.py); the `browser`, `base_url` and
`hostile_url` fixtures that use these live in conftest.py. Never runs `playwright install`.
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

from site_helpers import collapse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL = "127.0.0.1"
TIMEOUT_MS = 15_000
SEARCH_READY = 'html[data-search-ready="true"]'
PAGE_SIZE = 20  # results the search page shows before "Show more" (docs/assets/search.js)


def chromium_problem() -> str | None:
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return (f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium). "
                "These tests never download a browser with `playwright install`.")
    return None


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
def session(browser: Any, width: int = 1280, javascript: bool = True) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block",
                                  java_script_enabled=javascript)
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


def heading(page: Any) -> str:
    """The page's <h1> as shown, without the ¶ permalink that follows it."""
    return collapse(page.locator("article h1").first.inner_text()).removesuffix("¶").rstrip()


# -- the Recommendations page ------------------------------------------------------------------

_STATUS = re.compile(r"^([\d,]+) items?\b")

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

# What the page shows: the form's state, the status, the result links in order and the page links.
_SNAPSHOT = """() => {
  const form = document.getElementById('tip-search');
  return {
    search: location.search,
    q: form.elements.q.value,
    sort: form.elements.sort.value,
    from: form.elements.from.value,
    to: form.elements.to.value,
    checked: [...form.querySelectorAll('input[type=checkbox]:checked')].map((b) => `${b.name}=${b.value}`),
    status: document.getElementById('tip-status').textContent,
    hrefs: [...document.querySelectorAll('#tip-results > li h2 a')].map((a) => a.getAttribute('href')),
  };
}"""

# Facet -> value -> [count shown, whether the value is displayed at all].
_FACET_COUNTS = """() => {
  const found = {};
  for (const box of document.querySelectorAll('#tip-search input[type=checkbox]')) {
    const label = box.closest('label');
    found[box.name] ??= {};
    found[box.name][box.value] = [label.querySelector('.tip-facet__count').textContent,
                                  getComputedStyle(label).display !== 'none'];
  }
  found.year = {};
  for (const option of document.querySelectorAll('#tip-from option')) {
    const match = option.textContent.match(/\\(([\\d,]+)\\)/);
    found.year[option.value] = [match ? match[1] : '', true];
  }
  return found;
}"""


def settled(page: Any) -> None:
    """Waits until the newest search has shown its count and first page of results."""
    page.wait_for_function(_SETTLED)


def open_search(opened: Session, base_url: str, query: str = "") -> None:
    """Opens /search/ with `query` (an encoded query string, or "") and waits for its results."""
    opened.goto(f"{base_url}/search/{'?' + query if query else ''}")
    opened.page.wait_for_selector(SEARCH_READY, state="attached")
    settled(opened.page)


def status_count(page: Any) -> int:
    text = page.locator("#tip-status").inner_text()
    match = _STATUS.match(text)
    assert match, f"the status does not start with a count: {text!r}"
    return int(match.group(1).replace(",", ""))


def snapshot(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(_SNAPSHOT))


def result_hrefs(page: Any) -> list[str]:
    return list(snapshot(page)["hrefs"])


def facet_counts(page: Any) -> dict[str, dict[str, tuple[int, bool]]]:
    """Facet -> value -> (count shown, shown at all); a value with no count text counts as -1."""
    raw = page.evaluate(_FACET_COUNTS)
    return {facet: {value: (int(count.replace(",", "")) if count else -1, bool(shown))
                    for value, (count, shown) in values.items()}
            for facet, values in raw.items()}


def show_all(page: Any) -> list[str]:
    """Presses "Show more" until every result is listed; the result links in order."""
    total = status_count(page)
    while (shown := page.locator("#tip-results > li").count()) < total:
        page.locator("#tip-more").click()
        page.wait_for_function(f"document.querySelectorAll('#tip-results > li').length > {shown}")
    return result_hrefs(page)
