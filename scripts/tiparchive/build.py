"""The whole pipeline in one call: records and guide in, generated pages, data files and search records out."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.indexes import load_archive
from tiparchive.records.problems import display_path
from tiparchive.render.site import render_site
from tiparchive.search.browser import browser_scripts
from tiparchive.search.records import SearchRecords
from tiparchive.siteconfig import SiteConfig, read_site_config

GUIDE = "CONTRIBUTING.md"
# Kept between builds, never published, gitignored: what an unchanged archive need not recompute.
CACHE = Path(".cache")


@dataclass(frozen=True, slots=True)
class Generated:
    pages: dict[str, str]  # docs-relative path -> content
    records: SearchRecords  # what the search index is written from, after the site is built
    echoes: Echoes  # kept by `serve` to show an edited meeting before the next whole build


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while the archive is built.

    Generation allocates millions of small objects that live until the build ends, and the
    collector rescans them all every few thousand allocations: a tenth of generation's time at
    1,000 meetings, for nothing, since records hold no reference cycles that need collecting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def generate(root: Path, config: SiteConfig | None = None, *, may_fork: bool = True) -> Generated:
    """Load, validate, index and render once; raises RecordsInvalid on bad records.

    `config` is what MkDocs resolved from mkdocs.yml; without it, mkdocs.yml is read here.
    `may_fork` is False where another thread runs (`serve`): see `archive.echoes`.
    """
    guide = root / GUIDE
    contributing = guide.read_text(encoding="utf-8") if guide.exists() else ""
    with without_cycle_collection():
        archive = load_archive(root)
        # Computed across meetings once per build; every meeting and theme page reads from it.
        echoes = Echoes(archive, may_fork=may_fork, cache=root / CACHE / "echoes")
        records = SearchRecords(archive)
        pages = render_site(archive, echoes, records.facets, contributing, config or read_site_config(root))
        echoes.store()
        pages.update(browser_scripts())
    return Generated(pages, records, echoes)


def generate_pages(root: Path, config: SiteConfig | None = None) -> dict[str, str]:
    """Docs-relative path -> content for every generated file."""
    return generate(root, config).pages


def edited_in(generated: Generated, root: Path) -> dict[str, str]:
    """Generated page -> the repository file an editor changes to change it: each meeting's record,
    and CONTRIBUTING.md for the guide. Other generated pages have no one file to edit."""
    files = {urls.meeting(m): display_path(m.path, root) for m in generated.records.archive.meetings}
    if urls.CONTRIBUTING in generated.pages:
        files[urls.CONTRIBUTING] = GUIDE
    return files


def address_clashes(written: Iterable[str], generated: Iterable[str]) -> str:
    """Why the hand-written docs/ files and the generated pages cannot be built together; "" if they can.

    Every page has its own address: a generated page never replaces a file in docs/, and two
    files never meet at one address, whichever builder would have kept one of them.
    """
    written = set(written)
    problems = [f"docs/{path} is generated from the records; remove the file from docs/"
                for path in sorted(written.intersection(generated))]
    shown = {path: f"docs/{path}" if path in written else f"the generated {path}" for path in [*written, *generated]}
    problems += [f"{' and '.join(shown[path] for path in paths)} would both be served at /{address}: "
                 "rename or move the file in docs/"
                 for address, paths in sorted(urls.clashes(set(written) | set(generated)).items())]
    return "\n".join(problems)
