#!/usr/bin/env python3
"""Prints, for each meeting page, the screen on which its first outcome starts, in Debian's chromium.

    .venv/bin/python scripts/bench_reading.py [--site-dir DIR]

Without --site-dir the site is built into a temporary folder first. Each meeting page is opened
at its top, at 1280x800 (a laptop) and 390x844 (a phone), and the top edge of its first item's
element (the element carrying the item's id, its permanent anchor) is divided by the viewport's
height: screen 1 means the first outcome is visible without scrolling, screen 3.2 means a reader
scrolls through more than two screens of other matter first. Issue 17 asks for the first item on
the first screen at 1280 px; the figures are printed, and the exit code is 1 when one is not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench_weight import CHROMIUM, CHROMIUM_ARGS, _serve, _Tally
from bench_weight import _build as build  # the same quiet build and static host; this script sits beside it
from tiparchive import urls
from tiparchive.archive.indexes import load_archive

ROOT = Path(__file__).resolve().parent.parent
VIEWPORTS = ((1280, 800), (390, 844))
TARGET_WIDTH = 1280  # the first item must start on the first screen at this width

# The first item's top edge in the document, measured from the page's top, and the viewport height.
_MEASURE = """(id) => {
  const element = document.getElementById(id);
  return element ? [element.getBoundingClientRect().top + window.scrollY, window.innerHeight] : null;
}"""


def measure(site: Path) -> dict[str, dict[int, float]]:
    """Meeting id -> viewport width -> the screen the first item starts on (1.0 = the top)."""
    from playwright.sync_api import sync_playwright

    archive = load_archive(ROOT)
    results: dict[str, dict[int, float]] = {}
    with _serve(site, _Tally()) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for width, height in VIEWPORTS:
                context = browser.new_context(viewport={"width": width, "height": height},
                                              service_workers="block")
                page = context.new_page()
                for meeting in archive.meetings:
                    if not meeting.items:
                        continue
                    page.goto(base + urls.url(urls.meeting(meeting)), wait_until="networkidle")
                    found = page.evaluate(_MEASURE, meeting.items[0].id)
                    if found is None:
                        sys.exit(f"bench_reading.py: no element #{meeting.items[0].id} on {urls.meeting(meeting)}")
                    top, viewport = found
                    results.setdefault(meeting.id, {})[width] = top / viewport + 1
                context.close()
        finally:
            browser.close()
    return results


def report(results: dict[str, dict[int, float]]) -> bool:
    """Prints the table; True when every first item starts on the first screen at TARGET_WIDTH."""
    widths = [f"{w}x{h}" for w, h in VIEWPORTS]
    print(f"{'meeting':<58} " + " ".join(f"{w:>9}" for w in widths))
    met = True
    for meeting, screens in results.items():
        print(f"{meeting:<58} " + " ".join(f"{screens[w]:>9.2f}" for w, _ in VIEWPORTS))
        met = met and screens[TARGET_WIDTH] < 2
    print("(the screen on which the first item starts: 1.00 is the top of the first screen, 2.00 the top "
          "of the second)")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="a built site; without it the site is built first")
    args = parser.parse_args()
    if args.site_dir:
        met = report(measure(args.site_dir))
    else:
        with tempfile.TemporaryDirectory() as folder:
            site = Path(folder) / "site"
            build(site)
            met = report(measure(site))
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
