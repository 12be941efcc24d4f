"""The MkDocs glue: adds the generated pages to the build and writes the search index after it.

Kept deliberately thin. Everything it calls also runs without MkDocs (`tiparchive generate`
writes the same pages to a folder and `tiparchive index` writes the search index into any built
site), so the records can be built with ProperDocs or Zensical, which ignores `hooks:`.
"""

from __future__ import annotations

import gc
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from tiparchive.build import edited_in, generate
from tiparchive.records.problems import RecordsInvalid
from tiparchive.search.index import write_index
from tiparchive.search.records import SearchRecords
from tiparchive.siteconfig import make_config

# The records of the build in progress, kept from on_files for on_post_build.
_records: dict[str, SearchRecords] = {}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    try:
        generated = generate(root, make_config(config.site_name, config.site_url))
    except RecordsInvalid as error:
        raise PluginError("meeting records have problems:\n" + error.report()) from None
    for path, content in generated.pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            raise PluginError(f"docs/{path} is generated from the records; remove the file from docs/")
        # Data files as bytes: MkDocs would write text with the platform's line ends, breaking CSV's CRLF.
        files.append(File.generated(config, path, content=content if path.endswith(".md") else content.encode()))
    _point_edit_links(files, config, edited_in(generated, root) if config.repo_url else None)
    _records[config.config_file_path] = generated.records
    # The archive lives until on_post_build: frozen, the cycle collector stops rescanning its
    # millions of objects while MkDocs renders every page.
    gc.freeze()
    return files


def _point_edit_links(files: Files, config: MkDocsConfig, generated_from: dict[str, str] | None) -> None:
    """Each page's edit link (repo_url + edit_uri + this) leads to the file it is made from: a page of
    docs/ to itself, a meeting page to its record; other generated pages get none. Without a
    repository (`generated_from` None) no page gets one: MkDocs would warn about every docs/ page."""
    docs = Path(config.docs_dir).relative_to(Path(config.config_file_path).parent).as_posix()
    for file in files:
        if generated_from is None:
            file.edit_uri = None
        else:
            file.edit_uri = generated_from.get(file.src_uri) if file.generated_by else f"{docs}/{file.src_uri}"


def on_post_build(config: MkDocsConfig) -> None:
    gc.unfreeze()
    records = _records.pop(config.config_file_path, None)
    if records is not None:
        write_index(records, Path(config.site_dir))


def on_build_error(error: Exception) -> None:
    gc.unfreeze()
    _records.clear()
