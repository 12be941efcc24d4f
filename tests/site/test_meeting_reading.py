"""Reading a meeting page in the browser: the outcomes on the first screen, "show only" one kind,
and each item's "See in the report" opening the folded source text at its highlighted passage,
all with JavaScript off (the page promises them without it) and on."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from browsing import open_session
from site_helpers import collapse

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Meeting
from tiparchive.records.sourcetext import normalise
from tiparchive.render.meeting import FILTERABLE_KINDS

pytestmark = pytest.mark.browser

SCREEN = (1280, 800)

# The visible item headings' ids, in page order.
_VISIBLE_ITEMS = """() => [...document.querySelectorAll('h4.tip-item')]
  .filter((h) => h.getClientRects().length > 0).map((h) => h.id)"""

# Where the :target is and how it is drawn.
_TARGET = """() => {
  const target = document.querySelector(':target');
  if (!target) return null;
  const box = target.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  return {id: target.id, tag: target.tagName, top: box.top, bottom: box.bottom, height: window.innerHeight,
          below: header ? header.getBoundingClientRect().bottom : 0,
          background: getComputedStyle(target).backgroundColor,
          open: target.closest('details') ? target.closest('details').open : null};
}"""


def _url(base_url: str, meeting: Meeting, anchor: str = "") -> str:
    return f"{base_url}/{urls.at(urls.meeting(meeting), anchor)}"


def _largest(archive: Archive) -> Meeting:
    return max(archive.meetings, key=lambda m: (len({i.kind.id for i in m.items}), len(m.items), m.id))


@pytest.mark.parametrize("javascript", [False, True])
def test_first_item_starts_on_the_first_screen(browser: Any, base_url: str, archive: Archive,
                                               javascript: bool) -> None:
    width, height = SCREEN
    late = {}
    with open_session(browser, width, javascript=javascript) as session:
        session.page.set_viewport_size({"width": width, "height": height})
        for meeting in archive.meetings:
            session.goto(_url(base_url, meeting))
            top = session.page.evaluate(
                "(id) => document.getElementById(id).getBoundingClientRect().top", meeting.items[0].id)
            if top >= height:
                late[meeting.id] = round(top / height + 1, 2)
    assert late == {}, f"the first item starts below the first screen (screen number) at {width}x{height}: {late}"


@pytest.mark.parametrize("javascript", [False, True])
def test_show_only_one_kind_and_back_to_all(browser: Any, base_url: str, archive: Archive, javascript: bool) -> None:
    meeting = _largest(archive)
    kinds = Counter(item.kind.id for item in meeting.items)
    assert len(kinds) > 1, "no meeting has two kinds of item: nothing to filter"
    with open_session(browser, javascript=javascript) as session:
        session.goto(_url(base_url, meeting))
        everything = session.page.evaluate(_VISIBLE_ITEMS)
        assert everything == [item.id for item in meeting.items]
        for kind in list(kinds)[:FILTERABLE_KINDS]:
            session.page.locator(f'nav.tip-kinds a[href="#{urls.kind_anchor(kind)}"]').click()
            shown = session.page.evaluate(_VISIBLE_ITEMS)
            assert shown == [item.id for item in meeting.items if item.kind.id == kind], kind
            # Every visible item paragraph, meta line and citation belongs to a shown item.
            stray = session.page.evaluate(
                """(kind) => [...document.querySelectorAll('.tip-entry')]
                  .filter((e) => e.getClientRects().length > 0 && !e.classList.contains('tip-kind--' + kind))
                  .length""", kind)
            assert stray == 0, f"{kind}: {stray} parts of other items still shown"
        session.page.locator('nav.tip-kinds a[href="#outcomes"]').click()
        assert session.page.evaluate(_VISIBLE_ITEMS) == everything
        session.assert_clean()


@pytest.mark.parametrize("javascript", [False, True])
def test_see_in_the_report_opens_the_highlighted_passage_and_links_back(
        browser: Any, base_url: str, archive: Archive, javascript: bool) -> None:
    checked = 0
    with open_session(browser, javascript=javascript) as session:
        for meeting in archive.meetings:
            item = meeting.items[-1]
            session.goto(_url(base_url, meeting))
            folds = session.page.evaluate("() => [...document.querySelectorAll('details.tip-fold')].map(d => d.open)")
            assert folds and not any(folds), f"{meeting.id}: the participant lists and source text start folded"
            see = f'[id="{item.id}"] ~ p.tip-item__meta a[href="#{urls.passage_anchor(item.id)}"]'
            session.page.locator(see).first.click()
            landed = session.page.evaluate(_TARGET)
            assert landed is not None and landed["id"] == urls.passage_anchor(item.id), landed
            assert landed["tag"] == "MARK" and landed["open"] is True, f"{meeting.id}: the source text did not open"
            assert landed["below"] - 1 <= landed["top"] < landed["height"], f"{meeting.id}: not in view: {landed}"
            assert landed["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), "the passage is not highlighted"
            passage = session.page.locator(f'[id="{urls.passage_anchor(item.id)}"]')
            words = collapse(passage.inner_text())
            assert words and normalise(item.text).startswith(words), f"{meeting.id}: {words!r} is not the item's"
            # ... and the passage links back to the item.
            back = passage.locator(f'xpath=ancestor::div[contains(@class,"tip-source")]//a[@href="#{item.id}"]')
            back.first.click()
            landed = session.page.evaluate(_TARGET)
            assert landed is not None and landed["id"] == item.id and landed["tag"] == "H4", landed
            checked += 1
        session.assert_clean()
    assert checked == len(archive.meetings)
