"""The MkDocs plugin: adds the generated pages to the build and writes the search index after it.

Kept deliberately thin. Everything it calls also runs without MkDocs (`tiparchive generate`
writes the same pages to a folder and `tiparchive index` writes the search index into any built
site), so the records can be built with ProperDocs, a drop-in MkDocs fork that loads this
plugin as it is, or with Zensical, which loads no MkDocs plugins. The mkdocs-material plugins
(`blog`, `privacy`) are the model: typed options, state on the instance, `on_startup` to know
whether this is `serve`.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.build import address_clashes, edited_in, generate
from tiparchive.records.check import check_one
from tiparchive.records.model import Meeting
from tiparchive.records.problems import RecordsInvalid
from tiparchive.render.meeting import render_meeting
from tiparchive.render.notfound import render_not_found
from tiparchive.search.index import write_index
from tiparchive.search.records import SearchRecords
from tiparchive.siteconfig import make_config


class ArchiveConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    """Options under `plugins: - tiparchive:` in mkdocs.yml."""

    #: The repository folder holding meetings/ and CONTRIBUTING.md, relative to mkdocs.yml.
    root = c.Type(str, default=".")
    #: Write the search index into the built site; off only for builds that never search.
    search_index = c.Type(bool, default=True)


@dataclass
class _Built:
    """What `serve` keeps of its last whole build to show an edited meeting's page at once."""

    root: Path
    meetings: list[Meeting]
    echoes: Echoes
    files: Files
    nav: Navigation | None = None
    env: Environment | None = None


class ArchivePlugin(BasePlugin[ArchiveConfig]):  # type: ignore[no-untyped-call]  # as above
    def __init__(self) -> None:
        super().__init__()
        self.is_serve = False
        # The records of the build in progress, kept from on_files for on_post_build.
        self.records: SearchRecords | None = None
        self.built: _Built | None = None  # only under `serve`

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `serve` runs a server thread: the echoes must not fork beside it (see archive.echoes).
        self.is_serve = command == "serve"

    # First of all plugins: the generated pages must be in the files before any other plugin
    # (or MkDocs's own nav) looks at them, as if they had been written in docs/.
    @event_priority(100)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = (Path(config.config_file_path).parent / self.config.root).resolve()
        try:
            generated = generate(root, make_config(config.site_name, config.site_url), may_fork=not self.is_serve)
        except RecordsInvalid as error:
            raise PluginError("meeting records have problems:\n" + error.report()) from None
        clashing = address_clashes([file.src_uri for file in files], generated.pages)
        if clashing:
            raise PluginError(clashing)
        for path, content in generated.pages.items():
            # Data files as bytes: MkDocs would write text with the platform's line ends, breaking CSV's CRLF.
            files.append(File.generated(config, path, content=content if path.endswith(".md") else content.encode()))
        _point_edit_links(files, config, edited_in(generated, root) if config.repo_url else None)
        self.records = generated.records
        if self.is_serve:
            self.built = _Built(root, list(generated.records.archive.meetings), generated.echoes, files)
        # The archive lives until on_post_build: frozen, the cycle collector stops rescanning its
        # millions of objects while MkDocs renders every page.
        gc.freeze()
        return files

    # Last, once every plugin has read the page's Markdown.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        # A generated page's Markdown is not read again once converted, yet MkDocs keeps it (twice:
        # the file's and the page's) until the build ends, beside every page's HTML: at 10,000
        # meetings that was gigabytes of the build's peak memory. An empty text keeps the title
        # MkDocs took from the rendered page; `serve` sets the text anew for a page it makes again.
        if page.file.generated_by:
            page.markdown = ""
            page.file.content_string = ""
        return html

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.built is not None:
            self.built.nav = nav
        return nav

    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.built is not None:
            self.built.env = env
        # The 404 page's content, from the archive (overrides/404.html shows it).
        if self.records is not None:
            env.globals["tiparchive_not_found"] = render_not_found(
                self.records.archive, make_config(config.site_name, config.site_url))
        return env

    def show_edited(self, record: Path, config: MkDocsConfig, site: Path) -> str | None:
        """Writes the page of an edited meeting record into `site` from the last whole build; its address.

        None when that cannot be done alone: the record has a problem, or it is a meeting the last
        build did not have (a new page changes the lists and the navigation). The page carries the
        echoes of the last build, and lists elsewhere still show the meeting as it was, until the
        whole build that `serve` runs next.
        """
        from mkdocs.commands.build import _build_page, _populate_page

        built = self.built
        if built is None or built.nav is None or built.env is None:
            return None
        meeting = check_one(built.root, record, built.meetings)
        file = built.files.get_file_from_path(urls.meeting(meeting)) if meeting else None
        if meeting is None or file is None or file.page is None:
            return None
        file.content_string = render_meeting(meeting, make_config(config.site_name, config.site_url), built.echoes)
        file.abs_dest_path = str(site / file.dest_uri)  # the served folder, not the last build's staging folder
        _populate_page(file.page, config, built.files)
        _build_page(file.page, config, built.files.documentation_pages(), built.nav, built.env)
        return file.url

    # Last: the index goes into a site whose every page is written, after any plugin that
    # rewrites the site folder has run.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        records, self.records = self.records, None
        if records is not None and self.config.search_index:
            write_index(records, Path(config.site_dir))

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        self.records = None


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
