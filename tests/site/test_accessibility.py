"""Accessibility in the browser: axe-core finds no WCAG 2.2 A/AA violation on any page type, in
light and dark colour schemes, at phone and desktop widths; the keyboard reaches the content and
every focus stop on the way is on screen with a visible focus indicator.

axe-core is the copy the `axe-playwright-python` PyPI package ships, injected into each page from
the local file, so nothing is fetched from anywhere. The same run writes the screenshots of every
page type to test-artifacts/screenshots/ and axe's counts to test-artifacts/accessibility.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from browsing import SCREENSHOTS, WIDTHS, open_session, page_urls, settled
from site_helpers import ROOT

from tiparchive.archive.indexes import Archive

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = ("light", "dark")
# The palette mkdocs.yml gives each preferred colour scheme; the page must have switched to it,
# or the dark runs would check the light palette twice.
PALETTE = {"light": "default", "dark": "slate"}
RESULTS = ROOT / "test-artifacts" / "accessibility.json"
# The first screen of these page types, light, at both widths, is what README.md shows. They are
# written to test-artifacts/screenshots/first-screen/, and into docs/screenshots/ when the run has
# UPDATE_SCREENSHOTS=1 (as UPDATE_GOLDEN=1 refreshes the golden page).
README_PAGES = ("home", "meeting", "country", "theme")
FIRST_SCREEN = SCREENSHOTS / "first-screen"
README_SCREENSHOTS = ROOT / "docs" / "screenshots"


def _axe_script() -> Path:
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("axe-playwright-python is not installed: pip install -r requirements.lock", pytrace=False)
    return Path(AXE_FILE_PATH)


def _axe(page: Any) -> list[dict[str, Any]]:
    """axe's violations of the WCAG A and AA rules on the open page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(_axe_script()))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results: dict[str, Any] = page.evaluate("options => axe.run(document, options)", options)
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def _report(found: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for name, violations in found.items():
        for violation in violations:
            lines.append(f"{name}: {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:8]:
                messages = [check["message"] for kind in ("any", "all", "none") for check in node.get(kind, [])]
                lines.append(f"    {' '.join(map(str, node['target']))}: {'; '.join(messages)[:300]}")
            if len(violation["nodes"]) > 8:
                lines.append(f"    ... and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


def _record(scheme: str, width: int, counts: dict[str, int]) -> None:
    """Adds this run's violation counts to test-artifacts/accessibility.json (for the docs' table)."""
    RESULTS.parent.mkdir(exist_ok=True)
    recorded = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    recorded[f"{scheme} {width}px"] = counts
    RESULTS.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _shown_in_full(page: Any, name: str) -> None:
    """Waits for what scripts add to the page, so axe checks that too. The search page's results,
    page links and "Show more" button appear after the search has run."""
    if name == "search":
        settled(page)
        for part in ("#tip-results > li", "#tip-pages a", "#tip-more"):
            assert page.locator(part).first.is_visible(), f"search page: no {part} shown for axe to check"


def _first_screen(page: Any, name: str) -> None:
    FIRST_SCREEN.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(path=str(FIRST_SCREEN / name))
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SCREENSHOTS.mkdir(exist_ok=True)
        (README_SCREENSHOTS / name).write_bytes(shot)


@pytest.mark.parametrize(("scheme", "width"), [(s, w) for s in SCHEMES for w in WIDTHS])
def test_no_page_type_violates_wcag_2_2_aa(
    browser: Any, base_url: str, archive: Archive, scheme: str, width: int
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[dict[str, Any]]] = {}
    counts: dict[str, int] = {}
    with open_session(browser, width, scheme) as session:
        for name, url in page_urls(archive).items():
            session.goto(base_url + url)
            palette = session.page.get_attribute("body", "data-md-color-scheme")
            assert palette == PALETTE[scheme], f"{name}: {scheme} preferred, but the page shows {palette!r}"
            _shown_in_full(session.page, name)
            violations = _axe(session.page)
            counts[name] = len(violations)
            if violations:
                found[name] = violations
            if scheme == "light" or width == max(WIDTHS):
                session.page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)
            if scheme == "light" and name in README_PAGES:
                _first_screen(session.page, f"{name}-{width}.png")
        session.assert_clean()
    _record(scheme, width, counts)
    assert not found, f"axe found WCAG 2.2 A/AA violations ({scheme}, {width}px):\n{_report(found)}"


# -- the keyboard ----------------------------------------------------------------------------------

# What stands for the focused element on screen: the element itself, or, for the theme's
# visually hidden toggles (the colour palette switch), the label drawn right after it.
SHOWN = """const element = document.activeElement;
  const next = element && element.nextElementSibling;
  const hidden = element && element.getBoundingClientRect().width <= 1;
  const shown = hidden && next && next.tagName === 'LABEL' ? next : element;"""

# The focused element, whether it is in the content, and whether a focus indicator shows: an
# outline or a shadow on what stands for it. A text field shows its caret.
FOCUSED = """() => {
  """ + SHOWN + """
  if (!element || element === document.body) return null;
  const shows = node => {
    const style = getComputedStyle(node);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  };
  const typing = element.tagName === 'INPUT' && ['text', 'search'].includes(element.type);
  return {
    describe: element.tagName.toLowerCase() + (element.className ? '.' + element.className.split(' ').join('.') : '')
      + (element.getAttribute('href') ? ` href=${element.getAttribute('href')}` : ''),
    inContent: !!element.closest('article'),
    link: element.tagName === 'A' && !element.classList.contains('headerlink'),
    indicator: shows(shown) || typing,
  };
}"""

# What stands for the focused element lies within the viewport.
ON_SCREEN = """() => {
  """ + SHOWN + """
  const box = shown.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
    && box.left < window.innerWidth && box.top < window.innerHeight;
}"""

MAX_TABS = 80


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_reaches_the_content_with_focus_always_visible(
    browser: Any, base_url: str, archive: Archive, width: int
) -> None:
    """From the top of a meeting page, Tab until a link in the content has focus. The first stop
    is the skip link; every stop is on screen (after the drawer slides in) and shows an indicator."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with open_session(browser, width) as session:
        page = session.page
        session.goto(base_url + page_urls(archive)["meeting"])
        stops = []
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            assert focused is not None, f"Tab {len(stops) + 1} left focus on the page body"
            stops.append(focused["describe"])
            assert focused["indicator"], f"no visible focus indicator on {focused['describe']}"
            try:
                page.wait_for_function(ON_SCREEN, timeout=2000)
            except PlaywrightTimeout:
                pytest.fail(f"{width}px: focus is off screen at Tab {len(stops)}: {focused['describe']}")
            if focused["inContent"] and focused["link"]:
                break
        else:
            pytest.fail(f"{width}px: {MAX_TABS} presses of Tab never reached a content link: {stops}")
        assert ".md-skip" in stops[0], f"the first Tab stop is not the skip link: {stops[0]}"
        session.assert_clean()


def test_the_skip_link_moves_focus_past_the_navigation(browser: Any, base_url: str, archive: Archive) -> None:
    with open_session(browser, 1280) as session:
        page = session.page
        session.goto(base_url + page_urls(archive)["meeting"])
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused is not None and focused["inContent"], \
            f"after the skip link, Tab goes to {focused and focused['describe']}, not into the content"
        session.assert_clean()


# Every table box on the page: whether it scrolls sideways, and what archive.js made of it.
TABLE_BOXES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(box => ({
  scrolls: box.scrollWidth > box.clientWidth + 1, tabindex: box.getAttribute('tabindex'),
  role: box.getAttribute('role'), label: box.getAttribute('aria-label')}))"""
REFLOW = 320  # WCAG 1.4.10: content reflows at 320 CSS px; data tables may scroll, reachable by keyboard


def test_tables_that_scroll_sideways_are_named_tab_stops(browser: Any, base_url: str, archive: Archive) -> None:
    problems = []
    with open_session(browser, REFLOW) as session:
        for name, url in page_urls(archive).items():
            session.goto(base_url + url)
            session.page.wait_for_timeout(100)  # archive.js updates the boxes on the next frame
            for box in session.page.evaluate(TABLE_BOXES):
                named = (box["tabindex"], box["role"]) == ("0", "region") and bool(box["label"])
                if box["scrolls"] != named or (not box["scrolls"] and box["tabindex"] is not None):
                    problems.append(f"{name}: {box}")
        session.assert_clean()
    assert problems == [], "table boxes wrongly in or out of the tab order:\n" + "\n".join(problems)


def test_a_table_box_that_becomes_too_narrow_scrolls_with_the_arrow_keys(
    browser: Any, base_url: str, archive: Archive
) -> None:
    """Whatever the records hold: a table box squeezed to 150 px takes focus, has a name and scrolls
    with the arrow keys; given back a desktop's width, where every table fits, it leaves the tab order.
    (Below 600 px tables are stacked rows and never scroll: tests/site/test_phone.py.)"""
    with open_session(browser, max(WIDTHS)) as session:
        page = session.page
        session.goto(base_url + page_urls(archive)["country"])
        box = page.locator(".md-typeset__scrollwrap").first
        box.evaluate("box => { box.style.maxWidth = '150px'; }")
        page.wait_for_function("box => box.getAttribute('tabindex') === '0'", arg=box.element_handle(), timeout=2000)
        assert box.get_attribute("role") == "region" and "scrolls sideways" in (box.get_attribute("aria-label") or "")
        box.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle(), timeout=2000)
        box.evaluate("box => { box.style.maxWidth = ''; box.scrollLeft = 0; }")
        page.wait_for_function("box => !box.hasAttribute('tabindex')", arg=box.element_handle(), timeout=2000)
        session.assert_clean()
