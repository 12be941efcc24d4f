"""The three builders of the same records: MkDocs (the default), ProperDocs and Zensical.

mkdocs-material reaches its end of life on 2027-05-05 and MkDocs 1.6.1 is the last 1.x, so the
archive builds with ProperDocs, a drop-in fork of MkDocs that loads our plugin as it is, and with
Zensical, Material's successor, which reads mkdocs.yml (through zensical.yml) but runs no MkDocs
plugin: for it the pages are generated first, then built, then indexed. docs/maintenance.md
says which to move to and when.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tiparchive import urls
from tiparchive.build import address_clashes, generate_pages
from tiparchive.folders import publish, staged
from tiparchive.records.problems import RecordsInvalid

ZENSICAL_CONFIG = "zensical.yml"
ZENSICAL_DOCS = Path(".zensical") / "docs"  # below the repository: Zensical refuses folders outside it


class BuildFailed(Exception):
    """The builder refused the site; the message says why, in the builder's words."""


def installed(builder: str) -> bool:
    return importlib.util.find_spec(builder) is not None


def default_builder() -> str:
    """MkDocs when it is installed; ProperDocs where only the fork is (the mkdocs package is not needed)."""
    return next((builder for builder in ("mkdocs", "properdocs") if installed(builder)), "mkdocs")


def build(root: Path, site: Path, builder: str) -> None:
    """A strict build of the whole site into `site` (a fresh folder), search index included."""
    if not installed(builder):
        raise BuildFailed(f"{builder} is not installed: `pip install -r requirements.lock` installs every builder")
    if builder == "zensical":
        _build_with_zensical(root, site)
    else:
        _build_with_mkdocs(root, site, builder)


def _build_with_mkdocs(root: Path, site: Path, builder: str) -> None:
    """MkDocs or ProperDocs, in this process: the plugin generates the pages and writes the index."""
    if builder == "properdocs":
        import properdocs.replacement  # noqa: F401  # from here on, mkdocs.* imports load ProperDocs's modules
    from mkdocs.commands.build import build as run_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    # The builder reports broken records and links through logging; without a handler of our own,
    # its strict-mode counter would be the only handler and the contributor would see no reason.
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    loggers = [logging.getLogger(name) for name in ("mkdocs", "properdocs")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        run_build(load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True))
    except (MkDocsException, SystemExit) as error:
        raise BuildFailed(str(error)) from None
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def generate_for_zensical(root: Path) -> int:
    """Writes docs/ and every generated page into .zensical/docs, links as Zensical resolves them."""
    return generate_docs(root, root / ZENSICAL_DOCS, "zensical")


def generate_docs(root: Path, out: Path, builder: str = "mkdocs") -> int:
    """docs/ and every page generated for `builder`, written into `out` and swapped in whole.

    Raises RecordsInvalid for bad records and BuildFailed when a docs/ file and a generated page
    would share an address; returns how many pages were generated.
    """
    with urls.built_by(builder):
        pages = generate_pages(root)
    written = [path.relative_to(root / "docs").as_posix() for path in (root / "docs").rglob("*") if path.is_file()]
    clashing = address_clashes(written, pages)
    if clashing:
        raise BuildFailed(clashing)
    with staged(out) as staging:
        shutil.copytree(root / "docs", staging, dirs_exist_ok=True)
        for path, content in pages.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="")  # CSV keeps its CRLF on every platform
        publish(staging, out)
    return len(pages)


def _zensical(root: Path, command: str, *extra: str, site: Path | None = None) -> subprocess.Popen[bytes]:
    executable = Path(sys.executable).with_name("zensical")
    # Relative to the repository: Zensical 0.0.73 panics on an absolute docs_dir ("invariant: Id(...)").
    environment = {**os.environ, "TIPARCHIVE_DOCS_DIR": ZENSICAL_DOCS.as_posix()}
    if site is not None:
        environment["TIPARCHIVE_SITE_DIR"] = str(site)
    return subprocess.Popen([str(executable), command, "-f", str(root / ZENSICAL_CONFIG), *extra],
                            cwd=root, env=environment)


def _build_with_zensical(root: Path, site: Path) -> None:
    from tiparchive.archive.indexes import load_archive
    from tiparchive.search.index import write_index
    from tiparchive.search.records import SearchRecords

    if not site.resolve().is_relative_to(root.resolve()):
        raise BuildFailed(f"Zensical builds only inside the repository; {site} is outside {root}")
    generate_for_zensical(root)
    if _zensical(root, "build", "--strict", site=site).wait() != 0:
        raise BuildFailed("zensical build failed: its messages are above")
    write_index(SearchRecords(load_archive(root)), site)


def serve_with_zensical(root: Path, dev_addr: str, report: Callable[[str], None]) -> int:
    """`zensical serve`, with the pages regenerated whenever a record, the guide or docs/ changes."""
    watched = [root / "meetings", root / "docs", root / "CONTRIBUTING.md"]

    def stamp() -> tuple[float, ...]:
        found = [path for folder in watched for path in ([folder] if folder.is_file() else folder.rglob("*"))]
        return tuple(sorted(path.stat().st_mtime for path in found if path.is_file()))

    generate_for_zensical(root)
    # Stopped with SIGTERM (a supervisor, a test), the loop must still reach `finally` and stop
    # Zensical's server, or it would keep serving on its own.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = _zensical(root, "serve", "-a", dev_addr)
    report(f"serving the Zensical build on http://{dev_addr}/ (Ctrl+C to stop)")
    seen = stamp()
    try:
        while server.poll() is None:
            time.sleep(1)
            now = stamp()
            if now == seen:
                continue
            seen = now
            try:
                count = generate_for_zensical(root)
            except RecordsInvalid as error:
                report(error.report() + "\nthe site keeps its last good pages until this is fixed")
                continue
            report(f"regenerated {count} pages; Zensical rebuilds them")
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0
