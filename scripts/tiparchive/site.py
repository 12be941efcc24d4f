"""The whole pipeline in one call: records and guide in, generated pages and search records out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .archive import load_archive
from .renderers import render_site
from .searchrecords import SearchRecords

GUIDE = "CONTRIBUTING.md"


@dataclass(frozen=True, slots=True)
class Generated:
    pages: dict[str, str]  # docs-relative path -> content
    records: SearchRecords  # what the search index is written from, after the site is built


def generate(root: Path) -> Generated:
    """Load, validate, index and render once; raises RecordsInvalid on bad records."""
    guide = root / GUIDE
    contributing = guide.read_text(encoding="utf-8") if guide.exists() else ""
    records = SearchRecords(load_archive(root))
    return Generated(render_site(records.archive, records.facets, contributing), records)


def generate_pages(root: Path) -> dict[str, str]:
    """Docs-relative path -> content for every generated page."""
    return generate(root).pages
