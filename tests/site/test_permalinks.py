"""Every recommendation permalink, `meetings/<id>/#<item-id>`, lands on that item's heading:
checked in the static HTML for all of them, and in the browser for a sample, where the heading
must also be scrolled into view below the theme's sticky header."""

from __future__ import annotations

from typing import Any

import pytest
from browsing import WIDTHS, open_session
from site_helpers import Site, collapse, md_url

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.labels import item_label


def _permalink(meeting_id: str, item_id: str) -> tuple[str, str]:
    return f"/meetings/{meeting_id}/", item_id


def test_every_permalink_is_the_items_heading(site: Site, archive: Archive) -> None:
    problems = []
    count = 0
    for mention in archive.items:
        meeting, item = mention.meeting, mention.item
        url, fragment = _permalink(meeting.id, item.id)
        assert url == md_url(urls.meeting(meeting))
        page = site.page(url)
        holders = [element for element in page.tree.iter() if element.attrs.get("id") == fragment]
        count += 1
        if len(holders) != 1:
            problems.append(f"{url}#{fragment}: {len(holders)} elements with this id")
            continue
        heading = holders[0]
        if heading.tag != "h4" or "tip-item" not in heading.classes:
            problems.append(f"{url}#{fragment}: lands on <{heading.tag} class={heading.attrs.get('class')!r}>")
        elif heading.text() != collapse(item_label(meeting, item)):
            problems.append(f"{url}#{fragment}: heading {heading.text()!r}, not {item_label(meeting, item)!r}")
    assert count == sum(len(m.items) for m in archive.meetings) > 0
    assert problems == [], "\n".join(problems)


def test_every_link_into_a_meeting_from_another_page_lands_on_an_item(site: Site, archive: Archive) -> None:
    """Theme, country, organisation and process pages link to items as meetings/<id>/#<item-id>;
    every such link in their content is to an item that exists, so it lands on its heading, or to a
    section the meeting page has."""
    items = {_permalink(m.meeting.id, m.item.id) for m in archive.items}
    meetings = {url for url, _ in items}
    followed, wrong = 0, []
    for page in site.pages():
        if page.url in meetings:
            continue
        for anchor, target in page.links(page.content):
            if target.url in meetings and target.fragment:
                followed += 1
                if (target.url, target.fragment) in items:
                    continue
                # A link to a section of a meeting (its participants, say) lands on that section.
                if target.fragment not in site.page(target.url).ids:
                    wrong.append(f"{page.file}: {anchor.attrs['href']}")
    assert followed >= len(items), f"only {followed} links to items found for {len(items)} items"
    assert wrong == [], "links into meeting pages that miss their item:\n" + "\n".join(wrong[:40])


def _sample(archive: Archive) -> list[tuple[str, str]]:
    """The first and last item of every meeting, and the middle one of the largest."""
    chosen = []
    for meeting in archive.meetings:
        chosen += [(meeting, meeting.items[0]), (meeting, meeting.items[-1])]
    largest = max(archive.meetings, key=lambda m: len(m.items))
    chosen.append((largest, largest.items[len(largest.items) // 2]))
    return list(dict.fromkeys(_permalink(meeting.id, item.id) for meeting, item in chosen))


# Where the :target is, and where the sticky header ends.
LANDED = """() => {
  const target = document.querySelector(':target');
  const header = document.querySelector('.md-header');
  if (!target) return null;
  const box = target.getBoundingClientRect();
  return {id: target.id, tag: target.tagName, item: target.classList.contains('tip-item'),
          top: box.top, bottom: box.bottom, below: header ? header.getBoundingClientRect().bottom : 0,
          height: window.innerHeight};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_permalinks_open_scrolled_to_their_item(browser: Any, base_url: str, archive: Archive, width: int) -> None:
    sample = _sample(archive)
    assert len(sample) >= len(archive.meetings)
    with open_session(browser, width) as session:
        for url, fragment in sample:
            session.goto(f"{base_url}{url}#{fragment}")
            landed = session.page.evaluate(LANDED)
            assert landed is not None, f"{url}#{fragment}: nothing is the :target"
            assert (landed["id"], landed["tag"], landed["item"]) == (fragment, "H4", True), landed
            assert landed["below"] - 1 <= landed["top"] and landed["bottom"] <= landed["height"], \
                f"{url}#{fragment} at {width}px: the heading is not in view below the header: {landed}"
        session.assert_clean()
