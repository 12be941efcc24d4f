"""One page of every type the site has: the single list that the browser checks (accessibility,
privacy, screenshots) and the page-weight benchmark walk. A new kind of page is covered by all
of them once it is named here.

Where a type has many pages, the largest is taken (the meeting with most items, the theme with
most items, ...): it is the one most likely to be too heavy, too wide or too slow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized

from tiparchive import urls as paths
from tiparchive.archive.indexes import Archive

# The URL of a generated page relative to the site root: 'meetings/x.md' -> 'meetings/x/'.
url = paths.url


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
        "home": url(paths.HOME),
        "meetings": url(paths.MEETINGS),
        "year": url(paths.year(meeting.year)),
        "meeting": url(paths.meeting(meeting)),
        # A keyword, a filter, page links and more than one page of results: all the page can show.
        "search": url(paths.SEARCH) + "?q=trafficking&kind=recommendation",
        "timeline": url(paths.TIMELINE),
        "themes": url(paths.THEMES),
        "theme": url(paths.theme(archive.theme(_largest(archive.by_theme)))),
        "countries": url(paths.COUNTRIES),
        "country": url(paths.country(archive.countries[_largest(archive.by_country)])),
        "processes": url(paths.PROCESSES),
        "process": url(paths.process(archive.vocabularies.processes[_largest(archive.by_process)])),
        "organisations": url(paths.ORGANISATIONS),
        "organisation": url(paths.organisation(archive.organisations[_largest(archive.by_organisation)])),
        "open-data": url(paths.OPEN_DATA),
        "about": "about/",
        "contributing": url(paths.CONTRIBUTING),
        "vocabularies": url(paths.VOCABULARIES),
        "not-found": "404.html",
    }
