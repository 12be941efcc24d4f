"""Session fixtures for the site tests: the real site built once, and a hostile copy built once.

Every build goes through `tiparchive build` (strict, atomic) exactly as a contributor runs it,
into pytest's temporary folders; the repository's own site/ is never touched. The local servers
for the browser tests are started once too, on first use; the browser once per module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import chromium_problem, launch, serve
from site_helpers import (
    HOSTILE,
    HOSTILE_ID,
    HOSTILE_ITEM,
    HOSTILE_ROLE,
    HOSTILE_TEXT,
    HOSTILE_URL,
    REPO_URL,
    ROOT,
    Build,
    Hostile,
    Site,
    copy_repo,
    minimal_record,
    run_build,
    write_record,
)

from tiparchive.archive.indexes import Archive, load_archive
from tiparchive.search.records import ITEM, SearchRecord, SearchRecords


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def archive() -> Archive:
    return load_archive(ROOT)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    folder = tmp_path_factory.mktemp("built") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TIPARCHIVE_REPO_URL", REPO_URL)  # as the workflows set it: the edit links are checked
        build = run_build(ROOT, folder)
    assert build.code == 0, f"tiparchive build failed:\n{build.stderr}\n{build.logged}"
    return folder, build


@pytest.fixture(scope="session")
def repo_url() -> str:
    return REPO_URL


@pytest.fixture(scope="session")
def site(site_build: tuple[Path, Build]) -> Site:
    return Site(site_build[0])


@pytest.fixture(scope="session")
def search_records(archive: Archive) -> SearchRecords:
    return SearchRecords(archive)


@pytest.fixture(scope="session")
def item_records(search_records: SearchRecords) -> list[SearchRecord]:
    """One record per item, in archive order: what the search's counts are checked against."""
    records = [record for record in search_records if record.kind == ITEM]
    assert records, "the archive has no items to search"
    return records


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """The site built from a copy of the repository plus one record full of hostile strings."""
    base = tmp_path_factory.mktemp("hostile")
    repo = copy_repo(base / "repo")
    record = minimal_record(
        HOSTILE_ID, "2019-06-03",
        title=f"Hostile {HOSTILE_TEXT}",
        summary=f"Summary {HOSTILE_TEXT}",
        participation_note=f"Note {HOSTILE_TEXT}",
        # The numbers in the words must add up to the count: the hostile text's own (alert(1), ...).
        participation={"states": sum(int(n) for n in re.findall(r"\b\d+\b", HOSTILE_TEXT)),
                       "described_as": f"Group {HOSTILE_TEXT}"},
        venue={"city": "Vienna", "country": "Austria", "detail": f"Room {HOSTILE_TEXT}"},
        people=[{"name": f"Person {HOSTILE_TEXT}", "position": f"Position {HOSTILE_TEXT}",
                 "role": "presenter", "country": "Austria"}],
        sources=[{"id": "report", "kind": "report", "title": f"Report {HOSTILE_TEXT}",
                  "publisher": f"Publisher {HOSTILE_TEXT}", "url": HOSTILE_URL, "retrieved": "2024-03-01",
                  "coverage": "excerpt", "missing": f"Missing {HOSTILE_TEXT}", "file": f"sources/{HOSTILE_ID}.txt"}],
        items=[{"id": HOSTILE_ITEM, "kind": "finding", "section": f"Section {HOSTILE_TEXT}",
                "origin": {"kind": "earlier-meeting", "name": f"Forum {HOSTILE_TEXT}", "date": "2018-05"},
                "themes": ["legislation"], "countries": ["Austria"], "organisations": [],
                "text": f"Item {HOSTILE_TEXT}"}],
    )
    write_record(repo, HOSTILE_ID, record, f"A report.\n\nItem {HOSTILE_TEXT}\n\nGroup {HOSTILE_TEXT}\n")
    # Vocabularies are edited by pull request too: what the record uses gets hostile labels and names.
    for name, entry, field, value in (
        ("kinds.yml", "host", "label", HOSTILE_ROLE),
        ("kinds.yml", "finding", "label", f"Finding {HOSTILE_TEXT}"),
        ("kinds.yml", "report", "label", f"Report kind {HOSTILE_TEXT}"),
        ("themes.yml", "legislation", "label", f"Legislation {HOSTILE_TEXT}"),
        ("themes.yml", "legislation", "description", f"Theme description {HOSTILE_TEXT}"),
    ):
        path = repo / "meetings" / "vocabularies" / name
        pattern = rf"(  - id: {re.escape(entry)}\n(?:    .*\n)*?    {field}: ).*\n"
        text, count = re.subn(pattern, lambda m, v=value: m.group(1) + json.dumps(v) + "\n",  # type: ignore[misc]
                              path.read_text(encoding="utf-8"), count=1)
        assert count == 1, f"{name} has no entry {entry!r} with a {field}"
        path.write_text(text, encoding="utf-8")
    folder = base / "site"
    build = run_build(repo, folder)
    assert build.code == 0, f"the hostile record did not build:\n{build.stderr}"
    return Hostile(repo, Site(folder), HOSTILE_ID, HOSTILE_ITEM, HOSTILE, build)


# -- the browser: one chromium for the whole run, each site served once ------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One chromium per test module: Playwright's sync API holds an asyncio loop in this thread
    while it is open, and code run by later tests (writing a search index) starts its own."""
    problem = chromium_problem()
    if problem:
        pytest.fail(problem, pytrace=False)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("playwright is not installed: pip install -e '.[test]'", pytrace=False)
    with launch() as launched:
        yield launched


@pytest.fixture(scope="session")
def base_url(site: Site) -> Iterator[str]:
    with serve(site.folder) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile: Hostile) -> Iterator[str]:
    with serve(hostile.site.folder) as url:
        yield url
