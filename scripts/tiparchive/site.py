"""The whole pipeline in one call: records and guide in, generated pages and data files out."""

from __future__ import annotations

from pathlib import Path

from .archive import load_archive
from .renderers import render_site
from .siteconfig import SiteConfig, read_site_config

GUIDE = "CONTRIBUTING.md"


def generate_pages(root: Path, config: SiteConfig | None = None) -> dict[str, str]:
    """Docs-relative path -> content for every generated file; raises RecordsInvalid on bad records.

    `config` is what MkDocs resolved from mkdocs.yml; without it, mkdocs.yml is read here.
    """
    guide = root / GUIDE
    contributing = guide.read_text(encoding="utf-8") if guide.exists() else ""
    return render_site(load_archive(root), contributing, config or read_site_config(root))
