"""The Recommendations page in the browser: opening a search, reading what it shows, paging on.

Used by test_browser.py and test_search.py. The browser plumbing (launch, serve, sessions, the
wait for a settled search) is in browsing.py; the names those tests take from here are kept.
"""

from __future__ import annotations

import re
from typing import Any

from browsing import SEARCH_READY, Session, chromium_problem, settled
from browsing import open_session as session
from browsing import page_heading as heading

__all__ = ["SEARCH_READY", "chromium_problem", "heading", "session", "settled"]

PAGE_SIZE = 20  # results the search page shows before "Show more" (docs/assets/search.js)
_STATUS = re.compile(r"^([\d,]+) items?\b")


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


def open_facets(page: Any) -> None:
    """Opens every facet's box and waits until each shows its counts (fetched when it is opened)."""
    closed = page.evaluate("[...document.querySelectorAll('details.tip-facet:not([open])')]"
                           ".map((box) => box.dataset.facet)")
    for facet in closed:
        page.locator(f'details.tip-facet[data-facet="{facet}"] > summary').click()
    page.wait_for_function("[...document.querySelectorAll('details.tip-facet')]"
                           ".every((box) => box.open && box.dataset.counted === 'true')")


def facet_counts(page: Any) -> dict[str, dict[str, tuple[int, bool]]]:
    """Facet -> value -> (count shown, shown at all), every facet opened first; a value with no
    count text counts as -1."""
    open_facets(page)
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
