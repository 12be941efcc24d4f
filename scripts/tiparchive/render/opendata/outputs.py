"""Open data: the archive's content as JSON and CSV files with JSON Schemas, and the page documenting them."""

from __future__ import annotations

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.render.opendata.files import render_data
from tiparchive.render.opendata.page import render_open_data
from tiparchive.siteconfig import SiteConfig


def render_open_data_files(archive: Archive, config: SiteConfig) -> dict[str, str]:
    """The data files below data/ and the Open data page that documents them."""
    files = render_data(archive, config)
    files[urls.OPEN_DATA] = render_open_data(archive, config, files)
    return files


__all__ = ["render_open_data_files"]
