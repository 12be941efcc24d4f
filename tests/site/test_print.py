"""Printing a meeting page, as policy officers do before a meeting: the print stylesheet hides the
theme's navigation chrome and keeps every item, its heading and its id (printed after the
permalink, which cannot be followed on paper). The PDF goes to test-artifacts/print/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browsing import open_session, page_urls
from site_helpers import ROOT, collapse, md_url

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.labels import item_label
from tiparchive.records.model import Meeting

pytestmark = pytest.mark.browser

PDF = ROOT / "test-artifacts" / "print"
# Navigation chrome (the theme's, and the header search box), each shown on screen and hidden on paper.
CHROME = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "sidebars": ".md-sidebar",
    "search box": ".tip-header-search",
    "footer": ".md-footer",
    "back-to-top button": ".md-top",
    "heading ¶ links": ".headerlink",
}
ON_SCREEN_TOO = ("header", "tabs", "sidebars", "search box", "footer")
IS_SHOWN = "e => e.checkVisibility({visibilityProperty: true, opacityProperty: true})"
SHOWN = f"elements => elements.filter({IS_SHOWN}).length"
PAGE = re.compile(rb"/Type\s*/Page\b")


def _sample_meeting(archive: Archive) -> Meeting:
    url = page_urls(archive)["meeting"]
    return next(m for m in archive.meetings if md_url(urls.meeting(m)) == url)


def test_a_meeting_page_prints_without_chrome_and_with_every_item_and_id(
    browser: Any, base_url: str, archive: Archive
) -> None:
    meeting = _sample_meeting(archive)
    with open_session(browser, 1280) as session:
        page = session.page
        session.goto(base_url + md_url(urls.meeting(meeting)))
        for name in ON_SCREEN_TOO:
            assert page.locator(CHROME[name]).evaluate_all(SHOWN) > 0, f"no {name} on screen to hide in print"
        page.emulate_media(media="print")
        printed = {name: page.locator(selector).evaluate_all(SHOWN) for name, selector in CHROME.items()}
        assert printed == dict.fromkeys(CHROME, 0), f"chrome printed (count shown per part): {printed}"
        text = collapse(page.locator("article").inner_text())
        assert collapse(meeting.title) in text
        missing = []
        for item in meeting.items:
            heading = page.locator(f"[id='{item.id}']")
            if not heading.evaluate(IS_SHOWN):
                missing.append(f"{item.id}: heading not printed")
            elif collapse(heading.inner_text()) != collapse(item_label(meeting, item)):
                missing.append(f"{item.id}: heading printed as {heading.inner_text()!r}")
            if collapse(item.text) not in text:
                missing.append(f"{item.id}: text not printed")
            cited = page.locator(f".tip-item__meta a[href='#{item.id}']").evaluate(
                "a => getComputedStyle(a, '::after').content")
            if item.id not in cited:
                missing.append(f"{item.id}: id not printed after its permalink ({cited})")
        assert missing == [], "\n".join(missing)
        PDF.mkdir(parents=True, exist_ok=True)
        pdf = page.pdf(path=str(PDF / "meeting.pdf"), format="A4", print_background=False)
        assert pdf.startswith(b"%PDF") and len(PAGE.findall(pdf)) >= 2, "the PDF has fewer than two pages"
        session.assert_clean()
