"""feed.xml: an Atom 1.0 feed of the meetings, newest first.

Records carry no "added on" date, and a build does not read the repository's history (a
shallow clone or a tarball has none, and the output must not depend on it), so an entry's
`updated` is the meeting's last day. Ids are `urn:uuid:` names derived from the meeting id,
so they survive a move of the site to another address; links are relative to the feed
unless the site's address is configured. ElementTree writes every text and attribute
escaped.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date

from tiparchive import urls
from tiparchive.archive.indexes import Archive
from tiparchive.records.model import Meeting
from tiparchive.siteconfig import SiteConfig

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 100  # entries; older meetings are in data/meetings.json
# Fixed forever: entry ids are derived from it, and a changed id shows every entry as new.
_NAMESPACE = uuid.UUID("5d0c1f3e-8a52-4b8e-9a55-0b6f1d7f2c41")


def entry_id(meeting: Meeting) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'meeting:' + meeting.id)}"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str = "", **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text:
        element.text = text
    return element


def render_feed(archive: Archive, config: SiteConfig) -> str:
    meetings = sorted(archive.meetings, key=lambda m: (m.end, m.start, m.id), reverse=True)[:FEED_LIMIT]
    # Plain tag names under a literal xmlns: ElementTree's namespace handling would prefix every tag.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en"})
    _add(feed, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed')}")
    _add(feed, "title", f"{config.name}: meetings")
    _add(feed, "subtitle", "Intergovernmental anti-trafficking meetings, newest first, as they are added to "
                           "the archive. Dated by the meeting's last day.")
    _add(feed, "updated", _timestamp(meetings[0].end) if meetings else "1970-01-01T00:00:00Z")
    _add(feed, "link", rel="self", type="application/atom+xml", href=config.absolute(urls.FEED))
    _add(feed, "link", rel="alternate", type="text/html", href=config.absolute(urls.url(urls.MEETINGS)))
    author = _add(feed, "author")
    _add(author, "name", config.name)
    for meeting in meetings:
        entry = _add(feed, "entry")
        _add(entry, "id", entry_id(meeting))
        _add(entry, "title", meeting.title, type="text")
        _add(entry, "updated", _timestamp(meeting.end))
        _add(entry, "link", rel="alternate", type="text/html", href=config.absolute(urls.url(urls.meeting(meeting))))
        for process in meeting.processes:
            _add(entry, "category", term=process.id, label=process.name)
        _add(entry, "summary", meeting.summary, type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
