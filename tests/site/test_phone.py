"""Every page type on a phone, in Chromium at 360 and 390 px: no word is split across two lines,
nothing sticks out sideways (neither the page nor a table box), and chart labels are read at
12 px or more. The run saves each page type at 390 px, whole, to test-artifacts/screenshots/phone/.

A word here is a run of letters and digits: a line may break after a hyphen ("co-|operation")
but never inside "2005" or "October". Each word's rectangles on screen are compared: two
different line tops mean the browser broke it.
"""

from __future__ import annotations

from typing import Any

import pytest
from browsing import SCREENSHOTS, open_session, page_urls

from tiparchive.archive.indexes import Archive

pytestmark = pytest.mark.browser

PHONES = (360, 390)
SHOTS = SCREENSHOTS / "phone"
SMALLEST_LABEL_PX = 12

# Words of the article's text (outside SVG) that the layout broke across lines, up to 20.
_SPLIT_WORDS = """() => {
  const article = document.querySelector('article') || document.body;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const word = /[\\p{L}\\p{N}]{2,}/gu;
  const split = [];
  for (let node = walker.nextNode(); node && split.length < 20; node = walker.nextNode()) {
    if (node.parentElement.closest('svg')) continue;
    for (const match of node.data.matchAll(word)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""

# How far the page, and any table's box, is wider than what is shown of it.
_OVERFLOW = """() => {
  const wide = [];
  const page = document.documentElement.scrollWidth - window.innerWidth;
  if (page > 0) wide.push(`the page by ${page}px`);
  for (const table of document.querySelectorAll('article table')) {
    const box = table.closest('.md-typeset__scrollwrap, .md-typeset__table') || table;
    const over = Math.max(table.getBoundingClientRect().width, box.scrollWidth) - box.clientWidth;
    if (over > 1 && box.getBoundingClientRect().width > 0) {
      const heading = [...table.querySelectorAll('th')].map(th => th.textContent.trim()).join(' | ');
      wide.push(`a table (${heading}) by ${Math.round(over)}px`);
    }
  }
  return wide;
}"""

# The rendered size of each chart label that is shown: its font size times the SVG's scale.
_LABEL_SIZES = """() => [...document.querySelectorAll('article svg text')]
  .filter(text => text.getClientRects().length > 0)
  .map(text => ({text: text.textContent,
                 px: parseFloat(getComputedStyle(text).fontSize) * text.ownerSVGElement.getScreenCTM().a}))"""


def _problems(page: Any) -> list[str]:
    problems = [f"split word {word!r}" for word in page.evaluate(_SPLIT_WORDS)]
    problems += [f"wider than the screen: {what}" for what in page.evaluate(_OVERFLOW)]
    problems += [f"chart label {label['text']!r} at {label['px']:.1f}px"
                 for label in page.evaluate(_LABEL_SIZES) if label["px"] < SMALLEST_LABEL_PX - 0.05][:10]
    return problems


@pytest.mark.parametrize("width", PHONES)
def test_every_page_type_holds_on_a_phone(browser: Any, base_url: str, archive: Archive, width: int) -> None:
    broken: dict[str, list[str]] = {}
    with open_session(browser, width) as session:
        for name, url in page_urls(archive).items():
            session.goto(base_url + url)
            problems = _problems(session.page)
            if problems:
                broken[name] = problems
            if width == 390:
                SHOTS.mkdir(parents=True, exist_ok=True)
                session.page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
        session.assert_clean()
    report = "\n".join(f"{name}: {'; '.join(problems)}" for name, problems in broken.items())
    assert not broken, f"{len(broken)} of {len(page_urls(archive))} page types break at {width}px:\n{report}"
