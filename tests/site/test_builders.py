"""The same records built by the three builders: MkDocs (the site fixture), ProperDocs and Zensical.

mkdocs-material ends its life on 2027-05-05 and MkDocs 1.x is frozen; these tests keep the way
off them open. ProperDocs must build the very same site, byte for byte but the generator tag.
Zensical renders with its own templates, so it is held to what matters across builders: the
same pages, every internal link resolving, and the search index written. Each build runs in its
own process, as a contributor runs it: ProperDocs, once imported, answers every `mkdocs.*`
import of the process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import REPO_URL, ROOT, Site

from tiparchive.search.index import FOLDER

TIPARCHIVE = Path(sys.executable).with_name("tiparchive")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _build(builder: str, site: Path) -> subprocess.CompletedProcess[str]:
    command = [TIPARCHIVE, "--root", ROOT, "build", "--builder", builder, "--site-dir", site]
    # The repository address the site fixture is built with (as the workflows set it), for the edit links.
    environment = {**os.environ, "TIPARCHIVE_REPO_URL": REPO_URL}
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=600,
                          env=environment)


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("properdocs") / "site"
    run = _build("properdocs", folder)
    assert run.returncode == 0, run.stderr
    assert "with properdocs" in run.stdout
    return folder


@pytest.fixture(scope="module")
def zensical_site() -> Iterator[Site]:
    # Zensical builds only inside the repository: a folder of its own there, removed afterwards.
    folder = ROOT / ".zensical" / "test-site"
    run = _build("zensical", folder)
    try:
        assert run.returncode == 0, run.stdout + run.stderr
        yield Site(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _files(folder: Path) -> dict[str, Path]:
    return {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}


def test_properdocs_builds_the_same_site_byte_for_byte_but_the_generator_tag(properdocs_site: Path,
                                                                             site: Site) -> None:
    ours, theirs = _files(site.folder), _files(properdocs_site)
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours
                 if GENERATOR.sub(b"", ours[name].read_bytes()) != GENERATOR.sub(b"", theirs[name].read_bytes())]
    assert differing == []
    assert b"ProperDocs" in (properdocs_site / "index.html").read_bytes()


def test_zensical_builds_every_page_the_mkdocs_site_has(zensical_site: Site, site: Site) -> None:
    assert zensical_site.html_files() == site.html_files()


def test_every_internal_link_resolves_in_the_zensical_site(zensical_site: Site) -> None:
    broken = [f"{page.file}: {a.attrs['href']}" for page in zensical_site.pages() if page.file != "404.html"
              for a, target in page.links() if not zensical_site.has(target.url)]
    assert broken == []


def test_the_zensical_site_has_the_search_index_of_the_records(zensical_site: Site, site: Site) -> None:
    assert _files(zensical_site.folder / FOLDER).keys() == _files(site.folder / FOLDER).keys()
    manifest = "items/manifest.js"
    assert (zensical_site.folder / FOLDER / manifest).read_bytes() == (site.folder / FOLDER / manifest).read_bytes()


def test_the_zensical_site_has_no_edit_link_that_leads_nowhere(zensical_site: Site) -> None:
    """Zensical would point generated pages at Markdown files the repository does not have; without
    the plugin that points them at the records, zensical.yml turns the edit action off."""
    assert [page.file for page in zensical_site.pages() if 'rel="edit"' in page.source] == []
