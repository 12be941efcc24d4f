"""Every check that holds for any valid archive, run on a copy grown by 100 synthetic meetings and
one record written by hand (see grown.py): an editor's valid pull request must pass CI.

The copy is built once. The record and site checks are the suite's own test functions, called with
the grown archive and site instead of the real ones; the ones left out need the hostile copy, their
own parameters or the HTML checker, whose one run over the real site is enough for the templates.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import test_data_feed_cite
import test_pages
import test_permalinks
import test_privacy
import test_search
from browser_helpers import open_search, show_all
from browsing import open_session, serve
from grown import GROWN_BY, HAND_ID, HAND_ITEM, grow
from site_helpers import ROOT, Build, Site, collapse, md_url, run_build

from tiparchive.archive.indexes import Archive, load_archive
from tiparchive.cli import main as tiparchive_main
from tiparchive.search.records import ITEM, SearchRecords


@dataclass
class Grown:
    repo: Path
    site: Site
    archive: Archive
    build: Build


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Grown:
    base = tmp_path_factory.mktemp("grown")
    repo = grow(base / "repo")
    build = run_build(repo, base / "site")
    assert build.code == 0, f"the grown archive did not build:\n{build.stderr}"
    return Grown(repo, Site(base / "site"), load_archive(repo), build)


def _checks() -> list[Callable[..., None]]:
    """The site tests that take only the site and/or the archive: rules computed from the records."""
    found = []
    for module in (test_pages, test_data_feed_cite, test_privacy, test_permalinks):
        for name, function in vars(module).items():
            if not name.startswith("test_") or hasattr(function, "pytestmark"):
                continue
            if set(inspect.signature(function).parameters) <= {"site", "archive"}:
                found.append(function)
    return found


CHECKS = _checks()


def test_the_grown_archive_holds_every_record(grown: Grown) -> None:
    real = {p.stem for p in (ROOT / "meetings").glob("*.yml")}
    ids = {m.id for m in grown.archive.meetings}
    assert len(ids) == len(real) + GROWN_BY + 1 and real | {HAND_ID} <= ids


def test_validate_finds_no_problem(grown: Grown, capsys: pytest.CaptureFixture[str]) -> None:
    assert tiparchive_main(["--root", str(grown.repo), "validate"]) == 0
    assert capsys.readouterr().out.startswith(f"{len(grown.archive.meetings)} records, ")


def test_the_build_is_clean(grown: Grown) -> None:
    assert grown.build.logged == [], "\n".join(grown.build.logged)


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__.removeprefix("test_") for c in CHECKS])
def test_site_check_holds_on_the_grown_archive(grown: Grown, check: Callable[..., None]) -> None:
    given: dict[str, Any] = {"site": grown.site, "archive": grown.archive}
    check(**{name: given[name] for name in inspect.signature(check).parameters})


def test_the_hand_written_record_shows_its_country_by_name(grown: Grown) -> None:
    meeting = next(m for m in grown.archive.meetings if m.id == HAND_ID)
    assert meeting.venue.country.written == "AUT"
    page = grown.site.page(md_url(f"meetings/{HAND_ID}.md")).content.text()
    assert "Vienna, Austria" in collapse(page) and "AUT" not in page


@pytest.fixture(scope="module")
def grown_url(grown: Grown) -> Iterator[str]:
    with serve(grown.site.folder) as url:
        yield url


@pytest.mark.browser
def test_search_finds_the_hand_written_item(browser: Any, grown_url: str, grown: Grown) -> None:
    phrase = "unaccompanied children"
    search = SearchRecords(grown.archive)
    records = {"/" + r.url: r for r in search if r.kind == ITEM}
    wanted = {url for url, r in records.items() if phrase in collapse(r.meta["text"]).lower()}
    assert any(HAND_ID in url and url.endswith(f"#{HAND_ITEM}") for url in wanted), wanted
    with open_session(browser) as opened:
        open_search(opened, grown_url, urlencode({"q": f'"{phrase}"'}))
        shown = set(show_all(opened.page))
        # Every item that writes the phrase, the hand-written one among them; the others are found by
        # its other forms (a theme's "unaccompanied minors", the Glossary's "unaccompanied child"),
        # which the seeds' search tests check word for word.
        assert wanted <= shown, wanted - shown
        stray = [url for url in shown if "unaccompanied" not in test_search._found_by(records[url], search.words)]
        assert stray == [], stray
        opened.assert_clean()
