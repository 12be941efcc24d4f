"""One page of every type the site has: the single list that the browser checks (accessibility,
privacy, screenshots) and the page-weight benchmark walk. A new kind of page is covered by all
of them once it is named here.

Where a type has many pages, the largest is taken (the meeting with most items, the theme with
most items, ...): it is the one most likely to be too heavy, too wide or too slow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized

from tiparchive import urls
from tiparchive.archive.indexes import Archive


def _largest(pages: Mapping[str, Sized]) -> str:
    """The key with the longest list; ties go to the first key in sorted order, so runs agree."""
    return min(pages, key=lambda key: (-len(pages[key]), key))


def page_types(archive: Archive) -> dict[str, str]:
    """Page type -> URL relative to the site root ('' is the home page; a query may follow, as a
    search page would need), in reading order."""
    if not archive.meetings:
        raise ValueError("the archive has no meetings, so it has no meeting, country or theme pages")
    meeting = max(archive.meetings, key=lambda m: (len(m.items), m.id))
    return {
        "home": urls.url(urls.HOME),
        "meetings": urls.url(urls.MEETINGS),
        "year": urls.url(urls.year(meeting.year)),
        "meeting": urls.url(urls.meeting(meeting)),
        # A keyword, a filter, page links and more than one page of results: all the page can show.
        "search": urls.url(urls.SEARCH) + "?q=trafficking&kind=recommendation",
        "timeline": urls.url(urls.TIMELINE),
        "themes": urls.url(urls.THEMES),
        "theme": urls.url(urls.theme(archive.theme(_largest(archive.by_theme)))),
        "countries": urls.url(urls.COUNTRIES),
        "country": urls.url(urls.country(archive.countries[_largest(archive.by_country)])),
        "processes": urls.url(urls.PROCESSES),
        "process": urls.url(urls.process(archive.vocabularies.processes[_largest(archive.by_process)])),
        "organisations": urls.url(urls.ORGANISATIONS),
        "organisation": urls.url(urls.organisation(archive.organisations[_largest(archive.by_organisation)])),
        "open-data": urls.url(urls.OPEN_DATA),
        "about": "about/",
        "contributing": urls.url(urls.CONTRIBUTING),
        "vocabularies": urls.url(urls.VOCABULARIES),
        "not-found": "404.html",
    }
