"""What the 404 page offers, from the archive: a search box, the main sections with what each
holds, and the latest meetings.

The theme serves one 404.html for every missing address at any depth, so relative links would
lead nowhere: every link here starts from the site's root path ('/' or, with site_url set,
its path, as MkDocs makes the navigation of an error page). Built as an element tree, so the
serializer escapes every name from the records.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.labels import date_range
from tiparchive.render import markup
from tiparchive.siteconfig import SiteConfig

LATEST = 8  # meetings listed


def _sections(archive: Archive) -> list[tuple[str, str, str]]:
    """(label, docs path, what it holds) for each main section, in the navigation's order."""
    items = sum(len(m.items) for m in archive.meetings)
    first, last = archive.years
    return [
        ("Meetings", urls.MEETINGS, f"{markup.plural(len(archive.meetings), 'meeting')}, {first} to {last}, by year"),
        ("Recommendations", urls.SEARCH, f"search all {markup.plural(items, 'item')} word for word"),
        ("Timeline", urls.TIMELINE, "every meeting by year and process"),
        ("Themes", urls.THEMES, markup.plural(len(archive.vocabularies.themes), "theme")),
        ("Countries", urls.COUNTRIES, markup.plural(len(archive.countries), "country", "countries")),
        ("Processes", urls.PROCESSES, markup.plural(len(archive.vocabularies.processes), "process", "processes")),
        ("Organisations", urls.ORGANISATIONS, markup.plural(len(archive.organisations), "organisation")),
        ("Open data", urls.OPEN_DATA, "the archive as JSON and CSV, with a codebook"),
    ]


def _link(parent: ET.Element, href: str, label: str) -> ET.Element:
    link = ET.SubElement(parent, "a", href=href)
    link.text = label
    return link


def render_not_found(archive: Archive, config: SiteConfig) -> str:
    """The 404 page's content below its heading, as HTML."""
    root = urlsplit(config.url).path or "/"
    body = ET.Element("div", {"class": "tip-not-found"})
    intro = ET.SubElement(body, "p")
    intro.text = ("There is no page at this address: it may have moved, or the address may be mistyped. "
                  "Every meeting, recommendation and country keeps its address once published; search for it, "
                  "or start from one of the sections below.")
    form = ET.SubElement(body, "form", {"class": "tip-search__box", "action": root + urls.url(urls.SEARCH),
                                        "method": "get", "role": "search", "aria-label": "Search the archive"})
    label = ET.SubElement(form, "label", {"for": "tip-not-found-q"})
    label.text = "Search the recommendations"
    ET.SubElement(form, "input", {"id": "tip-not-found-q", "name": "q", "type": "search", "autocomplete": "off"})
    button = ET.SubElement(form, "button", {"class": "md-button md-button--primary", "type": "submit"})
    button.text = "Search"
    heading = ET.SubElement(body, "h2", id="sections")
    heading.text = "The archive's sections"
    sections = ET.SubElement(body, "ul")
    for name, path, holds in _sections(archive):
        entry = ET.SubElement(sections, "li")
        _link(entry, root + urls.url(path), name).tail = f": {holds}"
    heading = ET.SubElement(body, "h2", id="latest")
    heading.text = "Latest meetings"
    latest = ET.SubElement(body, "ul")
    for meeting in sorted(archive.meetings, key=lambda m: (m.start, m.id), reverse=True)[:LATEST]:
        entry = ET.SubElement(latest, "li")
        place = f"{meeting.venue.city}, {meeting.venue.country.shown}"
        _link(entry, root + urls.url(urls.meeting(meeting)), meeting.name).tail = (
            f", {place}, {date_range(meeting.start, meeting.end)}")
    return ET.tostring(body, encoding="unicode", method="html")
