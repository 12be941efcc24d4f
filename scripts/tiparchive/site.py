"""The whole pipeline in one call: records and guide in, generated Markdown pages out."""

from __future__ import annotations

from pathlib import Path

from .archive import load_archive
from .renderers import render_site

GUIDE = "CONTRIBUTING.md"


def generate_pages(root: Path) -> dict[str, str]:
    """Docs-relative path -> Markdown for every generated page; raises RecordsInvalid on bad records."""
    guide = root / GUIDE
    contributing = guide.read_text(encoding="utf-8") if guide.exists() else ""
    return render_site(load_archive(root), contributing)
