"""The MkDocs glue: adds the generated pages to the build, and nothing else.

Kept deliberately thin. Everything it calls also runs without MkDocs (`tiparchive generate`
writes the same pages to a folder), so the records can be built with ProperDocs or
Zensical, which ignores `hooks:`, without touching the data or the renderers.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from tiparchive.problems import RecordsInvalid
from tiparchive.site import generate_pages
from tiparchive.siteconfig import make_config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    try:
        pages = generate_pages(root, make_config(config.site_name, config.site_url))
    except RecordsInvalid as error:
        raise PluginError("meeting records have problems:\n" + error.report()) from None
    for path, content in pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            raise PluginError(f"docs/{path} is generated from the records; remove the file from docs/")
        # Data files as bytes: MkDocs would write text with the platform's line ends, breaking CSV's CRLF.
        files.append(File.generated(config, path, content=content if path.endswith(".md") else content.encode()))
    return files
