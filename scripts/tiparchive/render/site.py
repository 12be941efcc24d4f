"""Renderers: plain functions from the archive's objects to Markdown pages.

`render_site` is the whole site as a mapping from docs-relative path to content: Markdown
pages, and the data files, feed and citation files beside them. Nothing here knows about
MkDocs; the plugin and the `generate` command both just write this mapping.
"""

from __future__ import annotations

from tiparchive import urls
from tiparchive.archive.echoes import Echoes
from tiparchive.archive.facets import Facets
from tiparchive.archive.indexes import Archive
from tiparchive.render.entities import (
    render_countries_index,
    render_country,
    render_organisation,
    render_organisations_index,
)
from tiparchive.render.feed import render_feed
from tiparchive.render.guide import render_glossary, render_guide, render_vocabularies
from tiparchive.render.instruments import render_instrument, render_instruments_index, render_provision
from tiparchive.render.listings import (
    render_home,
    render_meetings_index,
    render_process,
    render_processes_index,
    render_theme,
    render_themes_index,
    render_year,
)
from tiparchive.render.meeting import render_meeting
from tiparchive.render.opendata.outputs import render_open_data_files
from tiparchive.render.search import render_search
from tiparchive.render.timeline import render_timeline
from tiparchive.siteconfig import SiteConfig


def render_site(archive: Archive, echoes: Echoes, facets: Facets, contributing: str = "",
                config: SiteConfig | None = None) -> dict[str, str]:
    """Every generated file; the guide is included when CONTRIBUTING.md's text is given.

    `facets` is what the Recommendations page offers to filter by, made from the same
    `SearchRecords` as the search index, so the page and the index agree.
    """
    config = config or SiteConfig()
    pages = {
        urls.HOME: render_home(archive),
        urls.MEETINGS: render_meetings_index(archive),
        urls.COUNTRIES: render_countries_index(archive),
        urls.THEMES: render_themes_index(archive),
        urls.INSTRUMENTS: render_instruments_index(archive),
        urls.PROCESSES: render_processes_index(archive),
        urls.ORGANISATIONS: render_organisations_index(archive),
        urls.SEARCH: render_search(archive, facets, config),
        urls.TIMELINE: render_timeline(archive),
    }
    for year in archive.by_year:
        pages[urls.year(year)] = render_year(archive, year)
    for meeting in archive.meetings:
        pages[urls.meeting(meeting)] = render_meeting(meeting, config, echoes)
    for country in archive.countries.values():
        pages[urls.country(country)] = render_country(archive, country)
    for organisation in archive.organisations.values():
        pages[urls.organisation(organisation)] = render_organisation(archive, organisation)
    for theme in archive.vocabularies.themes.values():
        pages[urls.theme(theme)] = render_theme(archive, theme, echoes)
    for instrument in archive.vocabularies.instruments.all:
        pages[urls.instrument(instrument)] = render_instrument(archive, instrument)
        for provision in instrument.provisions:
            pages[urls.provision(instrument, provision)] = render_provision(archive, instrument, provision)
    for process in archive.vocabularies.processes.values():
        pages[urls.process(process)] = render_process(archive, process)
    pages[urls.VOCABULARIES] = render_vocabularies(archive.vocabularies)
    pages[urls.GLOSSARY] = render_glossary(archive.vocabularies.glossary)
    if contributing:
        pages[urls.CONTRIBUTING] = render_guide(contributing)
    pages.update(render_open_data_files(archive, config))
    pages[urls.FEED] = render_feed(archive, config)
    return pages

